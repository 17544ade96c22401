"""Reads, scoped to the user's jurisdiction. Every page, list, export and API
endpoint gets its units and cadres from here, never from ``Model.objects``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from pool import rules
from pool.models import Cadre, Role, RoleGrant, Unit, YoungThreshold

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
    if grant is None or grant.unit_id is None:
        return Unit.objects.none()
    if grant.role in SUBTREE_ROLES:
        return Unit.objects.descendants(grant.unit, include_self=True)
    if grant.role == Role.UNIT_COMMITTEE:
        return Unit.objects.filter(pk=grant.unit_id)
    if grant.role == Role.SECTOR_DEPT:
        return Unit.objects.descendants(grant.unit, include_self=True).filter(sector=grant.sector)
    return Unit.objects.none()


def _unit_ids(user) -> list[int]:
    return list(units_for(user).values_list("pk", flat=True))


def cadres_for(user) -> QuerySet[Cadre]:
    """Cadres in ``user``'s jurisdiction, with their unit loaded."""
    return Cadre.objects.filter(unit_id__in=_unit_ids(user), is_active=True).select_related("unit")


def young_rules() -> list[rules.YoungRule]:
    return [t.as_rule() for t in YoungThreshold.objects.all()]


def young_q(ref: dt.date, unit_prefix: str = "unit__") -> Q:
    """A filter for cadres who are young for a seat in their own unit, at ``ref``.

    One OR-ed condition per threshold row, most specific first, so the count is
    one query whatever the number of people.
    """
    thresholds = young_rules()
    condition = Q(pk__in=[])
    exact = {(r.level, r.kind) for r in thresholds if r.kind}
    for rule in thresholds:
        where = Q(**{f"{unit_prefix}level": rule.level})
        if rule.kind:
            where &= Q(**{f"{unit_prefix}kind": rule.kind})
        else:
            others = [k for (lvl, k) in exact if lvl == rule.level]
            where &= ~Q(**{f"{unit_prefix}kind__in": others})
        condition |= where & Q(birth_month__gte=rules.young_cutoff(rule.max_age, ref))
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
        units=len(unit_ids),
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
