"""Rate limits of the anonymous ballot page, in the shared cache: per client IP and
round, a ceiling on requests and a lower one on refused codes (guessing)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from pool.audit import client_ip


def _key(kind: str, request, round_id: int) -> str:
    return f"votes:{kind}:{round_id}:{client_ip(request) or '-'}"


def _bump(key: str) -> int:
    if cache.add(key, 1, settings.VOTE_RATE_WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, settings.VOTE_RATE_WINDOW)
        return 1


def allow_request(request, round_id: int) -> bool:
    """Count this request; False once the IP has made too many, or too many refused codes."""
    if (cache.get(_key("fail", request, round_id)) or 0) >= settings.VOTE_RATE_FAILURES:
        return False
    return _bump(_key("req", request, round_id)) <= settings.VOTE_RATE_REQUESTS


def count_failure(request, round_id: int) -> None:
    _bump(_key("fail", request, round_id))
