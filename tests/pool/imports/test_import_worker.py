"""A large upload is previewed and committed by a real Celery worker process
(against the real Redis broker and the test database), while the page polls."""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pool.imports import engine, runs
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


def _eventually(sweep, timeout: float = 30):
    """PostgreSQL ends a killed worker's session (and frees its locks) within moments;
    sweep until it has."""
    deadline = time.monotonic() + timeout
    while True:
        outcome = sweep()
        if outcome != {"requeued": 0, "failed": 0} or time.monotonic() > deadline:
            return outcome
        time.sleep(0.2)


def _kill_when(process: subprocess.Popen, run: ImportRun, job: str) -> None:
    """SIGKILL the worker once it is half-way through ``job`` on ``run``."""
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if (
                run.status == ImportStatus.RUNNING
                and run.job == job
                and run.rows_done >= engine.CHUNK
            ):
                break
            assert run.status in runs.WORKING, (run.status, run.message)
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()


def _people(rows: int) -> list:
    born = [f"{1970 + i // 1000}0{1 + i % 9}15" for i in range(rows)]
    return [
        person(f"干部{i}", born=b, 身份证号=id_number(b, i, region=str(430100 + i // 100)))
        for i, b in enumerate(born)
    ]


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
    upload = SimpleUploadedFile("大名册.xlsx", xlsx(table(_people(rows))))
    run = runs.preview_upload(staff, "roster", upload)
    runs.run_job(run.pk, runs.PREVIEW)  # previewed here, committed by the worker
    assert ImportRun.objects.get(pk=run.pk).invalid == 0
    run = runs.confirm(ImportRun.objects.get(pk=run.pk), staff)
    assert run.status == ImportStatus.QUEUED
    _kill_when(start_worker(settings, worker_queue), run, runs.COMMIT)
    run.refresh_from_db()
    assert run.status == ImportStatus.RUNNING  # nobody will finish it ...
    assert Cadre.objects.count() == 0  # ... and nothing was written

    # The worker's connection died with it, and the run's lock with that: beat's next
    # sweep (every minute) requeues it, with no waiting window.
    assert _eventually(runs.requeue_stalled) == {"requeued": 1, "failed": 0}
    second = start_worker(settings, worker_queue)
    try:
        run = wait_for(run, ImportStatus.COMMITTED, ImportStatus.FAILED, timeout=120)
    finally:
        second.terminate()
        second.wait(timeout=20)
    assert run.status == ImportStatus.COMMITTED, run.message
    assert (run.attempts, Cadre.objects.count()) == (2, rows)


def test_an_api_import_whose_worker_dies_in_the_preview_still_commits_exactly_once(
    units, staff, settings, worker_queue
):
    """confirm=true through the API, the worker killed during the preview: the retry
    previews again and commits as the client asked (it used to stop at 待确认)."""
    rows = 6000
    settings.IMPORT_BACKGROUND_ROWS = 100
    upload = SimpleUploadedFile("大名册.xlsx", xlsx(table(_people(rows))))
    run = runs.preview_upload(staff, "roster", upload, confirm_after=True)
    assert run.status == ImportStatus.QUEUED
    _kill_when(start_worker(settings, worker_queue), run, runs.PREVIEW)
    assert Cadre.objects.count() == 0
    assert _eventually(runs.requeue_stalled) == {"requeued": 1, "failed": 0}
    second = start_worker(settings, worker_queue)
    try:
        run = wait_for(run, ImportStatus.COMMITTED, ImportStatus.FAILED, timeout=180)
    finally:
        second.terminate()
        second.wait(timeout=20)
    assert run.status == ImportStatus.COMMITTED, run.message
    assert (run.attempts, run.created, Cadre.objects.count()) == (2, rows, rows)
