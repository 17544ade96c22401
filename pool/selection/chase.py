"""未报送 / 催报: the units in a staff member's jurisdiction whose party committee has
not submitted its recommendation list for a round, when each was last reminded, and
the reminder itself (a notice to the unit's committee accounts, recorded and audited)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from pool import audit
from pool.models import (
    AuditAction,
    ListKind,
    ListReminder,
    ListStatus,
    RecommendationList,
    RecommendationRound,
    Role,
    RoleGrant,
    Unit,
)
from pool.notify import notices
from pool.people import selectors

MAX_BATCH = 500


@dataclass
class Unsubmitted:
    unit: Unit
    status: str  # the list's status label, or 未开始
    last_reminded: object = None


def _committee_unit_ids(user) -> set[int]:
    """Units in ``user``'s jurisdiction with an active party committee account."""
    return set(
        RoleGrant.objects.filter(
            role=Role.UNIT_COMMITTEE,
            user__is_active=True,
            unit_id__in=selectors.units_for(user).values("pk"),
        ).values_list("unit_id", flat=True)
    )


def unsubmitted(user, round_: RecommendationRound) -> list[Unsubmitted]:
    """Units whose committee writes a list and has not submitted one in ``round_``
    (no list, a draft, or a returned list), in tree order. Four queries."""
    unit_ids = _committee_unit_ids(user)
    lists = dict(
        RecommendationList.objects.filter(
            round=round_, kind=ListKind.UNIT, unit_id__in=unit_ids
        ).values_list("unit_id", "status")
    )
    waiting = [
        pk for pk in unit_ids if lists.get(pk) in (None, ListStatus.DRAFT, ListStatus.RETURNED)
    ]
    reminded = dict(
        ListReminder.objects.filter(round=round_, unit_id__in=waiting)
        .values("unit_id")
        .annotate(last=Max("sent_at"))
        .values_list("unit_id", "last")
    )
    labels = dict(ListStatus.choices)
    units = Unit.objects.filter(pk__in=waiting).select_related("parent").order_by("position", "id")
    return [
        Unsubmitted(
            unit=u,
            status=labels[lists[u.pk]] if u.pk in lists else "未开始",
            last_reminded=reminded.get(u.pk),
        )
        for u in units
    ]


@transaction.atomic
def remind(user, round_: RecommendationRound, unit_ids) -> list[ListReminder]:
    """催报: one notice to each committee account of each unit, one record and one
    audit row per unit. Units that submitted in the meantime are skipped."""
    ids = list(dict.fromkeys(unit_ids))
    if not ids:
        raise ValidationError("请勾选要催报的单位")
    if len(ids) > MAX_BATCH:
        raise ValidationError(f"一次最多催报{MAX_BATCH}个单位")
    waiting = {row.unit.pk: row.unit for row in unsubmitted(user, round_)}
    sent_at = timezone.now()
    done = []
    deadline = f"，截止日期{round_.closes_on:%Y年%-m月%-d日}" if round_.closes_on else ""
    for pk in ids:
        unit = waiting.get(pk)
        if unit is None:
            continue
        recipients = get_user_model().objects.filter(
            is_active=True, grant__role=Role.UNIT_COMMITTEE, grant__unit=unit
        )
        count = notices.notify(
            recipients,
            kind="推荐清单",
            title=f"请尽快报送{round_.name}本单位推荐清单{deadline}",
            body="组织部门提醒：本单位推荐清单尚未报送。",
            url=f"{reverse('pool:my_list')}?round={round_.pk}",
            key=f"list-chase-{round_.pk}-{unit.pk}-{sent_at:%Y%m%d%H%M%S%f}",
        )
        reminder = ListReminder.objects.create(
            round=round_, unit=unit, sent_by=user, recipients=count
        )
        audit.record(
            user,
            AuditAction.CREATE,
            reminder,
            detail=f"催报{round_.name}推荐清单：{unit.name}（提醒{count}个账号）",
        )
        done.append(reminder)
    if not done:
        raise ValidationError("所选单位均已报送或不在您的管辖范围内")
    return done
