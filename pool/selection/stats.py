# Over 400 lines: the Scope object and every aggregate read through it.
"""Aggregate reads of the 选 stage for dashboards and reports, scoped like every selector.

``Scope`` holds a user's jurisdiction in memory (one query) and groups its units into
regions; the aggregates below each run one GROUP BY in the database and fold the
per-unit rows into regions here, so the number of queries never depends on the
number of people, units or teams.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.expressions import RawSQL

from pool.imports import vocabulary
from pool.models import (
    Cadre,
    CadreCategory,
    Decision,
    Education,
    Gender,
    PoolEvent,
    PoolEventKind,
    PoolMembership,
    Recommendation,
    Unit,
    UnitKind,
    UnitLevel,
)
from pool.people import rules
from pool.people.selectors import SUBTREE_ROLES, grant_of, seat_thresholds, units_for, young_q
from pool.selection.selectors import CANDIDATE_LIST_STATUSES

# Units that stand for a region: the city itself and each county (its 党政班子 unit).
REGION_KINDS = frozenset({UnitKind.REGION, UnitKind.COUNTY_LEADERSHIP})
LEVEL_LABELS = dict(UnitLevel.choices)
LEVELS = list(UnitLevel.values)
# A unit and everything below it, walked down the parent index: cheaper to plan and to
# run than thousands of ids in an IN list, and the same set as units_for() gives staff
# and leaders (tests/dashboard/test_dashboard_data.py checks it).
SUBTREE_SQL = (
    f"WITH RECURSIVE subtree(id) AS (SELECT id FROM {Unit._meta.db_table} WHERE id = %s "
    f"UNION ALL SELECT u.id FROM {Unit._meta.db_table} u JOIN subtree s ON u.parent_id = s.id) "
    "SELECT id FROM subtree"
)


def layer_sql(unit: str, parent: str) -> str:
    """``pool.people.rules.seat_layer`` as a SQL expression over the unit table aliased
    ``unit`` and its parent (LEFT JOINed) as ``parent``; NULL outside the six layers.
    Built from the same table (``rules.LAYER_RULES``); the values are code constants."""
    whens = []
    for kind, level, layer in rules.LAYER_RULES:
        if kind in rules.PARENT_LEVEL_KINDS:
            level_of = f"COALESCE({parent}.level, {unit}.level)"
        else:
            level_of = f"{unit}.level"
        whens.append(f"WHEN {unit}.kind = '{kind}' AND {level_of} = '{level}' THEN '{layer}'")
    return "(CASE " + " ".join(whens) + " END)"


@dataclass(frozen=True)
class UnitInfo:
    pk: int
    parent_id: int | None
    name: str
    level: str
    kind: str
    position: int
    parent_level: str | None = None


@dataclass(frozen=True)
class Region:
    """A bar on a dashboard: a county under a city, a township or department under a
    county, or the root's own units together (``is_root``: 江州市本级)."""

    pk: int
    name: str
    is_root: bool = False


@dataclass
class Scope:
    """A user's jurisdiction for dashboards: every unit in it and the region of each.

    Regions are the children of the user's root unit that are regions themselves
    (the counties under a city), with the root's other units together as 本级; when
    the root has no region below it (a county), each child unit is a region (its
    townships, departments, institutions) and the root's own team is 本级.
    """

    root: UnitInfo | None
    units: dict[int, UnitInfo]
    regions: list[Region] = field(default_factory=list)
    _region_of: dict[int, int] = field(default_factory=dict)
    subtree: bool = False  # the whole subtree of ``root`` (staff, leaders)
    _seat_ages: dict[str, int] | None = None

    @classmethod
    def for_user(cls, user) -> Scope:
        grant = grant_of(user)
        subtree = grant is not None and grant.role in SUBTREE_ROLES and grant.unit_id is not None
        if subtree:
            units_qs = Unit.objects.filter(pk__in=RawSQL(SUBTREE_SQL, [grant.unit_id]))
        else:
            units_qs = units_for(user)
        rows = units_qs.values_list(
            "pk", "parent_id", "name", "level", "kind", "position", "parent__level"
        )
        units = {row[0]: UnitInfo(*row) for row in rows}
        root = units.get(grant.unit_id) if grant is not None else None
        scope = cls(root, units, subtree=subtree)
        scope._group()
        return scope

    @property
    def unit_ids(self) -> list[int]:
        return list(self.units)

    @property
    def in_scope(self):
        """For ``unit_id__in=``: the subtree query when the scope is one, else the ids."""
        if self.subtree and self.root is not None:
            return RawSQL(SUBTREE_SQL, [self.root.pk])
        return self.unit_ids

    def in_scope_sql(self, column: str, name: str = "scope") -> tuple[str, dict]:
        """The same as a raw SQL condition on ``column`` with a named parameter."""
        if self.subtree and self.root is not None:
            return f"{column} IN ({SUBTREE_SQL.replace('%s', f'%({name})s')})", {name: self.root.pk}
        return f"{column} = ANY(%({name})s)", {name: self.unit_ids}

    def layer(self, unit_id: int) -> str | None:
        """The layer of the seats in a unit of the scope (``pool.people.rules.seat_layer``)."""
        unit = self.units[unit_id]
        return rules.seat_layer(unit.level, unit.kind, unit.parent_level)

    @property
    def layers(self) -> dict[int, str | None]:
        """``{unit id: layer}`` of every unit in the scope."""
        return {pk: self.layer(pk) for pk in self.units}

    @property
    def seat_ages(self) -> dict[str, int]:
        """The seat table (layer -> max age), read once."""
        if self._seat_ages is None:
            self._seat_ages = seat_thresholds()
        return self._seat_ages

    def max_age(self, unit_id: int) -> int | None:
        """The young threshold of a seat in this unit (by its layer)."""
        return rules.seat_max_age(self.seat_ages, self.layer(unit_id))

    def _group(self) -> None:
        if self.root is None:
            return
        children = sorted(
            (u for u in self.units.values() if u.parent_id == self.root.pk),
            key=lambda u: (u.position, u.pk),
        )
        below = [u for u in children if u.kind in REGION_KINDS] or children
        own = Region(self.root.pk, f"{self.root.name}本级", is_root=True)
        self.regions = [Region(u.pk, u.name) for u in below]
        heads = {u.pk for u in below}
        has_own = False
        for pk in self.units:
            region = self._climb(pk, heads)
            self._region_of[pk] = region
            has_own = has_own or region == self.root.pk
        if has_own:
            self.regions.insert(0, own)

    def _climb(self, pk: int, heads: set[int]) -> int:
        node = self.units[pk]
        path = []
        while node.pk not in heads and node.pk != self.root.pk:
            if node.pk in self._region_of:
                region = self._region_of[node.pk]
                break
            path.append(node.pk)
            parent = self.units.get(node.parent_id)
            if parent is None:  # cannot happen for a subtree; be safe
                region = self.root.pk
                break
            node = parent
        else:
            region = node.pk
        for step in path:
            self._region_of[step] = region
        return region

    def region_of(self, unit_id: int) -> int | None:
        return self._region_of.get(unit_id)

    def region(self, pk: int) -> Region | None:
        return next((r for r in self.regions if r.pk == pk), None)

    def units_in(self, pk: int) -> list[int]:
        """The units behind a bar: a region's units, or a unit's subtree in scope."""
        if self.region(pk) is not None:
            return [u for u, r in self._region_of.items() if r == pk]
        if pk not in self.units:
            return []
        inside, frontier = {pk}, [pk]
        children: dict[int, list[int]] = {}
        for u in self.units.values():
            children.setdefault(u.parent_id, []).append(u.pk)
        while frontier:
            node = frontier.pop()
            for child in children.get(node, []):
                inside.add(child)
                frontier.append(child)
        return sorted(inside)

    def label(self, unit_id: int) -> str:
        """An internal body with its department's name in front (县委办公室办公室)."""
        unit = self.units[unit_id]
        parent = self.units.get(unit.parent_id)
        if unit.kind == UnitKind.INTERNAL_BODY and parent is not None:
            return f"{parent.name}{unit.name}"
        return unit.name

    def sort_key(self, unit_id: int) -> tuple:
        key = []
        node = self.units.get(unit_id)
        while node is not None:
            key.append((node.position, node.pk))
            node = self.units.get(node.parent_id)
        return tuple(reversed(key))


def _cadres(scope: Scope, unit_ids: list[int] | None = None):
    ids = scope.in_scope if unit_ids is None else unit_ids
    return Cadre.objects.filter(unit_id__in=ids, is_active=True).order_by()


def _young_columns(scope: Scope, ref: dt.date) -> dict:
    """The young cadres' count at ``ref``: each judged by their own 职级 against the
    pool ceilings (``young_q``), never by the unit they sit in."""
    return {"young": Count("pk", filter=young_q(ref))}


def _cohort_q(cohort: rules.Cohort) -> Q:
    return Q(
        birth_month__gte=dt.date(cohort.first_year, 1, 1),
        birth_month__lt=dt.date(cohort.last_year + 1, 1, 1),
    )


@dataclass(frozen=True)
class Summary:
    cadres: int
    young: int
    aged_35_or_under: int
    cohorts: list[tuple[rules.Cohort, int]]
    pool_members: int


def summary(scope: Scope, ref: dt.date) -> Summary:
    """Head counts at ``ref``: cadres, young (by their own rank), 35 or under,
    each cohort, and pool members whose stay covers ``ref``. Three queries."""
    extra = {f"c{i}": Count("pk", filter=_cohort_q(c)) for i, c in enumerate(rules.COHORTS)}
    rows = (
        _cadres(scope)
        .values("unit__level", "unit__kind")
        .annotate(
            total=Count("pk"),
            under35=Count("pk", filter=Q(birth_month__gte=rules.young_cutoff(35, ref))),
            **extra,
            **_young_columns(scope, ref),
        )
    )
    totals = {"total": 0, "young": 0, "under35": 0, **dict.fromkeys(extra, 0)}
    for row in rows:
        for key in ("total", "under35", *extra):
            totals[key] += row[key]
        totals["young"] += row["young"]
    members = pool_members_on(scope, ref).count()
    return Summary(
        cadres=totals["total"],
        young=totals["young"],
        aged_35_or_under=totals["under35"],
        cohorts=[(c, totals[f"c{i}"]) for i, c in enumerate(rules.COHORTS)],
        pool_members=members,
    )


def pool_members_on(scope: Scope, ref: dt.date, unit_ids: list[int] | None = None):
    """Pool stays that cover ``ref`` (entered on or before it, not exited by then)."""
    ids = scope.in_scope if unit_ids is None else unit_ids
    return PoolMembership.objects.filter(
        Q(exited_on__isnull=True) | Q(exited_on__gt=ref),
        cadre__unit_id__in=ids,
        entered_on__lte=ref,
    ).order_by()


@dataclass
class RegionLevelCounts:
    region: Region
    total: int = 0
    young: int = 0
    young_by_level: dict[str, int] = field(default_factory=dict)


def young_by_region(scope: Scope, ref: dt.date) -> list[RegionLevelCounts]:
    """Cadres and young cadres of each region at ``ref``, the young by their unit's level.
    One query grouped by unit, folded into regions."""
    out = {
        r.pk: RegionLevelCounts(r, young_by_level=dict.fromkeys(LEVELS, 0)) for r in scope.regions
    }
    rows = (
        _cadres(scope).values("unit_id").annotate(total=Count("pk"), **_young_columns(scope, ref))
    )
    for row in rows:
        unit_id, total = row["unit_id"], row["total"]
        young = row["young"]
        counts = out.get(scope.region_of(unit_id))
        if counts is None:
            continue
        counts.total += total
        counts.young += young
        counts.young_by_level[scope.units[unit_id].level] += young
    return list(out.values())


@dataclass(frozen=True)
class BandCounts:
    band: rules.AgeBand
    men: int
    women: int


def age_structure(scope: Scope, ref: dt.date) -> list[BandCounts]:
    """The age pyramid at ``ref``: cadres by five-year band and sex, one query."""
    agg = {}
    for i, band in enumerate(rules.AGE_BANDS):
        earliest, latest = band.birth_range(ref)
        where = Q()
        if earliest is not None:
            where &= Q(birth_month__gte=earliest)
        if latest is not None:
            where &= Q(birth_month__lte=latest)
        for sex in (Gender.MALE, Gender.FEMALE):
            agg[f"b{i}_{sex}"] = Count("pk", filter=where & Q(gender=sex))
    result = _cadres(scope).aggregate(**agg)
    return [
        BandCounts(band, result[f"b{i}_{Gender.MALE}"], result[f"b{i}_{Gender.FEMALE}"])
        for i, band in enumerate(rules.AGE_BANDS)
    ]


@dataclass(frozen=True)
class EducationCounts:
    label: str
    fulltime: int
    inservice: int


def education_structure(scope: Scope, ref: dt.date) -> list[EducationCounts]:
    """Young cadres' highest 全日制 and 在职 education at ``ref`` (blank: 未填), one query.
    党校 education counts as 在职 education of its level (中央党校研究生: 研究生),
    whichever column holds it."""
    values = [*(v for v in Education.values if not vocabulary.is_party_school(v)), ""]
    fulltime = dict.fromkeys(values, 0)
    inservice = dict.fromkeys(values, 0)
    rows = (
        _cadres(scope)
        .values("fulltime_education", "inservice_education")
        .annotate(**_young_columns(scope, ref))
    )
    for row in rows:
        young = row["young"]
        full, part = row["fulltime_education"], row["inservice_education"]
        if vocabulary.is_party_school(full):
            full, part = "", part or full
        full, part = vocabulary.statistics_level(full), vocabulary.statistics_level(part)
        fulltime[full if full in fulltime else ""] += young
        inservice[part if part in inservice else ""] += young
    labels = dict(Education.choices)
    return [
        EducationCounts(labels.get(value, "未填"), fulltime[value], inservice[value])
        for value in values
    ]


@dataclass(frozen=True)
class CategoryCounts:
    value: str
    label: str
    young: int
    total: int


def category_structure(scope: Scope, ref: dt.date) -> list[CategoryCounts]:
    """干部类别 (选调生, 引进人才 ...) of young cadres and of all cadres at ``ref``;
    cadres whose file gave none are counted as 未填 (listed only when there are any)."""
    young = dict.fromkeys([*CadreCategory.values, ""], 0)
    total = dict.fromkeys([*CadreCategory.values, ""], 0)
    rows = (
        _cadres(scope).values("category").annotate(total=Count("pk"), **_young_columns(scope, ref))
    )
    for row in rows:
        if row["category"] not in total:
            continue
        total[row["category"]] += row["total"]
        young[row["category"]] += row["young"]
    labels = {**dict(CadreCategory.choices), "": "未填"}
    shown = [*CadreCategory.values, *([""] if total[""] else [])]
    return [CategoryCounts(c, labels[c], young[c], total[c]) for c in shown]


@dataclass(frozen=True)
class Funnel:
    year: int
    recommended: int  # people on a submitted list of a round opened that year
    accepted: int  # ... of whom the department accepted
    entered: int  # people who entered (or re-entered) the pool that year
    used: int  # pool members promoted (提拔使用) that year


def pool_funnel(scope: Scope, year: int) -> Funnel:
    """The pool funnel for ``year``, counted in people. Three queries."""
    recs = Recommendation.objects.filter(
        cadre__unit_id__in=scope.in_scope,
        rec_list__round__opens_on__year=year,
        rec_list__status__in=CANDIDATE_LIST_STATUSES,
    ).order_by()
    people = recs.aggregate(
        recommended=Count("cadre_id", distinct=True),
        accepted=Count("cadre_id", distinct=True, filter=Q(decision=Decision.ACCEPTED)),
    )
    events = PoolEvent.objects.filter(
        membership__cadre__unit_id__in=scope.in_scope, happened_on__year=year
    ).order_by()
    moves = events.aggregate(
        entered=Count(
            "membership__cadre_id",
            distinct=True,
            filter=Q(kind__in=[PoolEventKind.ENTRY, PoolEventKind.RE_ENTRY]),
        ),
        used=Count("membership__cadre_id", distinct=True, filter=Q(kind=PoolEventKind.USED)),
    )
    return Funnel(year, people["recommended"], people["accepted"], moves["entered"], moves["used"])


def region_people(scope: Scope, unit_ids: list[int], ref: dt.date) -> dict[int, tuple[int, int]]:
    """``{unit_id: (cadres, young)}`` for the units behind a bar, one query."""
    rows = (
        _cadres(scope, unit_ids)
        .values("unit_id")
        .annotate(total=Count("pk"), **_young_columns(scope, ref))
    )
    return {row["unit_id"]: (row["total"], row["young"]) for row in rows}


def young_cadres_in(unit_ids: list[int], ref: dt.date):
    """Young cadres of the given units at ``ref``, youngest first (the drill-down list,
    paged on the page and exported whole)."""
    return (
        Cadre.objects.filter(unit_id__in=unit_ids, is_active=True)
        .filter(young_q(ref))
        .select_related("unit")
        .order_by("-birth_month", "id")
    )
