# Over 400 lines: one import run's lifecycle (preview, confirm, background, requeue).
"""Imports as things a user does, each recorded as an ImportRun.

Browser: ``preview_upload`` keeps the file and records what every row would do;
``confirm`` reads the file again and writes, all or nothing. Command line:
``import_file`` does both in one go. Writing happens in one transaction that
also holds an advisory lock (two imports never interleave) and writes the
audit entry, so a failure anywhere leaves the database as it was.

Large files (``is_large``: settings IMPORT_BACKGROUND_BYTES / IMPORT_BACKGROUND_ROWS)
are previewed and confirmed by a Celery task (``run_job``) instead: the run is
QUEUED, then RUNNING with ``rows_done`` counting up, and the page polls it.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
from typing import BinaryIO

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from pool import audit
from pool.imports import bulk, engine, readers
from pool.imports.engine import Context, Result
from pool.imports.readers import FileProblem
from pool.models import AuditAction, ImportRow, ImportRun, ImportStatus, Role
from pool.people.selectors import grant_of, units_for

log = logging.getLogger(__name__)
_LOCK_KEY = 0x696D_706F_7274  # "import"
# (class, run id) of the session-level advisory lock a worker holds while it works on
# a run: PostgreSQL frees it when the worker's connection dies (SIGKILL, OOM, reboot),
# which is how requeue_stalled tells a dead worker from a slow one.
_RUN_LOCK_CLASS = 0x696D_7072  # "impr"
IMPORTERS = frozenset({Role.STAFF})
BACKGROUND_BYTES = 1 << 20  # defaults of settings.IMPORT_BACKGROUND_BYTES / _ROWS
BACKGROUND_ROWS = 5000
PREVIEW, COMMIT = "preview", "commit"  # ImportRun.job
WORKING = (ImportStatus.QUEUED, ImportStatus.RUNNING)
MAPPABLE = (ImportStatus.PREVIEWED, ImportStatus.FAILED)  # runs whose columns may be mapped
PREVIEW_FIRST_ROWS = 100  # rows a background preview shows before the whole file is checked
SKIPPED_KEPT = 500  # skipped rows (totals, footers) listed on the run; the count is kept too


class NotCommitted(Exception):
    """The file has invalid rows and skipping them was not chosen: nothing written."""


def may_import(user) -> bool:
    grant = grant_of(user)
    return grant is not None and grant.role in IMPORTERS


def context_for(user, options: dict | None = None) -> Context:
    """``user`` None is the system (command line without --user): no scope limit.
    ``options``: what the importer chose for kinds that ask (Kind.options)."""
    options = dict(options or {})
    if user is None:
        return Context(options=options)
    scope = frozenset(units_for(user).values_list("pk", flat=True))
    return Context(user=user, scope=scope, options=options)


def runs_for(user) -> QuerySet[ImportRun]:
    """The imports a staff member sees in the history: their own, and those of
    accounts whose scope unit lies inside their jurisdiction (so a county sees
    its townships' imports, not the city's or another county's). Runs made by
    the system (command line without --user) are left out."""
    unit_ids = list(units_for(user).values_list("pk", flat=True))
    return ImportRun.objects.filter(Q(actor=user) | Q(actor__grant__unit_id__in=unit_ids))


def digest(stream: BinaryIO) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    stream.seek(0)
    while chunk := stream.read(1 << 20):
        sha.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return sha.hexdigest(), size


def _fill(run: ImportRun, result: Result) -> None:
    for name, value in result.counts.items():
        setattr(run, name, value)
    run.errors = result.errors()
    run.header_row = result.header.row
    run.sheets = result.sheets
    run.skipped = {
        "sheets": result.skipped_sheets,
        "rows": result.skipped_rows[:SKIPPED_KEPT],
        "rows_count": len(result.skipped_rows),
        "columns": result.ignored_columns,  # 未导入的列
        "mapped": result.mapped_columns,
        "present": result.present_columns,
    }


def _sheet_numbers(rows: list[engine.Row]):
    """(sheet's position in the file, row) for rows in file order."""
    position, current = -1, None
    for r in rows:
        if r.sheet != current or position < 0:
            position, current = position + 1, r.sheet
        yield position, r


def _save_rows(run: ImportRun, rows: list[engine.Row]) -> None:
    ImportRow.objects.filter(run=run).delete()
    bulk.copy_insert(
        ImportRow,
        ["run_id", "sheet", "sheet_no", "row", "status", "summary", "errors", "changes"],
        (
            (
                run.pk,
                r.sheet,
                sheet_no,
                r.number,
                r.status,
                json.dumps(list(r.summary), ensure_ascii=False),
                json.dumps([{"column": c, "message": m} for c, m in r.errors], ensure_ascii=False),
                "、".join(r.changes)[:500],
            )
            for sheet_no, r in _sheet_numbers(rows)
        ),
    )


def _detail(run: ImportRun) -> str:
    kind = engine.get_kind(run.kind)
    text = (
        f"{kind.title}导入：文件《{run.file_name}》（SHA-256 {run.sha256[:12]}），"
        f"数据{run.rows_total}行，新增{run.created}、更新{run.updated}、"
        f"无变化{run.unchanged}、错误{run.invalid}"
    )
    return text + ("，错误行已跳过" if run.invalid else "")


def _commit(run: ImportRun, result: Result, ctx: Context, user) -> None:
    """Inside the caller's transaction: write the rows, mark the run, audit it."""
    if result.counts["invalid"] and not run.skip_invalid:
        raise NotCommitted
    engine.write(result, ctx)
    run.status = ImportStatus.COMMITTED
    run.committed_at = timezone.now()
    run.message = ""
    run.save()
    audit.record(user, AuditAction.IMPORT, run, detail=_detail(run))


def _lock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def _fail(run: ImportRun, message: str, *, unusable: bool = False) -> None:
    """Mark the run failed. ``unusable``: the file itself cannot be read, so it is not
    kept (an upload holds ID numbers in clear); otherwise it stays until
    ``purge_files`` for a retry."""
    run.status = ImportStatus.FAILED
    run.message = message[:500]
    if not (
        run.pk
        and ImportRun.objects.filter(pk=run.pk).update(status=run.status, message=run.message)
    ):
        run.pk = None  # its insert was rolled back with everything else: record it anew
        run.save()
    if unusable:
        discard_file(run)


def discard_file(run: ImportRun) -> None:
    """Delete the kept upload from storage; the run's record and counts stay."""
    if run.file:
        run.file.delete(save=False)
        ImportRun.objects.filter(pk=run.pk).update(file="")


FILE_GONE = "原文件已按保存期限删除（上传的文件含身份证号，不长期保存），请重新上传"
UNCONFIRMED_DAYS = 7  # defaults of settings.IMPORT_UNCONFIRMED_DAYS / IMPORT_FILE_RETENTION_DAYS
RETENTION_DAYS = 180


def purge_files(now=None) -> dict[str, int]:
    """Delete uploads no longer needed: those never confirmed after IMPORT_UNCONFIRMED_DAYS,
    and those imported after IMPORT_FILE_RETENTION_DAYS. Run daily by beat
    (``purge_expired``). Returns how many of each were deleted."""
    now = now or timezone.now()
    unconfirmed = timezone.timedelta(
        days=int(getattr(settings, "IMPORT_UNCONFIRMED_DAYS", UNCONFIRMED_DAYS))
    )
    kept = timezone.timedelta(
        days=int(getattr(settings, "IMPORT_FILE_RETENTION_DAYS", RETENTION_DAYS))
    )
    with_file = ImportRun.objects.exclude(file="")
    stale = with_file.exclude(status__in=[ImportStatus.COMMITTED, *WORKING]).filter(
        created_at__lt=now - unconfirmed
    )
    old = with_file.filter(status=ImportStatus.COMMITTED, committed_at__lt=now - kept)
    outcome = {"unconfirmed": 0, "imported": 0}
    for key, expired in (("unconfirmed", stale), ("imported", old)):
        for run in expired:
            discard_file(run)
            if run.status == ImportStatus.PREVIEWED:  # can no longer be confirmed
                ImportRun.objects.filter(pk=run.pk).update(
                    status=ImportStatus.FAILED, message=FILE_GONE
                )
            outcome[key] += 1
    return outcome


def is_large(size: int, rows: int | None) -> bool:
    """Whether a file is checked and written in the background (a Celery task)."""
    max_bytes = int(getattr(settings, "IMPORT_BACKGROUND_BYTES", BACKGROUND_BYTES))
    max_rows = int(getattr(settings, "IMPORT_BACKGROUND_ROWS", BACKGROUND_ROWS))
    return size > max_bytes or (rows or 0) > max_rows


def _enqueue(run: ImportRun, job: str) -> None:
    """Hand the run to a worker once the current transaction (if any) has committed."""
    from pool.imports import tasks as imports_tasks
    from pool.web import background as web_background

    queue = getattr(settings, "IMPORT_QUEUE", None)  # None: Celery's default queue
    pk = run.pk

    def broker_down(message: str) -> None:
        run.status, run.message = ImportStatus.FAILED, f"{message}（数据未作任何修改）"
        ImportRun.objects.filter(pk=pk, status=ImportStatus.QUEUED).update(
            status=run.status, message=run.message
        )

    web_background.send_after_commit(
        imports_tasks.import_job, (pk, job), queue=queue, on_failure=broker_down
    )


class _RunLock:
    """The session-level advisory lock on one run, on a connection of its own (in
    autocommit, so the import's transaction is untouched). Held while a worker works
    on the run; PostgreSQL drops it with the connection when the worker dies."""

    def __init__(self, pk: int):
        self.pk = pk
        self.side = connections.create_connection(DEFAULT_DB_ALIAS)

    def try_acquire(self) -> bool:
        with self.side.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_RUN_LOCK_CLASS, self.pk])
            return bool(cursor.fetchone()[0])

    def close(self) -> None:
        self.side.close()  # ends the session, and with it the lock


def worker_alive(pk: int) -> bool:
    """Whether some worker holds the run's lock (is working on it right now)."""
    probe = _RunLock(pk)
    try:
        return not probe.try_acquire()
    finally:
        probe.close()


class _Progress:
    """Writes ``rows_done`` (and the estimated ``rows_total``) where the page polling
    the run sees it at once. Inside the import's transaction it uses a connection
    of its own in autocommit mode, so the all-or-nothing transaction is untouched;
    that transaction must therefore not lock the run's row until it has finished
    reading (``_confirm_now`` saves the run only at the end)."""

    def __init__(self, pk: int, first_page: int = 0):
        self.pk = pk
        self.side = None
        # A preview shows its first ``first_page`` checked rows while the rest is read.
        self.first_page = first_page

    def __call__(self, done: int, rows: list | None = None) -> None:
        if self.first_page and rows:
            _save_rows(ImportRun(pk=self.pk), rows[: self.first_page])
            self.first_page = 0
        self.set(rows_done=done)

    def set(self, **fields) -> None:
        fields["heartbeat_at"] = timezone.now()
        if not connection.in_atomic_block:
            ImportRun.objects.filter(pk=self.pk).update(**fields)
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(name)} = %s" for name in fields)
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(ImportRun._meta.db_table)} SET {assignments} WHERE id = %s",
                [*fields.values(), self.pk],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def _analyse_kept(run: ImportRun, user, sheet: readers.Sheet, progress=None) -> ImportRun:
    """Check every row of the kept file (already opened as ``sheet``) and record them."""
    ctx = context_for(user, run.options)
    result = engine.analyse(engine.get_kind(run.kind), sheet, ctx, progress)
    _fill(run, result)
    run.status = ImportStatus.PREVIEWED
    run.rows_done = run.rows_total
    run.message = ""
    with transaction.atomic():
        run.save()
        _save_rows(run, result.rows)
    return run


def preview_upload(
    user,
    kind_name: str,
    upload,
    *,
    skip_invalid: bool = False,
    confirm_after: bool = False,
    options: dict | None = None,
) -> ImportRun:
    """Keep the uploaded file and record what each row would do. Writes no data.

    A large file is only kept and queued (status QUEUED); a worker previews it and,
    with ``confirm_after`` (the API's confirm flag), commits it straight away."""
    kind = engine.get_kind(kind_name)
    sha, size = digest(upload)
    run = ImportRun(
        kind=kind.name,
        source="web",
        file_name=os.path.basename(upload.name)[:255],
        sha256=sha,
        size=size,
        actor=user,
        skip_invalid=skip_invalid,
        options=kept_options(kind, options),
    )
    if size > readers.max_bytes():
        _fail(run, f"文件过大（{size / 1048576:.1f} MB），上限 {readers.max_bytes() // 1048576} MB")
        return run
    extension = os.path.splitext(upload.name)[1].lower()[:8]
    inflated = readers.inflated_size(upload)
    run.file.save(f"{sha[:20]}{extension}", upload, save=False)
    if is_large(max(size, inflated or 0), None):
        # Judged by what the file inflates to, so a small file that unpacks to a big
        # sheet is parsed by a worker, never inside the web request.
        return _queue_preview(run, confirm_after)
    try:
        with run.file.open("rb") as stream:
            sheet = kind.open(stream)
            if is_large(size, sheet.height):
                return _queue_preview(run, confirm_after)
            return _analyse_kept(run, user, sheet)
    except FileProblem as exc:
        _fail(run, str(exc), unusable=True)
        return run


def kept_options(kind: engine.Kind, options: dict | None) -> dict:
    """What the importer chose that this kind reads: its ``Kind.options`` and the
    columns mapped by hand (``columns``, see pool.imports.mapping)."""
    return {k: v for k, v in (options or {}).items() if (k in kind.options or k == "columns") and v}


def preview_again(run: ImportRun, user, columns: dict[str, str]) -> ImportRun:
    """Check the kept file again with ``columns`` mapped by hand (a run not yet written)."""
    kind = engine.get_kind(run.kind)
    run.options = kept_options(kind, {**(run.options or {}), "columns": columns})
    run.errors, run.message = [], ""
    try:
        with run.file.open("rb") as stream:
            sheet = kind.open(stream)
            if is_large(run.size, sheet.height):
                return _queue_preview(run, False)
            return _analyse_kept(run, user, sheet)
    except FileProblem as exc:  # the file is kept: the mapping can be changed again
        _fail(run, str(exc))
        run.header_row = None
        ImportRun.objects.filter(pk=run.pk).update(options=run.options, header_row=None)
        ImportRow.objects.filter(run=run).delete()
        return run


def _queue_preview(run: ImportRun, confirm_after: bool) -> ImportRun:
    run.status = ImportStatus.QUEUED
    run.job = PREVIEW
    run.commit_after_preview = confirm_after
    run.save()
    _enqueue(run, PREVIEW)
    return run


def confirm(run: ImportRun, user, *, skip_invalid: bool | None = None) -> ImportRun:
    """Read the kept file again (the data may have changed since the preview) and
    write it, all or nothing. Returns the run with its final status; a large file
    is queued instead (status QUEUED) and written by a worker."""
    if run.status in WORKING:
        return run
    if not run.file:
        _fail(run, FILE_GONE)
        return run
    if not is_large(run.size, run.rows_total):
        return _confirm_now(run, user, skip_invalid=skip_invalid)
    changes = {
        "status": ImportStatus.QUEUED,
        "job": COMMIT,
        "rows_done": 0,
        "message": "",
        "attempts": 0,
    }
    if skip_invalid is not None:
        changes["skip_invalid"] = skip_invalid
    claimed = (
        ImportRun.objects.filter(pk=run.pk)
        .exclude(status__in=[*WORKING, ImportStatus.COMMITTED])
        .update(**changes)
    )
    if claimed:
        _enqueue(run, COMMIT)
    run.refresh_from_db()
    return run


def _confirm_now(run: ImportRun, user, *, skip_invalid=None, progress=None) -> ImportRun:
    """Write the run in this process. With ``progress`` (a worker that has claimed the
    run by setting it RUNNING) the run's row is not locked while reading, so the
    progress can be written to it from another connection."""
    kind = engine.get_kind(run.kind)
    ctx = context_for(user, run.options)
    try:
        with transaction.atomic():
            # The import lock first: a run another process committed meanwhile is
            # then seen as committed, never written twice.
            _lock()
            runs = ImportRun.objects if progress else ImportRun.objects.select_for_update()
            run = runs.get(pk=run.pk)
            if run.status == ImportStatus.COMMITTED:
                return run
            if skip_invalid is not None:
                run.skip_invalid = skip_invalid
            with run.file.open("rb") as stream:
                result = engine.analyse(kind, kind.open(stream), ctx, progress)
            before = (run.created, run.updated, run.unchanged, run.invalid)
            _fill(run, result)
            run.rows_done = run.rows_total
            _commit(run, result, ctx, user)
            if before != (run.created, run.updated, run.unchanged, run.invalid):
                _save_rows(run, result.rows)
    except NotCommitted:
        run.status = ImportStatus.PREVIEWED
        run.message = (
            f"文件中有{run.invalid}行错误，未写入任何数据：请改正后重新上传，或选择跳过错误行"
        )
        ImportRun.objects.filter(pk=run.pk).update(status=run.status, message=run.message)
    except FileProblem as exc:
        _fail(run, f"导入失败，数据未作任何修改：{exc}", unusable=True)
    except Exception as exc:
        log.exception("import run %s failed", run.pk)
        _fail(run, f"导入失败，数据未作任何修改，可稍后重试（{type(exc).__name__}）")
    return run


def run_job(pk: int, job: str, confirm_after: bool = False) -> str:
    """The Celery task's body: preview or commit a queued run. The worker first takes
    the run's lock, then claims the run: QUEUED, or RUNNING with nobody holding the lock
    (its worker died and the broker delivered the message again). A run that is done,
    or that another live worker holds, is left alone. Any failure marks the run failed
    with a message in Chinese; the commit writes all or nothing.

    ``confirm_after`` is only read from messages queued before the run kept it itself
    (``ImportRun.commit_after_preview``)."""
    lock = _RunLock(pk)
    try:
        if not lock.try_acquire():
            return "skipped"
        claimable = Q(status=ImportStatus.QUEUED) | Q(status=ImportStatus.RUNNING)
        if not ImportRun.objects.filter(claimable, pk=pk).update(
            status=ImportStatus.RUNNING,
            rows_done=0,
            heartbeat_at=timezone.now(),
            attempts=F("attempts") + 1,
        ):
            return "skipped"
        return _run_claimed(pk, job, confirm_after)
    finally:
        lock.close()


def _run_claimed(pk: int, job: str, confirm_after: bool) -> str:
    run = ImportRun.objects.select_related("actor").get(pk=pk)
    job = run.job or job
    confirm_after = confirm_after or run.commit_after_preview
    progress = _Progress(pk, first_page=PREVIEW_FIRST_ROWS if job == PREVIEW else 0)
    try:
        if job == PREVIEW:
            try:
                with run.file.open("rb") as stream:
                    sheet = engine.get_kind(run.kind).open(stream)
                    progress.set(rows_total=sheet.height or 0)
                    _analyse_kept(run, run.actor, sheet, progress)
            except FileProblem as exc:
                _fail(run, str(exc), unusable=True)
            except Exception as exc:
                log.exception("import run %s: preview failed", pk)
                _fail(run, f"预检失败，数据未作任何修改，可重新上传（{type(exc).__name__}）")
            if confirm_after and run.status == ImportStatus.PREVIEWED:
                run = _confirm_now(run, run.actor, progress=progress)
        else:
            run = _confirm_now(run, run.actor, progress=progress)
    finally:
        progress.close()
    return run.status


def _open_path(path: str) -> BinaryIO:
    """A file, or a folder (kinds that read many small files, such as LRMX) packed
    into an in-memory .zip of its files."""
    if os.path.isdir(path):
        return io.BytesIO(readers.zip_folder(path))
    return open(path, "rb")


def import_file(
    kind_name: str,
    path: str,
    *,
    user=None,
    dry_run=False,
    skip_invalid=False,
    options: dict | None = None,
):
    """The command line: analyse and (unless ``dry_run``) commit in one transaction.

    Returns ``(run, result)``; ``run`` is None for a dry run. Raises FileProblem
    when the file cannot be used (recorded as a failed run unless dry)."""
    kind = engine.get_kind(kind_name)
    options = kept_options(kind, options)
    ctx = context_for(user, options)
    with _open_path(path) as stream:
        if dry_run:
            return None, engine.analyse(kind, kind.open(stream), ctx)
        sha, size = digest(stream)
        run = ImportRun(
            kind=kind.name,
            source="cli",
            file_name=os.path.basename(os.path.normpath(path))[:255],
            sha256=sha,
            size=size,
            actor=user,
            skip_invalid=skip_invalid,
            options=options,
        )
        try:
            with transaction.atomic():
                _lock()
                result = engine.analyse(kind, kind.open(stream), ctx)
                _fill(run, result)
                _commit(run, result, ctx, user)
        except NotCommitted:
            _fail(run, f"文件中有{run.invalid}行错误，未写入任何数据")
        except FileProblem as exc:
            _fail(run, str(exc))
            raise
        except Exception as exc:
            _fail(run, f"导入失败，数据未作任何修改（{type(exc).__name__}: {exc}）")
            raise
    return run, result


MAX_ATTEMPTS = 3


def requeue_stalled() -> dict[str, int]:
    """Runs whose worker died (killed, out of memory, machine restarted) stay RUNNING:
    their transaction was rolled back, so nothing was written, and the run's advisory
    lock was freed with the worker's connection. Queue them again (the run keeps its
    job and whether to commit after the preview), up to MAX_ATTEMPTS times; after that
    mark them failed. A run whose worker still holds the lock is alive, however long
    it takes. Run every minute by beat; returns how many were requeued and failed."""
    outcome = {"requeued": 0, "failed": 0}
    for run in ImportRun.objects.filter(status=ImportStatus.RUNNING):
        if worker_alive(run.pk):
            continue
        claim = ImportRun.objects.filter(
            pk=run.pk, status=ImportStatus.RUNNING, attempts=run.attempts
        )
        if run.attempts >= MAX_ATTEMPTS:
            message = f"后台处理中断{run.attempts}次，数据未作任何修改；请重新上传或联系系统管理员"
            outcome["failed"] += claim.update(status=ImportStatus.FAILED, message=message)
        elif claim.update(
            status=ImportStatus.QUEUED, rows_done=0, message="后台处理中断，已自动重新排队"
        ):
            log.warning(
                "import run %s: worker died; requeued (attempt %s)", run.pk, run.attempts + 1
            )
            _enqueue(run, run.job or PREVIEW)
            outcome["requeued"] += 1
    return outcome
