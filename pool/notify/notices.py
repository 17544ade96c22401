"""站内提醒: who gets a reminder, writing it once per key, reading and marking it read.

Periodic tasks (talks overdue, training short, 试用期 ending ...) call ``notify`` with a
``key`` that names the thing and the period, so running a task twice writes nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from pool.models import ListKind, Notice, RecommendationList, Role, RoleGrant, Unit


def staff_responsible_for(unit: Unit) -> QuerySet:
    """Active 组织部 staff accounts whose jurisdiction contains ``unit``."""
    ancestors = Unit.objects.ancestors(unit, include_self=True).values("pk")
    grants = RoleGrant.objects.filter(role=Role.STAFF, unit__in=ancestors)
    return get_user_model().objects.filter(is_active=True, grant__in=grants)


LIST_WRITERS = {ListKind.UNIT: Role.UNIT_COMMITTEE, ListKind.SECTOR: Role.SECTOR_DEPT}


def list_writers(rec_list: RecommendationList | None = None) -> QuerySet:
    """Active accounts that write ``rec_list`` (its unit committee, sector department or
    organisation department); without a list, every unit committee and sector department."""
    if rec_list is None:
        grants = RoleGrant.objects.filter(role__in=LIST_WRITERS.values())
    else:
        role = LIST_WRITERS.get(rec_list.kind, Role.STAFF)
        grants = RoleGrant.objects.filter(role=role, unit_id=rec_list.unit_id)
        if rec_list.kind == ListKind.SECTOR:
            grants = grants.filter(sector=rec_list.sector)
    return get_user_model().objects.filter(is_active=True, grant__in=grants)


def notify(
    recipients: Iterable, *, kind: str, title: str, body: str = "", url: str = "", key: str = ""
) -> int:
    """Write one notice per recipient; with ``key``, at most one per recipient ever.

    Returns the number of recipients (including those who already had this key)."""
    notices = [
        Notice(recipient=user, kind=kind, title=title[:200], body=body, url=url, key=key)
        for user in recipients
    ]
    Notice.objects.bulk_create(notices, ignore_conflicts=bool(key))
    return len(notices)


def already_sent(keys: Iterable[str]) -> set[tuple[int, str]]:
    """(recipient id, key) of the notices written before with these keys, so a caller
    can tell whom a rerun reminds for the first time."""
    return set(Notice.objects.filter(key__in=list(keys)).values_list("recipient_id", "key"))


def notices_for(user) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=user)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, pk: int | None = None) -> int:
    """Mark one notice (or, without ``pk``, all of them) read; only the user's own."""
    unread = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
