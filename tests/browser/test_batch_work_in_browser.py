"""Through Debian's Chromium: the 纪委 liaison ticks everyone of a request and answers
无问题 for all at once (asked once), then staff tick candidates and admit them in one
batch after one confirmation page."""

import pytest
from playwright.sync_api import expect

from pool.models import ListStatus, PoolMembership
from supervision import services
from supervision.models import IntegrityOpinion, IntegrityPurpose
from tests.conftest import browser_login
from tests.factories import (
    CadreFactory,
    RecommendationFactory,
    RecommendationListFactory,
    RoundFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_liaison_answers_a_whole_request_at_once(
    live_server, units, staff, discipline_liaison, page
):
    people = [CadreFactory(unit=units["qingshi"], name=f"征求对象{i}") for i in range(4)]
    req = services.request_integrity_opinions(
        staff, people, IntegrityPurpose.ADMISSION, discipline_liaison
    )
    browser_login(page, live_server, "jiwei")
    page.goto(f"{live_server.url}/supervision/inbox/")
    row = page.locator(f'tr[data-request="{req.pk}"]')
    expect(row.locator(".people-count")).to_have_text("4")
    row.get_by_role("link").click()
    page.get_by_label("承办人签字").fill("张三")
    page.get_by_label("审核人签字").fill("李四")
    page.get_by_role("button", name="回复勾选人员").click()
    expect(page.get_by_role("alert").first).to_contain_text("已回复4人：无问题")
    assert len(page.dialogs) == 1
    assert set(IntegrityOpinion.objects.values_list("conclusion", flat=True)) == {"clear"}
    page.goto(f"{live_server.url}/supervision/inbox/")
    expect(page.locator(f'tr[data-request="{req.pk}"] .open-count')).to_have_text("已全部回复")


def test_staff_admit_ticked_candidates_after_one_confirmation(live_server, units, staff, page):
    round_ = RoundFactory(owner=units["east"])
    rec_list = RecommendationListFactory(
        round=round_, unit=units["qingshi"], status=ListStatus.SUBMITTED
    )
    for i in range(3):
        RecommendationFactory(
            rec_list=rec_list, cadre=CadreFactory(unit=units["qingshi"], name=f"候选{i}")
        )
    browser_login(page, live_server, "xiaozhou")
    page.goto(f"{live_server.url}/pool/candidates/?round={round_.pk}")
    page.get_by_label("全选").check()
    page.get_by_label("勾选人员批量入库，梯次").select_option(label="近期使用")
    page.get_by_role("button", name="批量入库…").click()
    expect(page.locator("#batch-table tbody tr")).to_have_count(3)
    page.get_by_role("button", name="确认将3人入库").click()
    expect(page.get_by_role("alert").first).to_contain_text("已入库3人（近期使用）")
    assert PoolMembership.objects.filter(tier="near").count() == 3
