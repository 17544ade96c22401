"""Login, logout, failed logins and idle timeouts, all written to the audit log."""

from __future__ import annotations

import enum
import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

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
                return redirect(f"{settings.LOGIN_URL_PATH}?next={quote(request.path)}")
            request.session[_LAST_SEEN] = now
        return self.get_response(request)


class Block(enum.Enum):
    """Why an authenticated account may not use the system yet, and where it goes."""

    SECOND_FACTOR = ("accounts:otp", "须先通过双因素认证（动态验证码）")
    PASSWORD_CHANGE = (
        "accounts:change_password",
        "密码已过期、为一次性密码或须首次修改：请先登录网页修改密码",
    )

    def __init__(self, page: str, message: str):
        self.page = page
        self.message = message


def needs_second_factor(user) -> bool:
    """The roles in ``CADRE_OTP_ROLES`` always; a 干部本人 account only once it has set up
    an authenticator itself (optional for that role, binding once chosen)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pool.models import Role
    from pool.people.selectors import grant_of

    grant = grant_of(user)
    if grant is None:
        return False
    if grant.role in settings.CADRE_OTP_ROLES:
        return True
    return (
        grant.role == Role.CADRE and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def policy_block(user, *, verified: bool) -> Block | None:
    """The one access policy for the web and the API: the second factor first (where
    the role needs it), then a password that is one-time, never set or over 90 days
    old. ``verified``: the session passed the second factor, or an API token (issued
    only after it)."""
    from pool.accounts import password_expired

    if needs_second_factor(user) and not verified:
        return Block.SECOND_FACTOR
    if password_expired(user):
        return Block.PASSWORD_CHANGE
    return None


class AccessPolicyMiddleware:
    """Applies ``policy_block`` to every request of a logged-in session: pages are
    sent to the second factor or the password page, ``/api/`` answers 403. API
    tokens pass the same policy in ``pool.accounts.tokens.ApiTokenAuthentication``."""

    OPEN = ("/logout/", "/static/", "/api/token/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(self.OPEN):
            block = policy_block(user, verified=user.is_verified())
            if block is not None:
                page = reverse(block.page)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": block.message}, status=403)
                if request.path != page:
                    return redirect(page)
        return self.get_response(request)


class NoStoreMiddleware:
    """Every response the application itself writes may carry personal data (pages,
    exports, API answers, photos, a revealed ID number): no browser or proxy keeps a
    copy. Static files are served by WhiteNoise before this and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
