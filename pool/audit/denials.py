"""Refused requests in the audit log: every 403 and 404 an authenticated user gets (a
role refused, an object outside the jurisdiction, a settings object of a higher unit)
writes an ``access_denied`` row, once per user and path in a window and at most
``CADRE_DENIAL_AUDIT_PER_USER`` rows per user in it, so probing cannot flood the log.

One middleware sees every refusal, from ``require_roles``, the scoped
``get_object_or_404`` calls, ``require_setting_owner`` and DRF's permission classes
alike, so no view has to remember to record it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone

from pool import audit
from pool.models import AuditAction, AuditEntry

DENIED_STATUSES = {403: "拒绝访问（403）", 404: "对象不存在或不在管辖范围内（404）"}
DEFAULT_WINDOW = 600  # seconds
DEFAULT_PER_USER = 30
_REASON = "_denial_reason"


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "CADRE_DENIAL_AUDIT_WINDOW", DEFAULT_WINDOW))


def record_denial(user, method: str, path: str, status: int, reason: str = "") -> bool:
    """Write one ``access_denied`` row unless this user was already recorded for this
    path in the window, or has reached the per-user cap there. Returns whether it wrote."""
    path = path[:200]
    since = timezone.now() - _window()
    recent = AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, actor_id=user.pk, at__gte=since
    ).aggregate(total=Count("pk"), same_path=Count("pk", filter=Q(object_repr=path)))
    cap = getattr(settings, "CADRE_DENIAL_AUDIT_PER_USER", DEFAULT_PER_USER)
    if recent["same_path"] or recent["total"] >= cap:
        return False
    detail = f"{method} {DENIED_STATUSES[status]}"
    if reason:
        detail = f"{detail}：{reason}"
    audit.record(
        user, AuditAction.ACCESS_DENIED, detail=detail[:500], success=False, object_repr=path
    )
    return True


class DeniedAccessMiddleware:
    """Records 403 and 404 responses to authenticated users (after the view ran, so
    DRF's token users are known too). Place it after ``AuditContextMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in DENIED_STATUSES:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                record_denial(
                    user,
                    request.method,
                    request.path,
                    response.status_code,
                    getattr(request, _REASON, ""),
                )
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied) and exception.args:
            setattr(request, _REASON, str(exception.args[0])[:200])
        return None
