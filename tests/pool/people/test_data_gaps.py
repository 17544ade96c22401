"""Data gaps: a 干部类别 (or 学历) that the file left out is stored blank, shown as
未填 and listed on the profile and on the 数据质量 page, scoped to the jurisdiction."""

import datetime as dt

import pytest

from pool.models import Cadre
from pool.people import data_gaps
from pool.selection import stats
from tests.factories import CadreFactory


@pytest.mark.parametrize(
    ("fields", "gaps"),
    [
        ({"category": "公务员", "fulltime_education": "大学本科"}, []),
        ({"category": "", "fulltime_education": "大学本科"}, ["干部类别"]),
        ({"category": "公务员", "fulltime_education": "", "inservice_education": "中专"}, []),
        ({"category": "", "fulltime_education": "", "inservice_education": ""},
         ["干部类别", "学历"]),
    ],
)  # fmt: skip
def test_gaps_of_a_cadre(fields, gaps):
    cadre = Cadre(**{"inservice_education": "", **fields})
    assert data_gaps.gaps_of(cadre) == gaps


@pytest.fixture
def gaps(units):
    return {
        "qingshi": CadreFactory(
            unit=units["qingshi"], name="缺类别", category="", fulltime_education="大学专科"
        ),
        "full": CadreFactory(
            unit=units["qingshi"], name="齐全", category="公务员", fulltime_education="大学本科"
        ),
        "beishan": CadreFactory(
            unit=units["beishan"],
            name="缺学历",
            category="事业",
            fulltime_education="",
            inservice_education="",
        ),
        "west": CadreFactory(unit=units["west_edu"], name="西县缺类别", category=""),
    }


def test_the_page_lists_the_gaps_inside_the_jurisdiction_only(gaps, staff, as_user):
    html = as_user(staff).get("/pool/cadres/gaps/").content.decode()
    assert "缺类别" in html and "缺学历" in html
    assert "齐全" not in html and "西县缺类别" not in html
    assert '干部类别未填 <span class="badge text-bg-secondary">1</span>' in html
    only = as_user(staff).get("/pool/cadres/gaps/?gap=education").content.decode()
    assert "缺学历" in only and "缺类别" not in only


def test_only_staff_see_the_page(gaps, leader, unit_committee, as_user):
    assert as_user(leader).get("/pool/cadres/gaps/").status_code == 403
    assert as_user(unit_committee).get("/pool/cadres/gaps/").status_code == 403


def test_the_page_queries_do_not_grow_with_rows(
    units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    CadreFactory.create_batch(2, unit=units["qingshi"], category="")
    with django_assert_max_num_queries(20) as few:
        assert client.get("/pool/cadres/gaps/").status_code == 200
    CadreFactory.create_batch(20, unit=units["beishan"], category="")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/pool/cadres/gaps/").content.decode()
    assert html.count("干部类别未填</span>") == 22


def test_the_profile_shows_the_category_as_unfilled_and_lists_the_gap(gaps, staff, as_user):
    html = as_user(staff).get(f"/people/{gaps['qingshi'].pk}/").content.decode()
    assert "/ 未填" in html or "未填</td>" in html
    assert "干部信息待补充" in html and "未填：干部类别" in html
    full = as_user(staff).get(f"/people/{gaps['full'].pk}/").content.decode()
    assert "干部信息待补充" not in full


def test_the_source_chart_counts_unfilled_categories_only_when_there_are_any(gaps, staff):
    scope = stats.Scope.for_user(staff)
    rows = {r.label: r.total for r in stats.category_structure(scope, dt.date.today())}
    assert rows["未填"] == 2 - 1  # 西县 is outside 东县
    Cadre.objects.filter(category="").update(category="公务员")
    labels = [r.label for r in stats.category_structure(scope, dt.date.today())]
    assert "未填" not in labels
