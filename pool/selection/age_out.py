"""超龄: pool members who pass the pool ceiling of their own 职级 (the editable
``PoolAgeCeiling`` table), never a threshold of the unit they sit in.

``review`` lists, for a user's jurisdiction, those past it (proposed for exit) and
those passing it within six months; ``confirm`` is the staff's bulk confirmation
(each exit a PoolEvent); ``notify`` is the daily task's reminder to responsible staff.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pool.models import OPEN_POOL_STATUSES, ExitReason, PoolMembership, PoolStatus
from pool.notify import notices
from pool.people import rules, selectors
from pool.selection import rules as selection_rules
from pool.selection import selectors as selection_selectors
from pool.selection import services


@dataclass(frozen=True)
class AgeOutRow:
    membership: PoolMembership
    max_age: int
    passes_on: dt.date  # first day over the threshold
    state: str  # "over" or "soon"

    @property
    def cadre(self):
        return self.membership.cadre

    @property
    def under_inspection(self) -> bool:
        return self.membership.status == PoolStatus.INSPECTION


@dataclass
class AgeOutReview:
    over: list[AgeOutRow] = field(default_factory=list)
    soon: list[AgeOutRow] = field(default_factory=list)


def _rows(memberships, today: dt.date) -> list[AgeOutRow]:
    ceilings = selectors.pool_ceilings()
    if not ceilings:
        return []
    # Nobody born in this month or later passes even the lowest ceiling within the horizon.
    latest = rules.young_cutoff(
        min(ceilings.values()), rules.add_months(today, selection_rules.AGE_OUT_HORIZON_MONTHS)
    )
    out = []
    for m in memberships.filter(cadre__birth_month__lt=latest):
        max_age = rules.pool_max_age(ceilings, m.cadre.rank)
        if max_age is None:
            continue
        state = selection_rules.age_out_state(m.cadre.birth_month, max_age, today)
        if state:
            out.append(
                AgeOutRow(
                    m, max_age, selection_rules.over_age_from(m.cadre.birth_month, max_age), state
                )
            )
    out.sort(key=lambda r: (r.passes_on, r.cadre.unit_id, r.cadre.pk))
    return out


def _open_members():
    return PoolMembership.objects.filter(status__in=OPEN_POOL_STATUSES).select_related(
        "cadre__unit"
    )


def review(user, today: dt.date | None = None) -> AgeOutReview:
    """Members in ``user``'s jurisdiction past or near their threshold, soonest first."""
    today = today or timezone.localdate()
    members = (
        selection_selectors.pool_members_for(user)
        .select_related(None)
        .select_related("cadre__unit")
    )
    result = AgeOutReview()
    for row in _rows(members, today):
        (result.over if row.state == "over" else result.soon).append(row)
    return result


@transaction.atomic
def confirm(user, membership_ids, on: dt.date | None = None) -> tuple[int, list[str]]:
    """Staff confirm 超龄出库 for the chosen members (bulk). Each must be in the
    user's jurisdiction and past the threshold on ``on``; members under inspection are
    skipped (end the inspection first). Returns (exits, messages for those skipped)."""
    on = on or timezone.localdate()
    wanted = {int(pk) for pk in membership_ids}
    members = selection_selectors.pool_members_for(user).filter(pk__in=wanted)
    rows = {r.membership.pk: r for r in _rows(members, on)}
    found = list(members.order_by("pk"))
    done, skipped = 0, []
    for membership in found:
        row = rows.get(membership.pk)
        name = membership.cadre.name
        if row is None or row.state != "over":
            skipped.append(f"{name}：未超过年轻干部年龄标准，未出库")
        elif row.under_inspection:
            skipped.append(f"{name}：正在考察中，请先办结考察")
        else:
            try:
                services.exit_pool(
                    user,
                    membership,
                    ExitReason.OVER_AGE,
                    f"{row.passes_on:%Y年%-m月}起超过{row.max_age}岁年轻干部年龄标准",
                    on,
                )
            except ValidationError as error:
                skipped.append(f"{name}：{'；'.join(error.messages)}")
            else:
                done += 1
    missing = len(wanted) - len(found)
    if missing:
        skipped.append(f"{missing}条记录不在您的管辖范围内或已出库")
    return done, skipped


def notify(today: dt.date | None = None) -> int:
    """Remind the staff responsible for each member's unit: one notice per member and
    month (key), so the daily task writes each reminder once. Returns notices asked for."""
    today = today or timezone.localdate()
    staff_by_unit: dict[int, list] = {}
    sent = 0
    for row in _rows(_open_members(), today):
        cadre = row.cadre
        if cadre.unit_id not in staff_by_unit:
            staff_by_unit[cadre.unit_id] = list(notices.staff_responsible_for(cadre.unit))
        if row.state == "over":
            title = f"{cadre.name}已超过{row.max_age}岁年轻干部年龄标准，建议超龄出库"
        else:
            title = f"{cadre.name}将于{row.passes_on:%Y年%-m月}超过{row.max_age}岁年轻干部年龄标准"
        sent += notices.notify(
            staff_by_unit[cadre.unit_id],
            kind="pool_age_out",
            title=title,
            body=f"{cadre.unit.name} {cadre.current_position}",
            url=reverse("pool:age_out"),
            key=f"pool-age-out:{cadre.pk}:{today:%Y-%m}",
        )
    return sent
