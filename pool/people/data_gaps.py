"""Data gaps: what a cadre's record lacks because the source file left it out
(rosters without a 干部类别 column, files without 学历). A gap is not an error:
the import stores the row and the gap is listed on the cadre's profile and on
the 数据质量 page, for staff to fill in. Pure table plus one scoped selector."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from pool.models import Cadre
from pool.people import selectors

UNFILLED = "未填"  # how a blank field that should be filled is shown


@dataclass(frozen=True)
class Gap:
    key: str
    label: str
    missing: Q  # the cadres lacking it, as a filter
    lacks: Callable[[Cadre], bool]  # the same test on a loaded cadre


GAPS = (
    Gap("category", "干部类别", Q(category=""), lambda c: not c.category),
    Gap(
        "education",
        "学历",
        Q(fulltime_education="", inservice_education=""),
        lambda c: not c.fulltime_education and not c.inservice_education,
    ),
)
BY_KEY = {g.key: g for g in GAPS}


def gaps_of(cadre: Cadre) -> list[str]:
    """The labels of what ``cadre`` lacks (干部类别, 学历), in table order."""
    return [g.label for g in GAPS if g.lacks(cadre)]


def cadres_with_gaps(user, key: str = "") -> QuerySet[Cadre]:
    """Cadres in ``user``'s jurisdiction lacking ``key`` (any gap when blank), unit loaded."""
    gaps = [BY_KEY[key]] if key in BY_KEY else GAPS
    wanted = Q()
    for gap in gaps:
        wanted |= gap.missing
    return (
        selectors.cadres_for(user)
        .filter(wanted)
        .only(
            "name", "unit__name", "unit__position", "category", "fulltime_education",
            "inservice_education", "current_position",
        )
        .order_by("unit__position", "unit_id", "id")
    )  # fmt: skip


def gap_counts(user) -> list[tuple[Gap, int]]:
    """How many cadres in ``user``'s jurisdiction lack each field: one query."""
    counts = selectors.cadres_for(user).aggregate(
        **{g.key: Count("pk", filter=g.missing) for g in GAPS}
    )
    return [(g, counts[g.key]) for g in GAPS]
