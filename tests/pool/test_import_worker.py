"""A large upload is previewed and committed by a real Celery worker process
(against the real Redis broker and the test database), while the page polls."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pool.models import Cadre, ImportRun, ImportStatus
from tests.pool.import_files import person, table, xlsx
from tests.test_worker import _database_url

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def worker(settings, tmp_path):
    """A worker on a private queue, sharing this test's database and media directory;
    imports are sent to that queue."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_QUEUE = queue
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
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


def wait_for(run: ImportRun, *statuses, timeout: float = 90) -> ImportRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in statuses:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run still {run.status} after {timeout} s")


ROWS = 2500  # more than engine.CHUNK, so the worker reports progress mid-way


def test_a_large_upload_completes_in_the_background(units, staff, client, settings, worker):
    settings.IMPORT_BACKGROUND_ROWS = 100
    people = [
        person(f"干部{i}", born=f"{1975 + i // 100}0{1 + i % 9}15", serial=i) for i in range(ROWS)
    ]
    client.force_login(staff)
    response = client.post(
        reverse("pool:import_upload"),
        {"kind": "roster", "file": SimpleUploadedFile("大名册.xlsx", xlsx(table(people)))},
    )
    run = ImportRun.objects.get()
    assert run.status in (ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.PREVIEWED)
    run = wait_for(run, ImportStatus.PREVIEWED, ImportStatus.FAILED)
    assert (run.status, run.message) == (ImportStatus.PREVIEWED, "")
    assert (run.rows_total, run.rows_done, run.created) == (ROWS, ROWS, ROWS)
    progress = client.get(reverse("pool:import_progress", args=[run.pk]))
    assert progress["HX-Refresh"] == "true"
    assert f"确认导入（{ROWS}行）" in client.get(response.url).content.decode()

    client.post(reverse("pool:import_confirm", args=[run.pk]))
    run = wait_for(run, ImportStatus.COMMITTED, ImportStatus.FAILED)
    assert run.status == ImportStatus.COMMITTED, run.message
    assert Cadre.objects.count() == ROWS
    assert run.rows_done == ROWS
