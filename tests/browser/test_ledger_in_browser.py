"""Through Debian's Chromium: staff open the 配备台账 from the menu, filter it, open a
team, and download the quarter's 通报 (.xlsx)."""

import datetime as dt
import io

import openpyxl
import pytest
from playwright.sync_api import expect

from staffing import services
from tests.conftest import PASSWORD
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory

# serialized_rollback: the flush after a transactional test would also wipe the rows
# that data migrations seed (young thresholds, warning policy), which later tests need.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _seat(team, birth, title, quota=1):
    post = PostFactory(team=team, title=title, quota=quota)
    cadre = CadreFactory(unit=team.unit, birth_month=birth)
    AppointmentFactory(post=post, cadre=cadre, start_date=dt.date(2020, 1, 1))


def test_staff_filter_the_ledger_open_a_team_and_export_the_notice(
    live_server, units, staff, page, tmp_path
):
    qingshi = LeadershipTeamFactory(unit=units["qingshi"])
    _seat(qingshi, dt.date(1975, 1, 1), "党委书记")  # nobody young: A
    beishan = LeadershipTeamFactory(unit=units["beishan"])
    _seat(beishan, dt.date(1995, 1, 1), "镇长")  # C
    services.recalc_quarter("2026Q2")

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("xiaozhou")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("button", name="用 · 选拔使用").click()
    page.get_by_role("link", name="配备台账").click()
    page.wait_for_url("**/staffing/warnings/")
    assert page.locator("#ledger-table tbody tr").count() == 2
    assert page.locator("#count-A").inner_text() == "1"

    page.get_by_label("预警等级").select_option("A")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**level=A**")
    rows = page.locator("#ledger-table tbody tr")
    expect(rows).to_have_count(1)  # retries until the filtered page has rendered
    assert "青石镇" in rows.inner_text()
    page.screenshot(path=str(tmp_path / "ledger.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="导出通报（Excel）").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "配备预警通报2026Q2.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active
    assert [r[1] for r in sheet.iter_rows(min_row=3, values_only=True)] == ["青石镇"]

    page.get_by_role("link", name="青石镇").click()
    page.wait_for_url(f"**/staffing/teams/{qingshi.pk}/")
    assert "党委书记" in page.locator("#post-table").inner_text()
