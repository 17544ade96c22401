"""Through Debian's Chromium: the 县委副书记 opens the 领导驾驶舱, sees only the county, no
talk notes, clicks a township's bar down to its team and a person, switches a chart to
its table and downloads its .xlsx."""

import datetime as dt
import io
import os
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from staffing import services
from staffing.rules import Quarter
from tests.conftest import browser_login
from tests.factories import (
    AppointmentFactory,
    CadreFactory,
    LeadershipTeamFactory,
    PoolMembershipFactory,
    PostFactory,
    TalkFactory,
    TalkParticipantFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NOTE = "谈话要点：家庭困难需关心"


def _save(page, name):
    path = Path(os.environ.get("CADRE_SCREENSHOT_DIR", "/tmp")) / name
    page.screenshot(path=str(path), full_page=True)


def _data(units):
    today = dt.date.today()
    people = {}
    for key, unit, birth, gender, title in (
        ("young", "qingshi", dt.date(today.year - 30, 1, 1), "女", "副镇长"),
        ("old", "qingshi", dt.date(today.year - 55, 1, 1), "男", "党委书记"),
        ("beishan", "beishan", dt.date(today.year - 33, 1, 1), "男", "镇长"),
        ("west", "west_edu", dt.date(today.year - 29, 1, 1), "男", "副局长"),
    ):
        cadre = CadreFactory(
            unit=units[unit], birth_month=birth, gender=gender,
            name={"young": "青石甲", "old": "青石乙", "beishan": "北山丙", "west": "西县丁"}[key],
            category="选调生" if key == "young" else "公务员",
        )  # fmt: skip
        team = LeadershipTeamFactory._meta.model.objects.filter(unit=units[unit]).first()
        team = team or LeadershipTeamFactory(unit=units[unit])
        post = PostFactory(team=team, title=title, is_chief=title in ("党委书记", "镇长"))
        AppointmentFactory(cadre=cadre, post=post, start_date=dt.date(2020, 1, 1))
        people[key] = cadre
    PoolMembershipFactory(cadre=people["young"], entered_on=today - dt.timedelta(days=30))
    talk = TalkFactory(date=today - dt.timedelta(days=5), note=NOTE)
    TalkParticipantFactory(talk=talk, cadre=people["young"])
    last = Quarter.last_finished(today)
    for quarter in (last.previous(), last):
        services.recalc_quarter(quarter)
    return people


def _wait_for_panels(page):
    for panel in page.locator(".dash-panel").all():
        expect(panel.locator(".dash-status")).to_be_hidden(timeout=15000)


def _click_bar(page, panel_key, index):
    """Click the middle of bar ``index`` of a (stacked) bar chart, in page pixels."""
    chart = page.locator(f"#panel-{panel_key} .dash-chart")
    point = chart.evaluate(
        """(el, index) => {
            const chart = echarts.getInstanceByDom(el);
            const option = chart.getOption();
            const total = option.series.reduce((sum, s) => sum + (s.data[index] || 0), 0);
            return chart.convertToPixel({xAxisIndex: 0, yAxisIndex: 0}, [index, total / 2]);
        }""",
        index,
    )
    box = chart.bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def test_leader_reads_the_county_dashboard_and_drills_down_to_a_person(
    live_server, units, leader, page, tmp_path
):
    people = _data(units)
    browser_login(page, live_server, "lingdao")
    page.get_by_role("link", name="领导驾驶舱").first.click()
    page.wait_for_url("**/dashboard/")
    _wait_for_panels(page)
    page.wait_for_timeout(300)  # charts settle before the screenshot
    _save(page, "dashboard.png")

    content = page.content()  # every table is in the page, hidden behind its chart
    assert "西县" not in content
    assert "西县丁" not in content
    assert "家庭困难" not in content
    kpi = page.locator('#panel-summary [data-kpi="年轻干部"]')
    assert kpi.inner_text() == "2"
    assert page.console_errors == []

    # Chart -> table, and the table's .xlsx.
    panel = page.locator("#panel-warnings")
    panel.get_by_role("button", name="表格").click()
    table = panel.locator(".dash-table table")
    expect(table).to_be_visible()
    assert "青石镇" in table.inner_text()
    expect(panel.locator(".dash-chart")).to_be_hidden()
    with page.expect_download() as download:
        panel.get_by_role("link", name="导出Excel").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active
    regions = [row[0].value for row in sheet.iter_rows(min_row=3)]
    assert "青石镇" in regions and "西县" not in regions

    # Print on A4 landscape: the print stylesheet lays the charts out two a row.
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    _save(page, "dashboard_print.png")
    # every chart stays inside its card (they spilt over the next row's charts)
    spill = page.evaluate(
        """() => [...document.querySelectorAll('.dash-panel')].flatMap((card) => {
            const box = card.getBoundingClientRect();
            return [...card.querySelectorAll('.dash-chart canvas, .dash-chart svg')]
              .filter((c) => c.getBoundingClientRect().bottom > box.bottom + 1)
              .map(() => card.dataset.panel);
        })"""
    )
    assert spill == []
    halves = page.evaluate(
        "[...document.querySelectorAll('.dash-cell:not(.dash-wide)')]"
        ".map((c) => Math.round(c.getBoundingClientRect().left))"
    )
    assert len(set(halves)) == 2  # two a row
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")

    # Region bar -> the township's teams and young cadres -> the team -> the person.
    _click_bar(page, "young_by_region", 1)  # 0 is 东县本级, 1 is 青石镇
    page.wait_for_url(f"**/dashboard/regions/{units['qingshi'].pk}/**")
    assert "青石甲" in page.locator("#young-table").inner_text()
    assert "北山丙" not in page.content()
    _save(page, "dashboard_region.png")
    page.locator("#team-table").get_by_role("link", name="青石镇").click()
    page.wait_for_url("**/staffing/teams/**")
    page.locator("#post-table").get_by_role("link", name="青石甲").click()
    page.wait_for_url(f"**/people/{people['young'].pk}/")  # the person's 立体画像
    assert "青石甲" in page.content()
    assert "家庭困难" not in page.content()
    assert page.console_errors == []
