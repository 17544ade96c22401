"""A real Celery worker process against the real Redis broker (not eager mode)."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

from cadre_portal.celery import app
from pool.people.tasks import count_units

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def worker():
    """Start ``celery worker`` in a subprocess on a private queue, against the test database."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cadre_portal", "worker", "--pool=solo",
         "--loglevel=WARNING", "-Q", queue, "--without-heartbeat", "--without-gossip",
         "--without-mingle"],
        env=env,
    )  # fmt: skip
    yield queue
    process.terminate()
    process.wait(timeout=20)


def _database_url() -> str:
    db = settings.DATABASES["default"]
    host = db["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        return f"postgres://{db['USER']}:{db['PASSWORD']}@/{db['NAME']}?host={host}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def test_worker_runs_a_task_against_the_database(units, worker):
    assert app.conf.task_always_eager is False
    result = count_units.apply_async(queue=worker)
    assert result.get(timeout=60) == len(units)
