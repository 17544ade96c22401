"""The import preview lists every error of a row in one pass (cell errors, row rules
and the lookups against the roster together), lists 未导入的列, and lets the importer
map them to fields: on the preview (remembered per user and kind), and with --map on
the command line."""

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from pool.imports import engine, mapping, runs
from pool.imports.readers import FileProblem
from pool.models import Cadre, ColumnMapping, ImportRun, ImportStatus
from tests.factories import CadreFactory
from tests.pool.import_files import id_number, person, table, xlsx


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _cli(*args) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("import", *args, "--json", stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


def _errors(payload) -> set[tuple[int, str]]:
    return {(e["row"], e["column"]) for e in payload["errors"]}


def test_a_row_shows_its_bad_date_bad_category_and_bad_unit_at_once(units, tmp_path):
    path = tmp_path / "名册.xlsx"
    bad = person("李四", serial=2, 出生年月="1985.07", 干部类别="临时工", 工作单位="无此单位")
    path.write_bytes(xlsx(table([person("张三", serial=1), bad])))
    code, payload = _cli("roster", str(path), "--dry-run")
    assert code == 1
    assert _errors(payload) == {(3, "出生年月"), (3, "干部类别"), (3, "工作单位")}


TALK_HEADER = ["身份证号", "姓名", "谈话人", "谈话人身份", "谈话类型", "谈话日期"]


def test_a_person_missing_from_the_roster_shows_with_the_cell_errors(units, tmp_path, staff):
    """Before: 干部名册中没有此身份证号 showed only once the date was fixed."""
    CadreFactory(name="张三", unit=units["qingshi"], id_number=id_number("19900115", 1))
    rows = [
        [id_number("19900115", 1), "张三", "王建国", "县级领导", "谈心", "2026.13.40"],
        [id_number("19920310", 7), "李四", "王建国", "县级领导", "随便聊", "2026.13.40"],
    ]
    path = tmp_path / "谈话.xlsx"
    path.write_bytes(xlsx([TALK_HEADER, *rows]))
    code, payload = _cli("talks", str(path), "--dry-run", "--user", staff.username)
    assert code == 1
    assert _errors(payload) == {(2, "谈话日期"), (3, "谈话类型"), (3, "谈话日期"), (3, "身份证号")}
    missing = [e["message"] for e in payload["errors"] if e["column"] == "身份证号"]
    assert missing == ["干部名册中没有此身份证号的干部，请先导入或登记该干部"]


def test_a_duplicate_row_with_errors_is_still_reported_once_and_the_first_stays_valid(
    units, tmp_path
):
    path = tmp_path / "名册.xlsx"
    twice = person("张三", serial=1, 性别="女")
    path.write_bytes(xlsx(table([person("张三", serial=1), twice])))
    code, payload = _cli("roster", str(path), "--dry-run")
    assert code == 1 and payload["valid"] == 1
    assert _errors(payload) == {(3, "性别"), (3, "身份证号")}


def _roster_with(tmp_path, extra: dict, name="名册.xlsx"):
    header = ["姓名", "出生年月", "工作单位", "身份证号", *extra]
    path = tmp_path / name
    path.write_bytes(xlsx(table([person("张三", serial=1, **extra)], header)))
    return str(path)


def test_cli_lists_unknown_columns_and_maps_them(units, tmp_path):
    path = _roster_with(tmp_path, {"任现职时间": "2021.03", "爱好": "读书"})
    code, payload = _cli("roster", path, "--dry-run")
    assert code == 0 and payload["ignored_columns"] == ["任现职时间", "爱好"]
    code, payload = _cli("roster", path, "--map", "任现职时间=任现职级时间")
    assert code == 0
    assert payload["ignored_columns"] == ["爱好"]
    assert payload["mapped_columns"] == {"任现职时间": "任现职级时间"}
    assert Cadre.objects.get().rank_since == dt.date(2021, 3, 1)


@pytest.mark.parametrize(
    "maps, message",
    [
        (["任现职时间=爱好"], "“爱好”不是干部名册导入的字段，可选：姓名、"),
        (["任现职时间=任职级时间", "爱好=任现职级时间"], "两列不能对应同一字段"),
        (["任现职时间"], "格式不对，应写作“文件中的列名=字段名”"),
        (["爱好=工作单位"], "“工作单位”和“爱好”都对应“工作单位”"),
    ],
)
def test_cli_refuses_a_wrong_mapping_in_chinese(units, tmp_path, maps, message):
    path = _roster_with(tmp_path, {"任现职时间": "2021.03", "爱好": "读书"})
    args = [a for m in maps for a in ("--map", m)]
    code, payload = _cli("roster", path, *args)
    assert code == 2 and message in payload["message"]
    assert Cadre.objects.count() == 0


def test_validate_names_the_field_a_file_already_has():
    kind = engine.get_kind("roster")
    with pytest.raises(FileProblem, match="文件中已有“工作单位”列"):
        mapping.validate(kind, {"所在处室": "工作单位"}, present=["工作单位"])
    assert mapping.validate(kind, {"任现职时间": "rank_since", "爱好": ""}) == {
        "任现职时间": "任现职级时间"
    }


def _upload(client, path, kind="roster", **extra):
    with open(path, "rb") as f:
        form = {"kind": kind, "file": SimpleUploadedFile("名册.xlsx", f.read()), **extra}
    return client.post(reverse("pool:import_upload"), form)


def test_preview_lists_unknown_columns_maps_them_and_remembers(units, staff, as_user, tmp_path):
    client = as_user(staff)
    path = _roster_with(tmp_path, {"任现职时间": "2021.03", "爱好": "读书"})
    _upload(client, path)
    run = ImportRun.objects.get()
    html = client.get(reverse("pool:import_preview", args=[run.pk])).content.decode()
    assert "未导入的列（2）" in html
    assert '<input type="hidden" name="source" value="任现职时间">' in html
    assert '<option value="任现职级时间">' in html
    assert '<option value="工作单位">' not in html  # the file has that column

    url = reverse("pool:import_columns", args=[run.pk])
    response = client.post(url, {"source": ["任现职时间", "爱好"], "target": ["任现职级时间", ""]})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED
    assert run.options["columns"] == {"任现职时间": "任现职级时间"}
    assert ColumnMapping.objects.get(user=staff, kind="roster").columns == {
        "任现职时间": "任现职级时间"
    }
    html = client.get(reverse("pool:import_preview", args=[run.pk])).content.decode()
    assert '<option value="任现职级时间" selected>' in html  # shown and changeable
    assert "未导入的列（1）和按您的设置对应的列" in html

    client.post(reverse("pool:import_confirm", args=[run.pk]))
    assert Cadre.objects.get().rank_since == dt.date(2021, 3, 1)

    # The next upload of a roster applies it at once.
    Cadre.objects.all().delete()
    _upload(client, _roster_with(tmp_path, {"任现职时间": "2019.05"}, "再次.xlsx"))
    second = ImportRun.objects.order_by("-pk").first()
    assert second.options["columns"] == {"任现职时间": "任现职级时间"}
    client.post(reverse("pool:import_confirm", args=[second.pk]))
    assert Cadre.objects.get().rank_since == dt.date(2019, 5, 1)


def test_preview_refuses_two_columns_to_one_field(units, staff, as_user, tmp_path):
    client = as_user(staff)
    _upload(client, _roster_with(tmp_path, {"任现职时间": "2021.03", "爱好": "读书"}))
    run = ImportRun.objects.get()
    url = reverse("pool:import_columns", args=[run.pk])
    response = client.post(
        url, {"source": ["任现职时间", "爱好"], "target": ["任现职级时间", "任现职级时间"]}
    )
    page = client.get(response.url).content.decode()
    assert "列的对应未保存：列“任现职时间”和列“爱好”都对应“任现职级时间”" in page
    assert not ColumnMapping.objects.exists()
    response = client.post(url, {"source": ["爱好"], "target": ["不存在的字段"]})
    assert "“不存在的字段”不是干部名册导入的字段" in client.get(response.url).content.decode()


def test_only_the_uploader_maps_columns(units, staff, city_staff, as_user, tmp_path):
    run = runs.preview_upload(
        staff,
        "roster",
        SimpleUploadedFile("名册.xlsx", Path(_roster_with(tmp_path, {"爱好": "读"})).read_bytes()),
    )
    client = as_user(city_staff)  # sees the county's imports, may not map its columns
    assert client.get(reverse("pool:import_preview", args=[run.pk])).status_code == 200
    response = client.post(
        reverse("pool:import_columns", args=[run.pk]), {"source": ["爱好"], "target": ["籍贯"]}
    )
    assert response.status_code == 404
    assert not ColumnMapping.objects.exists()


def test_reupload_keeps_the_kind_and_the_options(units, staff, as_user, tmp_path):
    client = as_user(staff)
    _upload(client, _roster_with(tmp_path, {}), skip_invalid="on", category="选调生")
    run = ImportRun.objects.get()
    html = client.get(reverse("pool:import_preview", args=[run.pk])).content.decode()
    link = (
        reverse("pool:import_upload")
        + "?kind=roster&amp;skip_invalid=on&amp;category=%E9%80%89%E8%B0%83%E7%94%9F"
    )
    assert f'href="{link}">重新上传</a>' in html
    form = client.get(
        reverse("pool:import_upload"),
        {"kind": "roster", "skip_invalid": "on", "category": "选调生"},
    ).content.decode()
    assert '<option value="roster" selected>' in form
    assert '<option value="选调生" selected>' in form
    assert re.search(r'<input type="checkbox" name="skip_invalid"[^>]* checked', form)
