"""In Debian's Chromium: 叶青 logs in with her own account, sees her record, asks for a
correction of her 在职学历 and of one 简历 line with a scanned diploma; 小周 of the
干部科 approves both from the queue; 叶青 is told and her record shows the new values."""

import datetime as dt

import pytest

from pool.models import CareerEntry, CorrectionRequest, CorrectionStatus
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _login(browser, live_server, username, landing):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}{landing}")
    return page


def test_a_cadre_asks_and_staff_approve(
    live_server, cadre_self, staff, chromium, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    person = cadre_self.grant.cadre
    person.inservice_education = "大学本科"
    person.save()
    line = CareerEntry.objects.create(
        cadre=person,
        start_month=dt.date(2015, 8, 1),
        end_month=dt.date(2019, 12, 1),
        description="青石镇党政办科员",
    )
    scan = tmp_path / "学位证书.pdf"
    scan.write_bytes(b"%PDF-1.4\n% diploma scan\n")

    me = _login(chromium, live_server, "yeqing", "/people/me/")
    assert me.locator("#own-name").inner_text() == "叶青 · 本人信息"
    me.get_by_role("link", name="更正在职学历").click()
    me.get_by_label("更正后的内容").fill("省委党校研究生")
    me.get_by_label("更正理由").fill("2021年省委党校研究生班毕业")
    me.get_by_label("证明材料").set_input_files(str(scan))
    me.get_by_role("button", name="提交更正申请").click()
    me.wait_for_url("**/self/corrections/")
    assert "待审核" in me.locator("#my-requests").inner_text()

    me.goto(f"{live_server.url}/people/me/")
    me.get_by_role("link", name="更正这一行简历").click()
    me.get_by_label("简历起始年月").fill("2015.08")
    me.get_by_label("简历截止年月").fill("2019.12")
    me.get_by_label("工作单位及职务").fill("青石镇党政办科员（选调生）")
    me.get_by_label("更正理由").fill("档案记载为选调生")
    me.get_by_label("证明材料").set_input_files(str(scan))
    me.get_by_role("button", name="提交更正申请").click()
    me.wait_for_url("**/self/corrections/")
    assert CorrectionRequest.objects.filter(status=CorrectionStatus.PENDING).count() == 2

    desk = _login(chromium, live_server, "xiaozhou", "/")
    desk.goto(f"{live_server.url}/pool/notices/")  # the 站内提醒 of the two requests
    assert "叶青申请更正在职学历" in desk.content()
    desk.get_by_role("button", name="查看").first.click()
    desk.wait_for_url("**/self/queue/")
    queue = desk.locator("#correction-queue").inner_text()
    assert "大学本科" in queue and "省委党校研究生" in queue
    assert "青石镇党政办科员（选调生）" in queue
    for _ in range(2):
        with desk.expect_navigation():
            desk.get_by_role("button", name="同意并更正").first.click()
    desk.wait_for_selector("text=没有符合条件的申请。")
    desk.screenshot(path=str(tmp_path / "queue.png"), full_page=True)

    me.goto(f"{live_server.url}/people/me/")
    assert "省委党校研究生" in me.locator("#own-fields").inner_text()
    assert "青石镇党政办科员（选调生）" in me.locator("#own-career").inner_text()
    me.goto(f"{live_server.url}/pool/notices/")
    assert "您申请更正的简历已更正" in me.content()
    line.refresh_from_db()
    assert line.description == "青石镇党政办科员（选调生）"
    assert me.console_errors == [] and desk.console_errors == []
