"""Staffing targets (配备目标) for the dashboard and the half-yearly report: each target's
value at each quarter end and at a reference date. Finished quarters are read from the
quarter's warning records (``recalc_quarter`` stores what the targets need); the other
dates are counted from the appointments in one SQL statement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from pool.models import Cadre, Unit, UnitLevel
from pool.rules import young_cutoff
from pool.stats import Scope
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
TREND_QUARTERS = 8


def thresholds_of(scope: Scope) -> tuple[list[str], list[str], list[int | None]]:
    """The young threshold of every (level, kind) of the scope, as three parallel lists."""
    pairs = sorted(scope.thresholds)
    return [p[0] for p in pairs], [p[1] for p in pairs], [scope.thresholds[p] for p in pairs]


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
    levels, kinds, ages = thresholds_of(scope)
    params: dict[str, list] = {"cut_levels": levels, "cut_kinds": kinds}
    for v, fixed in enumerate(variants):
        for j, day in enumerate(ends):
            params[f"c{v}_{j}"] = [
                young_cutoff(limit, day) if limit is not None else None
                for limit in (ages if fixed is None else [fixed] * len(ages))
            ]
    return params


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
