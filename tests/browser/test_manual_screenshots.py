"""The manual's screenshots (docs/manual/img) are taken here, on the demo data, so
they never go stale: ``UPDATE_MANUAL_SCREENSHOTS=1 pytest tests/browser/test_manual_screenshots.py``
logs in as each demo role through Chromium at 1366x768 and saves every shot as a
JPEG. Without the variable the shots are not retaken; the test then checks that every
image the manual shows exists and that every shot listed here is shown somewhere."""

import io
import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from cadre_portal.help import manual
from fixtures.demo.people import DEMO_PASSWORD
from pool.models import Unit
from tests.pool.import_files import person, table, xlsx

UPDATE = os.environ.get("UPDATE_MANUAL_SCREENSHOTS") == "1"

# file name -> (demo account, URL name, a text the page must show before the shot)
SHOTS = {
    "staff-home.jpg": ("zuzhibu", "home", "预警提醒"),
    "staff-import.jpg": ("zuzhibu", "pool:import_upload", "导入类型"),
    # uploads a roster with two unknown columns and a row with three errors (_preview)
    "staff-import-preview.jpg": ("zuzhibu", "pool:import_upload", "未导入的列"),
    "staff-roster.jpg": ("zuzhibu", "pool:cadre_list", "干部名册"),
    "staff-lists.jpg": ("zuzhibu", "pool:list_index", "三张清单"),
    "staff-candidates.jpg": ("zuzhibu", "pool:candidates", "推荐人选汇总"),
    "staff-pool.jpg": ("zuzhibu", "pool:pool_list", "年轻干部库"),
    "staff-ledger.jpg": ("zuzhibu", "staffing:ledger", "配备台账"),
    "staff-checks.jpg": ("zuzhibu", "staffing:second_checks", "双把关"),
    "staff-talk.jpg": ("zuzhibu", "supervision:talk_record", "谈话对象"),
    "staff-overdue.jpg": ("zuzhibu", "supervision:overdue", "谈话"),
    "staff-training.jpg": ("zuzhibu", "training:class_list", "培训班次"),
    "unit-home.jpg": ("qingshi", "home", "青石镇"),
    "unit-list.jpg": ("qingshi", "pool:my_list", "推荐"),
    "unit-talks.jpg": ("qingshi", "supervision:talk_list", "谈心谈话"),
    "sector-list.jpg": ("jiaoyu_lingyu", "pool:my_list", "推荐"),
    "leader-dashboard.jpg": ("lingdao", "dashboard:index", "驾驶舱"),
    "leader-ledger.jpg": ("lingdao", "staffing:ledger", "配备台账"),
    "liaison-inbox.jpg": ("jiwei", "supervision:inbox", "廉政意见"),
    "sysadmin-accounts.jpg": ("sysadmin", "accounts:account_list", "账号"),
    "secadmin-accounts.jpg": ("secadmin", "accounts:account_list", "账号"),
    "auditor-log.jpg": ("auditor", "pool:audit_log", "审计日志"),
}


def _preview(page, tmp_path):
    """Upload a county roster whose header has 任现职时间 and 备注 (未导入的列) and
    whose second row has three errors, shown at once."""
    unit = Unit.objects.get(name="青石镇")
    good = person("王晓明", serial=11, 工作单位=unit.name, 任现职时间="2021.03", 备注="")
    bad = person("李青", serial=12, 工作单位="青石镇", 出生年月="1985.07", 干部类别="临时")
    bad.update(任现职时间="2022.07", 备注="借调")
    header = ["姓名", "出生年月", "干部类别", "工作单位", "身份证号", "任现职时间", "备注"]
    path = tmp_path / "青石镇干部名册.xlsx"
    path.write_bytes(xlsx(table([good, bad], header)))
    page.get_by_label("导入类型").select_option(label="干部名册")
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_role("button", name="上传并预检").click()
    page.wait_for_url("**/pool/imports/*/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not UPDATE, reason="只在 UPDATE_MANUAL_SCREENSHOTS=1 时重新截图")
def test_take_the_manual_screenshots_on_the_demo_data(live_server, chromium, tmp_path):
    call_command("load_demo", "--scale", "0.25", "--seed", "7", stdout=io.StringIO())
    by_user: dict[str, list[tuple[str, str, str]]] = {}
    for name, (username, url_name, text) in SHOTS.items():
        by_user.setdefault(username, []).append((name, url_name, text))
    for username, shots in by_user.items():
        context = chromium.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_server.url}/**")
        for name, url_name, text in shots:
            page.goto(live_server.url + reverse(url_name))
            if name == "staff-import-preview.jpg":
                _preview(page, tmp_path)
            expect(page.locator("main")).to_contain_text(text)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(manual.IMAGE_DIR / name), type="jpeg", quality=70)
        context.close()


# After the shots, when they are retaken in the same run.
def test_every_image_the_manual_shows_exists_and_every_shot_is_shown():
    shown = {name for chapter in manual.chapters() for name in chapter.images}
    missing = sorted(n for n in shown if not (manual.IMAGE_DIR / n).is_file())
    assert not missing, f"手册引用的截图不存在（UPDATE_MANUAL_SCREENSHOTS=1 重新截图）：{missing}"
    assert shown == set(SHOTS), "手册引用的截图与本测试截取的不一致"
    for name in SHOTS:
        assert (manual.IMAGE_DIR / name).stat().st_size < 400_000, f"{name} 过大"
