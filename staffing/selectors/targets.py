"""配备目标 progress: for each target, per unit level and region, the current value
(how many of how many), the target ratio, its deadline and how many people are
missing to reach it. A fixed number of queries whatever the number of teams."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from pool.models import UnitLevel
from pool.rules import age_at, young_max_age
from pool.selectors import units_for, young_rules
from staffing import rules
from staffing.models import Appointment, LeadershipTeam, StaffingTarget, TargetKind
from staffing.selectors.ledger import UnitNode, UnitTree

LEVEL_ORDER = {code: i for i, (code, _) in enumerate(UnitLevel.choices)}
LEVEL_NAMES = dict(UnitLevel.choices)
TEAM_KINDS = {TargetKind.TEAMS_WITH_YOUNG, TargetKind.BODIES_WITH_YOUNG, TargetKind.EVERY_TEAM}


@dataclass
class TargetRow:
    level: str
    region: UnitNode | None  # None: every region in scope (合计)
    total: int  # 正职, 班子成员 or teams counted
    count: int  # ... of them young (or teams with a young member)
    ratio: Fraction

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.level, self.level)

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
    def reached(self) -> bool:
        return self.missing == 0


@dataclass
class TargetBlock:
    target: StaffingTarget
    counts_teams: bool  # the rows count teams (else people)
    rows: list[TargetRow] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return sum(r.missing for r in self.rows if r.region is None)


@dataclass(frozen=True)
class _Team:
    pk: int
    unit_id: int
    level: str
    kind: str


def _young(birth: dt.date, team: _Team, target: StaffingTarget, limits, ref) -> bool:
    limit = target.max_age if target.max_age is not None else limits(team.level, team.kind)
    return limit is not None and age_at(birth, ref) <= limit


def target_progress(
    user, ref: dt.date, level: str = "", region_id: int | None = None
) -> list[TargetBlock]:
    """Every target's progress at ``ref`` in ``user``'s jurisdiction: one row per
    (level, region) and a 合计 row per level, optionally for one level or region."""
    return progress_in(units_for(user).values("pk"), ref, level, region_id)


Seated = tuple[int, bool, dt.date]  # (team id, chief seat, 出生年月) of one holder


def progress_in(
    scope, ref: dt.date, level: str = "", region_id: int | None = None, seated=None
) -> list[TargetBlock]:
    """``target_progress`` for the teams of the units in ``scope`` (a queryset of unit
    pks); ``seated`` (a list of ``Seated``) stands for the holders on ``ref`` when
    given, so 模拟调配 measures a draft seating with the same code."""
    tree = UnitTree()
    thresholds = young_rules()
    cache: dict[tuple[str, str], int | None] = {}

    def limits(lvl: str, kind: str) -> int | None:
        if (lvl, kind) not in cache:
            cache[(lvl, kind)] = young_max_age(thresholds, lvl, kind)
        return cache[(lvl, kind)]

    teams = {
        pk: _Team(pk, unit_id, lvl, kind)
        for pk, unit_id, lvl, kind in LeadershipTeam.objects.filter(unit__in=scope).values_list(
            "pk", "unit_id", "unit__level", "unit__kind"
        )
    }
    if seated is None:
        seated = list(
            Appointment.objects.serving_on(ref)
            .filter(post__team__unit__in=scope)
            .values_list("post__team_id", "post__is_chief", "cadre__birth_month")
        )
    blocks = []
    for target in StaffingTarget.objects.all():
        wanted = [
            t
            for t in teams.values()
            if (not target.level or t.level == target.level)
            and (not target.unit_kinds or t.kind in target.unit_kinds)
            and (not level or t.level == level)
            and (region_id is None or tree.region_of(t.unit_id).pk == region_id)
        ]
        ids = {t.pk for t in wanted}
        # (level, region pk) -> [total, count]
        tally: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
        counts_teams = target.kind in TEAM_KINDS
        if counts_teams:
            with_young = {
                team_id
                for team_id, _, birth in seated
                if team_id in ids and _young(birth, teams[team_id], target, limits, ref)
            }
            for t in wanted:
                cell = tally[(t.level, tree.region_of(t.unit_id).pk)]
                cell[0] += 1
                cell[1] += t.pk in with_young
        else:
            chiefs_only = target.kind == TargetKind.YOUNG_CHIEFS
            for team_id, is_chief, birth in seated:
                if team_id not in ids or (chiefs_only and not is_chief):
                    continue
                t = teams[team_id]
                cell = tally[(t.level, tree.region_of(t.unit_id).pk)]
                cell[0] += 1
                cell[1] += _young(birth, t, target, limits, ref)
        block = TargetBlock(target, counts_teams)
        by_level: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (lvl, _), (total, count) in tally.items():
            by_level[lvl][0] += total
            by_level[lvl][1] += count
        for lvl in sorted(by_level, key=lambda x: LEVEL_ORDER.get(x, 99)):
            total, count = by_level[lvl]
            block.rows.append(TargetRow(lvl, None, total, count, target.ratio))
            regions = sorted(
                (pk for (l2, pk) in tally if l2 == lvl), key=lambda pk: tree.sort_key(pk)
            )
            if len(regions) > 1:
                for pk in regions:
                    total, count = tally[(lvl, pk)]
                    block.rows.append(TargetRow(lvl, tree.nodes[pk], total, count, target.ratio))
        blocks.append(block)
    return blocks
