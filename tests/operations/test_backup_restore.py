"""The backup drill: back up, change or lose the data, restore, and check counts,
media and the audit hash chain."""

import base64
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cadre_portal import backup
from pool import audit
from pool.models import AuditAction, AuditEntry, Cadre, Unit
from tests.factories import CadreFactory, UnitFactory

KEY = base64.b64encode(b"k" * 32).decode()

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(settings, tmp_path):
    settings.CADRE_BACKUP_KEY = KEY
    settings.MEDIA_ROOT = tmp_path / "media"
    attachment = Path(settings.MEDIA_ROOT) / "lists" / "会议纪要.pdf"
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(b"%PDF-1.4 minutes")
    county = UnitFactory(name="东县")
    people = CadreFactory.create_batch(3, unit=county)
    for person in people:
        audit.record(None, AuditAction.CREATE, person, detail="测试")
    return {"county": county, "people": people, "attachment": attachment}


def _wipe_database():
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


def test_backup_restores_onto_an_empty_database_with_counts_media_and_chain(site, tmp_path):
    made = backup.create_backup(tmp_path / "backups")
    assert made.path.read_bytes().startswith(backup.MAGIC)
    assert "东县".encode() not in made.path.read_bytes()  # encrypted, not just packed
    assert made.manifest["tables"]["pool_cadre"] == 3

    _wipe_database()
    site["attachment"].unlink()
    result = backup.restore_backup(made.path)

    assert result.ok, result
    assert Cadre.objects.count() == 3
    assert site["attachment"].read_bytes() == b"%PDF-1.4 minutes"
    call_command("verify_audit")  # raises CommandError when the chain is broken
    # the restore itself is on the log, after the restored head
    assert AuditEntry.objects.order_by("-id").first().detail.startswith("从备份恢复")


def test_restore_with_force_brings_back_the_state_of_the_backup(site, tmp_path):
    made = backup.create_backup(tmp_path / "backups")
    UnitFactory(name="备份之后新建的单位")
    Cadre.objects.filter(pk=site["people"][0].pk).delete()
    audit.record(None, AuditAction.UPDATE, detail="备份之后的修改")

    with pytest.raises(backup.BackupError, match="不是空库"):
        backup.restore_backup(made.path)
    result = backup.restore_backup(made.path, force=True)

    assert result.ok
    assert not Unit.objects.filter(name="备份之后新建的单位").exists()
    assert Cadre.objects.count() == 3
    assert not AuditEntry.objects.filter(detail="备份之后的修改").exists()


def test_restore_refuses_a_wrong_key_a_changed_byte_and_a_cut_file(site, tmp_path, settings):
    made = backup.create_backup(tmp_path / "backups")
    data = made.path.read_bytes()

    changed = tmp_path / "changed.qgtb"
    middle = len(data) // 2
    changed.write_bytes(data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :])
    with pytest.raises(backup.BackupError, match="无法解密"):
        backup.restore_backup(changed, force=True)

    cut = tmp_path / "cut.qgtb"
    cut.write_bytes(data[: len(data) - 10])
    with pytest.raises(backup.BackupError, match=r"不完整|无法解密"):
        backup.restore_backup(cut, force=True)

    settings.CADRE_BACKUP_KEY = base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(backup.BackupError, match="密钥不对"):
        backup.restore_backup(made.path, force=True)
    assert Cadre.objects.count() == 3  # nothing was touched


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "未设置"),
        ("not base64!", "base64"),
        (base64.b64encode(b"short").decode(), "32字节"),
    ],
)
def test_backup_refuses_a_missing_or_malformed_key(settings, key, message, tmp_path):
    settings.CADRE_BACKUP_KEY = key
    with pytest.raises(backup.BackupError, match=message):
        backup.create_backup(tmp_path)


def test_backup_key_must_differ_from_the_id_number_key(settings, tmp_path):
    settings.CADRE_BACKUP_KEY = settings.CADRE_ID_ENCRYPTION_KEY.split(",")[0]
    with pytest.raises(backup.BackupError, match="不得与身份证号加密密钥相同"):
        backup.create_backup(tmp_path)


def test_commands_report_in_chinese(site, tmp_path, capsys):
    call_command("backup", "--dir", str(tmp_path / "b"))
    out = capsys.readouterr().out
    assert "备份完成" in out
    path = next((tmp_path / "b").glob("*.qgtb"))
    with pytest.raises(CommandError, match="不是空库"):
        call_command("restore", str(path))
    call_command("restore", str(path), "--force")
    assert "核对通过" in capsys.readouterr().out
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "none.qgtb"), "--force")
