"""Reads of self-service: the person an account is, their requests, and the queue
each role may read (staff: their jurisdiction; a unit committee: its unit, read-only)."""

from __future__ import annotations

from django.db.models import QuerySet

from pool.models import Cadre, CorrectionRequest, CorrectionStatus, Role
from pool.people.selectors import grant_of, units_for

QUEUE_DECIDERS = frozenset({Role.STAFF})
QUEUE_READERS = frozenset({Role.STAFF, Role.UNIT_COMMITTEE})


def own_cadre(user) -> Cadre | None:
    """The person a 干部本人 account is (on the roster), else None: no other role has one."""
    grant = grant_of(user)
    if grant is None or grant.role != Role.CADRE or grant.cadre_id is None:
        return None
    return Cadre.objects.filter(pk=grant.cadre_id, is_active=True).select_related("unit").first()


def own_requests(user) -> QuerySet[CorrectionRequest]:
    cadre = own_cadre(user)
    if cadre is None:
        return CorrectionRequest.objects.none()
    return CorrectionRequest.objects.filter(cadre=cadre).select_related(
        "career_entry", "decided_by"
    )


def queue_for(user) -> QuerySet[CorrectionRequest]:
    """Requests of people in ``user``'s jurisdiction: staff decide them, a unit
    committee reads its own unit's. Everyone else: none."""
    grant = grant_of(user)
    requests = CorrectionRequest.objects.select_related(
        "cadre__unit", "career_entry", "requested_by", "decided_by"
    )
    if grant is None or grant.role not in QUEUE_READERS:
        return requests.none()
    return requests.filter(cadre__unit__in=units_for(user), cadre__is_active=True)


def pending_count(user) -> int:
    return queue_for(user).filter(status=CorrectionStatus.PENDING).count()


def cadres_without_account(unit_ids) -> QuerySet[Cadre]:
    """People on the roster of these units who have no 干部本人 account yet."""
    return (
        Cadre.objects.filter(unit_id__in=unit_ids, is_active=True, account_grant__isnull=True)
        .select_related("unit")
        .order_by("unit__position", "unit_id", "id")
    )
