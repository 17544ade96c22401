"""A per-account request budget kept in the Django cache (Redis): the correction pages
answer 429 with a Chinese page once an account has used its budget for the window."""

from __future__ import annotations

from functools import wraps

from django.core.cache import cache
from django.shortcuts import render


def spend(scope: str, user_id: int, limit: int, window: int) -> bool:
    """Count one request of ``user_id`` in ``scope``; False once ``limit`` is passed
    within ``window`` seconds (the window starts with the first request)."""
    key = f"selfservice:rate:{scope}:{user_id}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit


def rate_limited(scope: str, *, limit: int, window: int, methods=("GET", "POST")):
    """View decorator: at most ``limit`` requests (of ``methods``) per account per
    ``window`` seconds. Put it under the role check: it counts logged-in accounts."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and not spend(scope, request.user.pk, limit, window):
                minutes = max(1, window // 60)
                return render(
                    request,
                    "selfservice/too_many.html",
                    {"minutes": minutes, "limit": limit},
                    status=429,
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
