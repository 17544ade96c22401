"""The 年轻干部库: entry from a recommendation, tier changes, exits and re-entry, all kept
as history rows."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pool.models import (
    AuditAction,
    AuditEntry,
    ExitReason,
    ListKind,
    ListStatus,
    PoolEvent,
    PoolEventKind,
    PoolMembership,
    PoolStatus,
    Tier,
)
from pool.selection import services
from tests.factories import (
    CadreFactory,
    PoolMembershipFactory,
    RecommendationFactory,
    RecommendationListFactory,
    RoundFactory,
)


def _candidate(units, status=ListStatus.SUBMITTED, **extra):
    reason = "推荐理由过于笼统" if status == ListStatus.RETURNED else ""
    rec = RecommendationFactory(
        rec_list__unit=units["qingshi"],
        rec_list__status=status,
        rec_list__return_reason=reason,
        **extra,
    )
    return rec.rec_list.round, rec.cadre, rec


def test_accepting_a_candidate_admits_with_tier_date_and_history(units, staff):
    round_, cadre, rec = _candidate(units)
    membership = services.accept_candidate(staff, round_, cadre, Tier.MID, on=dt.date(2026, 8, 1))
    assert (membership.tier, membership.status, membership.entered_on) == (
        Tier.MID,
        PoolStatus.IN_POOL,
        dt.date(2026, 8, 1),
    )
    [event] = membership.events.all()
    assert (event.kind, event.to_value, event.actor) == (PoolEventKind.ENTRY, Tier.MID, staff)
    assert "青石镇" in event.reason
    rec.refresh_from_db()
    assert rec.decision == "accepted"
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="pool.PoolMembership"
    ).exists()


def test_accepting_marks_every_source_list(units, staff):
    round_, cadre, _ = _candidate(units)
    sector = RecommendationListFactory(
        round=round_,
        kind=ListKind.SECTOR,
        unit=units["east"],
        sector="教育卫生",
        status=ListStatus.UNDER_REVIEW,
    )
    second = RecommendationFactory(rec_list=sector, cadre=cadre)
    services.accept_candidate(staff, round_, cadre, Tier.NEAR)
    second.refresh_from_db()
    assert second.decision == "accepted"


@pytest.mark.parametrize("status", [ListStatus.DRAFT, ListStatus.RETURNED])
def test_someone_on_an_unsubmitted_list_is_not_yet_a_candidate(units, staff, status):
    round_, cadre, _ = _candidate(units, status=status)
    with pytest.raises(ValidationError, match=r"不是.*已报送清单中的推荐人选"):
        services.accept_candidate(staff, round_, cadre, Tier.MID)
    assert not PoolMembership.objects.exists()


def test_nobody_is_admitted_twice(units, staff):
    round_, cadre, _ = _candidate(units, cadre__name="陈一")
    services.accept_candidate(staff, round_, cadre, Tier.MID)
    with pytest.raises(ValidationError, match="陈一已在年轻干部库中"):
        services.accept_candidate(staff, round_, cadre, Tier.NEAR)


def test_the_database_refuses_two_open_stays_for_one_person(units):
    cadre = CadreFactory(unit=units["qingshi"])
    PoolMembershipFactory(cadre=cadre)
    with pytest.raises(IntegrityError), transaction.atomic():
        PoolMembershipFactory(cadre=cadre)


def test_the_database_refuses_an_exit_without_reason(units):
    with pytest.raises(IntegrityError), transaction.atomic():
        PoolMembershipFactory(
            cadre__unit=units["qingshi"], status=PoolStatus.EXITED, exited_on=dt.date(2026, 2, 1)
        )


def test_tier_changes_are_added_never_overwritten(units, staff):
    membership = PoolMembershipFactory(cadre__unit=units["qingshi"], tier=Tier.LONG)
    services.change_tier(staff, membership, Tier.MID, "年度考核优秀", on=dt.date(2026, 3, 1))
    services.change_tier(staff, membership, Tier.NEAR, "完成乡镇主官历练", on=dt.date(2026, 9, 1))
    membership.refresh_from_db()
    assert membership.tier == Tier.NEAR
    rows = list(membership.events.values_list("kind", "from_value", "to_value", "reason"))
    assert rows == [
        (PoolEventKind.TIER_CHANGE, "long", "mid", "年度考核优秀"),
        (PoolEventKind.TIER_CHANGE, "mid", "near", "完成乡镇主官历练"),
    ]
    with pytest.raises(ValidationError, match="梯次已是"):
        services.change_tier(staff, membership, Tier.NEAR)


def test_promotion_marks_the_stay_used(units, staff):
    membership = PoolMembershipFactory(cadre__unit=units["qingshi"])
    services.exit_pool(staff, membership, ExitReason.PROMOTED, "任北山镇副镇长")
    membership.refresh_from_db()
    assert membership.status == PoolStatus.USED
    assert membership.exit_reason == ExitReason.PROMOTED
    assert membership.events.get().kind == PoolEventKind.USED


@pytest.mark.parametrize(
    ("reason", "note", "message"),
    [
        (ExitReason.VETO, "", "一票否决请通过"),
        (ExitReason.OTHER, "", "请填写说明"),
        ("nonsense", "", "请选择出库原因"),
    ],
)
def test_exit_reasons_are_checked(units, staff, reason, note, message):
    membership = PoolMembershipFactory(cadre__unit=units["qingshi"])
    with pytest.raises(ValidationError, match=message):
        services.exit_pool(staff, membership, reason, note)
    membership.refresh_from_db()
    assert membership.is_open


def test_exit_then_re_entry_keeps_both_stays(units, staff):
    round_, cadre, _ = _candidate(units)
    first = services.accept_candidate(staff, round_, cadre, Tier.MID, on=dt.date(2025, 9, 1))
    services.exit_pool(staff, first, ExitReason.TRANSFERRED, on=dt.date(2026, 1, 10))
    later = RoundFactory()
    RecommendationFactory(
        rec_list__round=later,
        rec_list__unit=units["qingshi"],
        rec_list__status=ListStatus.SUBMITTED,
        cadre=cadre,
    )
    second = services.accept_candidate(staff, later, cadre, Tier.NEAR, on=dt.date(2026, 9, 1))
    assert second.pk != first.pk
    kinds = list(
        PoolEvent.objects.filter(membership__cadre=cadre)
        .order_by("happened_on")
        .values_list("kind", flat=True)
    )
    assert kinds == [PoolEventKind.ENTRY, PoolEventKind.EXIT, PoolEventKind.RE_ENTRY]
    assert PoolMembership.objects.filter(cadre=cadre).count() == 2


def test_exit_date_cannot_precede_entry(units, staff):
    membership = PoolMembershipFactory(cadre__unit=units["qingshi"], entered_on=dt.date(2026, 5, 1))
    with pytest.raises(ValidationError, match="不能早于入库日期"):
        services.exit_pool(staff, membership, ExitReason.OVER_AGE, on=dt.date(2026, 4, 30))
