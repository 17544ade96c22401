"""Reads of 选, scoped to the user's jurisdiction (through ``pool.people.selectors``): rounds,
lists, recommendations, candidates, the pool, vetoes, inspections, saved searches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from pool.models import (
    OPEN_POOL_STATUSES,
    Cadre,
    Inspection,
    InspectionStatus,
    ListKind,
    ListStatus,
    PoolEvent,
    PoolMembership,
    Recommendation,
    RecommendationList,
    RecommendationRound,
    Role,
    SavedSearch,
    Veto,
)
from pool.people.selectors import cadres_for, grant_of, unit_ids_for

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
        return lists.filter(unit_id__in=unit_ids_for(user))
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
    members = PoolMembership.objects.filter(cadre__unit_id__in=unit_ids_for(user)).select_related(
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
    return Inspection.objects.filter(
        membership__cadre__unit_id__in=unit_ids_for(user)
    ).select_related("membership__cadre__unit", "created_by")


def expiring_inspections(
    inspections: QuerySet[Inspection], today: dt.date, days: int
) -> QuerySet[Inspection]:
    """Running inspections whose expiry falls within ``days`` of ``today`` (or has
    passed and the daily lapse has not run yet), soonest first."""
    return inspections.filter(
        status=InspectionStatus.ACTIVE, expires_on__lte=today + dt.timedelta(days=days)
    ).order_by("expires_on", "id")


def vetoes_for(user) -> QuerySet[Veto]:
    return Veto.objects.filter(cadre__unit_id__in=unit_ids_for(user)).select_related(
        "cadre__unit", "recorded_by"
    )


def open_membership_of(cadre_id: int) -> PoolMembership | None:
    """The person's current pool stay (for staffing, before it calls ``mark_used``)."""
    return PoolMembership.objects.filter(cadre_id=cadre_id, exited_on__isnull=True).first()


def saved_searches(user, page: str) -> list[SavedSearch]:
    return list(SavedSearch.objects.filter(user=user, page=page).order_by("name"))
