"""Import a roster through Debian's Chromium: upload, preview with the row error,
download the error report, import the valid rows."""

import io
from pathlib import Path

import pytest
import python_calamine

from pool.models import Cadre
from tests.conftest import PASSWORD
from tests.pool.import_files import person, table, xlsx

# serialized_rollback: the flush after a transactional test would also wipe the rows
# that data migrations seed (young thresholds, warning policy), which later tests need.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_imports_a_roster_with_one_bad_row(
    live_server, units, staff, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    roster = tmp_path / "东县名册.xlsx"
    roster.write_bytes(
        xlsx(table([person("张三", serial=1), person("李四", serial=2, 工作单位="西县教育局")]))
    )
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(staff.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/pool/imports/")
    page.get_by_label("导入类型").select_option(label="干部名册")
    page.get_by_label("文件", exact=True).set_input_files(str(roster))
    page.get_by_role("button", name="上传并预检").click()
    page.wait_for_url("**/pool/imports/*/")
    table_text = page.locator("#import-rows").inner_text()
    assert "工作单位“西县教育局”不在您的管辖范围内" in table_text
    assert Cadre.objects.count() == 0

    with page.expect_download() as download:
        page.get_by_role("link", name="下载错误报告（.xlsx）").click()
    report = Path(download.value.path()).read_bytes()
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(report))
    assert "错误说明" in sheet.get_sheet_by_index(0).to_python()[0]

    page.get_by_role("button", name="跳过1个错误行，导入其余1行").click()
    page.wait_for_url("**/pool/imports/*/")
    assert "导入完成：新增1" in page.locator("main").inner_text()
    assert list(Cadre.objects.values_list("name", flat=True)) == ["张三"]
