"""Through Debian's Chromium, for a team graded A: 任职 without a 动议 is refused; 小周
proposes 小林; 小王 (干部科) signs 不同意 with a reason and the appointment stays
refused; a second 动议 gets 同意; 小王 enters the appointment from the 动议 page and
files it (备案): the gap closed. The ledger shows it."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pool.models import Role
from staffing import services
from tests.conftest import _persona, browser_login
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _save(page, name):
    page.screenshot(path=f"/tmp/{name}", full_page=True)


def test_motion_rejected_then_approved_entered_and_filed(live_server, units, staff, page, chromium):
    _persona("xiaowang", Role.STAFF, units["east"], name="小王")
    team = LeadershipTeamFactory(unit=units["qingshi"])
    post = PostFactory(team=team, title="副镇长", quota=5)
    AppointmentFactory(
        post=post, cadre=CadreFactory(unit=team.unit, name="老王", birth_month=dt.date(1972, 5, 1))
    )
    young = CadreFactory(unit=team.unit, name="小林", birth_month=dt.date(1996, 4, 1), rank="副科")
    services.recalc_quarter("2026Q1")
    today = timezone.localdate().isoformat()

    browser_login(page, live_server, "xiaozhou")
    page.goto(f"{live_server.url}/staffing/teams/{team.pk}/appoint/?post={post.pk}")
    page.get_by_label("干部", exact=True).select_option(label="小林（1996.04，青石镇）")
    page.get_by_label("任职时间").fill(today)
    page.get_by_label("任职文号").fill("东组任〔2026〕30号")
    page.get_by_role("button", name="保存任职").click()
    expect(page.locator("#appoint-form .alert-danger")).to_contain_text(
        "青石镇领导班子2026Q1为A级（差额1名），任职须先提出动议"
    )

    def propose():
        page.goto(f"{live_server.url}/staffing/teams/{team.pk}/")
        page.locator("#motion-link").click()
        page.get_by_label("拟任职位").select_option(label="副镇长（副职，核定职数5）")
        page.get_by_label("拟任人选").select_option(label="小林（1996.04，青石镇）")
        page.get_by_label("拟任职时间").fill(today)
        page.get_by_role("button", name="提出动议").click()
        page.wait_for_url("**/staffing/checks/*/")
        expect(page.locator("#motion-stage")).to_have_text("待双把关")
        return page.url

    first = propose()

    other = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page2 = other.new_page()
    browser_login(page2, live_server, "xiaowang")
    page2.goto(first)
    page2.get_by_label("把关意见").select_option(label="不同意")
    page2.get_by_role("button", name="签署").click()
    expect(page2.locator(".alert-danger")).to_contain_text("不同意时请在“说明”中写明理由")
    page2.get_by_label("把关意见").select_option(label="不同意")
    page2.get_by_label("说明（不同意时须写明理由）").fill("拟任人选任职资历不足")
    page2.get_by_role("button", name="签署").click()
    expect(page2.locator("#motion-stage")).to_have_text("不同意，已终止")
    _save(page2, "motion_rejected.png")

    page.goto(f"{live_server.url}/staffing/teams/{team.pk}/appoint/?post={post.pk}")
    page.get_by_label("干部", exact=True).select_option(label="小林（1996.04，青石镇）")
    page.get_by_label("任职时间").fill(today)
    page.get_by_label("任职文号").fill("东组任〔2026〕30号")
    page.get_by_role("button", name="保存任职").click()
    expect(page.locator("#appoint-form .alert-danger")).to_contain_text(
        "双把关不同意（拟任人选任职资历不足），小林任副镇长不能录入"
    )

    second = propose()
    page2.goto(second)
    page2.get_by_label("把关意见").select_option(label="同意")
    page2.get_by_role("button", name="签署").click()
    expect(page2.locator("#decision")).to_have_text("同意")
    page2.locator("#enter-appointment").click()
    page2.wait_for_url("**/appoint/?post=*")
    page2.get_by_label("任职文号").fill("东组任〔2026〕31号")
    page2.get_by_role("button", name="保存任职").click()
    page2.wait_for_url(second)
    expect(page2.locator("#motion-stage")).to_have_text("已任职，待备案")
    page2.get_by_label("备案说明").fill("已按年轻干部配备")
    page2.get_by_role("button", name="备案").click()
    expect(page2.locator("#filing")).to_contain_text("任职前差额1名，任职后差额已补齐")
    _save(page2, "motion_filed.png")

    page2.goto(f"{live_server.url}/staffing/warnings/?quarter=2026Q1")
    table = page2.locator("#motion-table")
    expect(table).to_contain_text("不同意（拟任人选任职资历不足）")
    expect(table).to_contain_text("差额由1名补齐")
    _save(page2, "motion_ledger.png")
    assert young.appointments.count() == 1
    other.close()
    assert [e for e in page.console_errors if "400 (Bad Request)" not in e] == []
