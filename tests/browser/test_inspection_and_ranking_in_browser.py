"""Staff put a pool member up for a post, then read the ranking and the radar chart,
in Chromium, with no console error (CSP forbids inline scripts: the radar's JS is static)."""

import datetime as dt

import pytest

from pool.models import Inspection, InspectionStatus, ManualScore
from tests.conftest import browser_login
from tests.factories import PoolMembershipFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_inspect_a_member_and_read_the_radar(live_server, units, staff, page, tmp_path):
    member = PoolMembershipFactory(
        cadre__unit=units["qingshi"], cadre__name="吴七", cadre__fulltime_education="大学本科",
        entered_on=dt.date.today() - dt.timedelta(days=30),
    )  # fmt: skip
    PoolMembershipFactory(cadre__unit=units["beishan"], cadre__name="郑八")
    ManualScore.objects.create(cadre=member.cadre, code="political", score=92)
    browser_login(page, live_server, "xiaozhou")

    page.goto(f"{live_server.url}/pool/members/{member.cadre_id}/")
    form = page.locator("#inspection-form")
    form.get_by_label("拟任职务").fill("青石镇党委副书记")
    form.get_by_role("button", name="列为考察对象").click()
    page.wait_for_selector("#inspection-close")
    assert "考察中：拟任青石镇党委副书记" in page.locator("#inspection-close").inner_text()
    assert Inspection.objects.get().status == InspectionStatus.ACTIVE
    page.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)

    page.goto(f"{live_server.url}/pool/ranking/")
    assert page.locator("#ranking-table tbody tr").count() == 2
    page.get_by_role("link", name="吴七").click()
    page.wait_for_selector(".radar-chart[data-ready='1'] svg")  # SVG: prints sharp
    assert "总分" in page.locator("#ranking-summary").inner_text()
    page.screenshot(path=str(tmp_path / "radar.png"), full_page=True)
    assert page.console_errors == []
