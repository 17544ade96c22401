"""Aggregate reads of the 用 stage for dashboards, reports and reminders.

Everything is scoped by a ``pool.selection.stats.Scope`` (or its unit ids) and computed in the
database: one GROUP BY per figure, folded into regions in memory, so the number of
queries does not grow with the number of teams or people.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Func, IntegerField, Sum
from django.db.models.functions import Least, TruncQuarter

from pool.models import Rank
from pool.people.rules import TEAM_LAYERS
from pool.people.selectors import layer_expression
from pool.selection.stats import Region, Scope
from staffing import rules
from staffing.models import (
    Appointment,
    LeadershipTeam,
    WarningRecord,
)
from staffing.stats.targets import LEVEL_LABELS as LEVEL_LABELS
from staffing.stats.targets import TREND_QUARTERS as TREND_QUARTERS
from staffing.stats.targets import TargetPoint as TargetPoint
from staffing.stats.targets import TargetRow as TargetRow
from staffing.stats.targets import target_progress as target_progress
from staffing.stats.targets import targets_met as targets_met


class AgeAt(Func):
    """Whole years from a first-of-month birth date to a reference date, in SQL:
    the same as ``pool.people.rules.age_at``. Arguments: (reference, birth_month)."""

    template = "EXTRACT(YEAR FROM AGE(%(expressions)s))::integer"
    output_field = IntegerField()


# ---------------------------------------------------------------------------
# A/B/C warnings by region
# ---------------------------------------------------------------------------


def latest_quarter_on(ref: dt.date) -> rules.Quarter | None:
    """The latest quarter with warning records whose reference date is on or before
    ``ref`` (a quarter still running is not yet a result)."""
    latest = (
        WarningRecord.objects.filter(ref_date__lte=ref)
        .order_by("-quarter")
        .values_list("quarter", flat=True)
        .first()
    )
    return rules.Quarter.parse(latest) if latest else None


@dataclass
class RegionWarnings:
    region: Region
    levels: Counter = field(default_factory=Counter)
    previous: Counter = field(default_factory=Counter)
    required: int = 0
    met: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.met / self.required, 4) if self.required else None

    def change(self, level: str) -> int | None:
        """This quarter's count minus the previous quarter's (None without one)."""
        if not self.previous:
            return None
        return self.levels[level] - self.previous[level]


@dataclass
class WarningsByRegion:
    quarter: rules.Quarter | None
    previous: rules.Quarter | None
    regions: list[RegionWarnings]


def warning_rows(scope: Scope, quarters: list[rules.Quarter]):
    """``(quarter, unit_id, level, teams, required, met)`` for the teams in scope in
    ``quarters``: how many teams of each unit are at each level, their 任务量 and how
    much of it is met (``min(actual, required)`` per team). One query; the caller folds
    the units into regions or kinds."""
    return (
        WarningRecord.objects.filter(
            quarter__in=[str(q) for q in quarters], team__unit_id__in=scope.in_scope
        )
        .order_by()
        .values("quarter", "team__unit_id", "level")
        .annotate(n=Count("pk"), need=Sum("required"), done=Sum(Least("actual", "required")))
        .values_list("quarter", "team__unit_id", "level", "n", "need", "done")
    )


def warnings_by_region(scope: Scope, ref: dt.date) -> WarningsByRegion:
    """A/B/C counts of each region in the latest quarter at ``ref`` and in the quarter
    before, with the completion rate. Two queries."""
    quarter = latest_quarter_on(ref)
    out = {r.pk: RegionWarnings(r) for r in scope.regions}
    if quarter is None:
        return WarningsByRegion(None, None, list(out.values()))
    previous = quarter.previous()
    seen_previous = False
    for q, unit_id, level, n, required, met in warning_rows(scope, [quarter, previous]):
        region = out.get(scope.region_of(unit_id))
        if region is None:
            continue
        if q == str(quarter):
            region.levels[level] += n
            region.required += required
            region.met += met
        else:
            region.previous[level] += n
            seen_previous = True
    return WarningsByRegion(quarter, previous if seen_previous else None, list(out.values()))


# ---------------------------------------------------------------------------
# Young cadres appointed, per quarter and rank
# ---------------------------------------------------------------------------


@dataclass
class AppointedByQuarter:
    quarters: list[rules.Quarter]
    ranks: list[str]
    counts: dict[tuple[str, str], int]  # (quarter, rank) -> people

    def total(self, quarter: rules.Quarter) -> int:
        return sum(n for (q, _), n in self.counts.items() if q == str(quarter))


def _young_appointments(scope: Scope, start: dt.date, end: dt.date):
    """Appointments in scope that started between ``start`` and ``end`` of people young
    for that seat (by its layer's threshold) on the day they started."""
    return (
        Appointment.objects.filter(
            post__team__unit_id__in=scope.in_scope, start_date__gte=start, start_date__lte=end
        )
        .annotate(
            age=AgeAt(F("start_date"), F("cadre__birth_month")),
            limit=layer_expression("post__team__unit__", scope.seat_ages),
        )
        .filter(age__lte=F("limit"))
        .order_by()
    )


def young_appointed_by_rank(scope: Scope, start: dt.date, end: dt.date) -> Counter:
    """Young cadres appointed between ``start`` and ``end`` (appointments, as in
    ``young_appointed``), by the person's 职级 (``未填`` when blank). One query."""
    rows = (
        _young_appointments(scope, start, end)
        .values("cadre__rank")
        .annotate(n=Count("pk"))
        .values_list("cadre__rank", "n")
    )
    counts: Counter = Counter()
    for rank, n in rows:
        counts[rank or "未填"] += n
    return counts


def young_appointed(scope: Scope, ref: dt.date, quarters: int = TREND_QUARTERS):
    """Appointments that started in each of the last ``quarters`` quarters up to ``ref``
    of people young for that seat on the day, by the person's 职级. One query."""
    span = rules.quarters_up_to(ref, quarters - 1)
    current = rules.Quarter.of(ref)
    span = [*span, current] if not span or span[-1] != current else span
    rows = (
        _young_appointments(scope, span[0].start, ref)
        .annotate(quarter=TruncQuarter("start_date"))
        .values("quarter", "cadre__rank")
        .annotate(n=Count("pk"))
        .values_list("quarter", "cadre__rank", "n")
    )
    counts: Counter = Counter()
    for day, rank, n in rows:
        counts[(str(rules.Quarter.of(day)), rank or "未填")] += n
    order = [*Rank.values, "未填"]
    ranks = [r for r in order if any(k[1] == r for k in counts)]
    return AppointedByQuarter(span, ranks, dict(counts))


# ---------------------------------------------------------------------------
# Drill-down: the teams behind a bar
# ---------------------------------------------------------------------------


@dataclass
class TeamRow:
    team_id: int
    unit_id: int
    label: str
    record: WarningRecord | None
    previous_level: str = ""


def teams_in(scope: Scope, unit_ids: list[int], ref: dt.date, level: str = ""):
    """The 领导班子 of ``unit_ids`` (no 内设机构: they are not graded) with their record
    of the latest quarter at ``ref`` and the level of the quarter before. Three queries."""
    quarter = latest_quarter_on(ref)
    teams = list(
        LeadershipTeam.objects.filter(unit_id__in=unit_ids)
        .annotate(layer=layer_expression("unit__"))
        .filter(layer__in=TEAM_LAYERS)
        .values_list("pk", "unit_id")
    )
    records, previous = {}, {}
    if quarter is not None:
        team_ids = [pk for pk, _ in teams]
        records = {
            r.team_id: r
            for r in WarningRecord.objects.filter(quarter=str(quarter), team_id__in=team_ids)
        }
        previous = dict(
            WarningRecord.objects.filter(
                quarter=str(quarter.previous()), team_id__in=team_ids
            ).values_list("team_id", "level")
        )
    rows = [
        TeamRow(pk, unit_id, scope.label(unit_id), records.get(pk), previous.get(pk, ""))
        for pk, unit_id in teams
    ]
    if level:
        rows = [r for r in rows if r.record is not None and r.record.level == level]
    rows.sort(key=lambda r: scope.sort_key(r.unit_id))
    return quarter, rows


# ---------------------------------------------------------------------------
# Reminders (staff home page)
# ---------------------------------------------------------------------------


def records_in(unit_ids: list[int], quarter: rules.Quarter):
    return WarningRecord.objects.filter(
        quarter=str(quarter), team__unit_id__in=unit_ids
    ).select_related("team__unit")


def level_counts(unit_ids: list[int], quarter: rules.Quarter | None) -> Counter:
    if quarter is None:
        return Counter()
    rows = (
        records_in(unit_ids, quarter)
        .order_by()
        .values("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    return Counter(dict(rows))


def falling_soon(unit_ids: list[int], quarter: rules.Quarter | None, within: int = 2):
    """Teams whose forecast falls a level within ``within`` quarters after ``quarter``."""
    if quarter is None:
        return WarningRecord.objects.none()
    soon = [str(quarter.shift(i)) for i in range(1, within + 1)]
    return records_in(unit_ids, quarter).filter(forecast_quarter__in=soon)


def serving_at_least(unit_ids: list[int], today: dt.date, years: int):
    """Appointments held on ``today`` for ``years`` full years or more (任现职满N年)."""
    return (
        Appointment.objects.serving_on(today)
        .filter(post__team__unit_id__in=unit_ids, start_date__lte=rules.served_since(today, years))
        .select_related("cadre", "post__team__unit")
    )
