"""Aggregates of the 选 stage over a period (a half-year) or at its last day, for the
half-yearly report: the 三张清单 submitted, the pool by tier, entries and exits.

Scoped by a ``pool.selection.stats.Scope`` like the dashboard's aggregates (kept apart from
``stats.py`` so neither file grows past a reader's patience); each function is one
query whatever the number of people.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from pool.models import (
    Decision,
    ExitReason,
    ListKind,
    PoolEvent,
    PoolEventKind,
    RecommendationList,
)
from pool.selection.selectors import CANDIDATE_LIST_STATUSES
from pool.selection.stats import Scope, pool_members_on

ENTRY_KINDS = (PoolEventKind.ENTRY, PoolEventKind.RE_ENTRY)
EXIT_KINDS = (PoolEventKind.EXIT, PoolEventKind.USED)
# The events that set a stay's tier: its entry and every tier change.
TIER_KINDS = (*ENTRY_KINDS, PoolEventKind.TIER_CHANGE)


def day_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local days ``start`` .. ``end`` as aware datetimes ``[from, to)``, so a
    timestamp column is compared as it is stored (and its index used)."""
    tz = timezone.get_current_timezone()
    first = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return first, after


@dataclass(frozen=True)
class ListCounts:
    lists: int = 0  # lists submitted in the period (still before the department)
    people: int = 0  # people on them, each once
    accepted: int = 0  # ... of whom the department took into the pool


def list_counts(scope: Scope, start: dt.date, end: dt.date) -> dict[str, ListCounts]:
    """The 三张清单 of units in scope submitted between ``start`` and ``end`` (by their
    latest submission; a list sent back and not yet resubmitted does not count), by list
    kind, with ``""`` for all kinds together (a person on two lists counted once).
    Two queries."""
    first, after = day_range(start, end)
    lists = RecommendationList.objects.filter(
        unit_id__in=scope.in_scope,
        status__in=CANDIDATE_LIST_STATUSES,
        submitted_at__gte=first,
        submitted_at__lt=after,
    ).order_by()
    counts = {
        "lists": Count("pk", distinct=True),
        "people": Count("recommendations__cadre_id", distinct=True),
        "accepted": Count(
            "recommendations__cadre_id",
            distinct=True,
            filter=Q(recommendations__decision=Decision.ACCEPTED),
        ),
    }
    out = {kind: ListCounts() for kind in ListKind.values}
    for row in lists.values("kind").annotate(**counts):
        out[row["kind"]] = ListCounts(row["lists"], row["people"], row["accepted"])
    out[""] = ListCounts(**lists.aggregate(**counts))
    return out


def pool_by_tier(scope: Scope, ref: dt.date) -> Counter:
    """Pool members on ``ref`` (stays covering it, 考察对象 included) by the tier they
    held that day: the latest entry or tier change on or before ``ref``, from the
    history (the stay's present tier only when the history has none). One query."""
    tier_then = (
        PoolEvent.objects.filter(
            membership_id=OuterRef("pk"), kind__in=TIER_KINDS, happened_on__lte=ref
        )
        .order_by("-happened_on", "-id")
        .values("to_value")[:1]
    )
    rows = (
        pool_members_on(scope, ref)
        .annotate(tier_then=Coalesce(Subquery(tier_then), F("tier")))
        .values("tier_then")
        .annotate(n=Count("pk"))
        .values_list("tier_then", "n")
    )
    return Counter(dict(rows))


@dataclass(frozen=True)
class PoolMoves:
    entered: int  # people who entered or re-entered
    tier_changes: int  # tier changes (times)
    inspected: int  # people made 考察对象
    exited: int  # people who left, for any reason
    exits: dict[str, int]  # ... by exit reason (提拔使用 first)


def pool_moves(scope: Scope, start: dt.date, end: dt.date) -> PoolMoves:
    """Entries, tier changes, inspections and exits (by reason) between ``start`` and
    ``end``, counted in people from the pool history. One query."""
    moving = Q(kind__in=EXIT_KINDS)
    counts = {
        "entered": Count("membership__cadre_id", distinct=True, filter=Q(kind__in=ENTRY_KINDS)),
        "tier_changes": Count("pk", filter=Q(kind=PoolEventKind.TIER_CHANGE)),
        "inspected": Count(
            "membership__cadre_id", distinct=True, filter=Q(kind=PoolEventKind.INSPECTION)
        ),
        "exited": Count("membership__cadre_id", distinct=True, filter=moving),
        **{
            f"exit_{reason}": Count(
                "membership__cadre_id", distinct=True, filter=moving & Q(to_value=reason)
            )
            for reason in ExitReason.values
        },
    }
    result = (
        PoolEvent.objects.filter(
            membership__cadre__unit_id__in=scope.in_scope,
            happened_on__gte=start,
            happened_on__lte=end,
        )
        .order_by()
        .aggregate(**counts)
    )
    return PoolMoves(
        entered=result["entered"],
        tier_changes=result["tier_changes"],
        inspected=result["inspected"],
        exited=result["exited"],
        exits={reason: result[f"exit_{reason}"] for reason in ExitReason.values},
    )
