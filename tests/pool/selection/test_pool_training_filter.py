"""The pool page's 培训情况 filter (registered by training through pool.selection.member_filters):
this year's 学时, the political training within 3 years and coverage within 5 years,
met or not, as on the 培训合规 page; on the ranking page too, kept in saved searches,
and with a query count that does not grow with the members."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from pool.models import Cadre, PoolMembership, SavedSearch, Tier
from tests.factories import (
    EnrollmentFactory,
    PoolMembershipFactory,
    TrainingClassFactory,
    make_id_number,
)
from training import selectors as training_selectors
from training.models import Enrollment, EnrollmentResult, TrainingClass, TrainingRules

NOW = dt.datetime(2026, 11, 15, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _class(unit, start, end, hours=40, **kwargs):
    return TrainingClassFactory(unit=unit, start_date=start, end_date=end, hours=hours, **kwargs)


def _enrol(cadre, start, end, political=False, **kwargs):
    course = _class(cadre.unit.parent, start, end, political=political)
    return EnrollmentFactory(cadre=cadre, training_class=course, **kwargs)


D = dt.date


@pytest.fixture
def members(units):
    """Seven 东县 pool members around each rule's boundary, and one 西县 member."""
    people = {
        name: PoolMembershipFactory(cadre__unit=units["qingshi"], cadre__name=name).cadre
        for name in "甲乙丙丁戊己庚"
    }
    this_year = _class(units["east"], D(2026, 3, 2), D(2026, 3, 6))
    political_2024 = _class(units["east"], D(2024, 6, 3), D(2024, 6, 7), political=True)
    EnrollmentFactory(cadre=people["甲"], training_class=this_year, hours=80)
    EnrollmentFactory(cadre=people["甲"], training_class=political_2024)
    EnrollmentFactory(cadre=people["乙"], training_class=this_year, hours=Decimal("79.5"))
    # ended exactly three years ago: still within the cycle; one day earlier: outside
    _enrol(people["乙"], D(2023, 11, 11), D(2023, 11, 15), political=True)
    _enrol(people["丁"], D(2023, 11, 10), D(2023, 11, 14), political=True)
    # this year's 90 学时 of an unfinished online course count for the hours
    _enrol(people["丁"], D(2026, 1, 5), D(2026, 12, 20), hours=90,
           result=EnrollmentResult.IN_TRAINING)  # fmt: skip
    # coverage: a class ended exactly five years ago counts, one day earlier does not
    _enrol(people["戊"], D(2021, 11, 11), D(2021, 11, 15))
    _enrol(people["己"], D(2021, 11, 10), D(2021, 11, 14))
    # a political class of four days is not the one-week training
    _enrol(people["庚"], D(2025, 5, 6), D(2025, 5, 9), political=True)
    west = PoolMembershipFactory(cadre__unit=units["west_edu"], cadre__name="西县人").cadre
    EnrollmentFactory(cadre=west, training_class=this_year, hours=80)
    EnrollmentFactory(cadre=west, training_class=political_2024)
    return people


CASES = [
    ("hours_met", "甲丁"),
    ("hours_short", "乙丙戊己庚"),
    ("political_met", "甲乙"),
    ("political_missing", "丙丁戊己庚"),
    ("covered", "甲乙丁戊庚"),
    ("not_covered", "丙己"),
]


def _names(response) -> set[str]:
    return {m.cadre.name for m in response.context["page"]}


@pytest.mark.parametrize(("value", "expected"), CASES)
def test_the_training_filter_narrows_the_pool(members, staff, as_user, value, expected):
    response = as_user(staff).get("/pool/members/", {"training": value})
    assert _names(response) == set(expected)


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("hours_short", training_selectors.HOURS),
        ("political_missing", training_selectors.POLITICAL),
        ("not_covered", training_selectors.COVERAGE),
    ],
)
def test_the_filter_agrees_with_the_compliance_page(members, staff, as_user, value, rule):
    short, _, _ = training_selectors.compliance(staff, NOW.date(), rule=rule)
    response = as_user(staff).get("/pool/members/", {"training": value})
    assert _names(response) == {row.cadre.name for row in short}


def test_the_choices_name_the_editable_rules_and_follow_them(members, staff, as_user):
    client = as_user(staff)
    html = client.get("/pool/members/").content.decode()
    assert 'name="training"' in html
    assert "本年学时未达80学时" in html and "3年内未参加脱产政治训练" in html
    TrainingRules.objects.filter(pk=1).update(yearly_hours=Decimal(60), political_years=4)
    response = client.get("/pool/members/", {"training": "hours_short"})
    assert "本年学时未达60学时" in response.content.decode()
    assert "乙" not in _names(response)  # 79.5 学时 meet 60
    assert "丁" in _names(client.get("/pool/members/", {"training": "political_met"}))


def test_the_ranking_page_takes_the_training_filter(members, leader, as_user):
    response = as_user(leader).get("/pool/ranking/", {"training": "political_met"})
    assert {r.cadre.name for r in response.context["rows"]} == {"甲", "乙"}


def test_a_saved_search_keeps_the_training_filter(members, staff, as_user):
    client = as_user(staff)
    client.post(
        "/pool/members/searches/", {"name": "缺政治训练", "query": "training=political_missing"}
    )
    search = SavedSearch.objects.get(user=staff)
    response = client.get(f"/pool/members/?{search.query}")
    assert _names(response) == set("丙丁戊己庚")
    assert 'value="political_missing" selected' in response.content.decode()


def test_an_unknown_choice_names_the_field(members, staff, as_user):
    response = as_user(staff).get("/pool/members/", {"training": "bogus"})
    assert "培训情况：" in response.content.decode()


def _bulk_trained_members(unit, count: int, start: int) -> None:
    cadres = []
    for i in range(start, start + count):
        birth = dt.date(1992, 1 + i % 12, 1)
        cadre = Cadre(name=f"库员{i}", gender="男", birth_month=birth, category="公务员", unit=unit)
        cadre.id_number = make_id_number(birth.replace(day=15))
        cadres.append(cadre)
    Cadre.objects.bulk_create(cadres)
    PoolMembership.objects.bulk_create(
        [PoolMembership(cadre=c, tier=Tier.MID, entered_on=dt.date(2026, 1, 1)) for c in cadres]
    )
    course = TrainingClass.objects.get(name="批量班")
    Enrollment.objects.bulk_create(
        [Enrollment(cadre=c, training_class=course, hours=n % 100) for n, c in enumerate(cadres)]
    )


@pytest.mark.parametrize("value", ["hours_short", "political_missing", "not_covered"])
def test_filtering_by_training_keeps_a_constant_number_of_queries(
    units, staff, as_user, value, django_assert_num_queries, django_assert_max_num_queries
):
    _class(units["east"], dt.date(2026, 4, 1), dt.date(2026, 4, 3), name="批量班")
    _bulk_trained_members(units["qingshi"], 10, 0)
    client = as_user(staff)
    client.get("/pool/members/", {"training": value})  # warm the session and the grant
    with django_assert_max_num_queries(24) as ten:
        client.get("/pool/members/", {"training": value})
    _bulk_trained_members(units["beishan"], 290, 10)
    with django_assert_num_queries(len(ten.captured_queries)):
        response = client.get("/pool/members/", {"training": value})
    assert response.context["page"].paginator.count >= 100
