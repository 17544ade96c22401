"""Issue 16: a person is a young cadre by their own rank (the pool ceilings), never by
the unit they sit in; a seat is judged by its layer. The demo's case: a 33-year-old
一级科员 in a county 内设机构 (whose seats are young only up to 30) can be recommended,
is not 超龄 at 31, counts as young in the 主体班 share and in the dashboard counts, yet
is not young for a seat in that 内设机构."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from pool.models import (
    Cadre,
    PoolAgeCeiling,
    Role,
    RoleGrant,
    Unit,
    UnitKind,
    UnitLevel,
    YoungThreshold,
)
from pool.people import rules, selectors
from pool.selection import age_out, services
from pool.selection.stats import Scope, summary
from tests.factories import (
    CadreFactory,
    EnrollmentFactory,
    PoolMembershipFactory,
    RecommendationFactory,
    RecommendationListFactory,
    TrainingClassFactory,
    UnitFactory,
)
from training import selectors as training_selectors
from training import services as training_services

TODAY = dt.date(2026, 6, 30)


def born(years: int) -> dt.date:
    """``years`` old on TODAY, one more from the next day (2026-07-01)."""
    return dt.date(TODAY.year - years - 1, TODAY.month + 1, 1)


@pytest.fixture
def body(units):
    """A 股室 of 东县教育局: a county 内设机构 (seats young up to 30)."""
    return UnitFactory(
        name="干部股", parent=units["east_edu"], level=UnitLevel.COUNTY, kind=UnitKind.INTERNAL_BODY
    )


def test_default_tables_after_migration(db):
    assert dict(YoungThreshold.objects.values_list("layer", "max_age")) == rules.DEFAULT_SEAT_AGES
    ceilings = selectors.pool_ceilings()
    assert {r: ceilings[r] for r in rules.SENIOR_RANKS} == dict.fromkeys(rules.SENIOR_RANKS, 40)
    assert ceilings["一级科员"] == ceilings["正科"] == ceilings[""] == 35


def test_the_layer_of_a_unit_is_the_same_in_python_and_in_sql(units, body):
    city_dept = UnitFactory(parent=units["city"], level=UnitLevel.CITY)
    city_body = UnitFactory(
        parent=city_dept, level=UnitLevel.CITY, kind=UnitKind.INTERNAL_BODY, name="秘书科"
    )
    township_body = UnitFactory(
        parent=units["qingshi"], level=UnitLevel.TOWNSHIP, kind=UnitKind.INTERNAL_BODY
    )
    sql = dict(Unit.objects.annotate(layer=selectors.layer_expression()).values_list("pk", "layer"))
    python = {u.pk: selectors.layer_of(u) for u in Unit.objects.all()}
    scope = Scope.for_user(_city_staff(units))
    assert sql == python == selectors.layers_of(python) == scope.layers
    assert python[body.pk] == python[township_body.pk] == rules.SeatLayer.COUNTY_BODY
    assert python[city_body.pk] == rules.SeatLayer.CITY_BODY
    assert python[units["east"].pk] == rules.SeatLayer.COUNTY_LEADERSHIP
    assert python[units["city"].pk] is None


def _city_staff(units):
    user = get_user_model().objects.create_user("city_staff")
    RoleGrant.objects.create(user=user, role=Role.STAFF, unit=units["city"])
    return user


@pytest.mark.parametrize(
    ("rank", "years", "young"),
    [
        ("一级科员", 33, True),
        ("一级科员", 35, True),  # exactly 35
        ("一级科员", 36, False),
        ("副处", 40, True),  # exactly 40
        ("副处", 41, False),
        ("三级调研员", 38, True),
        ("", 35, True),  # no rank: the blank row (科级及以下)
    ],
)
def test_a_person_in_a_county_internal_body_is_judged_by_rank(body, rank, years, young):
    cadre = CadreFactory(unit=body, rank=rank, birth_month=born(years))
    assert rules.is_young_person(cadre.birth_month, rank, selectors.pool_ceilings(), TODAY) is young
    assert Cadre.objects.filter(selectors.young_q(TODAY), pk=cadre.pk).exists() is young
    # the seat in that body is young only up to 30, whatever the person's rank
    assert selectors.seat_max_age_of(body) == 30


def test_a_33_year_old_staff_member_in_a_county_body_can_be_recommended(units, body):
    rec_list = RecommendationListFactory(unit=units["east_edu"])
    rec = RecommendationFactory(
        rec_list=rec_list, cadre=CadreFactory(unit=body, rank="一级科员", birth_month=born(33))
    )
    assert services.submission_problems(rec_list, [rec], TODAY) == []
    older = RecommendationFactory(
        rec_list=rec_list,
        cadre=CadreFactory(unit=body, rank="一级科员", birth_month=born(36), name="年长者"),
    )
    assert services.submission_problems(rec_list, [older], TODAY) == [
        "年长者：36岁，超过本职级的年轻干部年龄上限（35岁以下）"
    ]


@pytest.mark.parametrize(("years", "listed"), [(31, False), (33, False), (36, True)])
def test_not_over_age_at_31_in_a_county_body(body, staff, years, listed):
    PoolMembershipFactory(cadre__unit=body, cadre__rank="一级科员", cadre__birth_month=born(years))
    assert bool(age_out.review(staff, TODAY).over) is listed


def test_counts_as_young_in_the_main_class_share_and_the_dashboard(units, body, staff):
    main = TrainingClassFactory(
        unit=units["east"], is_main_class=True, start_date=TODAY, end_date=TODAY
    )
    young = CadreFactory(unit=body, rank="一级科员", birth_month=born(33))
    older = CadreFactory(unit=body, rank="一级科员", birth_month=born(36))
    for cadre in (young, older):
        EnrollmentFactory(training_class=main, cadre=cadre)
    share = training_selectors.young_shares([main.pk])[main.pk]
    assert (share.young, share.total) == (1, 2)
    assert training_services.split_young(main, [young, older]) == (1, 1)
    assert selectors.home_counts(staff, TODAY).young == 1
    assert summary(Scope.for_user(staff), TODAY).young == 1


def test_editing_the_ceiling_changes_who_is_young(body, staff):
    CadreFactory(unit=body, rank="一级科员", birth_month=born(33))
    PoolAgeCeiling.objects.filter(rank="一级科员").update(max_age=32)
    assert selectors.home_counts(staff, TODAY).young == 0
