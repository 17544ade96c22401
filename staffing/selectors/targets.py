"""配备目标 progress: for each target, per seat layer (and region within it), the current
value (how many of how many), the target ratio, its deadline and how many people (or
teams) are missing to reach it. A target is met only when every layer meets it. A
fixed number of queries whatever the number of teams.

The counts come from ``staffing.rules.layer_counts``, the Python twin of the SQL in
``staffing.stats.targets`` (tests/staffing/test_targets.py checks both on the same
cases); ``progress_in`` takes a draft seating so 模拟调配 measures it the same way."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from pool.people.rules import LAYER_LABELS
from pool.people.selectors import layer_expression, seat_thresholds, units_for
from staffing import rules
from staffing.models import Appointment, LeadershipTeam, StaffingTarget
from staffing.selectors.ledger import UnitNode, UnitTree

LAYER_ORDER = {code: i for i, code in enumerate(LAYER_LABELS)}


@dataclass
class TargetRow:
    layer: str
    region: UnitNode | None  # None: every region in scope (合计 of the layer)
    total: int  # 正职, 班子成员 or teams counted
    count: int  # ... of them young (or teams with a young member)
    ratio: Fraction

    @property
    def layer_name(self) -> str:
        return LAYER_LABELS.get(self.layer, self.layer)

    @property
    def value(self) -> float | None:
        return self.count / self.total if self.total else None

    @property
    def required(self) -> int:
        return rules.missing_to_reach(0, self.total, self.ratio)

    @property
    def missing(self) -> int:
        return rules.missing_to_reach(self.count, self.total, self.ratio)

    @property
    def met(self) -> bool | None:
        return rules.target_met(self.count, self.total, self.ratio)

    @property
    def reached(self) -> bool:
        return self.missing == 0


@dataclass
class TargetBlock:
    target: StaffingTarget
    counts_teams: bool  # the rows count teams (else people)
    rows: list[TargetRow] = field(default_factory=list)

    @property
    def layer_rows(self) -> list[TargetRow]:
        """One row per layer (合计 of its regions)."""
        return [r for r in self.rows if r.region is None]

    @property
    def missing(self) -> int:
        return sum(r.missing for r in self.layer_rows)

    @property
    def met(self) -> bool | None:
        """Met only when every layer in scope meets it (None: nothing to count)."""
        return rules.all_met(r.met for r in self.layer_rows)


Seated = tuple[int, bool, dt.date]  # (team id, chief seat, 出生年月) of one holder


def target_progress(
    user, ref: dt.date, layer: str = "", region_id: int | None = None
) -> list[TargetBlock]:
    """Every target's progress at ``ref`` in ``user``'s jurisdiction: a row per layer
    and, where the layer spans several regions, one per region; optionally for one
    layer or region."""
    return progress_in(units_for(user).values("pk"), ref, layer, region_id)


def progress_in(
    scope, ref: dt.date, layer: str = "", region_id: int | None = None, seated=None
) -> list[TargetBlock]:
    """``target_progress`` for the teams of the units in ``scope`` (a queryset of unit
    pks); ``seated`` (a list of ``Seated``) stands for the holders on ``ref`` when
    given, so 模拟调配 measures a draft seating with the same code."""
    tree = UnitTree()
    limits = seat_thresholds()
    teams = {
        pk: (team_layer, tree.region_of(unit_id).pk)
        for pk, unit_id, team_layer in LeadershipTeam.objects.filter(unit__in=scope)
        .annotate(layer=layer_expression("unit__"))
        .exclude(layer=None)
        .values_list("pk", "unit_id", "layer")
    }
    if seated is None:
        seated = list(
            Appointment.objects.serving_on(ref)
            .filter(post__team__unit__in=scope)
            .values_list("post__team_id", "post__is_chief", "cadre__birth_month")
        )
    targets = list(StaffingTarget.objects.all())
    tests = rules.young_tests(t.max_age for t in targets)
    # counts per (layer, region), and per layer for the 合计 rows
    by_region = rules.layer_counts(
        teams, seated, {key: limits.get(key[0]) for key in teams.values()}, tests, ref
    )
    cells: dict[str, dict[int, dict[str, int]]] = defaultdict(dict)
    for (lyr, region), counts in by_region.items():
        cells[lyr][region] = counts
    blocks = []
    for target in targets:
        test = tests.index(target.max_age)
        block = TargetBlock(target, target.counts_teams)
        wanted = [lyr for lyr in target.layers if lyr in cells and (not layer or lyr == layer)]
        for lyr in sorted(wanted, key=lambda x: LAYER_ORDER.get(x, 99)):
            regions = {
                pk: rules.target_figure(target.kind, counts, test)
                for pk, counts in cells[lyr].items()
                if region_id is None or pk == region_id
            }
            if not regions:
                continue
            count = sum(n for n, _ in regions.values())
            total = sum(d for _, d in regions.values())
            block.rows.append(TargetRow(lyr, None, total, count, target.ratio))
            if len(regions) > 1:
                for pk in sorted(regions, key=tree.sort_key):
                    n, d = regions[pk]
                    block.rows.append(TargetRow(lyr, tree.nodes[pk], d, n, target.ratio))
        blocks.append(block)
    return blocks
