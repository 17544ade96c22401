"""The audit chain's head is anchored outside the log (finding 8 of #19): emptying the
table and re-inserting all but the newest rows no longer passes ``verify_audit``."""

import datetime as dt
import importlib
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from pool import audit
from pool.models import AuditAction, AuditAnchor, AuditEntry
from pool.web.documents import chinese_date

COLUMNS = (
    "id, at, actor_id, actor_name, ip, action, object_type, object_id, object_repr, "
    "success, detail, before, after, prev_hash, row_hash"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _chain(actor, count):
    return [audit.record(actor, AuditAction.EXPORT, detail=f"第{i}次") for i in range(count)]


def test_the_days_head_is_anchored_in_the_table_and_a_file(staff, settings):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with time_machine.travel(timezone.now() - dt.timedelta(days=1)):
        entries = _chain(staff, 3)
    _chain(staff, 2)  # today's rows are not yesterday's head
    anchor = audit.anchor_day()
    assert (anchor.day, anchor.last_id, anchor.row_hash) == (
        yesterday,
        entries[-1].pk,
        entries[-1].row_hash,
    )
    text = (Path(settings.MEDIA_ROOT) / "audit-anchors" / f"{yesterday}.txt").read_text()
    assert text == f"{yesterday} {entries[-1].pk} {entries[-1].row_hash}\n"
    assert audit.anchor_day() == anchor and AuditAnchor.objects.count() == 1
    call_command("verify_audit")


def test_an_empty_log_has_nothing_to_anchor(db, capsys):
    assert audit.anchor_day() is None
    call_command("anchor_audit")
    assert "审计日志为空" in capsys.readouterr().out


def test_the_command_anchors_a_chosen_day_and_refuses_a_bad_date(staff, capsys):
    entries = _chain(staff, 2)
    call_command("anchor_audit", day=f"{timezone.localdate()}")
    assert f"#{entries[-1].pk}" in capsys.readouterr().out
    with pytest.raises(CommandError, match="格式不正确"):
        call_command("anchor_audit", day="2026-13-01")


def test_truncating_and_reinserting_all_but_the_newest_rows_is_found(staff):
    entries = _chain(staff, 5)
    audit.anchor_day(timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE kept AS SELECT {COLUMNS} FROM pool_auditentry")
        # The table owner empties the log and re-inserts it without its newest two rows:
        # the chain of what is left is intact.
        cursor.execute("TRUNCATE pool_auditentry")
        cursor.execute(
            f"INSERT INTO pool_auditentry ({COLUMNS}) SELECT {COLUMNS} FROM kept WHERE id <= %s",
            [entries[2].pk],
        )
    report = audit.verify_chain()
    assert report.checked == 3
    assert report.broken_at == entries[-1].pk
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit")
    message = str(failure.value)
    assert f"记录 #{entries[-1].pk} 是{chinese_date(timezone.localdate())}的最后一条记录" in message
    assert "日志末尾的记录被删除" in message


def test_anchors_older_than_the_retention_floor_are_not_looked_for(staff, settings):
    _chain(staff, 1)
    long_ago = timezone.localdate() - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS + 1)
    AuditAnchor.objects.create(day=long_ago, last_id=1, row_hash="f" * 64)  # purged since
    assert audit.verify_chain().broken_at is None
    AuditAnchor.objects.create(day=timezone.localdate(), last_id=1, row_hash="e" * 64)
    assert audit.verify_chain().broken_at == 1


def test_anchors_cannot_be_changed_or_deleted(staff):
    _chain(staff, 1)
    anchor = audit.anchor_day(timezone.localdate())
    for statement in (
        "UPDATE pool_auditanchor SET row_hash = 'x' WHERE id = %s",
        "DELETE FROM pool_auditanchor WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="只可新增"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [anchor.pk])


@pytest.fixture
def app_role(settings):
    """A role like production's cadre_app (not a superuser, not the owner), with every
    table privilege the default grants give it, then narrowed by migration 0019."""
    settings.CADRE_DB_APP_ROLE = "cadre_test_app"
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE cadre_test_app NOLOGIN")
        cursor.execute("GRANT USAGE ON SCHEMA public TO cadre_test_app")
        cursor.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON pool_auditentry, "
            "pool_auditanchor TO cadre_test_app"
        )
        cursor.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO cadre_test_app")
    migration = importlib.import_module("pool.migrations.0019_audit_anchor")
    migration.restrict_app_role(None, connection.schema_editor())
    return "cadre_test_app"


def _as_role(role, statement, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute(statement, params)


def test_the_app_role_cannot_truncate_the_log_or_rewrite_anchors(staff, app_role):
    _chain(staff, 1)
    anchor = audit.anchor_day(timezone.localdate())
    # TRUNCATE is refused by the trigger even with the privilege (and the migration
    # took the privilege away, so either refusal will do).
    with pytest.raises(DatabaseError, match=r"不可清空|permission denied"):
        _as_role(app_role, "TRUNCATE pool_auditentry")
    with pytest.raises(DatabaseError, match="permission denied"):
        _as_role(app_role, "UPDATE pool_auditanchor SET row_hash = 'x' WHERE id = %s", [anchor.pk])
    with pytest.raises(DatabaseError, match="permission denied"):
        _as_role(app_role, "TRUNCATE pool_auditanchor")
    _as_role(
        app_role,
        "INSERT INTO pool_auditanchor (day, last_id, row_hash, recorded_at) "
        "VALUES (%s, 1, %s, now())",
        [timezone.localdate() - dt.timedelta(days=1), "a" * 64],
    )
    assert AuditAnchor.objects.count() == 2


def test_truncate_trigger_refuses_a_role_holding_the_privilege(staff):
    _chain(staff, 1)
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE cadre_test_owner NOLOGIN")
        cursor.execute("GRANT USAGE ON SCHEMA public TO cadre_test_owner")
        cursor.execute("GRANT TRUNCATE ON pool_auditentry TO cadre_test_owner")
    with pytest.raises(DatabaseError, match="审计日志不可清空"):
        _as_role("cadre_test_owner", "TRUNCATE pool_auditentry")
    assert AuditEntry.objects.count() == 1


def test_beat_anchors_yesterday_every_night(staff, settings):
    from pool.audit.tasks import anchor_audit

    entry = settings.CELERY_BEAT_SCHEDULE["anchor-audit-chain"]
    assert entry["task"] == "pool.tasks.anchor_audit"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({0}, {5})
    with time_machine.travel(timezone.now() - dt.timedelta(days=1)):
        last = _chain(staff, 1)[-1]
    assert anchor_audit() == f"{timezone.localdate() - dt.timedelta(days=1)} #{last.pk}"
