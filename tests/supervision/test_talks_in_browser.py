"""Through Debian's Chromium: staff record one bulk talk with two young cadres of a
township after a meeting, and the 谈话提醒台账 for that talker role empties."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.factories import CadreFactory, PoolMembershipFactory

# serialized_rollback: the flush after a transactional test would also wipe the rows
# that data migrations seed (talk rules, young thresholds), which later tests need.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_bulk_talk_empties_the_overdue_list_for_that_role(live_server, units, staff, page):
    people = [
        PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"], name=name)).cadre
        for name in ("林晓", "陈默")
    ]
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("xiaozhou")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("button", name="管 · 监督管理").click()
    page.get_by_role("link", name="谈话提醒台账").click()
    page.wait_for_url("**/supervision/talks/overdue/")
    page.get_by_label("谈话人身份").select_option(label="单位主要领导")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**role=unit_head**")
    rows = page.locator("#overdue-table tbody tr")
    expect(rows).to_have_count(2)

    page.get_by_role("button", name="管 · 监督管理").click()
    page.get_by_role("link", name="谈心谈话").click()
    page.get_by_role("link", name="记录谈话").click()
    page.get_by_label("谈话对象").fill("青石镇")  # the picker lists the unit's people
    page.get_by_role("button", name="全部加入（2人）").click()
    for cadre in people:
        expect(page.locator(".person-chip", has_text=cadre.name)).to_be_visible()
    page.get_by_label("谈话人", exact=True).fill("李镇长")
    page.get_by_label("谈话人身份").select_option(label="单位主要领导")
    page.get_by_label("谈话类型").select_option(label="谈心")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已记录谈话，谈话对象2人")).to_be_visible()

    page.get_by_role("link", name="谈话提醒台账").click()
    page.get_by_label("谈话人身份").select_option(label="单位主要领导")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("没有逾期或即将到期的谈话。")).to_be_visible()
