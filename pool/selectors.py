"""Reads, scoped to the user's jurisdiction. Every page, list, export and API
endpoint gets its units and cadres from here, never from ``Model.objects``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, IntegerField, Q, QuerySet, Value, When

from pool import rules
from pool.models import (
    OPEN_POOL_STATUSES,
    Cadre,
    Inspection,
    InspectionStatus,
    ListKind,
    ListStatus,
    PoolAgeCeiling,
    PoolEvent,
    PoolMembership,
    Recommendation,
    RecommendationList,
    RecommendationRound,
    Role,
    RoleGrant,
    SavedSearch,
    Unit,
    UnitKind,
    UnitLevel,
    Veto,
    YoungThreshold,
)

# Roles that read cadre records, and how far their scope reaches.
SUBTREE_ROLES = {Role.STAFF, Role.LEADER}


def grant_of(user) -> RoleGrant | None:
    if not user.is_authenticated:
        return None
    try:
        return user.grant
    except RoleGrant.DoesNotExist:
        return None


def units_for(user) -> QuerySet[Unit]:
    """The units whose people and records ``user`` may see."""
    grant = grant_of(user)
    # A 干部本人 account has no jurisdiction: its own record is read through
    # pool.selfservice.selectors.own_cadre, never through a scope.
    if grant is None or grant.unit_id is None or grant.role == Role.CADRE:
        return Unit.objects.none()
    if grant.role in SUBTREE_ROLES:
        return Unit.objects.subtree(grant.unit)
    if grant.role == Role.UNIT_COMMITTEE:
        return Unit.objects.filter(pk=grant.unit_id)
    if grant.role == Role.SECTOR_DEPT:
        return Unit.objects.subtree(grant.unit).filter(sector=grant.sector)
    return Unit.objects.none()


def may_change_setting(user, setting) -> bool:
    """A settings object (``owner_unit_field``) may be changed by staff whose jurisdiction
    contains its owner unit; a blank owner is the top of the tree, so only staff of a
    top unit. A county's staff read the city's targets and rules but cannot change them."""
    grant = grant_of(user)
    if grant is None or grant.role != Role.STAFF or grant.unit_id is None:
        return False
    if setting.owner_id is None:
        return grant.unit.parent_id is None
    return units_for(user).filter(pk=setting.owner_id).exists()


def setting_owners(user) -> frozenset:
    """The ``owner_id`` values of the settings ``user`` may change (``None``: the top of
    the tree), for pages that show an edit button per row: one query."""
    grant = grant_of(user)
    if grant is None or grant.role != Role.STAFF or grant.unit_id is None:
        return frozenset()
    owners = set(units_for(user).values_list("pk", flat=True))
    if grant.unit.parent_id is None:
        owners.add(None)
    return frozenset(owners)


def jurisdiction_top(user) -> list[int]:
    """The unit at the top of ``user``'s jurisdiction (their grant's), or none."""
    grant = grant_of(user)
    return [grant.unit_id] if grant is not None and grant.unit_id else []


ID_LIST_LIMIT = 5000


def _unit_ids(user) -> list[int] | QuerySet:
    """The pks of ``user``'s units: a list (the planner then reads a county's people by
    index), or past ID_LIST_LIMIT units (a province's 66,000) a subquery, as so many
    parameters cost more to send and plan than the query itself. One query either way."""
    units = units_for(user).order_by().values_list("pk", flat=True)
    ids = list(units[: ID_LIST_LIMIT + 1])
    return ids if len(ids) <= ID_LIST_LIMIT else units_for(user).order_by().values("pk")


def cadres_for(user) -> QuerySet[Cadre]:
    """Cadres in ``user``'s jurisdiction, with their unit loaded."""
    return Cadre.objects.filter(unit_id__in=_unit_ids(user), is_active=True).select_related("unit")


def seat_thresholds() -> dict[str, int]:
    """The seat table: layer -> the age up to which its holder is young."""
    return dict(YoungThreshold.objects.values_list("layer", "max_age"))


def pool_ceilings() -> dict[str, int]:
    """The people table: 职级 (blank = any other) -> the pool ceiling."""
    return dict(PoolAgeCeiling.objects.values_list("rank", "max_age"))


def person_max_age(cadre: Cadre) -> int | None:
    """The pool ceiling of ``cadre`` by their own 职级."""
    return rules.pool_max_age(pool_ceilings(), cadre.rank)


def layer_of(unit: Unit) -> str | None:
    """The layer of the seats in ``unit`` (reads its parent's level for a 内设机构)."""
    parent_level = None
    if unit.kind in rules.PARENT_LEVEL_KINDS and unit.parent_id:
        parent_level = Unit.objects.filter(pk=unit.parent_id).values_list("level", flat=True)[0]
    return rules.seat_layer(unit.level, unit.kind, parent_level)


def layers_of(unit_ids) -> dict[int, str | None]:
    """``{unit id: layer}`` for many units, one query."""
    rows = Unit.objects.filter(pk__in=unit_ids).values_list("pk", "level", "kind", "parent__level")
    return {pk: rules.seat_layer(level, kind, parent) for pk, level, kind, parent in rows}


def seat_max_age_of(unit: Unit) -> int | None:
    """The young threshold of a seat in ``unit`` (None outside the six layers)."""
    return rules.seat_max_age(seat_thresholds(), layer_of(unit))


def layer_expression(prefix: str = "", values: dict[str, int] | None = None) -> Case:
    """``pool.rules.seat_layer`` in SQL, from the same table: the layer of the unit at
    ``prefix`` (``"post__team__unit__"``); NULL outside the six layers. With ``values``
    (a layer -> number map such as ``seat_thresholds()``) the number of its layer."""
    whens = []
    for kind, level, layer in rules.LAYER_RULES:
        if kind in rules.PARENT_LEVEL_KINDS:
            level_of = Q(**{f"{prefix}parent__level": level}) | Q(
                **{f"{prefix}parent__isnull": True, f"{prefix}level": level}
            )
        else:
            level_of = Q(**{f"{prefix}level": level})
        then = Value(layer) if values is None else Value(values.get(layer))
        whens.append(When(Q(**{f"{prefix}kind": kind}) & level_of, then=then))
    output = CharField() if values is None else IntegerField()
    return Case(*whens, default=Value(None), output_field=output)


def young_q(ref: dt.date, cadre_prefix: str = "") -> Q:
    """A filter for cadres who are young cadres at ``ref`` by their own 职级 (the pool
    ceilings), whatever unit they sit in. One OR-ed condition per ceiling, so a count
    is one query; from another model pass the prefix (``young_q(ref, "cadre__")``)."""
    ceilings = pool_ceilings()
    condition = Q(pk__in=[])
    for rank, max_age in ceilings.items():
        born = Q(**{f"{cadre_prefix}birth_month__gte": rules.young_cutoff(max_age, ref)})
        if rank:
            where = Q(**{f"{cadre_prefix}rank": rank})
        else:  # every rank without a row of its own
            where = ~Q(**{f"{cadre_prefix}rank__in": [r for r in ceilings if r]})
        condition |= where & born
    return condition


@dataclass(frozen=True)
class HomeCounts:
    units: int
    cadres: int
    young: int
    aged_35_or_under: int
    born_90s: int


def home_counts(user, ref: dt.date) -> HomeCounts:
    unit_ids = _unit_ids(user)
    unit_count = len(unit_ids) if isinstance(unit_ids, list) else unit_ids.count()
    cadres = Cadre.objects.filter(unit_id__in=unit_ids, is_active=True)
    agg = cadres.aggregate(
        total=Count("pk"),
        young=Count("pk", filter=young_q(ref)),
        under35=Count("pk", filter=Q(birth_month__gte=rules.young_cutoff(35, ref))),
        born_90s=Count(
            "pk",
            filter=Q(birth_month__gte=dt.date(1990, 1, 1), birth_month__lt=dt.date(2000, 1, 1)),
        ),
    )
    return HomeCounts(
        units=unit_count,
        cadres=agg["total"],
        young=agg["young"],
        aged_35_or_under=agg["under35"],
        born_90s=agg["born_90s"],
    )


def young_by_unit_level(user, ref: dt.date) -> list[dict]:
    """Young cadres grouped by the level of their unit, for the home page table."""
    rows = (
        cadres_for(user)
        .values("unit__level")
        .annotate(total=Count("pk"), young=Count("pk", filter=young_q(ref)))
        .order_by("unit__level")
    )
    labels = dict(Unit._meta.get_field("level").choices)
    return [{"level": labels.get(r["unit__level"], r["unit__level"]), **r} for r in rows]


# ---------------------------------------------------------------------------
# 选: recommendation rounds and lists, merged candidates, the pool.
# ---------------------------------------------------------------------------

# A list in one of these statuses puts its people before the department.
CANDIDATE_LIST_STATUSES = (ListStatus.SUBMITTED, ListStatus.UNDER_REVIEW, ListStatus.ACCEPTED)
# The kind of list each role writes (its own list).
OWN_LIST_KIND = {
    Role.UNIT_COMMITTEE: ListKind.UNIT,
    Role.SECTOR_DEPT: ListKind.SECTOR,
    Role.STAFF: ListKind.ORG,
}


def current_round() -> RecommendationRound | None:
    """The open round starting last, else the latest round."""
    rounds = RecommendationRound.objects.order_by("-opens_on", "-id")
    return rounds.filter(is_open=True).first() or rounds.first()


def round_or_current(pk) -> RecommendationRound | None:
    if pk:
        try:
            return RecommendationRound.objects.get(pk=int(pk))
        except (RecommendationRound.DoesNotExist, ValueError, TypeError):
            return None
    return current_round()


def lists_for(user) -> QuerySet[RecommendationList]:
    """Lists ``user`` may read: a unit committee its own unit's, a sector department
    its sector's, staff every list of a unit in their jurisdiction."""
    grant = grant_of(user)
    lists = RecommendationList.objects.select_related("round", "unit")
    if grant is None or grant.unit_id is None:
        return lists.none()
    if grant.role == Role.UNIT_COMMITTEE:
        return lists.filter(kind=ListKind.UNIT, unit_id=grant.unit_id)
    if grant.role == Role.SECTOR_DEPT:
        return lists.filter(kind=ListKind.SECTOR, unit_id=grant.unit_id, sector=grant.sector)
    if grant.role == Role.STAFF:
        return lists.filter(unit_id__in=_unit_ids(user))
    return lists.none()


def own_list_key(user) -> dict | None:
    """The natural key (kind, unit, sector) of the list ``user`` writes, or None."""
    grant = grant_of(user)
    if grant is None or grant.unit_id is None or grant.role not in OWN_LIST_KIND:
        return None
    kind = OWN_LIST_KIND[grant.role]
    return {
        "kind": kind,
        "unit_id": grant.unit_id,
        "sector": grant.sector if kind == ListKind.SECTOR else "",
    }


def own_lists(user) -> QuerySet[RecommendationList]:
    """The lists ``user`` writes (one per round)."""
    key = own_list_key(user)
    if key is None:
        return RecommendationList.objects.none()
    return RecommendationList.objects.select_related("round", "unit").filter(**key)


def own_list(user, round_: RecommendationRound) -> RecommendationList | None:
    return own_lists(user).filter(round=round_).first()


def list_recommendations(rec_list: RecommendationList) -> QuerySet[Recommendation]:
    return rec_list.recommendations.select_related("cadre__unit").order_by("id")


def recommendations_for(user) -> QuerySet[Recommendation]:
    """Recommendations on lists ``user`` may read."""
    return Recommendation.objects.filter(rec_list__in=lists_for(user)).select_related(
        "rec_list__round", "rec_list__unit", "cadre__unit"
    )


def own_recommendations(user) -> QuerySet[Recommendation]:
    """Recommendations on the lists ``user`` writes."""
    return Recommendation.objects.filter(rec_list__in=own_lists(user)).select_related(
        "rec_list__round", "rec_list__unit", "cadre__unit"
    )


def roster_choices(user, exclude_ids=(), q: str = "", limit: int = 200) -> list[Cadre]:
    """People ``user`` may put on their list: youngest first, at most ``limit``."""
    cadres = cadres_for(user).exclude(pk__in=list(exclude_ids))
    if q:
        cadres = cadres.filter(Q(name__contains=q) | Q(current_position__contains=q))
    return list(cadres.order_by("-birth_month", "id")[:limit])


def status_counts(lists: QuerySet[RecommendationList]) -> dict[str, int]:
    rows = lists.order_by().values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in ListStatus.values}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def active_veto_ids(cadre_ids) -> set[int]:
    return set(
        Veto.objects.filter(cadre_id__in=list(cadre_ids), active=True).values_list(
            "cadre_id", flat=True
        )
    )


def open_memberships(cadre_ids) -> dict[int, PoolMembership]:
    rows = PoolMembership.objects.filter(cadre_id__in=list(cadre_ids), exited_on__isnull=True)
    return {m.cadre_id: m for m in rows}


@dataclass
class Candidate:
    """One person recommended in a round, with every list that named them."""

    cadre: Cadre
    sources: list[Recommendation]
    membership: PoolMembership | None = None
    vetoed: bool = False

    @property
    def decision(self) -> str:
        return "accepted" if self.membership else self.sources[0].decision


def merged_candidates(
    user, round_: RecommendationRound, q: str = "", *, cadre_ids=None
) -> list[Candidate]:
    """One row per person on the submitted lists of ``round_`` that ``user`` may read,
    with all sources (of ``cadre_ids`` only, when given). Three queries (plus the
    jurisdiction), whatever the numbers."""
    recs = (
        recommendations_for(user)
        .filter(rec_list__round=round_, rec_list__status__in=CANDIDATE_LIST_STATUSES)
        .order_by("cadre__unit__position", "cadre__unit_id", "cadre_id", "rec_list__kind", "id")
    )
    if cadre_ids is not None:
        recs = recs.filter(cadre_id__in=list(cadre_ids))
    if q:
        recs = recs.filter(Q(cadre__name__contains=q) | Q(cadre__unit__name__contains=q))
    by_cadre: dict[int, Candidate] = {}
    for rec in recs:
        if rec.cadre_id in by_cadre:
            by_cadre[rec.cadre_id].sources.append(rec)
        else:
            by_cadre[rec.cadre_id] = Candidate(rec.cadre, [rec])
    memberships = open_memberships(by_cadre)
    vetoed = active_veto_ids(by_cadre)
    for cadre_id, candidate in by_cadre.items():
        candidate.membership = memberships.get(cadre_id)
        candidate.vetoed = cadre_id in vetoed
    return list(by_cadre.values())


def other_sources(rec_list: RecommendationList, cadre_ids) -> dict[int, list[RecommendationList]]:
    """For a review page: the other submitted lists of the round naming the same people."""
    rows = (
        Recommendation.objects.filter(
            cadre_id__in=list(cadre_ids),
            rec_list__round_id=rec_list.round_id,
            rec_list__status__in=[*CANDIDATE_LIST_STATUSES, ListStatus.RETURNED],
        )
        .exclude(rec_list=rec_list)
        .select_related("rec_list__unit")
    )
    out: dict[int, list[RecommendationList]] = {}
    for rec in rows:
        out.setdefault(rec.cadre_id, []).append(rec.rec_list)
    return out


def pool_members_for(
    user, *, tier: str = "", status: str = "", unit_id=None, q: str = ""
) -> QuerySet[PoolMembership]:
    """Pool stays of people in ``user``'s jurisdiction, current ones unless ``status``
    asks for used/exited; one query for the page, whatever the number of members."""
    members = PoolMembership.objects.filter(cadre__unit_id__in=_unit_ids(user)).select_related(
        "cadre__unit", "round"
    )
    if status == "all":
        pass  # the caller filters by status (the pool page's filter set)
    elif status:
        members = members.filter(status=status)
    else:
        members = members.filter(status__in=OPEN_POOL_STATUSES)
    if tier:
        members = members.filter(tier=tier)
    if unit_id:
        members = members.filter(cadre__unit_id=unit_id)
    if q:
        members = members.filter(
            Q(cadre__name__contains=q) | Q(cadre__current_position__contains=q)
        )
    return members.order_by("tier", "cadre__unit__position", "cadre__unit_id", "cadre__birth_month")


def pool_history(cadre: Cadre) -> list[PoolEvent]:
    """Every pool event of a person across all their stays, oldest first."""
    return list(
        PoolEvent.objects.filter(membership__cadre=cadre)
        .select_related("membership", "actor")
        .order_by("happened_on", "id")
    )


def vetoes_of(cadre: Cadre) -> QuerySet[Veto]:
    return cadre.vetoes.select_related("recorded_by").order_by("-recorded_at", "-id")


def inspections_for(user) -> QuerySet[Inspection]:
    """Inspections of people in ``user``'s jurisdiction, with the person and unit loaded."""
    return Inspection.objects.filter(membership__cadre__unit_id__in=_unit_ids(user)).select_related(
        "membership__cadre__unit", "created_by"
    )


def expiring_inspections(
    inspections: QuerySet[Inspection], today: dt.date, days: int
) -> QuerySet[Inspection]:
    """Running inspections whose expiry falls within ``days`` of ``today`` (or has
    passed and the daily lapse has not run yet), soonest first."""
    return inspections.filter(
        status=InspectionStatus.ACTIVE, expires_on__lte=today + dt.timedelta(days=days)
    ).order_by("expires_on", "id")


def vetoes_for(user) -> QuerySet[Veto]:
    return Veto.objects.filter(cadre__unit_id__in=_unit_ids(user)).select_related(
        "cadre__unit", "recorded_by"
    )


def open_membership_of(cadre_id: int) -> PoolMembership | None:
    """The person's current pool stay (for staffing, before it calls ``mark_used``)."""
    return PoolMembership.objects.filter(cadre_id=cadre_id, exited_on__isnull=True).first()


def saved_searches(user, page: str) -> list[SavedSearch]:
    return list(SavedSearch.objects.filter(user=user, page=page).order_by("name"))


def township_names() -> list[str]:
    """Names of the township-level units on file (青石镇): a 简历 line naming one is
    基层工作经历 whatever follows (``rules.is_grassroots``). One query."""
    return list(
        Unit.objects.filter(level=UnitLevel.TOWNSHIP, kind=UnitKind.TOWNSHIP)
        .exclude(name="")
        .values_list("name", flat=True)
    )
