"""A large upload is previewed and committed by a real Celery worker process
(against the real Redis broker and the test database), while the page polls."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pool.importing import engine, runs
from pool.models import Cadre, ImportRun, ImportStatus
from tests.pool.import_files import id_number, person, table, xlsx
from tests.test_worker import _database_url

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def start_worker(settings, queue: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cadre_portal", "worker", "--pool=solo",
         "--loglevel=WARNING", "-Q", queue, "--without-heartbeat", "--without-gossip",
         "--without-mingle"],
        env=env,
    )  # fmt: skip


@pytest.fixture
def worker_queue(settings, tmp_path):
    """A private queue, sharing this test's database and media directory; imports
    are sent to that queue."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_QUEUE = queue
    return queue


@pytest.fixture
def worker(settings, worker_queue):
    """A worker process on that queue."""
    process = start_worker(settings, worker_queue)
    yield worker_queue
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


def test_an_import_whose_worker_is_killed_writes_nothing_and_is_retried(
    units, staff, settings, worker_queue
):
    """kill -9 the worker in the middle of a commit: the transaction dies with it;
    the stalled run is queued again and a new worker completes it."""
    rows = 6000
    settings.IMPORT_BACKGROUND_ROWS = 100
    born = [f"{1970 + i // 1000}0{1 + i % 9}15" for i in range(rows)]
    people = [
        person(f"干部{i}", born=b, 身份证号=id_number(b, i, region=str(430100 + i // 100)))
        for i, b in enumerate(born)
    ]
    upload = SimpleUploadedFile("大名册.xlsx", xlsx(table(people)))
    run = runs.preview_upload(staff, "roster", upload)
    runs.run_job(run.pk, runs.PREVIEW)  # previewed here, committed by the worker
    assert ImportRun.objects.get(pk=run.pk).invalid == 0
    run = runs.confirm(ImportRun.objects.get(pk=run.pk), staff)
    assert run.status == ImportStatus.QUEUED
    first = start_worker(settings, worker_queue)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status == ImportStatus.RUNNING and run.rows_done >= engine.CHUNK:
                break
            assert run.status in runs.WORKING, (run.status, run.message)
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=20)
    finally:
        if first.poll() is None:
            first.kill()
    run.refresh_from_db()
    assert run.status == ImportStatus.RUNNING  # nobody will finish it ...
    assert Cadre.objects.count() == 0  # ... and nothing was written

    later = timezone.now() + dt.timedelta(minutes=runs.STALL_MINUTES + 1)
    assert runs.requeue_stalled(now=later) == {"requeued": 1, "failed": 0}
    second = start_worker(settings, worker_queue)
    try:
        run = wait_for(run, ImportStatus.COMMITTED, ImportStatus.FAILED, timeout=120)
    finally:
        second.terminate()
        second.wait(timeout=20)
    assert run.status == ImportStatus.COMMITTED, run.message
    assert (run.attempts, Cadre.objects.count()) == (2, rows)
