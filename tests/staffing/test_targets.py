"""配备目标 page: each target's current value per layer and region, the ratio, the
deadline and how many are missing; targets edited by staff (audited)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pool.models import AuditAction, AuditEntry, Role, RoleGrant, UnitKind, UnitLevel
from staffing import selectors
from staffing.models import StaffingTarget
from tests.factories import (
    AppointmentFactory,
    CadreFactory,
    LeadershipTeamFactory,
    PostFactory,
    UnitFactory,
)

D = dt.date
REF = D(2026, 6, 30)
YOUNG = D(1991, 6, 1)  # 35 on REF
OLD = D(1970, 1, 1)


def _team(unit, chief_birth, *deputy_births):
    team = LeadershipTeamFactory(unit=unit)
    chief = PostFactory(team=team, title="党委书记", is_chief=True, quota=1)
    AppointmentFactory(post=chief, cadre=CadreFactory(unit=unit, birth_month=chief_birth))
    deputies = PostFactory(team=team, title="副镇长", quota=4)
    for birth in deputy_births:
        AppointmentFactory(post=deputies, cadre=CadreFactory(unit=unit, birth_month=birth))
    return team


def _block(blocks, code):
    return next(b for b in blocks if b.target.code == code)


def _totals(block):
    return [(r.layer, r.total, r.count, r.required, r.missing) for r in block.rows if not r.region]


def test_progress_per_level_at_the_age_boundary(units, staff):
    _team(units["qingshi"], YOUNG, OLD)  # chief exactly 35 on REF: young
    _team(units["beishan"], OLD, OLD, D(1991, 7, 1))  # 34: young deputy
    blocks = selectors.target_progress(staff, REF)
    # 正职: 2, 1 young; 1/8 -> 1 needed, reached
    assert _totals(_block(blocks, "young-chiefs")) == [("township", 2, 1, 1, 0)]
    # 班子成员: 5, 2 young; 1/5 -> 1 needed
    assert _totals(_block(blocks, "young-members")) == [("township", 5, 2, 1, 0)]
    # every township team with someone aged 35 or under: both
    assert _totals(_block(blocks, "township-every-team")) == [("township", 2, 2, 2, 0)]


def test_a_team_without_anyone_young_is_missing_one(units, staff):
    _team(units["qingshi"], YOUNG, OLD)
    _team(units["beishan"], OLD, OLD, D(1991, 5, 1))  # 35 on REF
    assert _totals(_block(selectors.target_progress(staff, REF), "township-every-team")) == [
        ("township", 2, 2, 2, 0)
    ]
    later = selectors.target_progress(staff, D(2027, 6, 30))  # both 36 by then
    assert _totals(_block(later, "township-every-team")) == [("township", 2, 0, 2, 2)]
    assert _totals(_block(later, "young-chiefs")) == [("township", 2, 0, 1, 1)]


def test_regions_are_listed_under_each_level_for_a_city_user(units):
    west_town = UnitFactory(
        name="西河乡", parent=units["west"], level=UnitLevel.TOWNSHIP, kind=UnitKind.TOWNSHIP
    )
    _team(units["qingshi"], YOUNG)
    _team(west_town, OLD)
    city_staff = get_user_model().objects.create_user("city_staff")
    RoleGrant.objects.create(user=city_staff, role=Role.STAFF, unit=units["city"])
    rows = _block(selectors.target_progress(city_staff, REF), "township-every-team").rows
    assert [(r.region.name if r.region else "合计", r.total, r.missing) for r in rows] == [
        ("合计", 2, 1),
        ("东县", 1, 0),
        ("西县", 1, 1),
    ]
    only_west = selectors.target_progress(city_staff, REF, region_id=units["west"].pk)
    assert _totals(_block(only_west, "township-every-team")) == [("township", 1, 0, 1, 1)]


def test_targets_page_for_staff_and_leaders_with_flat_queries(units, staff, leader, as_user):
    url = reverse("staffing:targets")
    _team(units["qingshi"], YOUNG, OLD)
    page = as_user(leader).get(url).content.decode()
    assert "每个乡镇（街道）班子配备35岁以下干部" in page and "2027年12月31日" in page
    assert reverse("staffing:target_edit", args=[StaffingTarget.objects.first().pk]) not in page
    client = as_user(staff)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(15):
        unit = UnitFactory(
            name=f"镇{n}", parent=units["east"], level=UnitLevel.TOWNSHIP, kind=UnitKind.TOWNSHIP
        )
        _team(unit, OLD, YOUNG, OLD)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_staff_edit_a_target_and_it_is_audited(city_staff, as_user):
    target = StaffingTarget.objects.get(code="young-chiefs")
    response = as_user(city_staff).post(
        reverse("staffing:target_edit", args=[target.pk]),
        {"name": target.name, "numerator": 1, "denominator": 6, "deadline": "2028-06-30"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.numerator, target.denominator, target.deadline) == (1, 6, D(2028, 6, 30))
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(target.pk))
    assert entry.before["denominator"] == 8 and entry.after["denominator"] == 6


def test_a_ratio_above_one_is_refused_in_chinese(city_staff, as_user):
    target = StaffingTarget.objects.get(code="young-chiefs")
    response = as_user(city_staff).post(
        reverse("staffing:target_edit", args=[target.pk]),
        {"name": target.name, "numerator": 3, "denominator": 2, "deadline": "2028-06-30"},
    )
    assert response.status_code == 400
    assert "比例分子不能大于比例分母" in response.content.decode()
