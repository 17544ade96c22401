"""Where to go after a form: a ``next`` the client sent is followed only when it stays
on this site (no open redirect); otherwise the page's own default."""

from __future__ import annotations

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, url: str | None, fallback: str, *args, **kwargs) -> str:
    """``url`` when it is a path on this host (and https when the request is), else
    ``fallback`` (a URL name or path, resolved with ``args``/``kwargs``)."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(fallback, *args, **kwargs)
