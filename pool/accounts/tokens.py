"""API access tokens (django-rest-knox): issued, used, revoked, all audited.

A token is issued only to an account that passed the same gate as the web
(second factor where the role needs it, no expired or one-time password). Only
its digest is stored; it lives ``REST_KNOX["TOKEN_TTL"]`` from its last use and
never longer than ``AUTO_REFRESH_MAX_TTL`` from its issue. Every token of an
account is deleted when its password changes or is reset, its role changes or
it is disabled. Audited: issue, revocation, failed uses (at most one row per
address and minute) and each token's first use of a day (not every request).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import update_last_login
from django.db import transaction
from django.utils import timezone
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from pool import audit
from pool.models import ApiToken, AuditAction, AuditEntry

INVALID = "API令牌无效、已过期或已撤销，请重新申请"
FAILED_USE = "API令牌无效、已过期或已撤销"
FIRST_USE = "API令牌当日首次使用"
FAILURE_AUDIT_INTERVAL = dt.timedelta(minutes=1)


@transaction.atomic
def issue(user) -> tuple[ApiToken, str]:
    """A new token for ``user`` (who passed the gate); the clear token is returned once."""
    ApiToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    token, key = ApiToken.objects.create(user=user)
    token.last_used_on = timezone.localdate()
    token.save(update_fields=["last_used_on"])
    # A token is a login: an account used only through the API is not idle.
    update_last_login(None, user)
    audit.record(
        user,
        AuditAction.LOGIN,
        user,
        detail=f"签发{token}",
        after={"token": token.label, "expiry": token.expiry},
    )
    return token, key


@transaction.atomic
def revoke(actor, token: ApiToken) -> None:
    """The holder gives up one token (``POST /api/token/revoke/``)."""
    ApiToken.objects.filter(pk=token.pk).delete()
    audit.record(actor, AuditAction.LOGOUT, token.user, detail=f"撤销{token}")


def revoke_all(actor, user, reason: str) -> int:
    """Deletes every token of ``user`` (call inside the change's transaction)."""
    labels = [t.label for t in ApiToken.objects.filter(user=user).only("token_key")]
    if not labels:
        return 0
    ApiToken.objects.filter(user=user).delete()
    audit.record(
        actor,
        AuditAction.LOGOUT,
        user,
        detail=f"撤销全部API令牌（{reason}）",
        before={"tokens": labels},
    )
    return len(labels)


def _audit_failed_use(request) -> None:
    """One row per client address and minute: a client retrying a stale token, or
    someone guessing, cannot flood the log."""
    ip = audit.client_ip(request)
    recent = AuditEntry.objects.filter(
        action=AuditAction.LOGIN_FAILED,
        detail=FAILED_USE,
        ip=ip,
        at__gte=timezone.now() - FAILURE_AUDIT_INTERVAL,
    )
    if not recent.exists():
        audit.record(None, AuditAction.LOGIN_FAILED, actor_name="API令牌", detail=FAILED_USE)


class ApiTokenAuthentication(TokenAuthentication):
    """knox's token check, then the same access policy as the web
    (``pool.accounts.sessions.policy_block``): a token whose account must change its password
    is refused. The second factor was checked when the token was issued."""

    def authenticate_credentials(self, token):
        try:
            return super().authenticate_credentials(token)
        except exceptions.AuthenticationFailed:
            _audit_failed_use(self._request)
            raise exceptions.AuthenticationFailed(INVALID) from None

    def authenticate(self, request):
        self._request = request
        return super().authenticate(request)

    def validate_user(self, auth_token):
        from pool.accounts.sessions import policy_block

        if not auth_token.user.is_active:
            _audit_failed_use(self._request)
            raise exceptions.AuthenticationFailed(INVALID)
        block = policy_block(auth_token.user, verified=True)
        if block is not None:
            raise exceptions.PermissionDenied(block.message)
        today = timezone.localdate()
        if auth_token.last_used_on != today:
            # The update is the guard: of two first requests racing, one audits.
            if (
                ApiToken.objects.filter(pk=auth_token.pk)
                .exclude(last_used_on=today)
                .update(last_used_on=today)
            ):
                audit.record(
                    auth_token.user,
                    AuditAction.LOGIN,
                    auth_token.user,
                    detail=FIRST_USE,
                    after={"token": auth_token.label},
                )
            auth_token.last_used_on = today
        return auth_token.user, auth_token
