"""A large roster in Chromium with a real Celery worker: the preview page shows a
progress bar polled by htmx (no inline script or style: the CSP stays quiet), and
switches to the preview, then to the result, by itself."""

import pytest

from pool.models import Cadre
from tests.conftest import PASSWORD
from tests.pool.import_files import person, table, xlsx
from tests.pool.imports.test_import_worker import worker, worker_queue  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_large_roster_shows_progress_then_the_preview(
    live_server,
    units,
    staff,
    page,
    worker,  # noqa: F811
    settings,
    tmp_path,
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    roster = tmp_path / "大名册.xlsx"
    roster.write_bytes(xlsx(table([person("张三", serial=1), person("李四", serial=2)])))
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(staff.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/pool/imports/")
    page.get_by_label("导入类型").select_option(label="干部名册")
    page.get_by_label("文件", exact=True).set_input_files(str(roster))
    page.get_by_role("button", name="上传并预检").click()
    page.wait_for_url("**/pool/imports/*/")
    # Either the bar (still working) or, on a fast worker, already the preview.
    page.locator("#import-progress, #import-rows").first.wait_for()
    page.get_by_role("button", name="确认导入（2行）").wait_for(timeout=60_000)
    page.reload()  # the page survives a reload
    page.get_by_role("button", name="确认导入（2行）").click()
    page.wait_for_url("**/pool/imports/*/")
    page.locator("#import-counts").wait_for(timeout=60_000)  # reloaded when committed
    assert "已导入" in page.locator("main").inner_text()
    assert Cadre.objects.count() == 2
    assert errors == []  # no Content-Security-Policy violations
