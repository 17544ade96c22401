"""Faults real servers have, each with a real process or a real broken connection:
the database connection killed mid-request, Redis down."""

import os
import subprocess
import sys

import pytest
from django.db import connection
from django.urls import reverse

from pool import audit
from pool.models import AuditEntry, ImportRun, ImportStatus
from tests.pool.import_files import person, table, xlsx
from tests.test_worker import _database_url
from training.models import TrainingClass

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CLASS = {
    "name": "2026年东县中青年干部培训班",
    "organiser": "东县县委组织部",
    "kind": "young_cadre",
    "start_date": "2026-05-10",
    "end_date": "2026-05-20",
    "hours": "40",
}


def test_a_connection_killed_mid_request_leaves_neither_the_change_nor_its_audit_row(
    staff, as_user, monkeypatch
):
    """pg_terminate_backend between the change and its audit row: the user gets the
    clean error page, the database holds neither, and the next request works."""
    client = as_user(staff)
    client.raise_request_exception = False
    audit_rows = AuditEntry.objects.count()
    real_record = audit.record

    def killed_first(*args, **kwargs):
        victim = connection.connection.info.backend_pid
        with subprocess.Popen(
            ["psql", _database_url(), "-Atc", f"SELECT pg_terminate_backend({victim})"],
            stdout=subprocess.DEVNULL,
        ) as killer:
            killer.wait(timeout=30)
        return real_record(*args, **kwargs)

    monkeypatch.setattr(audit, "record", killed_first)
    response = client.post(reverse("training:class_create"), CLASS)

    assert response.status_code == 500
    assert "系统错误" in response.content.decode()
    monkeypatch.undo()
    assert not TrainingClass.objects.exists()
    assert AuditEntry.objects.count() == audit_rows
    assert client.post(reverse("training:class_create"), CLASS).status_code == 302
    assert TrainingClass.objects.count() == 1


SCRIPT = """
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from pool.imports import runs

staff = get_user_model().objects.get(username="xiaozhou")
with open({path!r}, "rb") as f:
    upload = SimpleUploadedFile("大名册.xlsx", f.read())
with override_settings(IMPORT_BACKGROUND_BYTES=10):
    run = runs.preview_upload(staff, "roster", upload)
print("IMPORT", run.status, run.message)
client = Client()
client.force_login(staff)
print("HOME", client.get("/").status_code)
page = client.post("/staffing/warnings/recalc/", {{"quarter": "2026Q2"}}, follow=True)
print("RECALC", page.status_code, "Redis" in page.content.decode())
"""


def test_with_redis_down_pages_work_and_an_import_says_it_cannot_start(staff, settings, tmp_path):
    """A real process whose broker is a port nobody listens on."""
    path = tmp_path / "大名册.xlsx"
    path.write_bytes(xlsx(table([person("王晓明")])))
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "CADRE_OTP_ROLES": "",  # as the personas: password only
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SCRIPT.format(path=str(path))],
        env=env, capture_output=True, text=True, timeout=180, cwd=settings.BASE_DIR,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert lines["IMPORT"].startswith(ImportStatus.FAILED), lines
    assert "Redis" in lines["IMPORT"] and "数据未作任何修改" in lines["IMPORT"]
    assert lines["HOME"] == "200"
    assert lines["RECALC"] == "200 True"
    assert ImportRun.objects.get().status == ImportStatus.FAILED
