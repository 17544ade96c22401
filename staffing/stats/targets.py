"""Staffing targets (配备目标) for the dashboard and the half-yearly report: each target's
value at each quarter end and at a reference date. Finished quarters are read from the
quarter's warning records (``recalc_quarter`` stores what the targets need); the other
dates are counted from the appointments in one SQL statement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from pool.models import Cadre, Unit, UnitLevel
from pool.people.rules import BODY_LAYERS, LAYER_LABELS, TEAM_LAYERS, young_cutoff
from pool.selection.stats import Scope, layer_sql
from staffing import rules
from staffing.models import (
    Appointment,
    LeadershipTeam,
    Post,
    StaffingTarget,
    WarningRecord,
)

LEVEL_LABELS = dict(UnitLevel.choices)
TREND_QUARTERS = 8


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
    layer: str  # the seat layer it is computed for
    points: list[TargetPoint]  # the trend, oldest first; the last is at ``ref``

    @property
    def layer_name(self) -> str:
        return LAYER_LABELS.get(self.layer, self.layer)

    @property
    def name(self) -> str:
        return f"{self.target.name}·{self.layer_name}"

    @property
    def current(self) -> TargetPoint:
        return self.points[-1]

    @property
    def met(self) -> bool | None:
        now = self.current
        return rules.target_met(now.numerator, now.denominator, self.target.ratio)

    @property
    def missing(self) -> int:
        """People (or teams) missing at ``ref`` for the layer to reach the ratio."""
        now = self.current
        return rules.missing_to_reach(now.numerator, now.denominator, self.target.ratio)

    @property
    def ratio_label(self) -> str:
        t = self.target
        return "全部" if t.numerator == t.denominator else f"≥{t.numerator}/{t.denominator}"


def targets_met(rows: list[TargetRow]) -> list[tuple[StaffingTarget, bool | None]]:
    """Each target once, met only when every layer of it in scope is (``rows`` as
    ``target_progress`` gives them)."""
    seen: dict[int, tuple[StaffingTarget, list[bool | None]]] = {}
    for row in rows:
        seen.setdefault(row.target.pk, (row.target, []))[1].append(row.met)
    return [(target, rules.all_met(results)) for target, results in seen.values()]


# One pass over the appointments in scope: for each team, at each reference date j,
# how many seated (m), seated chiefs (ch) and, for each young test v, how many young
# (y) and young chiefs (yc); then summed per seat layer with the teams that have
# anyone young (ty). The dates come as parameters and the young cutoffs (earliest
# young birth month per date, layer and test) as a small table, so no row computes an
# age and no row is repeated per date. Teams outside the six layers are left out.
_TARGET_SQL = """
WITH cut AS (
    SELECT * FROM unnest(%(cut_layers)s::text[]{cut_arrays}) AS x(layer{cut_names})
),
teams AS (
    SELECT t.id AS team_id, {layer} AS layer
    FROM {team} t
    JOIN {unit} u ON u.id = t.unit_id
    LEFT JOIN {unit} pu ON pu.id = u.parent_id
    WHERE {in_scope}
),
seated AS MATERIALIZED (
    SELECT tm.team_id, tm.layer, COALESCE(p.is_chief, false) AS chief,
           a.id IS NOT NULL AS held{flags}
    FROM teams tm
    LEFT JOIN cut ON cut.layer = tm.layer
    LEFT JOIN {post} p ON p.team_id = tm.team_id
    LEFT JOIN {appointment} a ON a.post_id = p.id AND a.start_date <= %(last)s
        AND (a.end_date IS NULL OR a.end_date > %(first)s)
    LEFT JOIN {cadre} c ON c.id = a.cadre_id
    WHERE tm.layer = ANY(%(layers)s)
),
per_team AS (
    SELECT team_id, layer{team_columns}
    FROM seated
    GROUP BY team_id, layer
)
SELECT layer, COUNT(*){outer_columns}
FROM per_team
GROUP BY layer
"""


def _target_sql(refs: int, variants: int, in_scope: str) -> tuple[str, list[str]]:
    """The statement and the names of its result columns after layer, teams.
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
        layer=layer_sql("u", "pu"),
        in_scope=in_scope,
        cut_arrays="".join(f", %({c})s::date[]" for c in cuts),
        cut_names="".join(f", {c}" for c in cuts),
        flags="".join(f",\n           {f}" for f in flags),
        team_columns="".join(f",\n           {c}" for c in team),
        outer_columns="".join(f", {c}" for c in outer),
    )
    return sql, names


def _cutoff_params(scope: Scope, ends: list[dt.date], variants: list[int | None]) -> dict:
    """For every layer and every reference date, the earliest birth month that is
    young: by the layer's seat threshold (NULL without one) or a fixed age."""
    layers = list(LAYER_LABELS)
    ages = [scope.seat_ages.get(layer) for layer in layers]
    params: dict[str, list] = {"cut_layers": layers}
    for v, fixed in enumerate(variants):
        for j, day in enumerate(ends):
            params[f"c{v}_{j}"] = [
                young_cutoff(limit, day) if limit is not None else None
                for limit in (ages if fixed is None else [fixed] * len(ages))
            ]
    return params


# The figures of one layer at one date: teams, seated members (m) and chiefs (ch), and
# for each young test v the young (y{v}), young chiefs (yc{v}) and teams with anyone
# young (ty{v}): what ``staffing.rules.target_figure`` reads.
Groups = dict[str, dict[str, int]]

_RECORDED_SQL = """
SELECT w.quarter, {layer} AS layer, COUNT(*) AS teams, SUM(w.seated), SUM(w.chiefs),
       COUNT(*) FILTER (WHERE w.chiefs IS NULL){columns}
FROM {record} w
JOIN {team} t ON t.id = w.team_id
JOIN {unit} u ON u.id = t.unit_id
LEFT JOIN {unit} pu ON pu.id = u.parent_id
WHERE w.quarter = ANY(%(quarters)s) AND {in_scope}
GROUP BY 1, 2
"""


def _recorded(scope: Scope, quarters: list[str], variants: list[int | None]) -> dict[str, Groups]:
    """The 领导班子 layers of each quarter whose warning records hold what the targets
    need (the quarterly run stores it: ``recalc_quarter``; 内设机构 have no records and
    are always counted). A quarter never recalculated, or recalculated before the
    records held these figures or with other fixed ages, is left out and counted from
    the appointments instead. Two queries."""
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
        layer=layer_sql("u", "pu"),
        in_scope=in_scope,
        columns="".join(f", {c}" for c in columns),
    )
    out: dict[str, Groups] = {q: {} for q in recalculated}
    incomplete: set[str] = set()
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, **scope_params, "quarters": sorted(recalculated)})
        for quarter, layer, teams, m, ch, old, *per_variant in cursor.fetchall():
            if layer not in TEAM_LAYERS:
                continue
            group = {"teams": teams, "m": int(m or 0), "ch": int(ch or 0)}
            for v in range(len(variants)):
                missing, y, yc, ty = per_variant[4 * v : 4 * v + 4]
                if missing:
                    incomplete.add(quarter)
                group.update({f"y{v}": int(y or 0), f"yc{v}": int(yc or 0), f"ty{v}": ty})
            if old:
                incomplete.add(quarter)
            out[quarter][layer] = group
    return {q: groups for q, groups in out.items() if q not in incomplete}


def _counted(
    scope: Scope,
    days: list[dt.date],
    variants: list[int | None],
    layers: tuple[str, ...] = tuple(LAYER_LABELS),
) -> list[Groups]:
    """The groups of ``layers`` at each of ``days``, counted from the appointments. One
    query."""
    if not days:
        return []
    in_scope, scope_params = scope.in_scope_sql("t.unit_id")
    sql, names = _target_sql(len(days), len(variants), in_scope)
    params = {
        **scope_params,
        "first": min(days),
        "last": max(days),
        "layers": list(layers),
        **{f"r{j}": day for j, day in enumerate(days)},
        **_cutoff_params(scope, days, variants),
    }
    out: list[Groups] = [{} for _ in days]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for layer, teams, *values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            for j, groups in enumerate(out):
                group = {"teams": teams, "m": int(row[f"m{j}"] or 0), "ch": int(row[f"ch{j}"] or 0)}
                for v in range(len(variants)):
                    for key in ("y", "yc", "ty"):
                        group[f"{key}{v}"] = int(row[f"{key}{v}_{j}"] or 0)
                groups[layer] = group
    return out


def counts_at(scope: Scope, ref: dt.date, fixed_ages=()) -> Groups:
    """Every layer's counts at ``ref`` from the appointments (young tests as
    ``staffing.rules.young_tests(fixed_ages)``): the SQL twin of
    ``staffing.rules.layer_counts``. One query."""
    return _counted(scope, [ref], rules.young_tests(fixed_ages))[0]


def target_progress(scope: Scope, ref: dt.date, quarters: int = TREND_QUARTERS) -> list[TargetRow]:
    """Each staffing target's value per layer at the last ``quarters`` quarter ends and
    at ``ref``. Finished quarters are read from their warning records where the
    quarterly run stored the figures (领导班子 layers); the rest, and the 内设机构 layers
    always, are counted from the appointments. At most five queries."""
    targets = list(StaffingTarget.objects.all())
    if not targets or not scope.units:
        return []
    trend = rules.quarters_up_to(ref, quarters)
    points = [(str(q), q.end) for q in trend]
    if not points or points[-1][1] != ref:
        points.append(("统计日", ref))
    variants = rules.young_tests(t.max_age for t in targets)
    recorded = _recorded(scope, [str(q) for q in trend if q.end < ref], variants)
    to_count = [day for label, day in points if label not in recorded]
    counted = dict(zip(to_count, _counted(scope, to_count, variants), strict=True))
    from_records = [day for label, day in points if label in recorded]
    if from_records:  # 内设机构 have no warning records
        bodies = _counted(scope, from_records, variants, BODY_LAYERS)
        for (label, _), groups in zip([p for p in points if p[0] in recorded], bodies, strict=True):
            recorded[label].update(groups)
    dated = [recorded[label] if label in recorded else counted[day] for label, day in points]
    out = []
    present = {layer for groups in dated for layer in groups}
    for target in targets:
        v = variants.index(target.max_age)
        for layer in [lyr for lyr in LAYER_LABELS if lyr in target.layers and lyr in present]:
            row_points = []
            for (label, day), groups in zip(points, dated, strict=True):
                numerator, denominator = rules.target_figure(target.kind, groups.get(layer, {}), v)
                row_points.append(TargetPoint(label, day, numerator, denominator))
            if any(p.denominator for p in row_points):
                out.append(TargetRow(target, layer, row_points))
    return out
