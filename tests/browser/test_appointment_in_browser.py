"""Through Debian's Chromium: a staff member opens a township's team page, seats a
young cadre in a vacant deputy seat with a 文号, and sees the team's level change from
A to C; then tries to over-fill the chief's seat and reads the refusal in Chinese."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.conftest import browser_login
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_seat_a_young_cadre_and_the_team_level_changes(live_server, units, staff, page):
    team = LeadershipTeamFactory(unit=units["qingshi"])
    chief = PostFactory(team=team, title="党委书记", is_chief=True, quota=1)
    PostFactory(team=team, title="副镇长", quota=2)
    AppointmentFactory(
        post=chief,
        cadre=CadreFactory(unit=team.unit, name="老书记", birth_month=dt.date(1972, 5, 1)),
    )
    CadreFactory(unit=team.unit, name="小林", birth_month=dt.date(1996, 4, 1))
    CadreFactory(unit=team.unit, name="小陈", birth_month=dt.date(1990, 1, 1))

    browser_login(page, live_server, "xiaozhou")
    page.goto(f"{live_server.url}/staffing/teams/{team.pk}/")
    expect(page.locator("#current-level-badge")).to_have_text("A级")
    page.locator("#post-table").get_by_role("link", name="任职").first.click()
    page.wait_for_url("**/appoint/?post=*")
    page.get_by_label("干部", exact=True).select_option(label="小林（1996.04，青石镇）")
    page.get_by_label("任职时间").fill("2026-03-02")
    page.get_by_label("任职文号").fill("东组任〔2026〕12号")
    page.get_by_label("提拔任职，实行一年试用期").check()
    page.screenshot(path="/tmp/staffing_appoint.png", full_page=True)
    page.get_by_role("button", name="保存任职").click()
    page.wait_for_url(f"**/staffing/teams/{team.pk}/")
    expect(page.locator(".alert-success")).to_contain_text("已任命小林为副镇长")
    expect(page.locator("#current-level-badge")).to_have_text("C级")
    assert "试用期至2027.03.01" in page.locator("#post-table").inner_text()
    page.screenshot(path="/tmp/staffing_team.png", full_page=True)

    page.goto(f"{live_server.url}/staffing/teams/{team.pk}/appoint/?post={chief.pk}&q=小陈")
    page.get_by_label("干部", exact=True).select_option(label="小陈（1990.01，青石镇）")
    page.get_by_label("任职时间").fill("2026-04-01")
    page.get_by_label("任职文号").fill("东组任〔2026〕13号")
    page.get_by_role("button", name="保存任职").click()
    expect(page.locator("#appoint-form .alert-danger")).to_contain_text(
        "超职数配备：青石镇党委书记核定职数1名，2026年4月1日起已有1名在任，不能再任命"
    )
    # The refused form answers 400 (logged by the browser); nothing else failed to load.
    assert [e for e in page.console_errors if "400 (Bad Request)" not in e] == []
