"""模拟调配: what a scenario's moves would do to each team's level, each region's
completion rate and the 配备目标, computed with the quarterly warning's own rules
(``rules.standing``, ``rules.completion_rate``) and the targets page's own code
(``targets.progress_in``). Nothing is written; a fixed number of queries whatever
the number of teams or moves."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from pool.models import Cadre, Unit
from pool.people.rules import age_at, seat_max_age
from pool.people.selectors import cadres_for, layer_expression, seat_thresholds, units_for
from staffing import moves as engine
from staffing import rules
from staffing.models import (
    Appointment,
    AppointmentProposal,
    LeadershipTeam,
    Post,
    Scenario,
    ScenarioMove,
    WarningPolicy,
    WarningRecord,
)
from staffing.selectors.ledger import UnitNode, UnitTree
from staffing.selectors.targets import TargetBlock, TargetRow, progress_in

PICK_LIMIT = 20


def scenarios_for(user) -> QuerySet[Scenario]:
    """Scenarios drafted in ``user``'s jurisdiction (its units or a unit below)."""
    return Scenario.objects.filter(unit__in=units_for(user).values("pk")).select_related(
        "unit", "owner"
    )


def scenario_list(user, mine_only: bool) -> QuerySet[Scenario]:
    scenarios = scenarios_for(user).annotate(move_count=Count("moves"))
    return scenarios.filter(owner=user) if mine_only else scenarios


def moves_of(scenario: Scenario) -> list[ScenarioMove]:
    return list(
        scenario.moves.select_related(
            "cadre", "post__team__unit", "leaves__post__team__unit", "proposal"
        ).order_by("position", "pk")
    )


def proposals_for(user) -> QuerySet[AppointmentProposal]:
    """任免建议 from scenarios in ``user``'s jurisdiction, with everything a list names."""
    return AppointmentProposal.objects.filter(
        move__scenario__unit__in=units_for(user).values("pk")
    ).select_related(
        "move__scenario",
        "move__cadre",
        "move__post__team__unit",
        "move__leaves__post__team__unit",
        "appointment",
        "created_by",
        "done_by",
    )


def scope_of(scenario: Scenario) -> QuerySet[Unit]:
    return Unit.objects.subtree(scenario.unit)


@dataclass(frozen=True)
class _Team:
    unit_id: int
    layer: str | None
    seats: int  # 核定职数


@dataclass
class Seating:
    """The teams, posts and holders of a scenario's jurisdiction on its reference date."""

    ref: dt.date
    tree: UnitTree
    teams: dict[int, _Team]
    posts: dict[int, engine.PostSlot]
    seats: list[engine.Seat]
    births: dict[int, dt.date]  # cadre id -> 出生年月
    limits: dict[int, int | None]  # team id -> young threshold
    ratio: Fraction
    scope: QuerySet[Unit]

    def standings(self, seats: list[engine.Seat]) -> dict[int, rules.Standing]:
        members: dict[int, dict[int, dt.date]] = defaultdict(dict)
        for seat in seats:
            members[self.posts[seat.post_id].team_id][seat.cadre_id] = self.births[seat.cadre_id]
        return {
            pk: rules.standing(
                team.seats,
                members.get(pk, {}),
                self.limits[pk],
                self.ratio,
                self.ref,
                team=rules.is_team_layer(team.layer),
            )
            for pk, team in self.teams.items()
        }

    def seated(self, seats: list[engine.Seat]) -> list[tuple[int, bool, dt.date]]:
        """Holders as ``targets.progress_in`` counts them."""
        return [
            (self.posts[s.post_id].team_id, self.posts[s.post_id].is_chief, self.births[s.cadre_id])
            for s in seats
        ]

    def holders(self, seats: list[engine.Seat], post_id: int) -> int:
        return sum(1 for s in seats if s.post_id == post_id)


def seating(scope: QuerySet[Unit], ref: dt.date) -> Seating:
    """Everything the measure needs, in six queries."""
    tree = UnitTree()
    thresholds = seat_thresholds()
    units = scope.values("pk")
    teams = {
        pk: _Team(unit_id, layer, seats)
        for pk, unit_id, layer, seats in LeadershipTeam.objects.filter(unit__in=units)
        .annotate(seats=Coalesce(Sum("posts__quota"), 0), layer=layer_expression("unit__"))
        .values_list("pk", "unit_id", "layer", "seats")
    }
    posts = {
        pk: engine.PostSlot(pk, team_id, quota, is_chief, f"{tree.label(unit_id)}{title}")
        for pk, team_id, quota, is_chief, title, unit_id in Post.objects.filter(
            team__unit__in=units
        ).values_list("pk", "team_id", "quota", "is_chief", "title", "team__unit_id")
    }
    seats, births = [], {}
    for pk, post_id, cadre_id, birth in (
        Appointment.objects.serving_on(ref)
        .filter(post__team__unit__in=units)
        .values_list("pk", "post_id", "cadre_id", "cadre__birth_month")
    ):
        seats.append(engine.Seat(cadre_id, post_id, pk))
        births[cadre_id] = birth
    limits = {pk: seat_max_age(thresholds, t.layer) for pk, t in teams.items()}
    ratio = WarningPolicy.current().member_ratio
    return Seating(ref, tree, teams, posts, seats, births, limits, ratio, scope)


def as_engine_moves(moves: list[ScenarioMove], world: Seating) -> list[engine.Move]:
    for move in moves:
        world.births.setdefault(move.cadre_id, move.cadre.birth_month)
    return [engine.Move(m.cadre_id, m.cadre.name, m.post_id, m.leaves_id) for m in moves]


@dataclass
class MoveView:
    move: ScenarioMove
    number: int  # 第N条
    refused: str = ""
    second_check: str = ""  # 双把关 ahead when it is carried out
    flags: list = field(default_factory=list)  # the person's flags (set by the page)

    @property
    def name(self) -> str:
        return f"第{self.number}条调配（{self.move.label}）"


@dataclass
class TeamChange:
    team_id: int
    label: str
    region: UnitNode
    before: rules.Standing
    after: rules.Standing

    @property
    def changed(self) -> bool:
        return self.before.level != self.after.level


@dataclass
class RegionChange:
    unit: UnitNode
    before: rules.Completion
    after: rules.Completion

    @property
    def changed(self) -> bool:
        return self.before.met != self.after.met or self.before.required != self.after.required


@dataclass
class TargetChange:
    block: TargetBlock
    rows: list[tuple[TargetRow, TargetRow]]  # each level's 合计, before and after

    @property
    def changed(self) -> bool:
        return any(b.count != a.count or b.total != a.total for b, a in self.rows)


@dataclass
class Effect:
    scenario: Scenario
    ref: dt.date
    moves: list[MoveView]
    teams: list[TeamChange]  # the teams the moves touch, and those asked for
    regions: list[RegionChange]
    targets: list[TargetChange] = field(default_factory=list)
    post_holders: dict[int, int] = field(default_factory=dict)  # after the moves

    @property
    def refusals(self) -> list[str]:
        return [f"{m.name}：{m.refused}" for m in self.moves if m.refused]


def _latest_records(team_ids) -> dict[int, WarningRecord]:
    records = (
        WarningRecord.objects.filter(team_id__in=team_ids)
        .order_by("team_id", "-quarter")
        .distinct("team_id")
    )
    return {r.team_id: r for r in records}


def _second_check(move: ScenarioMove, world: Seating, record: WarningRecord | None) -> str:
    if record is None or move.post_id is None:
        return ""
    team_id = world.posts[move.post_id].team_id
    limit = world.limits[team_id]
    age = age_at(move.cadre.birth_month, move.date)
    if record.level not in ("A", "B") or record.gap == 0:
        return ""
    text = (
        f"该班子{record.quarter}为{record.level}级（差额{record.gap}名），"
        "办理前须提出动议并经双把关"
    )
    if rules.needs_second_check(record.level, record.gap, age, limit):
        text += f"；{move.cadre.name}任职时{age}岁，不是年轻干部，任职后差额不减少"
    return text


def effect(
    scenario: Scenario,
    moves: list[ScenarioMove],
    *,
    focus: tuple[int, ...] = (),
    with_targets: bool = True,
) -> Effect:
    """What ``moves`` (in order) do at the scenario's reference date: every touched
    team's standing before and after, every region's completion rate and, unless
    ``with_targets`` is off, each target's 合计 per level. Refused moves are left out
    and named with the reason. ``focus`` adds teams to show even without moves."""
    world = seating(scope_of(scenario), scenario.ref_date)
    steps = as_engine_moves(moves, world)
    after_seats, refused = engine.apply_all(world.seats, world.posts, steps)
    before, after = world.standings(world.seats), world.standings(after_seats)
    touched = {world.posts[m.post_id].team_id for m in moves if m.post_id in world.posts}
    left = {s.appointment_id: s.post_id for s in world.seats}
    touched |= {world.posts[left[m.leaves_id]].team_id for m in moves if m.leaves_id in left}
    touched |= {pk for pk in focus if pk in world.teams}
    records = _latest_records(sorted(touched))
    views = []
    for number, move in enumerate(moves, start=1):
        view = MoveView(move, number, refused.get(number - 1, ""))
        if not view.refused and move.post_id in world.posts:
            team_id = world.posts[move.post_id].team_id
            view.second_check = _second_check(move, world, records.get(team_id))
        views.append(view)
    tree = world.tree
    teams = sorted(
        (
            TeamChange(
                pk,
                tree.label(world.teams[pk].unit_id),
                tree.region_of(world.teams[pk].unit_id),
                before[pk],
                after[pk],
            )
            for pk in touched
        ),
        key=lambda t: tree.sort_key(world.teams[t.team_id].unit_id),
    )
    result = Effect(scenario, world.ref, views, teams, _regions(world, before, after))
    result.post_holders = {pk: world.holders(after_seats, pk) for pk in world.posts}
    if with_targets:
        result.targets = _targets(world, after_seats)
    return result


def _regions(world: Seating, before, after) -> list[RegionChange]:
    pairs: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for pk, team in world.teams.items():
        region = world.tree.region_of(team.unit_id).pk
        pairs[region][0].append((before[pk].actual, before[pk].required))
        pairs[region][1].append((after[pk].actual, after[pk].required))
    return [
        RegionChange(world.tree.nodes[pk], rules.completion_rate(was), rules.completion_rate(will))
        for pk, (was, will) in sorted(pairs.items(), key=lambda kv: world.tree.sort_key(kv[0]))
    ]


def _targets(world: Seating, after_seats: list[engine.Seat]) -> list[TargetChange]:
    units = world.scope.values("pk")
    was = progress_in(units, world.ref, seated=world.seated(world.seats))
    will = progress_in(units, world.ref, seated=world.seated(after_seats))
    changes = []
    for old, new in zip(was, will, strict=True):
        totals = {r.layer: r for r in new.layer_rows}
        rows = [(r, totals[r.layer]) for r in old.layer_rows if r.layer in totals]
        changes.append(TargetChange(new, rows))
    return changes


# --- the move form's pickers ------------------------------------------------------------


@dataclass
class CadreChoice:
    cadre: Cadre
    seats: list[Appointment]  # held on the reference date, in the scenario's jurisdiction


def cadre_choices(user, scenario: Scenario, query: str = "", pk: int | None = None):
    """People in the jurisdiction whose name contains ``query`` (or the one ``pk``),
    each with the seats they hold on the reference date; two queries."""
    people = cadres_for(user).filter(unit__in=scope_of(scenario).values("pk"))
    if pk is not None:
        people = people.filter(pk=pk)
    elif query:
        people = people.filter(Q(name__contains=query))
    else:
        return []
    found = list(people.order_by("name", "pk")[:PICK_LIMIT])
    seats: dict[int, list[Appointment]] = defaultdict(list)
    for seat in (
        Appointment.objects.serving_on(scenario.ref_date)
        .filter(cadre__in=found, post__team__unit__in=scope_of(scenario).values("pk"))
        .select_related("post__team__unit")
        .order_by("start_date", "pk")
    ):
        seats[seat.cadre_id].append(seat)
    return [CadreChoice(c, seats[c.pk]) for c in found]


def team_choices(scenario: Scenario, query: str = "", pk: int | None = None):
    teams = LeadershipTeam.objects.filter(unit__in=scope_of(scenario).values("pk"))
    if pk is not None:
        teams = teams.filter(pk=pk)
    elif query:
        teams = teams.filter(unit__name__contains=query)
    else:
        return []
    return list(teams.select_related("unit", "unit__parent").order_by("unit__name")[:PICK_LIMIT])


def moves_in(user) -> QuerySet[ScenarioMove]:
    """Moves of scenarios in ``user``'s jurisdiction."""
    return ScenarioMove.objects.filter(scenario__in=scenarios_for(user).values("pk"))


# --- comparing scenarios ------------------------------------------------------------------


@dataclass
class CompareRow:
    label: str
    cells: list  # one per scenario: its change, or None where it does not touch this row


@dataclass
class Comparison:
    teams: list[CompareRow]
    regions: list[CompareRow]
    targets: list[CompareRow]  # cells: (before, after) 合计 rows of one target and level


def _rows(effects: list[Effect], items) -> list[CompareRow]:
    """``items(effect)`` gives (key, label, cell) triples; one row per key, in order of
    first appearance."""
    rows: dict = {}
    for index, found in enumerate(effects):
        for key, label, cell in items(found):
            row = rows.setdefault(key, CompareRow(label, [None] * len(effects)))
            row.cells[index] = cell
    return list(rows.values())


def comparison(effects: list[Effect]) -> Comparison:
    return Comparison(
        teams=_rows(effects, lambda e: [(t.team_id, t.label, t) for t in e.teams]),
        regions=_rows(effects, lambda e: [(r.unit.pk, r.unit.name, r) for r in e.regions]),
        targets=_rows(
            effects,
            lambda e: [
                (
                    (t.block.target.pk, before.layer),
                    f"{t.block.target.name}（{before.layer_name}）",
                    (before, after),
                )
                for t in e.targets
                for before, after in t.rows
            ],
        ),
    )
