"""Large imports run in a Celery task: the run is queued, then running with its
progress, then previewed or committed; the page polls a progress bar. A failure
inside the task marks the run failed in Chinese and writes nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pool.imports import engine, runs
from pool.models import Cadre, ImportRun, ImportStatus
from tests.pool.import_files import person, table, xlsx

PEOPLE = [person("张三", serial=1), person("李四", serial=2), person("王五", serial=3)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def large(settings):
    """Every file counts as large: more than 2 data rows."""
    settings.IMPORT_BACKGROUND_ROWS = 2


def upload(client, people, **extra):
    form = {"kind": "roster", "file": SimpleUploadedFile("大名册.xlsx", xlsx(table(people)))}
    return client.post(reverse("pool:import_upload"), {**form, **extra})


def test_small_files_are_previewed_at_once(units, staff):
    run = runs.preview_upload(staff, "roster", SimpleUploadedFile("x.xlsx", xlsx(table(PEOPLE))))
    assert run.status == ImportStatus.PREVIEWED
    assert (run.rows_total, run.rows_done, run.created) == (3, 3, 3)


@pytest.mark.parametrize("setting", ["IMPORT_BACKGROUND_ROWS", "IMPORT_BACKGROUND_BYTES"])
def test_a_large_upload_is_queued_for_a_worker(
    units, staff, settings, setting, django_capture_on_commit_callbacks
):
    setattr(settings, setting, 2)
    content = SimpleUploadedFile("x.xlsx", xlsx(table(PEOPLE)))
    with django_capture_on_commit_callbacks() as callbacks:
        run = runs.preview_upload(staff, "roster", content)
    assert (run.status, run.job, run.rows_total) == (ImportStatus.QUEUED, runs.PREVIEW, 0)
    assert run.file and not run.rows.exists()
    assert len(callbacks) == 1  # enqueued once the upload is committed


def test_queued_then_previewed_then_committed_in_the_background(
    units, staff, as_user, large, django_capture_on_commit_callbacks
):
    client = as_user(staff)
    with django_capture_on_commit_callbacks() as callbacks:
        response = upload(client, PEOPLE)
    run = ImportRun.objects.get()
    assert len(callbacks) == 1
    page = client.get(response.url).content.decode()
    progress_url = reverse("pool:import_progress", args=[run.pk])
    assert f'hx-get="{progress_url}"' in page and 'hx-trigger="every 1s"' in page
    assert "排队等待中" in page and 'id="import-rows"' not in page
    bar = client.get(progress_url)
    assert "progress-bar" in bar.content.decode() and "HX-Refresh" not in bar

    assert runs.run_job(run.pk, runs.PREVIEW) == ImportStatus.PREVIEWED
    run.refresh_from_db()
    assert (run.rows_total, run.rows_done, run.created) == (3, 3, 3)
    assert run.rows.count() == 3
    assert client.get(progress_url)["HX-Refresh"] == "true"  # the page reloads: the preview
    assert "确认导入（3行）" in client.get(response.url).content.decode()
    assert runs.run_job(run.pk, runs.PREVIEW) == "skipped"  # not queued any more

    with django_capture_on_commit_callbacks() as callbacks:
        confirmed = client.post(reverse("pool:import_confirm", args=[run.pk]), follow=True)
    assert len(callbacks) == 1
    assert "正在后台导入" in confirmed.content.decode()
    run.refresh_from_db()
    assert (run.status, run.job, run.rows_done) == (ImportStatus.QUEUED, runs.COMMIT, 0)
    assert Cadre.objects.count() == 0
    with django_capture_on_commit_callbacks() as callbacks:  # a double click queues nothing
        client.post(reverse("pool:import_confirm", args=[run.pk]))
    assert callbacks == []

    assert runs.run_job(run.pk, runs.COMMIT) == ImportStatus.COMMITTED
    run.refresh_from_db()
    assert (run.status, run.rows_done) == (ImportStatus.COMMITTED, 3)
    assert Cadre.objects.count() == 3


def test_the_api_confirm_flag_commits_after_the_background_preview(units, staff, large):
    run = runs.preview_upload(
        staff, "roster", SimpleUploadedFile("x.xlsx", xlsx(table(PEOPLE))), confirm_after=True
    )
    assert run.commit_after_preview  # the intent is on the run, not only in the message
    assert runs.run_job(run.pk, runs.PREVIEW) == ImportStatus.COMMITTED
    assert Cadre.objects.count() == 3


def test_a_preview_retried_after_its_worker_died_still_commits_as_asked(units, staff, large):
    """The API client asked for confirm=true; the worker died during the preview (the
    run is RUNNING and nobody holds its lock). The retry previews and commits."""
    run = runs.preview_upload(
        staff, "roster", SimpleUploadedFile("x.xlsx", xlsx(table(PEOPLE))), confirm_after=True
    )
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, attempts=1)
    assert runs.requeue_stalled() == {"requeued": 1, "failed": 0}
    assert runs.run_job(run.pk, runs.PREVIEW) == ImportStatus.COMMITTED
    run.refresh_from_db()
    assert (run.attempts, Cadre.objects.count()) == (2, 3)


def test_a_message_delivered_again_takes_over_an_orphaned_run_but_not_a_live_one(
    units, staff, large
):
    run = runs.preview_upload(staff, "roster", SimpleUploadedFile("x.xlsx", xlsx(table(PEOPLE))))
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, attempts=1)
    live = runs._RunLock(run.pk)
    assert live.try_acquire()
    try:
        assert runs.run_job(run.pk, runs.PREVIEW) == "skipped"  # its worker is alive
    finally:
        live.close()
    assert runs.run_job(run.pk, runs.PREVIEW) == ImportStatus.PREVIEWED  # orphaned: taken over
    assert ImportRun.objects.get(pk=run.pk).attempts == 2


def test_a_failure_inside_the_commit_task_writes_nothing(units, staff, large, monkeypatch):
    run = runs.preview_upload(staff, "roster", SimpleUploadedFile("x.xlsx", xlsx(table(PEOPLE))))
    runs.run_job(run.pk, runs.PREVIEW)
    run = runs.confirm(ImportRun.objects.get(pk=run.pk), staff)
    assert run.status == ImportStatus.QUEUED

    def broken(result, ctx):
        Cadre.objects.create(name="半途", unit=units["east"])
        raise RuntimeError("disk full")

    monkeypatch.setattr(engine, "write", broken)
    assert runs.run_job(run.pk, runs.COMMIT) == ImportStatus.FAILED
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert run.message.startswith("导入失败，数据未作任何修改")
    assert Cadre.objects.count() == 0
    # It can be retried once the cause is gone.
    monkeypatch.undo()
    assert runs.confirm(run, staff).status == ImportStatus.QUEUED
    assert runs.run_job(run.pk, runs.COMMIT) == ImportStatus.COMMITTED
    assert Cadre.objects.count() == 3


def test_a_failure_inside_the_preview_task_marks_the_run_failed(units, staff, large, monkeypatch):
    run = runs.preview_upload(staff, "roster", SimpleUploadedFile("x.xlsx", xlsx(table(PEOPLE))))

    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(engine, "analyse", broken)
    assert runs.run_job(run.pk, runs.PREVIEW, True) == ImportStatus.FAILED
    run.refresh_from_db()
    assert run.message == "预检失败，数据未作任何修改，可重新上传（MemoryError）"
    assert not run.rows.exists() and Cadre.objects.count() == 0


def test_an_unreadable_large_file_fails_with_the_reason(units, staff, settings):
    settings.IMPORT_BACKGROUND_BYTES = 2
    run = runs.preview_upload(staff, "roster", SimpleUploadedFile("x.xlsx", b"\x00\x01 junk"))
    assert run.status == ImportStatus.QUEUED
    assert runs.run_job(run.pk, runs.PREVIEW) == ImportStatus.FAILED
    run.refresh_from_db()
    assert "无法识别的文件格式" in run.message


def test_progress_is_written_where_a_poll_sees_it(units, staff, large, monkeypatch):
    """The engine reports progress every CHUNK rows; rows_done follows."""
    monkeypatch.setattr(engine, "CHUNK", 1)
    seen = []
    real = runs._Progress.set

    def spy(self, **fields):
        seen.append(fields)
        real(self, **fields)

    monkeypatch.setattr(runs._Progress, "set", spy)
    run = runs.preview_upload(staff, "roster", SimpleUploadedFile("x.xlsx", xlsx(table(PEOPLE))))
    runs.run_job(run.pk, runs.PREVIEW)
    assert seen[0] == {"rows_total": 4}  # the sheet's height: header and three rows
    assert [f["rows_done"] for f in seen[1:]] == [1, 2, 3]


def test_the_first_checked_rows_show_while_the_rest_is_read(
    units, staff, as_user, large, monkeypatch
):
    monkeypatch.setattr(engine, "CHUNK", 2)
    monkeypatch.setattr(runs, "PREVIEW_FIRST_ROWS", 2)
    client = as_user(staff)
    run = runs.preview_upload(staff, "roster", SimpleUploadedFile("x.xlsx", xlsx(table(PEOPLE))))
    page_url = reverse("pool:import_preview", args=[run.pk])
    progress_url = reverse("pool:import_progress", args=[run.pk])
    assert "HX-Refresh" not in client.get(progress_url)  # nothing checked yet
    seen = []
    real = runs._Progress.__call__

    def look(self, done, rows=None):
        real(self, done, rows)
        page = client.get(page_url).content.decode()
        seen.append(
            (
                done,
                "前2行的预检结果" in page and "张三" in page and "王五" not in page,
                client.get(progress_url).has_header("HX-Refresh"),
                client.get(progress_url + "?shown=1").has_header("HX-Refresh"),
            )
        )

    monkeypatch.setattr(runs._Progress, "__call__", look)
    runs.run_job(run.pk, runs.PREVIEW)
    # After the first chunk the page shows the first rows, and a page that did not
    # show them yet is told to reload; one that shows them keeps polling.
    assert seen[0] == (2, True, True, False)
    assert runs.ImportRun.objects.get(pk=run.pk).rows.count() == 3  # then all rows


def _stalled(staff, attempts: int, minutes_ago: int = 1):
    run = runs.preview_upload(staff, "roster", SimpleUploadedFile("x.xlsx", xlsx(table(PEOPLE))))
    when = timezone.now() - dt.timedelta(minutes=minutes_ago)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING, heartbeat_at=when, attempts=attempts, rows_done=2
    )
    return run


def test_a_run_whose_worker_died_is_queued_again_and_completes(
    units, staff, large, django_capture_on_commit_callbacks
):
    """Dead or alive is told by the run's advisory lock, not by how long ago the last
    progress was: a slow worker that still holds it keeps its run for hours."""
    run = _stalled(staff, attempts=1, minutes_ago=1)
    slow = _stalled(staff, attempts=1, minutes_ago=180)
    held = runs._RunLock(slow.pk)
    assert held.try_acquire()
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert runs.requeue_stalled() == {"requeued": 1, "failed": 0}
    finally:
        held.close()
    assert len(callbacks) == 1
    run.refresh_from_db()
    assert (run.status, run.rows_done) == (ImportStatus.QUEUED, 0)
    assert ImportRun.objects.get(pk=slow.pk).status == ImportStatus.RUNNING  # still working
    assert runs.run_job(run.pk, runs.PREVIEW) == ImportStatus.PREVIEWED
    run.refresh_from_db()
    assert (run.attempts, run.created, run.message) == (2, 3, "")


def test_a_run_that_keeps_dying_is_marked_failed(units, staff, large):
    run = _stalled(staff, attempts=3, minutes_ago=30)
    assert runs.requeue_stalled() == {"requeued": 0, "failed": 1}
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert run.message.startswith("后台处理中断3次，数据未作任何修改")
