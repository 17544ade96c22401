"""Reads, scoped to the user's jurisdiction. Every page, list, export and API
endpoint gets its units and cadres from here, never from ``Model.objects``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, IntegerField, Q, QuerySet, Value, When

from pool.models import (
    Cadre,
    PoolAgeCeiling,
    Role,
    RoleGrant,
    Unit,
    UnitKind,
    UnitLevel,
    YoungThreshold,
)
from pool.people import rules

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


def unit_ids_for(user) -> list[int] | QuerySet:
    """The pks of ``user``'s units: a list (the planner then reads a county's people by
    index), or past ID_LIST_LIMIT units (a province's 66,000) a subquery, as so many
    parameters cost more to send and plan than the query itself. One query either way."""
    units = units_for(user).order_by().values_list("pk", flat=True)
    ids = list(units[: ID_LIST_LIMIT + 1])
    return ids if len(ids) <= ID_LIST_LIMIT else units_for(user).order_by().values("pk")


def cadres_for(user) -> QuerySet[Cadre]:
    """Cadres in ``user``'s jurisdiction, with their unit loaded."""
    return Cadre.objects.filter(unit_id__in=unit_ids_for(user), is_active=True).select_related(
        "unit"
    )


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
    """``pool.people.rules.seat_layer`` in SQL, from the same table: the layer of the unit at
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
    unit_ids = unit_ids_for(user)
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
        units=len(unit_ids) if isinstance(unit_ids, list) else unit_ids.count(),
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


def township_names() -> list[str]:
    """Names of the township-level units on file (青石镇): a 简历 line naming one is
    基层工作经历 whatever follows (``rules.is_grassroots``). One query."""
    return list(
        Unit.objects.filter(level=UnitLevel.TOWNSHIP, kind=UnitKind.TOWNSHIP)
        .exclude(name="")
        .values_list("name", flat=True)
    )
