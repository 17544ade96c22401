"""Through Debian's Chromium: staff open a 主体班, pick young pool members of one town
from the filtered pool list, enrol them, and see the 培训合规 page change."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.conftest import browser_login
from tests.factories import (
    CadreFactory,
    EnrollmentFactory,
    PoolMembershipFactory,
    TrainingClassFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_enrol_filtered_pool_members_and_the_compliance_page_changes(
    live_server, units, staff, page
):
    today = dt.date.today()
    klass = TrainingClassFactory(
        unit=units["east"],
        name="东县年轻干部政治能力提升班",
        is_main_class=True,
        political=True,
        off_the_job=True,
        start_date=today - dt.timedelta(days=30),
        end_date=today - dt.timedelta(days=24),
        hours=80,
    )
    for _ in range(4):  # older trainees: the class is below 1/5 before
        EnrollmentFactory(
            training_class=klass,
            cadre=CadreFactory(unit=units["east_edu"], birth_month=dt.date(1975, 1, 1)),
        )
    young = dt.date(today.year - 30, 1, 1)
    for name, unit in (("青石甲", "qingshi"), ("青石乙", "qingshi"), ("北山丙", "beishan")):
        PoolMembershipFactory(cadre=CadreFactory(unit=units[unit], name=name, birth_month=young))

    browser_login(page, live_server, "xiaozhou")
    page.goto(f"{live_server.url}/training/compliance/")
    expect(page.locator("#count-coverage")).to_have_text("3")
    page.screenshot(path="/tmp/training_compliance_before.png", full_page=True)

    page.get_by_role("button", name="育 · 培养锻炼").click()
    page.get_by_role("link", name="培训班次").click()
    page.get_by_role("link", name="东县年轻干部政治能力提升班").click()
    expect(page.locator("#share-value")).to_have_text("0/4")
    page.get_by_role("link", name="从年轻干部库选人").click()
    page.get_by_label("所在单位").select_option(label="青石镇")
    page.get_by_label("只看年轻干部").check()
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("#pick-table tbody tr")
    expect(rows).to_have_count(2)
    assert "北山丙" not in page.locator("#pick-table").inner_text()
    page.get_by_label("全选").check()
    page.get_by_role("button", name="将勾选人员加入本班次").click()
    page.wait_for_url(f"**/training/classes/{klass.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("已将2人加入")
    expect(page.locator("#share-value")).to_have_text("2/6")
    page.screenshot(path="/tmp/training_class.png", full_page=True)

    page.get_by_role("button", name="育 · 培养锻炼").click()
    page.get_by_role("link", name="培训合规").click()
    expect(page.locator("#count-coverage")).to_have_text("1")
    expect(page.locator("#count-political")).to_have_text("1")
    table = page.locator("#compliance-table").inner_text()
    assert "北山丙" in table and "青石甲" not in table
    page.screenshot(path="/tmp/training_compliance.png", full_page=True)
    assert page.console_errors == []
