"""超龄: members passing the pool ceiling of their rank within six months are listed,
those past it are proposed for exit; staff confirm in bulk (each exit a PoolEvent) and
the daily task reminds responsible staff once per person and month."""

import datetime as dt

import pytest
import time_machine

from pool.models import ExitReason, Notice, PoolEventKind, PoolStatus, UnitKind, UnitLevel
from pool.people import rules
from pool.selection import age_out
from pool.selection import rules as selection_rules
from tests.factories import InspectionFactory, PoolMembershipFactory, UnitFactory

BORN = dt.date(1990, 9, 1)  # no rank (科级 and below): young while aged 35 or under


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (dt.date(2026, 2, 28), None),  # threshold 6 months and 4 days away
        (dt.date(2026, 3, 1), "soon"),  # exactly 6 months away
        (dt.date(2026, 3, 2), "soon"),
        (dt.date(2026, 8, 31), "soon"),  # the day before the threshold
        (dt.date(2026, 9, 1), "over"),  # the threshold day: 36 from this month on
        (dt.date(2026, 9, 2), "over"),
    ],
)
def test_age_out_state_boundaries(today, state):
    assert selection_rules.age_out_state(BORN, 35, today) == state


def test_no_threshold_means_no_age_out():
    assert selection_rules.age_out_state(BORN, None, dt.date(2040, 1, 1)) is None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2026, 3, 1), 6, dt.date(2026, 9, 1)),
        (dt.date(2026, 12, 15), -12, dt.date(2025, 12, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert rules.add_months(day, months) == expected


@pytest.fixture
def members(units):
    return {
        "over": PoolMembershipFactory(
            cadre__unit=units["qingshi"], cadre__birth_month=dt.date(1990, 3, 1), cadre__name="超甲"
        ),
        "soon": PoolMembershipFactory(
            cadre__unit=units["qingshi"], cadre__birth_month=BORN, cadre__name="将乙"
        ),
        "young": PoolMembershipFactory(
            cadre__unit=units["qingshi"], cadre__birth_month=dt.date(1995, 1, 1), cadre__name="轻丙"
        ),
        # a 副处 (处级): 40 applies, so a 1988 birth is still young.
        "county": PoolMembershipFactory(
            cadre__unit=units["east"],
            cadre__birth_month=dt.date(1988, 1, 1),
            cadre__rank="副处",
            cadre__name="县丁",
        ),
        "west": PoolMembershipFactory(
            cadre__unit=units["west_edu"],
            cadre__birth_month=dt.date(1980, 1, 1),
            cadre__name="西戊",
        ),
    }


TODAY = dt.date(2026, 3, 15)


def test_review_lists_over_and_soon_within_the_jurisdiction(staff, members):
    result = age_out.review(staff, TODAY)
    assert [r.cadre.name for r in result.over] == ["超甲"]
    assert [r.cadre.name for r in result.soon] == ["将乙"]
    assert result.soon[0].passes_on == dt.date(2026, 9, 1)


def test_bulk_confirmation_exits_each_with_a_pool_event(staff, members):
    done, skipped = age_out.confirm(
        staff, [members["over"].pk, members["soon"].pk, members["west"].pk], TODAY
    )
    assert done == 1
    assert any("将乙" in s for s in skipped)
    assert "1条记录不在您的管辖范围内或已出库" in skipped
    over = members["over"]
    over.refresh_from_db()
    assert (over.status, over.exit_reason) == (PoolStatus.EXITED, ExitReason.OVER_AGE)
    event = over.events.get()
    assert event.kind == PoolEventKind.EXIT and "35岁" in event.reason
    members["soon"].refresh_from_db()
    assert members["soon"].is_open


def test_members_under_inspection_are_not_exited(staff, members):
    InspectionFactory(membership=members["over"])
    members["over"].status = PoolStatus.INSPECTION
    members["over"].save()
    done, skipped = age_out.confirm(staff, [members["over"].pk], TODAY)
    assert done == 0 and "考察中" in skipped[0]


def test_notices_go_to_responsible_staff_once_per_person_and_month(staff, units, members):
    age_out.notify(TODAY)
    age_out.notify(TODAY + dt.timedelta(days=1))
    titles = sorted(Notice.objects.filter(recipient=staff).values_list("title", flat=True))
    assert len(titles) == 2
    assert "超甲已超过35岁年轻干部年龄标准，建议超龄出库" in titles
    assert "将乙将于2026年9月超过35岁年轻干部年龄标准" in titles
    age_out.notify(dt.date(2026, 4, 1))  # a new month: reminded again
    assert Notice.objects.filter(recipient=staff).count() == 4


def test_the_page_lists_and_confirms(staff, members, as_user):
    client = as_user(staff)
    with time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        page = client.get("/pool/age-out/").content.decode()
        assert "超甲" in page and "将乙" in page and "轻丙" not in page and "西戊" not in page
        response = client.post("/pool/age-out/confirm/", {"membership": [members["over"].pk]})
    assert response.status_code == 302
    members["over"].refresh_from_db()
    assert members["over"].exit_reason == ExitReason.OVER_AGE


def test_leaders_cannot_confirm(leader, members, as_user):
    response = as_user(leader).post("/pool/age-out/confirm/", {"membership": [members["over"].pk]})
    assert response.status_code == 403
    members["over"].refresh_from_db()
    assert members["over"].is_open


@pytest.mark.parametrize(
    ("rank", "birth", "state"),
    [
        # 2026-03-15: the pool ceiling is the person's rank's, never their unit's
        ("一级科员", dt.date(1995, 3, 1), None),  # 31 in a county 内设机构 (seat: 30)
        ("一级科员", dt.date(1992, 9, 1), None),  # 33
        ("一级科员", dt.date(1990, 3, 1), "over"),  # 36
        ("一级科员", dt.date(1990, 4, 1), "soon"),  # 35, 36 from 2026-04
        ("副处", dt.date(1985, 3, 1), "over"),  # 41
        ("副处", dt.date(1986, 3, 1), None),  # exactly 40: 40岁以下 includes 40
        ("二级调研员", dt.date(1986, 3, 1), None),
    ],
)
def test_age_out_by_rank_in_a_county_internal_body(units, staff, rank, birth, state):
    body = UnitFactory(
        name="办公室", parent=units["east_edu"], level=UnitLevel.COUNTY, kind=UnitKind.INTERNAL_BODY
    )
    PoolMembershipFactory(cadre__unit=body, cadre__birth_month=birth, cadre__rank=rank)
    result = age_out.review(staff, TODAY)
    found = [s for s, rows in (("over", result.over), ("soon", result.soon)) if rows]
    assert found == ([state] if state else [])
