"""POST /api/imports/ (multipart: kind, file, skip_invalid, confirm) returns the import
record; GET /api/imports/<id>/ its status. Staff only, scoped like the history."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pool.imports import runs
from pool.models import Cadre, ImportRun, ImportStatus, Role, RoleGrant
from tests.pool.import_files import person, table, xlsx

URL = "/api/imports/"
GOOD = [person("张三", serial=1), person("李四", serial=2)]
BAD = person("王五", serial=3, 出生年月="1985.07")  # contradicts the ID number


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def post(client, people, **form):
    upload = SimpleUploadedFile("名册.xlsx", xlsx(table(people)))
    return client.post(URL, {"kind": "roster", "file": upload, **form})


def test_the_url_is_in_the_router():
    assert reverse("import-list") == URL
    assert reverse("import-detail", args=[7]) == "/api/imports/7/"


def test_upload_without_confirm_previews_and_writes_nothing(units, staff, as_user):
    response = post(as_user(staff), [*GOOD, BAD])
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "previewed" and data["status_display"] == "待确认"
    assert (data["rows_total"], data["valid"], data["invalid"], data["created"]) == (3, 2, 1, 2)
    assert data["errors"] == [
        {
            "sheet": "名册",
            "row": 4,
            "column": "出生年月",
            "message": "出生年月1985.07与身份证号中的出生年月1990.01不一致",
        }
    ]
    assert data["id"] == ImportRun.objects.get().pk
    assert Cadre.objects.count() == 0


def test_confirm_writes_all_or_nothing(units, staff, as_user):
    client = as_user(staff)
    refused = post(client, [*GOOD, BAD], confirm="true").json()
    assert refused["status"] == "previewed"
    assert "未写入任何数据" in refused["message"]
    assert Cadre.objects.count() == 0

    skipped = post(client, [*GOOD, BAD], confirm="true", skip_invalid="true")
    assert skipped.status_code == 201
    assert (skipped.json()["status"], skipped.json()["created"]) == ("committed", 2)
    assert Cadre.objects.count() == 2

    again = post(client, GOOD, confirm="true").json()
    assert (again["status"], again["created"], again["unchanged"]) == ("committed", 0, 2)


def test_a_large_upload_is_accepted_then_polled(
    units, staff, as_user, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    client = as_user(staff)
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(client, GOOD, confirm="true")
    assert response.status_code == 202
    pk = response.json()["id"]
    assert response.json()["status"] == "queued"
    assert len(callbacks) == 1
    runs.run_job(pk, runs.PREVIEW, True)  # what the worker does
    status = client.get(f"{URL}{pk}/").json()
    assert (status["status"], status["rows_done"], status["created"]) == ("committed", 2, 2)


def test_a_file_that_cannot_be_used_is_a_failed_record(units, staff, as_user):
    upload = SimpleUploadedFile("x.xlsx", b"\x00\x01 not a spreadsheet")
    response = as_user(staff).post(URL, {"kind": "roster", "file": upload})
    assert response.status_code == 201
    assert response.json()["status"] == ImportStatus.FAILED
    assert "无法识别的文件格式" in response.json()["message"]


def test_bad_requests_answer_400(units, staff, as_user):
    client = as_user(staff)
    assert "kind" in post(client, GOOD, kind="salaries").json()
    assert "file" in client.post(URL, {"kind": "roster"}).json()


def test_status_is_scoped_like_the_history(units, staff, as_user):
    west = get_user_model().objects.create_user("west_staff")
    RoleGrant.objects.create(user=west, role=Role.STAFF, unit=units["west"])
    theirs = runs.preview_upload(west, "roster", SimpleUploadedFile("x.xlsx", xlsx(table(GOOD))))
    mine = post(as_user(staff), GOOD).json()["id"]
    assert as_user(staff).get(f"{URL}{mine}/").status_code == 200
    assert as_user(staff).get(f"{URL}{theirs.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["leader", "unit_committee", "sys_admin"])
def test_only_staff_may_use_it(units, persona, as_user, request):
    client = as_user(request.getfixturevalue(persona))
    assert post(client, GOOD).status_code == 403
    assert ImportRun.objects.count() == 0
