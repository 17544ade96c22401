"""Hypothesis fuzz of the correction form and its value parser: any typed value,
field name, 简历 line id or file gives a value or a Chinese error naming the field,
never a traceback."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pool.models import Cadre, CareerEntry
from pool.selfservice import rules
from pool.selfservice.forms import CorrectionForm
from pool.selfservice.services import FIELDS

CHINESE = re.compile(r"[\u4e00-\u9fff]")
MONTHISH = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"\A(19|20)\d\d[.年\-/]?\d{1,2}月?\Z"),
    st.sampled_from(["1988.03", "1988年3月", "198803", "2100.13", "0000.00", "", " "]),
)
VALUES = st.one_of(
    st.text(max_size=250), st.sampled_from([v for spec in FIELDS.values() for v in spec.choices])
)
TARGETS = st.one_of(st.sampled_from([*FIELDS, "career", "", "id_number", "unit"]), st.text())
FILES = st.tuples(
    st.sampled_from(["a.pdf", "b.PNG", "c.jpg", "d.jpeg", "e.exe", "f", "g.pdf.exe", ".pdf"]),
    st.one_of(
        st.binary(max_size=64),
        st.sampled_from([b"%PDF-1.4 x", b"\x89PNG\r\n\x1a\nxxxx", b"\xff\xd8\xff\xe0xx"]),
    ),
)


@pytest.mark.parametrize("name", sorted(FIELDS))
@given(raw=st.one_of(VALUES, MONTHISH))
@settings(max_examples=40, deadline=None)
def test_parse_value_gives_a_value_or_a_chinese_error(name, raw):
    spec = FIELDS[name]
    try:
        value = rules.parse_value(spec, raw)
    except rules.BadValue as error:
        assert CHINESE.search(str(error)) and spec.label in str(error)
        return
    if spec.kind == "month":
        assert value is None or (isinstance(value, dt.date) and value.day == 1)
    else:
        assert isinstance(value, str) and len(value) <= spec.max_length
        assert not spec.choices or value in spec.choices or value == ""


@pytest.fixture
def cadre(cadre_self):
    person = cadre_self.grant.cadre
    CareerEntry.objects.create(
        cadre=person, start_month=dt.date(2015, 8, 1), description="青石镇党政办科员"
    )
    return person


@pytest.mark.django_db
@given(
    target=TARGETS,
    line=st.one_of(st.text(max_size=8), st.integers().map(str)),
    value=VALUES,
    start=MONTHISH,
    end=MONTHISH,
    description=st.text(max_size=220),
    reason=st.text(max_size=30),
    upload=FILES,
)
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_correction_form_never_raises(
    cadre, target, line, value, start, end, description, reason, upload
):
    name, content = upload
    data = {
        "target": target,
        "career_entry": line,
        "value": value,
        "start_month": start,
        "end_month": end,
        "description": description,
        "reason": reason,
    }
    files = {"scan": SimpleUploadedFile(name, content)} if name else {}
    form = CorrectionForm(data, files, cadre=Cadre.objects.get(pk=cadre.pk))
    if form.is_valid():
        if form.cleaned_data["target"] == "career":
            entry = form.cleaned_data["entry"]
            assert entry.cadre_id == cadre.pk
            assert form.cleaned_data["career"]["start_month"].day == 1
        else:
            assert form.cleaned_data["target"] in FIELDS
        return
    for field, messages in form.errors.items():
        for message in messages:
            assert CHINESE.search(message), (field, message)
