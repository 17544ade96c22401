"""干部名册 search: 年代, birth-month and age ranges at a date (boundaries), 所在单位 with
含下级, unit names and pinyin in the text box, in the pool or not, 学历 either kind,
sortable columns, units by path, and the filtered .xlsx export (audited)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pool.models import AuditEntry
from tests.factories import CadreFactory, PoolMembershipFactory, UnitFactory

URL = "pool:cadre_list"


def names(client, **params) -> list[str]:
    response = client.get(reverse(URL), params)
    assert response.status_code == 200
    return [c.name for c in response.context["page"]]


@pytest.mark.parametrize(
    ("generation", "born", "kept"),
    [
        ("90", dt.date(1989, 12, 1), False),
        ("90", dt.date(1990, 1, 1), True),
        ("90", dt.date(1999, 12, 1), True),
        ("90", dt.date(2000, 1, 1), False),
        ("85", dt.date(1984, 12, 1), False),
        ("85", dt.date(1985, 1, 1), True),
        ("85", dt.date(1990, 1, 1), False),
        ("95", dt.date(1995, 1, 1), True),
        ("80", dt.date(1979, 12, 1), False),
    ],
)
def test_generation_boundaries(units, staff, as_user, generation, born, kept):
    CadreFactory(name="甲", unit=units["qingshi"], birth_month=born)
    assert names(as_user(staff), generation=generation) == (["甲"] if kept else [])


@pytest.mark.parametrize(
    ("params", "kept"),
    [
        # Born 1996.06: 30 from June 2026 on (出生年月 counts whole months).
        ({"age_min": 30, "age_on": "2026-06-30"}, True),
        ({"age_min": 30, "age_on": "2026-05-31"}, False),
        ({"age_max": 29, "age_on": "2026-05-31"}, True),
        ({"age_max": 29, "age_on": "2026-06-01"}, False),
        ({"born_after": "1996-06-01"}, True),
        ({"born_after": "1996-07-01"}, False),
        ({"born_before": "1996-06-01"}, True),
        ({"born_before": "1996-05-01"}, False),
    ],
)
def test_age_at_a_date_and_birth_month_range_boundaries(units, staff, as_user, params, kept):
    CadreFactory(name="乙", unit=units["qingshi"], birth_month=dt.date(1996, 6, 1))
    assert names(as_user(staff), **params) == (["乙"] if kept else [])


@pytest.fixture
def office(units):
    return UnitFactory(name="办公室", parent=units["qingshi"], kind="internal_body")


def test_a_unit_with_or_without_the_units_below(units, staff, office, as_user):
    CadreFactory(name="镇干部", unit=units["qingshi"])
    CadreFactory(name="办公室干部", unit=office)
    CadreFactory(name="外镇干部", unit=units["beishan"])
    client = as_user(staff)
    assert names(client, unit=units["qingshi"].pk) == ["镇干部"]
    assert sorted(names(client, unit=units["qingshi"].pk, sub="true")) == ["办公室干部", "镇干部"]


def test_the_text_box_finds_people_by_unit_name_and_pinyin(units, staff, office, as_user):
    CadreFactory(name="王晓明", unit=office, current_position="科员")
    CadreFactory(name="李四", unit=units["beishan"], current_position="副镇长")
    client = as_user(staff)
    assert names(client, q="青石镇") == ["王晓明"]  # the unit above the person's
    assert names(client, q="wxm") == ["王晓明"]
    assert names(client, q="副镇长") == ["李四"]  # 职务 as before


def test_in_the_pool_or_not_and_education_of_either_kind(units, staff, as_user):
    member = CadreFactory(name="库内", unit=units["qingshi"], fulltime_education="大学本科")
    PoolMembershipFactory(cadre=member)
    CadreFactory(
        name="库外", unit=units["qingshi"], fulltime_education="大学专科",
        inservice_education="硕士研究生",
    )  # fmt: skip
    client = as_user(staff)
    assert names(client, in_pool="yes") == ["库内"]
    assert names(client, in_pool="no") == ["库外"]
    assert names(client, education="硕士研究生") == ["库外"]


def test_columns_sort_both_ways(units, staff, as_user):
    for name, born in (("乙", 1990), ("甲", 1995), ("丙", 1985)):
        CadreFactory(name=name, unit=units["qingshi"], birth_month=dt.date(born, 1, 1))
    client = as_user(staff)
    assert names(client, sort="-birth") == ["甲", "乙", "丙"]
    assert names(client, sort="birth") == ["丙", "乙", "甲"]
    assert client.get(reverse(URL), {"sort": "id_cipher"}).status_code == 200  # ignored


def test_units_are_shown_and_offered_by_path(units, staff, office, as_user):
    CadreFactory(name="王晓明", unit=office)
    body = as_user(staff).get(reverse(URL)).content.decode()
    assert "<td>东县/青石镇/办公室</td>" in body
    assert f'<option value="{office.pk}">东县/青石镇/办公室</option>' in body


def test_the_filtered_result_is_exported_with_unit_paths_and_audited(units, staff, office, as_user):
    CadreFactory(name="王晓明", unit=office, birth_month=dt.date(1992, 1, 1))
    CadreFactory(name="李老", unit=office, birth_month=dt.date(1980, 1, 1))
    response = as_user(staff).get(reverse(URL), {"generation": "90", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["王晓明"]
    assert rows[1][5] == "东县/青石镇/办公室"
    entry = AuditEntry.objects.latest("pk")
    assert "共1行" in entry.detail and "generation=90" in entry.detail


def test_a_formula_like_name_is_exported_as_text(units, staff, office, as_user):
    CadreFactory(name="=1+2", unit=office)
    response = as_user(staff).get(reverse(URL), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == "'=1+2"  # defused, never a formula
    assert sheet.cell(row=2, column=1).data_type == "s"


def test_roster_search_queries_do_not_grow_with_rows(
    units, staff, office, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    params = {"q": "青石镇", "generation": "90", "in_pool": "no", "sub": "true",
              "unit": units["east"].pk, "sort": "name"}  # fmt: skip
    CadreFactory(unit=office)
    client.get(reverse(URL), params)
    with django_assert_max_num_queries(20) as few:
        assert len(client.get(reverse(URL), params).context["page"]) == 1
    for i in range(30):
        CadreFactory(unit=UnitFactory(parent=units["qingshi"], name=f"站所{i}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(reverse(URL), params).context["page"]) == 31
