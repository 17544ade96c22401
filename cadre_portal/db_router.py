"""Reads of dashboards, reports and exports from a streaming replica, when there is one.

With ``DATABASE_REPLICA_URL`` set, settings add a ``replica`` database. The middleware
marks GET requests for the dashboard, the half-yearly report and every ``?export=``
download; inside them the router sends reads of the cadre records (not accounts,
sessions, grants or the audit log, which must never be stale) to the replica while it
is healthy: reachable, in recovery, streaming from its primary, and with no more than
``CADRE_REPLICA_MAX_LAG_BYTES`` of received WAL still to replay. Otherwise, or
everywhere else, reads and all writes go to the primary. Health is checked at most every
``CADRE_REPLICA_CHECK_SECONDS`` per process.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger(__name__)

REPLICA = "replica"
# Models whose reads must see the latest write: who may do what, sessions, the log.
_PRIMARY_ONLY_APPS = frozenset({"auth", "sessions", "contenttypes", "otp_totp", "otp_static"})
_PRIMARY_ONLY_MODELS = frozenset({"rolegrant", "accountsecurity", "auditentry", "notice"})
_DEFAULT_PATHS = ("/dashboard/", "/api/dashboard/", "/report/")

_wanted: contextvars.ContextVar[bool] = contextvars.ContextVar("replica_reads", default=False)
_health: dict[str, float | bool] = {"checked": 0.0, "ok": False}

_STATE_SQL = """
SELECT pg_is_in_recovery(),
       (SELECT status FROM pg_stat_wal_receiver),
       pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())
"""


def configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_state() -> tuple[bool, str]:
    """(healthy, why not) of the replica, asked now."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(_STATE_SQL)
            in_recovery, receiver, lag = cursor.fetchone()
    except DatabaseError as exc:
        connections[REPLICA].close()
        return False, f"unreachable: {exc}".strip()
    if not in_recovery:
        return False, "not a replica (not in recovery)"
    if receiver != "streaming":
        return False, f"not streaming from the primary ({receiver or 'no receiver'})"
    limit = int(getattr(settings, "CADRE_REPLICA_MAX_LAG_BYTES", 8 << 20))
    if lag is not None and lag > limit:
        return False, f"{int(lag)} bytes behind"
    return True, ""


def replica_healthy() -> bool:
    now = time.monotonic()
    every = float(getattr(settings, "CADRE_REPLICA_CHECK_SECONDS", 5))
    if now - float(_health["checked"]) >= every:
        ok, why = replica_state()
        if not ok and _health["ok"]:
            log.warning("replica not used: %s", why)
        _health.update(checked=now, ok=ok)
    return bool(_health["ok"])


def forget_health() -> None:
    """Ask again at the next read (tests, and after an operator fixed the replica)."""
    _health.update(checked=0.0, ok=False)


@contextlib.contextmanager
def replica_reads():
    """Inside: reads of cadre records may come from the replica."""
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _wanted.get() or not configured():
            return None
        meta = model._meta
        if meta.app_label in _PRIMARY_ONLY_APPS or meta.model_name in _PRIMARY_ONLY_MODELS:
            return None
        return REPLICA if replica_healthy() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """GET requests for dashboards, reports and exports read through ``replica_reads``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = tuple(getattr(settings, "CADRE_REPLICA_PATHS", _DEFAULT_PATHS))

    def __call__(self, request):
        if (
            configured()
            and request.method == "GET"
            and (request.path.startswith(self.paths) or "export" in request.GET)
        ):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
