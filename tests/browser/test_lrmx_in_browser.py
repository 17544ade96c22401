"""Staff upload a .zip of LRMX files, choose the unit for new people, preview, confirm,
then download one person's LRMX from the cadre page: in Debian's Chromium."""

import os
from pathlib import Path

import pytest

from pool.lrmx import document
from pool.models import Cadre
from tests.conftest import browser_login
from tests.factories import make_id_number
from tests.pool.lrmx_files import lrmx, sample, zipped

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _save(page, tmp_path, name):
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if os.environ.get("CADRE_SCREENSHOT_DIR"):
        (Path(os.environ["CADRE_SCREENSHOT_DIR"]) / name).write_bytes(
            (tmp_path / name).read_bytes()
        )


def test_staff_import_a_zip_of_lrmx_and_download_one_back(
    live_server, units, staff, page, tmp_path, settings
):
    import datetime as dt

    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "审批表.zip"
    id_number = make_id_number(dt.date(1991, 5, 9), "女")
    second = sample(
        XingMing="李娜", XingBie="女", ShenFenZheng=id_number, ChuShengNianYue="1991.05"
    )
    archive.write_bytes(zipped({"张伟.lrmx": lrmx(), "李娜.lrmx": lrmx(second)}))

    browser_login(page, live_server, "xiaozhou")
    page.goto(f"{live_server.url}/pool/imports/")
    assert page.get_by_label("新增干部的所在单位").is_hidden()  # options of another kind
    page.get_by_label("导入类型").select_option(label="任免审批表（LRMX）")
    assert page.get_by_label("新增干部的所在单位").is_visible()
    page.get_by_label("文件", exact=True).set_input_files(str(archive))
    page.get_by_label("新增干部的所在单位").select_option(label="青石镇")
    page.get_by_label("新增干部的干部类别").select_option(label="公务员")
    _save(page, tmp_path, "lrmx-upload.png")
    page.get_by_role("button", name="上传并预检").click()
    page.wait_for_url("**/pool/imports/*/")
    rows = page.locator("#import-rows").inner_text()
    assert "张伟.lrmx" in rows and "李娜.lrmx" in rows
    _save(page, tmp_path, "lrmx-preview.png")
    page.get_by_role("button", name="确认导入（2行）").click()
    page.wait_for_load_state()
    assert "导入完成：新增2" in page.content()

    cadre = Cadre.objects.get(name="李娜")
    page.goto(f"{live_server.url}/pool/cadres/{cadre.pk}/")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出LRMX").click()
    download = info.value
    assert download.suggested_filename == "李娜.lrmx"
    person = document.parse(Path(download.path()).read_bytes())
    assert person.get("XingMing") == "李娜" and len(person.family) == 3
    assert page.console_errors == []
