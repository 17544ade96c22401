"""Through Debian's Chromium: the 县委组织部 staff member opens 统计分析 → 半年报告数据,
chooses the running half-year, reads the talks table (counts, no talk note) and
downloads the Word file, whose table holds the same numbers."""

import datetime as dt
import io
import os
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect

from cadre_portal.report.rules import HalfYear
from tests.conftest import browser_login
from tests.factories import CadreFactory, TalkFactory, TalkParticipantFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NOTE = "谈话要点：家庭困难需关心"


def test_staff_generates_the_half_year_report_and_downloads_it_as_word(
    live_server, units, staff, page, tmp_path
):
    today = dt.date.today()
    talk = TalkFactory(date=today, talker_role="unit_head", note=NOTE)
    for unit in ("qingshi", "beishan", "west_edu"):  # 西县's talk is not 东县's
        TalkParticipantFactory(talk=talk, cadre=CadreFactory(unit=units[unit]))
    running = HalfYear.of(today)

    browser_login(page, live_server, "xiaozhou")
    page.get_by_role("button", name="统计分析").click()
    page.get_by_role("link", name="半年报告数据").first.click()
    page.wait_for_url("**/report/")
    page.get_by_role("combobox", name="统计期").select_option(str(running))
    page.get_by_role("button", name="查看").click()
    page.wait_for_url(f"**/report/?period={running}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"东县优秀年轻干部工作情况（{running.label}）数据部分"
    )
    talks = page.locator("table[data-section=talks]")
    row = talks.get_by_role("row").filter(has_text="单位主要领导")
    expect(row.get_by_role("cell").nth(0)).to_have_text("2")
    assert NOTE not in page.content()
    page.screenshot(
        path=str(Path(os.environ.get("CADRE_SCREENSHOT_DIR", "/tmp")) / "report.png"),
        full_page=True,
    )
    assert not page.console_errors

    with page.expect_download() as download:
        page.get_by_role("link", name="下载Word").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == f"东县优秀年轻干部工作情况（{running.label}）数据部分.docx"
    document = docx.Document(io.BytesIO(path.read_bytes()))
    table = next(t for t in document.tables if t.cell(0, 0).text == "谈话人身份")
    cells = next(r.cells for r in table.rows if r.cells[0].text == "单位主要领导")
    assert [c.text for c in cells[1:4]] == ["2", "0", "+2"]
