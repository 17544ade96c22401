"""Through Debian's Chromium: from 北山镇's team page a staff member starts a 模拟调配
scenario, moves 青石镇's young deputy to 北山镇 and seats a young 教育局 cadre in the
freed seat (two moves across two teams, added with htmx), sees both teams' levels
and 东县's completion rate change, then turns the scenario into 任免建议."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from staffing.models import Appointment, AppointmentProposal
from tests.conftest import browser_login
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OLD = dt.date(1970, 5, 1)


def _town(unit, deputy_name, deputy_birth):
    team = LeadershipTeamFactory(unit=unit)
    chief = PostFactory(team=team, title="党委书记", is_chief=True, quota=1)
    deputy = PostFactory(team=team, title="副镇长", quota=2)
    AppointmentFactory(post=chief, cadre=CadreFactory(unit=unit, birth_month=OLD))
    AppointmentFactory(
        post=deputy, cadre=CadreFactory(unit=unit, name=deputy_name, birth_month=deputy_birth)
    )
    return team


def _settled(page):
    """htmx has swapped and processed what it got (new elements take their handlers
    when the swap settles, 20 ms later; typing before that would go unheard)."""
    expect(page.locator(".htmx-request, .htmx-added, .htmx-settling")).to_have_count(0)


def _row(page, name):
    return page.locator("#team-effect tr", has_text=name)


def test_draft_two_moves_across_two_teams_see_the_levels_and_convert(
    live_server, units, staff, page
):
    _town(units["qingshi"], "小林", dt.date(1995, 4, 1))  # C
    beishan = _town(units["beishan"], "老王", OLD)  # A
    zhao = CadreFactory(unit=units["east_edu"], name="小赵", birth_month=dt.date(1993, 8, 1))
    lin = Appointment.objects.get(cadre__name="小林").cadre

    browser_login(page, live_server, "xiaozhou")
    page.goto(f"{live_server.url}/staffing/teams/{beishan.pk}/")
    page.get_by_role("link", name="模拟调配").click()
    expect(page.get_by_label("方案名称")).to_have_value("北山镇领导班子调配方案")
    page.get_by_label("测算基准日").fill("2026-12-31")
    page.get_by_role("button", name="新建并添加调配").click()
    page.wait_for_url("**/staffing/scenarios/*/?team=*")
    expect(_row(page, "北山镇").locator('[data-level="after"]')).to_have_text("A级")

    # 1: 小林 from 青石镇副镇长 to 北山镇副镇长
    page.get_by_label("交流任职").check()
    expect(page.locator('#move-form[data-kind="transfer"]')).to_be_attached()
    _settled(page)
    page.get_by_label("干部", exact=True).fill("小林")
    page.locator("#cadre-results").get_by_text("小林").click()
    expect(page.locator(f'#move-form[data-cadre="{lin.pk}"]')).to_be_attached()
    _settled(page)
    expect(page.get_by_label("免去小林的职务")).to_have_value(
        str(Appointment.objects.get(cadre=lin).pk)
    )
    page.locator("#team-results").get_by_text("北山镇").click()
    page.get_by_label("拟任职位").select_option(label="副镇长（副职，核定2名，按本方案在任1名）")
    expect(page.get_by_label("拟任职位")).to_have_value(str(beishan.posts.get(is_chief=False).pk))
    _settled(page)
    page.get_by_role("button", name="添加调配").click()
    expect(page.locator("#move-list")).to_contain_text("小林由青石镇副镇长交流任北山镇副镇长")
    expect(_row(page, "青石镇").locator('[data-level="after"]')).to_have_text("A级")
    expect(_row(page, "北山镇").locator('[data-level="after"]')).to_have_text("C级")
    _settled(page)

    # 2: 小赵 from 东县教育局 into the freed 青石镇 seat
    page.get_by_label("任职", exact=True).check()
    expect(page.locator('#move-form[data-kind="appoint"]')).to_be_attached()
    _settled(page)
    page.get_by_label("干部", exact=True).fill("小赵")
    page.locator("#cadre-results").get_by_text("小赵").click()
    expect(page.locator(f'#move-form[data-cadre="{zhao.pk}"]')).to_be_attached()
    _settled(page)
    page.get_by_label("拟任班子").fill("青石")
    page.locator("#team-results").get_by_text("青石镇").click()
    expect(page.locator('#move-form[data-team]:not([data-team=""])')).to_be_attached()
    _settled(page)
    page.get_by_label("拟任职位").select_option(label="副镇长（副职，核定2名，按本方案在任0名）")
    _settled(page)
    page.get_by_role("button", name="添加调配").click()
    expect(page.locator("#move-list li")).to_have_count(2)
    expect(_row(page, "青石镇").locator('[data-level="before"]')).to_have_text("C级")
    expect(_row(page, "青石镇").locator('[data-level="after"]')).to_have_text("C级")
    expect(_row(page, "北山镇").locator('[data-level="after"]')).to_have_text("C级")
    region = page.locator("#region-effect tr", has_text="东县")
    expect(region.locator("[data-region-after]")).to_contain_text("100.0%")
    expect(region).to_contain_text("50.0%")
    page.screenshot(path="/tmp/staffing_scenario.png", full_page=True)
    assert Appointment.objects.count() == 4  # still only drafts

    page.get_by_role("button", name="转为任免建议").click()
    page.wait_for_url("**/staffing/proposals/")
    expect(page.locator(".alert-success")).to_contain_text("已转为2条任免建议")
    expect(page.locator("#proposal-table")).to_contain_text("任命小赵为青石镇副镇长")
    assert AppointmentProposal.objects.count() == 2
    assert page.console_errors == []
