"""Log in through Debian's Chromium, open the home page and check the counts."""

import datetime as dt
import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.factories import CadreFactory

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(tmp_path, monkeypatch):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium for the browser tests")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # made by the test itself are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
        yield context.new_page()
        browser.close()


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

    page.get_by_role("link", name="在册干部").click()
    page.wait_for_url("**/pool/cadres/")
    assert page.locator("#cadre-table tbody tr").count() == 2
    page.screenshot(path=str(tmp_path / "cadres.png"), full_page=True)
    if os.environ.get("CADRE_SCREENSHOT_DIR"):
        for name in ("home.png", "cadres.png"):
            target = Path(os.environ["CADRE_SCREENSHOT_DIR"]) / name
            target.write_bytes((tmp_path / name).read_bytes())
