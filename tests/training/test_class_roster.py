"""Batch enrolment with ONE confirmation listing everyone it concerns, the young-cadre
mark on each trainee, and the printable and .xlsx 学员名单."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pool.models import AuditEntry
from tests.factories import CadreFactory, EnrollmentFactory, TrainingClassFactory

START = dt.date(2026, 3, 2)
YOUNG = dt.date(1995, 1, 1)
OLDER = dt.date(1980, 1, 1)


@pytest.fixture
def main_class(units):
    return TrainingClassFactory(
        unit=units["east"], is_main_class=True, start_date=START, end_date=dt.date(2026, 3, 6)
    )


def test_eight_older_trainees_below_one_fifth_ask_once_listing_all(
    units, main_class, staff, as_user
):
    EnrollmentFactory(
        training_class=main_class, cadre=CadreFactory(unit=units["qingshi"], birth_month=YOUNG)
    )
    older = [
        CadreFactory(unit=units["qingshi"], birth_month=OLDER, name=f"年长{i}") for i in range(8)
    ]
    client = as_user(staff)
    url = reverse("training:class_enrol", args=[main_class.pk])
    ids = [c.pk for c in older]
    first = client.post(url, {"cadre": ids})
    page = first.content.decode()
    assert first.status_code == 200
    assert page.count('id="share-warning"') == 1
    for person in older:
        assert person.name in page
    assert "本次加入8人（年轻干部0人，其他8人）" in page
    assert "由 1/1（100%）变为 1/9" in page
    assert main_class.enrollments.count() == 1
    second = client.post(url, {"cadre": ids, "confirm": "1"})
    assert second.status_code == 302  # saved: no second question
    assert main_class.enrollments.count() == 9
    assert AuditEntry.objects.filter(detail__contains="新增学员8人").count() == 1


def test_the_class_page_marks_each_trainee_young_or_not(units, main_class, staff, as_user):
    EnrollmentFactory(
        training_class=main_class,
        cadre=CadreFactory(unit=units["qingshi"], birth_month=YOUNG, name="青年甲"),
    )
    EnrollmentFactory(
        training_class=main_class,
        cadre=CadreFactory(unit=units["qingshi"], birth_month=OLDER, name="年长乙"),
    )
    page = as_user(staff).get(reverse("training:class_detail", args=[main_class.pk]))
    rows = page.content.decode().split("<tr>")
    young_row = next(r for r in rows if "青年甲" in r)
    older_row = next(r for r in rows if "年长乙" in r)
    assert "年轻干部</span>" in young_row
    assert "年轻干部</span>" not in older_row


def test_the_roster_prints_and_exports_with_the_young_mark(units, main_class, staff, as_user):
    EnrollmentFactory(
        training_class=main_class,
        cadre=CadreFactory(unit=units["qingshi"], birth_month=YOUNG, name="青年甲"),
    )
    EnrollmentFactory(
        training_class=main_class,
        cadre=CadreFactory(unit=units["beishan"], birth_month=OLDER, name="年长乙"),
    )
    client = as_user(staff)
    url = reverse("training:class_roster", args=[main_class.pk])
    page = client.get(url).content.decode()
    assert "学员2人，其中年轻干部1人" in page
    assert "data-print" in page
    response = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == f"{main_class.name}学员名单"
    header = list(values[1])
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in values[2:]}
    assert rows["青年甲"]["年轻干部"] == "是"
    assert rows["年长乙"]["年轻干部"] == "否"
    assert rows["年长乙"]["所在单位"].endswith("北山镇")
    assert AuditEntry.objects.filter(action="export", detail__contains="学员名单").exists()


def test_the_roster_of_another_county_is_404(units, staff, as_user):
    other = TrainingClassFactory(unit=units["west"])
    url = reverse("training:class_roster", args=[other.pk])
    assert as_user(staff).get(url).status_code == 404


def test_the_roster_reads_a_constant_number_of_queries(
    units, main_class, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    url = reverse("training:class_roster", args=[main_class.pk])
    EnrollmentFactory(training_class=main_class, cadre=CadreFactory(unit=units["qingshi"]))
    with django_assert_max_num_queries(18) as few:
        client.get(url)
    for unit in ("qingshi", "beishan", "east_edu") * 3:
        EnrollmentFactory(training_class=main_class, cadre=CadreFactory(unit=units[unit]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
