"""In Debian's Chromium: 青石镇党委 fills in and submits its list, 组织部 returns it for
vague reasons, the unit fixes and resubmits, and 组织部 accepts it and admits the person."""

import datetime as dt
import os
from pathlib import Path

import pytest

from pool.models import ListStatus, PoolMembership, RecommendationList
from tests.conftest import PASSWORD
from tests.factories import CadreFactory, RoundFactory

# serialized_rollback: the flush after a transactional test would also wipe the rows
# that data migrations seed (young thresholds, warning policy), which later tests need.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser(chromium, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return chromium


def _login(browser, live_server, username):
    """A fresh browser context (its own cookies) logged in as ``username``."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.dialogs = []  # irreversible actions ask first: accept, and keep what was asked

    def answer(dialog):
        page.dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def _save(page, tmp_path, name):
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if os.environ.get("CADRE_SCREENSHOT_DIR"):
        (Path(os.environ["CADRE_SCREENSHOT_DIR"]) / name).write_bytes(
            (tmp_path / name).read_bytes()
        )


def test_unit_submits_staff_returns_then_accepts(
    live_server, units, unit_committee, staff, browser, tmp_path
):
    round_ = RoundFactory(name="2026年度")
    today = dt.date.today()
    li = CadreFactory(
        unit=units["qingshi"],
        name="李青",
        birth_month=dt.date(today.year - 31, 4, 1),
        current_position="青石镇党政综合办公室主任",
    )
    CadreFactory(unit=units["beishan"], name="北山某")  # another unit's person: never offered
    minutes = tmp_path / "党委会议纪要.pdf"
    minutes.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    # 青石镇党委 adds 李青 from the roster with a vague reason and the minutes, and submits.
    unit = _login(browser, live_server, "qingshi")
    unit.get_by_role("button", name="选 · 干部与人选").click()
    unit.get_by_role("link", name="本单位推荐清单").click()
    unit.wait_for_url("**/pool/lists/mine/")
    pick = unit.locator("#pick-form")
    assert "北山某" not in pick.inner_text()
    pick.get_by_label("从名册中选择").select_option(str(li.pk))
    pick.get_by_label("推荐理由").fill("表现良好，工作积极。")
    pick.get_by_label("主要实绩").fill("完成防汛任务")
    pick.get_by_label("推荐方式").select_option(label="会议推荐")
    pick.get_by_label("附件").set_input_files(str(minutes))
    pick.get_by_role("button", name="加入清单").click()
    unit.wait_for_url("**/pool/lists/mine/?round=*")
    assert "李青" in unit.locator("#rec-table").inner_text()
    assert "党委会议纪要.pdf" in unit.locator("#rec-table").inner_text()
    _save(unit, tmp_path, "unit_list_draft.png")
    unit.get_by_role("button", name="报送清单").click()
    unit.wait_for_load_state()
    assert unit.dialogs == ["报送后清单不能再修改，除非组织部门退回。确定报送吗？"]
    assert unit.locator("#list-status").inner_text() == "已报送"
    _save(unit, tmp_path, "unit_list_submitted.png")

    # 组织部 opens the 三张清单, starts the review and returns it.
    office = _login(browser, live_server, "xiaozhou")
    office.goto(f"{live_server.url}/pool/lists/?round={round_.pk}")
    office.get_by_role("link", name="青石镇", exact=True).click()
    office.get_by_role("button", name="开始审核").click()
    office.wait_for_load_state()
    assert office.locator("#list-status").inner_text() == "审核中"
    office.get_by_label("退回原因").fill("推荐理由过于笼统，请补充具体事例")
    office.get_by_role("button", name="退回").click()
    office.wait_for_load_state()
    assert office.locator("#list-status").inner_text() == "已退回"

    # The unit sees why, rewrites the reason and resubmits.
    unit.goto(f"{live_server.url}/pool/lists/mine/")
    assert "推荐理由过于笼统" in unit.locator("#return-reason").inner_text()
    unit.get_by_role("link", name="编辑").click()
    unit.get_by_label("推荐理由").fill("汛期连续驻守堤段40天，组织转移群众120人，无一伤亡")
    unit.get_by_role("button", name="保存").click()
    unit.wait_for_url("**/pool/lists/mine/?round=*")
    unit.get_by_role("button", name="重新报送").click()
    unit.wait_for_load_state()
    assert unit.locator("#list-status").inner_text() == "已报送"
    _save(unit, tmp_path, "unit_list_resubmitted.png")

    # 组织部 accepts the list and admits 李青 as 近期使用.
    office.reload()
    office.get_by_role("button", name="开始审核").click()
    office.wait_for_load_state()
    office.get_by_role("button", name="审核通过").click()
    office.wait_for_load_state()
    assert office.locator("#list-status").inner_text() == "审核通过"
    row = office.locator("#review-table tbody tr", has_text="李青")
    row.get_by_label("梯次").select_option(label="近期使用")
    row.get_by_role("button", name="入库").click()
    office.wait_for_load_state()
    assert "李青已入库（近期使用）" in office.locator("main").inner_text()
    _save(office, tmp_path, "staff_review_accepted.png")

    assert RecommendationList.objects.get().status == ListStatus.ACCEPTED
    assert PoolMembership.objects.get(cadre=li).tier == "near"
    office.goto(f"{live_server.url}/pool/members/")
    assert "李青" in office.locator("#pool-table").inner_text()
