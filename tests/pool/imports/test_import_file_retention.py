"""Uploads hold ID numbers in clear: an unreadable one is not kept, an unconfirmed one
is deleted after IMPORT_UNCONFIRMED_DAYS, an imported one after
IMPORT_FILE_RETENTION_DAYS (beat's daily purge_expired)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from pool.imports import runs
from pool.models import ImportRun, ImportStatus
from tests.pool.import_files import person, table, xlsx


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_UNCONFIRMED_DAYS = 7
    settings.IMPORT_FILE_RETENTION_DAYS = 180


def _upload(staff, content: bytes | None = None) -> ImportRun:
    content = content if content is not None else xlsx(table([person("王晓明")]))
    return runs.preview_upload(staff, "roster", SimpleUploadedFile("名册.xlsx", content))


def _age(run: ImportRun, days: int, **fields) -> None:
    when = timezone.now() - dt.timedelta(days=days)
    ImportRun.objects.filter(pk=run.pk).update(created_at=when, **fields)


def test_an_unreadable_upload_is_not_kept(units, staff):
    run = _upload(staff, b"PK\x03\x04 not really a workbook")
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert not run.file
    assert not any(Path(runs.settings.MEDIA_ROOT).rglob("*.xlsx"))


def test_an_unconfirmed_upload_is_deleted_after_seven_days_and_says_why(units, staff):
    fresh, stale = _upload(staff), _upload(staff)
    path = Path(stale.file.path)
    _age(stale, 8)
    _age(fresh, 6)

    assert runs.purge_files() == {"unconfirmed": 1, "imported": 0}

    stale.refresh_from_db()
    assert not path.exists() and not stale.file
    assert (stale.status, stale.message) == (ImportStatus.FAILED, runs.FILE_GONE)
    assert ImportRun.objects.get(pk=fresh.pk).file  # still waiting to be confirmed
    confirmed = runs.confirm(stale, staff)  # a late click is told, not a traceback
    assert (confirmed.status, confirmed.message) == (ImportStatus.FAILED, runs.FILE_GONE)


def test_an_imported_file_is_kept_for_the_retention_period_then_deleted(units, staff):
    run = runs.confirm(_upload(staff), staff)
    assert run.status == ImportStatus.COMMITTED
    path = Path(run.file.path)
    _age(run, 400, committed_at=timezone.now() - dt.timedelta(days=179))
    assert runs.purge_files() == {"unconfirmed": 0, "imported": 0}
    assert path.exists()

    ImportRun.objects.filter(pk=run.pk).update(committed_at=timezone.now() - dt.timedelta(days=181))
    call_command("purge_expired")
    run.refresh_from_db()
    assert not path.exists() and not run.file
    assert (run.status, run.created) == (ImportStatus.COMMITTED, 1)  # the record stays
