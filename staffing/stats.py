"""Aggregate reads of the 用 stage for dashboards, reports and reminders.

Everything is scoped by a ``pool.stats.Scope`` (or its unit ids) and computed in the
database: one GROUP BY per figure, folded into regions in memory, so the number of
queries does not grow with the number of teams or people.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, F, Func, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Least, TruncQuarter

from pool.models import Cadre, Rank, Unit, UnitLevel
from pool.rules import young_cutoff
from pool.stats import Region, Scope
from staffing import rules
from staffing.models import (
    Appointment,
    LeadershipTeam,
    Post,
    StaffingTarget,
    TargetKind,
    WarningRecord,
)

LEVEL_LABELS = dict(UnitLevel.choices)
SEAT_TARGETS = {TargetKind.YOUNG_CHIEFS, TargetKind.YOUNG_MEMBERS}
TREND_QUARTERS = 8


class AgeAt(Func):
    """Whole years from a first-of-month birth date to a reference date, in SQL:
    the same as ``pool.rules.age_at``. Arguments: (reference, birth_month)."""

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
# Staffing targets: the value of each target at each quarter end and at ``ref``
# ---------------------------------------------------------------------------


@dataclass
class TargetPoint:
    label: str  # 2026Q1, or the reference date
    ref: dt.date
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return round(self.numerator / self.denominator, 4) if self.denominator else None


@dataclass
class TargetRow:
    target: StaffingTarget
    level: str  # the unit level it is computed at
    points: list[TargetPoint]  # the trend, oldest first; the last is at ``ref``

    @property
    def name(self) -> str:
        if self.target.level:
            return self.target.name
        return f"{self.target.name}·{LEVEL_LABELS.get(self.level, self.level)}"

    @property
    def current(self) -> TargetPoint:
        return self.points[-1]

    @property
    def met(self) -> bool | None:
        now = self.current
        return rules.target_met(now.numerator, now.denominator, self.target.ratio)

    @property
    def ratio_label(self) -> str:
        t = self.target
        return "全部" if t.numerator == t.denominator else f"≥{t.numerator}/{t.denominator}"


# One pass over the appointments in scope: for each team, at each reference date j,
# how many seated (m), seated chiefs (ch) and, for each young test v, how many young
# (y) and young chiefs (yc); then summed per (level, kind) with the teams that have
# anyone young (ty). The dates come as parameters and the young cutoffs (earliest
# young birth month per date, seat and test) as a small table, so no row computes an
# age and no row is repeated per date.
_TARGET_SQL = """
WITH cut AS (
    SELECT * FROM unnest(%(cut_levels)s::text[], %(cut_kinds)s::text[]{cut_arrays})
        AS x(level, kind{cut_names})
),
seated AS MATERIALIZED (
    SELECT t.id AS team_id, u.level, u.kind, COALESCE(p.is_chief, false) AS chief,
           a.id IS NOT NULL AS held{flags}
    FROM {team} t
    JOIN {unit} u ON u.id = t.unit_id
    LEFT JOIN cut ON cut.level = u.level AND cut.kind = u.kind
    LEFT JOIN {post} p ON p.team_id = t.id
    LEFT JOIN {appointment} a ON a.post_id = p.id AND a.start_date <= %(last)s
        AND (a.end_date IS NULL OR a.end_date > %(first)s)
    LEFT JOIN {cadre} c ON c.id = a.cadre_id
    WHERE {in_scope}
),
per_team AS (
    SELECT team_id, level, kind{team_columns}
    FROM seated
    GROUP BY team_id, level, kind
)
SELECT level, kind, COUNT(*){outer_columns}
FROM per_team
GROUP BY level, kind
"""


def _variants(targets: list[StaffingTarget]) -> list[int | None]:
    """The young tests the targets need: None = each seat's threshold, or a fixed age."""
    ages = sorted({t.max_age for t in targets if t.max_age is not None})
    return [None, *ages]


def _target_sql(refs: int, variants: int, in_scope: str) -> tuple[str, list[str]]:
    """The statement and the names of its result columns after level, kind, teams.
    Each seat row carries its flags once (serving at date j: s{j}; young by test v at
    date j: b{v}_{j}); the counts then only combine booleans."""
    flags, team, outer, names = [], [], [], []
    for j in range(refs):
        flags.append(
            f"COALESCE(a.start_date <= %(r{j})s AND (a.end_date IS NULL OR a.end_date > %(r{j})s),"
            f" false) AS s{j}"
        )
        team += [
            f"COUNT(*) FILTER (WHERE s{j}) AS m{j}",
            f"COUNT(*) FILTER (WHERE s{j} AND chief) AS ch{j}",
        ]
        outer += [f"SUM(m{j})", f"SUM(ch{j})"]
        names += [f"m{j}", f"ch{j}"]
        for v in range(variants):
            flags.append(f"COALESCE(c.birth_month >= cut.c{v}_{j}, false) AS b{v}_{j}")
            team += [
                f"COUNT(*) FILTER (WHERE s{j} AND b{v}_{j}) AS y{v}_{j}",
                f"COUNT(*) FILTER (WHERE s{j} AND b{v}_{j} AND chief) AS yc{v}_{j}",
            ]
            outer += [f"SUM(y{v}_{j})", f"SUM(yc{v}_{j})", f"COUNT(*) FILTER (WHERE y{v}_{j} > 0)"]
            names += [f"y{v}_{j}", f"yc{v}_{j}", f"ty{v}_{j}"]
    cuts = [f"c{v}_{j}" for v in range(variants) for j in range(refs)]
    sql = _TARGET_SQL.format(
        appointment=Appointment._meta.db_table,
        post=Post._meta.db_table,
        team=LeadershipTeam._meta.db_table,
        cadre=Cadre._meta.db_table,
        unit=Unit._meta.db_table,
        in_scope=in_scope,
        cut_arrays="".join(f", %({c})s::date[]" for c in cuts),
        cut_names="".join(f", {c}" for c in cuts),
        flags="".join(f",\n           {f}" for f in flags),
        team_columns="".join(f",\n           {c}" for c in team),
        outer_columns="".join(f", {c}" for c in outer),
    )
    return sql, names


def _cutoff_params(scope: Scope, ends: list[dt.date], variants: list[int | None]) -> dict:
    """For every (level, kind) of the scope and every reference date, the earliest birth
    month that is young: by the seat's threshold (NULL without one) or a fixed age."""
    levels, kinds, ages = _thresholds(scope)
    params: dict[str, list] = {"cut_levels": levels, "cut_kinds": kinds}
    for v, fixed in enumerate(variants):
        for j, day in enumerate(ends):
            params[f"c{v}_{j}"] = [
                young_cutoff(limit, day) if limit is not None else None
                for limit in (ages if fixed is None else [fixed] * len(ages))
            ]
    return params


def _thresholds(scope: Scope) -> tuple[list[str], list[str], list[int | None]]:
    pairs = sorted(scope.thresholds)
    return [p[0] for p in pairs], [p[1] for p in pairs], [scope.thresholds[p] for p in pairs]


# The figures of one (level, unit kind) group at one date: teams, seated members (m) and
# chiefs (ch), and for each young test v the young (y{v}), young chiefs (yc{v}) and
# teams with anyone young (ty{v}).
Groups = dict[tuple[str, str], dict[str, int]]

_RECORDED_SQL = """
SELECT w.quarter, u.level, u.kind, COUNT(*) AS teams, SUM(w.seated), SUM(w.chiefs),
       COUNT(*) FILTER (WHERE w.chiefs IS NULL){columns}
FROM {record} w
JOIN {team} t ON t.id = w.team_id
JOIN {unit} u ON u.id = t.unit_id
WHERE w.quarter = ANY(%(quarters)s) AND {in_scope}
GROUP BY w.quarter, u.level, u.kind
"""


def _recorded(scope: Scope, quarters: list[str], variants: list[int | None]) -> dict[str, Groups]:
    """The groups of each quarter whose warning records hold what the targets need (the
    quarterly run stores it: ``recalc_quarter``). A quarter never recalculated, or
    recalculated before the records held these figures or with other fixed ages, is left
    out and computed from the appointments instead. Two queries."""
    recalculated = set(
        WarningRecord.objects.filter(quarter__in=quarters)
        .order_by()
        .values_list("quarter", flat=True)
        .distinct()
    )
    if not recalculated:
        return {}
    columns, params = [], {}
    for v, age in enumerate(variants):
        if age is None:
            young, chiefs = "w.actual", "w.young_chiefs"
            columns.append("0")
        else:
            params[f"age{v}"] = str(age)
            young = f"(w.young_by_age -> %(age{v})s ->> 0)::int"
            chiefs = f"(w.young_by_age -> %(age{v})s ->> 1)::int"
            columns.append(f"COUNT(*) FILTER (WHERE NOT w.young_by_age ? %(age{v})s)")
        columns += [f"SUM({young})", f"SUM({chiefs})", f"COUNT(*) FILTER (WHERE {young} > 0)"]
    in_scope, scope_params = scope.in_scope_sql("t.unit_id")
    sql = _RECORDED_SQL.format(
        record=WarningRecord._meta.db_table,
        team=LeadershipTeam._meta.db_table,
        unit=Unit._meta.db_table,
        in_scope=in_scope,
        columns="".join(f", {c}" for c in columns),
    )
    out: dict[str, Groups] = {q: {} for q in recalculated}
    incomplete: set[str] = set()
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, **scope_params, "quarters": sorted(recalculated)})
        for quarter, level, kind, teams, m, ch, old, *per_variant in cursor.fetchall():
            group = {"teams": teams, "m": int(m or 0), "ch": int(ch or 0)}
            for v in range(len(variants)):
                missing, y, yc, ty = per_variant[4 * v : 4 * v + 4]
                if missing:
                    incomplete.add(quarter)
                group.update({f"y{v}": int(y or 0), f"yc{v}": int(yc or 0), f"ty{v}": ty})
            if old:
                incomplete.add(quarter)
            out[quarter][(level, kind)] = group
    return {q: groups for q, groups in out.items() if q not in incomplete}


def _counted(scope: Scope, days: list[dt.date], variants: list[int | None]) -> list[Groups]:
    """The groups at each of ``days``, counted from the appointments. One query."""
    if not days:
        return []
    in_scope, scope_params = scope.in_scope_sql("t.unit_id")
    sql, names = _target_sql(len(days), len(variants), in_scope)
    params = {
        **scope_params,
        "first": min(days),
        "last": max(days),
        **{f"r{j}": day for j, day in enumerate(days)},
        **_cutoff_params(scope, days, variants),
    }
    out: list[Groups] = [{} for _ in days]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for level, kind, teams, *values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            for j, groups in enumerate(out):
                group = {"teams": teams, "m": int(row[f"m{j}"] or 0), "ch": int(row[f"ch{j}"] or 0)}
                for v in range(len(variants)):
                    for key in ("y", "yc", "ty"):
                        group[f"{key}{v}"] = int(row[f"{key}{v}_{j}"] or 0)
                groups[(level, kind)] = group
    return out


def target_progress(scope: Scope, ref: dt.date, quarters: int = TREND_QUARTERS) -> list[TargetRow]:
    """Each staffing target's value at the last ``quarters`` quarter ends and at ``ref``,
    per level when the target has none. Finished quarters are read from their warning
    records where the quarterly run stored the figures; the rest (always ``ref``) are
    counted from the appointments. At most five queries."""
    targets = list(StaffingTarget.objects.all())
    if not targets or not scope.units:
        return []
    trend = rules.quarters_up_to(ref, quarters)
    points = [(str(q), q.end) for q in trend]
    if not points or points[-1][1] != ref:
        points.append(("统计日", ref))
    variants = _variants(targets)
    recorded = _recorded(scope, [str(q) for q in trend if q.end < ref], variants)
    to_count = [day for label, day in points if label not in recorded]
    counted = dict(zip(to_count, _counted(scope, to_count, variants), strict=True))
    dated = [recorded[label] if label in recorded else counted[day] for label, day in points]
    out = []
    present = {key for groups in dated for key in groups}
    present_levels = [lvl for lvl in UnitLevel.values if any(k[0] == lvl for k in present)]
    for target in targets:
        v = variants.index(target.max_age)
        numerator, denominator = {
            TargetKind.YOUNG_CHIEFS: (f"yc{v}", "ch"),
            TargetKind.YOUNG_MEMBERS: (f"y{v}", "m"),
        }.get(target.kind, (f"ty{v}", "teams"))
        for level in [target.level] if target.level else present_levels:

            def chosen(groups: Groups, level=level, target=target):
                return [
                    g
                    for (lvl, kind), g in groups.items()
                    if lvl == level and (not target.unit_kinds or kind in target.unit_kinds)
                ]

            row_points = [
                TargetPoint(
                    label,
                    day,
                    sum(g[numerator] for g in chosen(groups)),
                    sum(g[denominator] for g in chosen(groups)),
                )
                for (label, day), groups in zip(points, dated, strict=True)
            ]
            if any(p.denominator for p in row_points):
                out.append(TargetRow(target, level, row_points))
    return out


# ---------------------------------------------------------------------------
# Young cadres appointed, per quarter and rank
# ---------------------------------------------------------------------------


def _max_age_case(scope: Scope, prefix: str) -> Case:
    levels, kinds, ages = _thresholds(scope)
    whens = [
        When(Q(**{f"{prefix}level": level, f"{prefix}kind": kind}), then=Value(age))
        for level, kind, age in zip(levels, kinds, ages, strict=True)
        if age is not None
    ]
    return Case(*whens, default=Value(None), output_field=IntegerField())


@dataclass
class AppointedByQuarter:
    quarters: list[rules.Quarter]
    ranks: list[str]
    counts: dict[tuple[str, str], int]  # (quarter, rank) -> people

    def total(self, quarter: rules.Quarter) -> int:
        return sum(n for (q, _), n in self.counts.items() if q == str(quarter))


def _young_appointments(scope: Scope, start: dt.date, end: dt.date):
    """Appointments in scope that started between ``start`` and ``end`` of people young
    for that seat (by its unit's level and kind) on the day they started."""
    return (
        Appointment.objects.filter(
            post__team__unit_id__in=scope.in_scope, start_date__gte=start, start_date__lte=end
        )
        .annotate(
            age=AgeAt(F("start_date"), F("cadre__birth_month")),
            limit=_max_age_case(scope, "post__team__unit__"),
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
    """The teams of ``unit_ids`` with their record of the latest quarter at ``ref`` and
    the level of the quarter before. Three queries."""
    quarter = latest_quarter_on(ref)
    teams = list(LeadershipTeam.objects.filter(unit_id__in=unit_ids).values_list("pk", "unit_id"))
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
