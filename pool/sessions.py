"""Login, logout, failed logins and idle timeouts, all written to the audit log."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.shortcuts import redirect

from pool import audit
from pool.models import AuditAction

_LAST_SEEN = "last_seen"


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None:
        request.session[_LAST_SEEN] = time.time()
    audit.record(user, AuditAction.LOGIN)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None and not getattr(request, "_audit_timeout", False):
        audit.record(user, AuditAction.LOGOUT)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit.record(None, AuditAction.LOGIN_FAILED, actor_name=username, success=False)


class IdleTimeoutMiddleware:
    """Ends a session idle for longer than ``SESSION_IDLE_TIMEOUT`` seconds and audits it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(_LAST_SEEN, now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                user = request.user
                request._audit_timeout = True
                logout(request)
                audit.record(user, AuditAction.SESSION_TIMEOUT, detail="空闲超时自动退出")
                messages.info(request, "您已超过30分钟未操作，已自动退出，请重新登录。")
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            request.session[_LAST_SEEN] = now
        return self.get_response(request)


class PasswordPolicyMiddleware:
    """Sends a user whose password must change (first login, reset, older than 90
    days) to the password page before anything else."""

    ALLOWED = ("/accounts/password/", "/logout/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and not request.path.startswith(self.ALLOWED)
            and not request.path.startswith("/api/")
        ):
            from pool.accounts import password_expired

            if password_expired(request.user):
                return redirect("accounts:change_password")
        return self.get_response(request)


def needs_second_factor(user) -> bool:
    from pool.selectors import grant_of

    grant = grant_of(user)
    return grant is not None and grant.role in settings.CADRE_OTP_ROLES


class SecondFactorMiddleware:
    """Staff and the three administrators confirm a TOTP code after the password
    (first time: they set up their authenticator app)."""

    ALLOWED = ("/accounts/otp/", "/accounts/password/", "/logout/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.ALLOWED)
            and needs_second_factor(user)
            and not user.is_verified()
        ):
            return redirect("accounts:otp")
        return self.get_response(request)
