"""Reads of the 用 stage, scoped to the user's jurisdiction through
``pool.people.selectors.units_for``; what is loaded with what is decided here, once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Prefetch, QuerySet

from pool.models import Unit, UnitKind
from pool.people.rules import seat_max_age
from pool.people.selectors import layer_of, seat_thresholds, unit_ids_for
from staffing import rules
from staffing.models import (
    Appointment,
    LeadershipTeam,
    Post,
    SecondSignOff,
    WarningPolicy,
    WarningRecord,
    WarningRun,
)

# Units that are regions: the city itself and each county (its 党政班子 unit).
REGION_KINDS = frozenset({UnitKind.REGION, UnitKind.COUNTY_LEADERSHIP})


def teams_for(user) -> QuerySet[LeadershipTeam]:
    """Teams of units in ``user``'s jurisdiction, with their unit loaded."""
    return LeadershipTeam.objects.filter(unit_id__in=unit_ids_for(user)).select_related("unit")


@dataclass(frozen=True)
class UnitNode:
    pk: int
    parent_id: int | None
    name: str
    kind: str
    position: int


class UnitTree:
    """Every unit's parent, name and kind in memory (one query), to find each team's
    region and to order teams as the tree does."""

    def __init__(self) -> None:
        self.nodes = {
            pk: UnitNode(pk, parent, name, kind, position)
            for pk, parent, name, kind, position in Unit.objects.values_list(
                "pk", "parent_id", "name", "kind", "position"
            )
        }
        self._keys: dict[int, tuple] = {}

    def region_of(self, unit_id: int) -> UnitNode:
        """The county (or city) a team's unit belongs to: its nearest ancestor that is a
        region. A county's own leadership team belongs to the city above it (市管班子);
        a unit outside any region falls back to its tree root."""
        node = self.nodes[unit_id]
        while node.parent_id is not None:
            node = self.nodes[node.parent_id]
            if node.kind in REGION_KINDS:
                return node
        return node

    def label(self, unit_id: int) -> str:
        """A unit's name as a list shows it: an internal body with its department's
        name in front (县委办公室 · 办公室 would otherwise be just 办公室)."""
        node = self.nodes[unit_id]
        if node.kind == UnitKind.INTERNAL_BODY and node.parent_id is not None:
            return f"{self.nodes[node.parent_id].name}{node.name}"
        return node.name

    def sort_key(self, unit_id: int) -> tuple:
        """Tree order: each ancestor's (position, id) from the root down."""
        if unit_id not in self._keys:
            node = self.nodes[unit_id]
            own = ((node.position, node.pk),)
            parent = self.sort_key(node.parent_id) if node.parent_id is not None else ()
            self._keys[unit_id] = parent + own
        return self._keys[unit_id]


def available_quarters() -> list[str]:
    """Quarters that have warning records, latest first."""
    # order_by() drops Meta.ordering (quarter, team), which would make DISTINCT per team
    quarters = WarningRecord.objects.order_by("-quarter").values_list("quarter", flat=True)
    return list(quarters.distinct())


def latest_warnings_of_unit(unit_id: int) -> list[WarningRecord]:
    """The latest warning record of each team of one unit (a unit committee's home page)."""
    records = (
        WarningRecord.objects.filter(team__unit_id=unit_id)
        .select_related("team__unit")
        .order_by("team_id", "-quarter")
        .distinct("team_id")
    )
    return list(records)


def default_quarter(today: dt.date) -> rules.Quarter:
    """The latest computed quarter, else the last finished one."""
    computed = available_quarters()
    return rules.Quarter.parse(computed[0]) if computed else rules.Quarter.last_finished(today)


@dataclass
class LedgerRow:
    record: WarningRecord
    region: UnitNode
    label: str  # the unit's name, with its department's for an internal body
    previous_level: str = ""

    @property
    def team(self) -> LeadershipTeam:
        return self.record.team

    @property
    def trend(self) -> str:
        """better / worse / same / "" (no previous quarter)."""
        if not self.previous_level or not self.record.level:
            return ""
        if rules.is_worse(self.record.level, self.previous_level):
            return "worse"
        if rules.is_worse(self.previous_level, self.record.level):
            return "better"
        return "same"


@dataclass
class RegionRow:
    unit: UnitNode
    teams: int = 0
    required: int = 0
    met: int = 0
    rate: float | None = None
    levels: Counter = field(default_factory=Counter)

    @property
    def gap(self) -> int:
        return self.required - self.met


@dataclass
class Ledger:
    quarter: rules.Quarter
    rows: list[LedgerRow]  # after the level and region filters
    regions: list[RegionRow]  # every region in scope, whatever the filters
    levels: Counter  # over the region-filtered rows, before the level filter
    motions: list[SecondSignOff] = field(default_factory=list)  # 动议 under this grade


def _regions(rows: list[LedgerRow], tree: UnitTree) -> list[RegionRow]:
    by_region: dict[int, RegionRow] = {}
    pairs: dict[int, list[tuple[int, int]]] = {}
    for row in rows:
        region = by_region.setdefault(row.region.pk, RegionRow(row.region))
        region.teams += 1
        region.levels[row.record.level] += 1
        pairs.setdefault(row.region.pk, []).append((row.record.actual, row.record.required))
    for pk, region in by_region.items():
        done = rules.completion_rate(pairs[pk])
        region.required, region.met, region.rate = done.required, done.met, done.rate
    return sorted(by_region.values(), key=lambda r: tree.sort_key(r.unit.pk))


def _records(quarter: rules.Quarter, unit_ids: list[int] | None) -> QuerySet[WarningRecord]:
    records = WarningRecord.objects.filter(quarter=str(quarter)).select_related("team__unit")
    if unit_ids is not None:
        records = records.filter(team__unit_id__in=unit_ids)
    return records


def _rows(records, tree: UnitTree) -> list[LedgerRow]:
    rows = [
        LedgerRow(r, tree.region_of(r.team.unit_id), tree.label(r.team.unit_id)) for r in records
    ]
    rows.sort(key=lambda r: (tree.sort_key(r.region.pk), tree.sort_key(r.team.unit_id)))
    return rows


def ledger(user, quarter: rules.Quarter, level: str = "", region_id: int | None = None) -> Ledger:
    """配备台账: the quarter's records in ``user``'s jurisdiction, by region, with the
    previous quarter's level beside each and the completion rate of each region."""
    unit_ids = unit_ids_for(user)
    tree = UnitTree()
    rows = _rows(_records(quarter, unit_ids), tree)
    previous = dict(
        WarningRecord.objects.filter(
            quarter=str(quarter.previous()), team_id__in=[r.record.team_id for r in rows]
        ).values_list("team_id", "level")
    )
    for row in rows:
        row.previous_level = previous.get(row.record.team_id, "")
    regions = _regions(rows, tree)
    if region_id is not None:
        rows = [r for r in rows if r.region.pk == region_id]
    levels = Counter(r.record.level for r in rows)
    motions = motions_under(quarter, [r.record.team_id for r in rows])
    if level:
        rows = [r for r in rows if r.record.level == level]
    return Ledger(quarter, rows, regions, levels, motions)


def motions_under(quarter: rules.Quarter, team_ids: list[int]) -> list[SecondSignOff]:
    """The 动议 made under ``quarter``'s grade in these teams, with their 双把关
    opinion and 备案, oldest first (one query)."""
    return list(
        SecondSignOff.objects.filter(quarter=str(quarter), post__team_id__in=team_ids)
        .select_related("cadre", "post__team__unit", "appointment", "signed_by")
        .order_by("created_at", "pk")
    )


@dataclass
class QuarterReport:
    quarter: rules.Quarter
    rows: list[LedgerRow]
    regions: list[RegionRow]


def quarter_report(quarter: rules.Quarter) -> QuarterReport:
    """Every team's record for ``quarter`` and each region's completion (no user scope:
    for the command line and the scheduled run)."""
    tree = UnitTree()
    rows = _rows(_records(quarter, None), tree)
    return QuarterReport(quarter, rows, _regions(rows, tree))


@dataclass
class Holder:
    appointment: Appointment
    age: int
    young: bool


@dataclass
class PostView:
    post: Post
    holders: list[Holder]

    @property
    def vacant(self) -> int:
        return max(0, self.post.quota - len(self.holders))

    @property
    def rows(self) -> list[Holder | None]:
        """One table row per holder, then one per vacant seat (None); at least one."""
        return [*self.holders, *[None] * self.vacant] or [None]


@dataclass
class TeamDetail:
    team: LeadershipTeam
    label: str
    posts: list[PostView]
    max_age: int | None
    history: list[WarningRecord]
    ratio: Fraction = Fraction(1, 5)
    layer: str | None = None

    @property
    def graded(self) -> bool:
        """A 领导班子 with approved seats (内设机构 and 无职数 teams get no level)."""
        return rules.is_team_layer(self.layer) and self.approved_seats > 0

    @property
    def approved_seats(self) -> int:
        return sum(p.post.quota for p in self.posts)

    @property
    def seated(self) -> int:
        return sum(len(p.holders) for p in self.posts)

    @property
    def required(self) -> int:
        """任务量 at today's holders, as the quarterly warning computes it."""
        return rules.required_young(self.approved_seats, self.ratio) if self.graded else 0

    @property
    def actual(self) -> int:
        return sum(1 for p in self.posts for h in p.holders if h.young)

    @property
    def gap(self) -> int:
        return rules.gap(self.required, self.actual)

    @property
    def level(self) -> str | None:
        return rules.warning_level(self.actual, self.required) if self.graded else None


def team_detail(team: LeadershipTeam, today: dt.date, quarters: int = 8) -> TeamDetail:
    """A team's posts, quotas and current holders with their ages, and its recent levels.
    ``team`` comes from ``teams_for(user)``, so it is already in scope."""
    serving = Appointment.objects.serving_on(today).select_related("cadre")
    posts = Post.objects.filter(team=team).prefetch_related(
        Prefetch("appointments", queryset=serving, to_attr="serving")
    )
    layer = layer_of(team.unit)
    max_age = seat_max_age(seat_thresholds(), layer)
    views = []
    for post in posts:
        holders = []
        for appointment in post.serving:
            age = appointment.cadre.age_at(today)
            holders.append(Holder(appointment, age, max_age is not None and age <= max_age))
        views.append(PostView(post, holders))
    history = list(team.warnings.order_by("-quarter")[:quarters])
    label = team.unit.name
    if team.unit.kind == UnitKind.INTERNAL_BODY and team.unit.parent_id:
        label = team.unit.parent.name + label
    ratio = WarningPolicy.current().member_ratio
    return TeamDetail(team, label, views, max_age, history, ratio, layer)


def appointments_of(cadre) -> list[Appointment]:
    """A person's seats, past and present, oldest first (``cadre`` is already in scope:
    it comes from ``cadres_for(user)``)."""
    return list(
        Appointment.objects.filter(cadre=cadre)
        .select_related("post__team__unit")
        .order_by("start_date", "id")
    )


def last_run(quarter: rules.Quarter) -> WarningRun | None:
    """When ``quarter`` was last computed (None: never)."""
    return WarningRun.objects.filter(quarter=str(quarter)).first()
