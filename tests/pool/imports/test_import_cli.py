"""``manage.py import``: exit codes, one JSON object on stdout, Chinese on stderr."""

import io
import json

import pytest
from django.core.management import call_command

from pool.models import AuditEntry, Cadre, ImportRun, ImportStatus
from tests.pool.import_files import csv_bytes, person, table, xls, xlsx

KEYS = {"kind", "file", "rows_total", "valid", "invalid", "created", "updated", "unchanged",
        "sheets", "skipped_sheets", "skipped_rows", "ignored_columns", "mapped_columns",
        "errors"}  # fmt: skip


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def roster(units, tmp_path):
    def write(people, name="名册.xlsx", writer=xlsx):
        path = tmp_path / name
        path.write_bytes(writer(table(people)))
        return str(path)

    return write


def test_a_clean_file_exits_0_and_prints_one_json_object(roster):
    path = roster([person("张三", serial=1), person("李四", serial=2)])
    code, out, err = run("roster", path, "--json")
    assert (code, err) == (0, "")
    payload = json.loads(out)
    assert set(payload) == KEYS
    assert payload == {
        "kind": "roster", "file": path, "rows_total": 2, "valid": 2, "invalid": 0,
        "created": 2, "updated": 0, "unchanged": 0, "errors": [], "sheets": ["名册"],
        "skipped_sheets": [], "skipped_rows": [], "ignored_columns": [], "mapped_columns": {},
    }  # fmt: skip
    assert Cadre.objects.count() == 2


def test_invalid_rows_exit_1_and_write_nothing(roster):
    path = roster([person("张三", serial=1), person("李四", serial=2, 出生年月="1980.01")])
    code, out, _ = run("roster", path, "--json")
    assert code == 1
    message = "出生年月1980.01与身份证号中的出生年月1990.01不一致"
    error = {"sheet": "名册", "row": 3, "column": "出生年月", "message": message}
    assert json.loads(out)["errors"] == [error]
    assert Cadre.objects.count() == 0
    assert ImportRun.objects.get().status == ImportStatus.FAILED


def test_skip_invalid_writes_the_valid_rows_and_exits_0(roster):
    path = roster([person("张三", serial=1), person("李四", serial=2, 工作单位="无此单位")])
    code, out, _ = run("roster", path, "--json", "--skip-invalid")
    assert code == 0
    payload = json.loads(out)
    assert (payload["created"], payload["invalid"]) == (1, 1)
    assert list(Cadre.objects.values_list("name", flat=True)) == ["张三"]


def test_dry_run_writes_and_records_nothing(roster):
    code, out, _ = run("roster", roster([person()]), "--dry-run", "--json")
    assert code == 0
    assert json.loads(out)["created"] == 1
    assert Cadre.objects.count() == 0
    assert ImportRun.objects.count() == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x00\x01\x02\x03 not a spreadsheet", "无法识别的文件格式"),
        (xlsx([["序号", "备注"]]), "没有找到表头"),
        (xlsx([["姓名", "工作单位"], ["张三", "青石镇"]]), "缺少必需的列：身份证号"),
    ],
    ids=["format", "header", "column"],
)
def test_a_file_that_cannot_be_used_exits_2_with_a_chinese_message(
    units, tmp_path, content, message
):
    path = tmp_path / "file.xlsx"
    path.write_bytes(content)
    code, out, err = run("roster", str(path), "--json")
    assert code == 2
    assert message in err
    assert json.loads(out)["message"] == err.strip()
    assert Cadre.objects.count() == 0


def test_an_unknown_kind_or_missing_file_exits_2(units, tmp_path):
    code, _, err = run("postings", str(tmp_path / "x.xlsx"))
    assert (code, "未知的导入类型“postings”" in err) == (2, True)
    code, _, err = run("roster", str(tmp_path / "missing.xlsx"))
    assert (code, "找不到文件" in err) == (2, True)


def test_user_applies_that_staff_members_jurisdiction(roster, staff):
    path = roster([person("张三", serial=1, 工作单位="西县教育局")])
    code, out, _ = run("roster", path, "--json", "--user", staff.username)
    assert code == 1
    assert json.loads(out)["errors"][0]["message"] == "工作单位“西县教育局”不在您的管辖范围内"


def test_only_staff_accounts_may_import(roster, leader):
    code, _, err = run("roster", roster([person()]), "--user", leader.username)
    assert code == 2
    assert "无权导入" in err


def test_without_user_the_system_imports_unscoped_and_is_recorded(roster):
    code, out, _ = run("roster", roster([person(工作单位="西县教育局")]))
    assert code == 0
    assert "新增1" in out
    recorded = ImportRun.objects.get()
    assert (recorded.actor, recorded.source, recorded.status) == (None, "cli", "committed")
    assert AuditEntry.objects.get(action="import").actor_name == "系统"


def test_legacy_xls_and_gbk_csv_import_from_the_command_line(roster):
    code, out, _ = run("roster", roster([person(serial=1)], "a.xls", xls), "--json")
    assert (code, json.loads(out)["created"]) == (0, 1)
    code, out, _ = run(
        "roster", roster([person(serial=2)], "b.csv", lambda rows: csv_bytes(rows, "gbk")), "--json"
    )
    assert (code, json.loads(out)["created"]) == (0, 1)


def test_a_second_run_reports_every_row_unchanged(roster):
    path = roster([person("张三", serial=1), person("李四", serial=2)])
    run("roster", path)
    code, out, _ = run("roster", path, "--json")
    assert code == 0
    assert {k: json.loads(out)[k] for k in ("created", "updated", "unchanged")} == {
        "created": 0, "updated": 0, "unchanged": 2
    }  # fmt: skip
