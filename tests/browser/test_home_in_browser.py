"""Log in through Debian's Chromium, open the home page and check the counts."""

import datetime as dt
import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, browser_login
from tests.factories import CadreFactory

# serialized_rollback: the flush after a transactional test would also wipe the rows
# that data migrations seed (young thresholds, warning policy), which later tests need.
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


def test_staff_logs_in_and_sees_real_counts(live_server, units, staff, page, tmp_path):
    today = dt.date.today()
    CadreFactory(unit=units["qingshi"], birth_month=dt.date(today.year - 30, 1, 1))
    CadreFactory(unit=units["beishan"], birth_month=dt.date(today.year - 50, 1, 1))
    CadreFactory(unit=units["west_edu"], birth_month=dt.date(today.year - 28, 1, 1))

    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    page.get_by_label("用户名").fill("xiaozhou")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")

    assert page.locator('[data-count="cadres"]').inner_text() == "2"
    assert page.locator('[data-count="young"]').inner_text() == "1"
    assert page.locator('[data-count="units"]').inner_text() == "4"
    assert "小周" in page.locator("nav").inner_text()
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)

    assert page.console_errors == []  # e.g. no Content-Security-Policy violations
    page.get_by_role("link", name="在册干部").click()
    page.wait_for_url("**/pool/cadres/")
    assert page.locator("#cadre-table tbody tr").count() == 2
    _save(page, tmp_path, "cadres.png")


def test_unit_committee_sees_only_its_own_unit(live_server, units, unit_committee, page, tmp_path):
    mine = CadreFactory(unit=units["qingshi"], name="青石甲")
    other = CadreFactory(unit=units["beishan"], name="北山乙")
    browser_login(page, live_server, "qingshi")
    assert page.locator('[data-count="cadres"]').inner_text() == "1"
    page.goto(f"{live_server.url}/pool/cadres/")
    table = page.locator("#cadre-table").inner_text()
    assert "青石甲" in table
    assert "北山乙" not in table
    assert "显示" not in page.content()  # no ID reveal for a unit committee
    response = page.goto(f"{live_server.url}/pool/cadres/{other.pk}/")
    assert response.status == 404
    assert "不在您的管辖范围内" in page.content()
    page.goto(f"{live_server.url}/pool/cadres/{mine.pk}/")
    assert "********" in page.locator("#cadre-basic").inner_text()
    assert page.goto(f"{live_server.url}/pool/audit/").status == 403
    _save(page, tmp_path, "unit_committee.png")


def test_leader_reads_the_county_but_not_ids_or_the_audit_log(
    live_server, units, leader, page, tmp_path
):
    CadreFactory(unit=units["qingshi"], name="青石甲")
    CadreFactory(unit=units["west_edu"], name="西县丙")
    browser_login(page, live_server, "lingdao")
    page.goto(f"{live_server.url}/pool/cadres/")
    table = page.locator("#cadre-table").inner_text()
    assert "青石甲" in table
    assert "西县丙" not in table
    page.get_by_role("link", name="青石甲").click()
    assert page.locator("#reveal-reason").count() == 0
    _save(page, tmp_path, "leader.png")
    assert page.goto(f"{live_server.url}/accounts/").status == 403
    assert "无权访问" in page.content()


@pytest.mark.parametrize("width", [1024, 1200, 1366])
def test_the_top_bar_stays_one_line_on_laptop_and_tablet_widths(
    live_server, units, staff, page, width
):
    page.set_viewport_size({"width": width, "height": 800})
    browser_login(page, live_server, "xiaozhou")
    assert page.locator("nav").bounding_box()["height"] <= 60
    toggler = page.locator("button.navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#mainnav.show").wait_for()
    password = page.get_by_role("link", name="修改密码").bounding_box()
    assert password["height"] <= 40  # one line of text, not one character per line
