"""The pool page's filters (age band, 90后/85后, sex, ethnicity, education, party years,
rank, years in rank, unit subtree, level, sector, tier, source list, 基层经历), saved
searches per user, and the export of the current result (audited)."""

import datetime as dt
from urllib.parse import unquote

import pytest
import time_machine

from pool.models import AuditEntry, CareerEntry, Decision, ListKind, SavedSearch
from tests.factories import PoolMembershipFactory, RecommendationFactory

NOW = dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _m(unit, name, **cadre):
    return PoolMembershipFactory(cadre__unit=unit, cadre__name=name,
                                 **{f"cadre__{k}": v for k, v in cadre.items()})  # fmt: skip


@pytest.fixture
def members(units):
    q, b, e = units["qingshi"], units["beishan"], units["east_edu"]
    people = {
        "甲": _m(q, "甲", birth_month=dt.date(1991, 3, 1), gender="女", ethnicity="苗族",
                 fulltime_education="硕士研究生", party_join_month=dt.date(2014, 3, 1),
                 rank="副科", rank_since=dt.date(2023, 3, 1)),
        "乙": _m(b, "乙", birth_month=dt.date(1986, 4, 1), inservice_education="硕士研究生",
                 fulltime_education="大学本科", party_join_month=dt.date(2014, 4, 1),
                 rank="正科", rank_since=dt.date(2023, 4, 1)),
        "丙": _m(e, "丙", birth_month=dt.date(1996, 1, 1), fulltime_education="大学本科"),
    }  # fmt: skip
    CareerEntry.objects.create(
        cadre=people["甲"].cadre, start_month=dt.date(2020, 1, 1), description="青石镇党政办科员"
    )
    CareerEntry.objects.create(
        cadre=people["乙"].cadre, start_month=dt.date(2025, 1, 1), description="北山镇副镇长"
    )
    rec = RecommendationFactory(cadre=people["丙"].cadre, rec_list__kind=ListKind.SECTOR,
                                rec_list__unit=units["east"], rec_list__sector="教育卫生",
                                decision=Decision.ACCEPTED)  # fmt: skip
    assert rec.cadre_id == people["丙"].cadre_id
    _m(units["west_edu"], "西县人", birth_month=dt.date(1991, 3, 1))
    return people


CASES = [
    ({}, {"甲", "乙", "丙"}),
    ({"age_max": 35}, {"甲", "丙"}),  # 甲 turned 35 this month
    ({"age_min": 35}, {"甲", "乙"}),
    ({"age_min": 35, "age_max": 35}, {"甲"}),
    ({"age_min": 40}, set()),  # 乙 is 39 until next month
    ({"generation": "90"}, {"甲", "丙"}),
    ({"generation": "95"}, {"丙"}),
    ({"generation": "85"}, {"乙"}),
    ({"gender": "女"}, {"甲"}),
    ({"ethnicity": "minority"}, {"甲"}),
    ({"ethnicity": "han"}, {"乙", "丙"}),
    ({"fulltime_education": "大学本科"}, {"乙", "丙"}),
    ({"inservice_education": "硕士研究生"}, {"乙"}),
    ({"party_years": 12}, {"甲"}),  # joined 2014.03: exactly 12 years; 2014.04 not yet
    ({"rank": "正科"}, {"乙"}),
    ({"rank_years": 3}, {"甲"}),  # in rank since 2023.03: exactly 3 years
    ({"unit": "east"}, {"甲", "乙", "丙"}),  # the county and everything under it
    ({"unit": "qingshi"}, {"甲"}),
    ({"level": "township"}, {"甲", "乙"}),
    ({"sector": "教育卫生"}, {"丙"}),
    ({"source": "sector"}, {"丙"}),
    ({"source": "unit"}, set()),
    ({"grassroots": "any"}, {"甲", "乙"}),
    ({"grassroots": "2y"}, {"甲"}),
    ({"grassroots": "none"}, {"丙"}),
    ({"tier": "near"}, set()),
]


@pytest.mark.parametrize(("params", "expected"), CASES)
def test_each_filter_narrows_the_pool(members, units, staff, as_user, params, expected):
    if "unit" in params:
        params = {**params, "unit": units[params["unit"]].pk}
    response = as_user(staff).get("/pool/members/", params)
    assert {m.cadre.name for m in response.context["page"]} == expected


def test_the_export_holds_the_filtered_result_and_is_audited(members, staff, as_user):
    response = as_user(staff).get("/pool/members/", {"generation": "90", "export": "xlsx"})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="export")
    assert "年轻干部库，共2行" in entry.detail and "generation=90" in entry.detail


def test_saved_searches_belong_to_their_user(members, staff, leader, as_user):
    client = as_user(staff)
    response = client.post(
        "/pool/members/searches/", {"name": "90后女干部", "query": "generation=90&gender=女&page=2"}
    )
    search = SavedSearch.objects.get()
    assert (search.user, search.query) == (staff, "generation=90&gender=女")
    assert unquote(response.url).endswith("?generation=90&gender=女")
    assert "90后女干部" in client.get("/pool/members/").content.decode()
    other = as_user(leader)
    assert "90后女干部" not in other.get("/pool/members/").content.decode()
    assert other.post(f"/pool/members/searches/{search.pk}/delete/").status_code == 404
    as_user(staff).post(f"/pool/members/searches/{search.pk}/delete/")
    assert not SavedSearch.objects.exists()


def test_saving_without_a_name_is_refused(members, staff, as_user):
    response = as_user(staff).post(
        "/pool/members/searches/", {"name": " ", "query": "tier=near"}, follow=True
    )
    assert "常用筛选：请填写筛选名称" in " ".join(str(m) for m in response.context["messages"])


def test_filters_keep_a_constant_number_of_queries(
    members, units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    params = {"generation": "90", "grassroots": "any", "source": "sector", "unit": units["east"].pk}
    with django_assert_max_num_queries(20) as few:
        client.get("/pool/members/", params)
    for n in range(20):
        _m(units["qingshi"], f"新{n}", birth_month=dt.date(1992, 1, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/pool/members/", params)


SORT_CASES = [
    ("young", ["丙", "甲", "乙"]),  # born 1996, 1991, 1986
    ("old", ["乙", "甲", "丙"]),
    ("rank_years", ["甲", "乙", "丙"]),  # in rank since 2023.03, 2023.04, unknown last
    ("party_years", ["甲", "乙", "丙"]),  # joined 2014.03, 2014.04, unknown last
]


@pytest.mark.parametrize(("sort", "expected"), SORT_CASES)
def test_the_pool_page_sorts_by_the_chosen_key(members, staff, as_user, sort, expected):
    response = as_user(staff).get("/pool/members/", {"sort": sort})
    assert [m.cadre.name for m in response.context["page"]] == expected


def test_sorting_by_entry_date_puts_the_latest_first_and_keeps_the_filters(members, staff, as_user):
    for name, day in (("甲", dt.date(2025, 1, 1)), ("乙", dt.date(2026, 1, 1))):
        members[name].entered_on = day
        members[name].save()
    members["丙"].entered_on = dt.date(2024, 1, 1)
    members["丙"].save()
    response = as_user(staff).get("/pool/members/", {"sort": "entered"})
    assert [m.cadre.name for m in response.context["page"]] == ["乙", "甲", "丙"]
    response = as_user(staff).get("/pool/members/", {"sort": "entered", "generation": "90"})
    assert [m.cadre.name for m in response.context["page"]] == ["甲", "丙"]


def test_an_unknown_sort_is_refused_by_the_form_and_the_ranking_ignores_sorting(
    members, staff, as_user
):
    response = as_user(staff).get("/pool/members/", {"sort": "salary"})
    assert "sort" in response.context["form"].errors
    ranking = as_user(staff).get("/pool/ranking/", {"sort": "young"})
    assert ranking.status_code == 200
    assert "pool-sort" not in ranking.content.decode()


def test_each_choice_filter_offers_one_empty_choice_named_in_chinese(members, staff, as_user):
    form = as_user(staff).get("/pool/members/").context["form"]
    for name, field in form.fields.items():
        if hasattr(field, "choices"):
            empty = [label for value, label in field.choices if value == ""]
            assert len(empty) == 1 and "-" not in empty[0], (name, empty)
    assert dict(form.fields["status"].choices)[""] == "在库（含考察对象）"
    cadre_form = as_user(staff).get("/pool/cadres/").context["filter"].form
    assert [label for value, label in cadre_form.fields["rank"].choices if value == ""] == ["全部"]
