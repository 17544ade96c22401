"""A 推荐大会 in Chromium: staff print codes for two voter groups, twelve voters vote on
phone-sized screens (one reuses a code and is refused), staff close the round and read
the result per group."""

import pytest

from pool.models import Ballot
from tests.conftest import browser_login
from tests.factories import CadreFactory, make_voting_round

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 390, "height": 844}


def _codes(page, live_server, voting_round, group, count):
    page.goto(f"{live_server.url}/votes/{voting_round.pk}/")
    form = page.locator("#codes-form")
    form.get_by_label("参加人员类别").select_option(group)
    form.get_by_label("生成个数").fill(str(count))
    form.get_by_role("button", name="生成并打印").click()
    page.wait_for_selector("#code-sheet")
    assert page.locator("#code-sheet svg").count() == count
    return page.locator(".code-value").evaluate_all("els => els.map(e => e.dataset.url)")


def _phone(chromium):
    context = chromium.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    phone = context.new_page()
    phone.on("dialog", lambda dialog: dialog.accept())
    return context, phone


def test_a_recommendation_meeting_with_twelve_phone_ballots(
    live_server, units, staff, page, chromium, tmp_path
):
    people = [CadreFactory(unit=units["qingshi"], name=n) for n in ("赵一", "钱二", "孙三")]
    voting_round = make_voting_round(
        units["qingshi"], cadres=people, rolls={"leaders": 4, "others": 10}, max_choices=1,
        title="青石镇党委副书记推荐", post_name="青石镇党委副书记",
    )  # fmt: skip
    browser_login(page, live_server, "xiaozhou")
    leaders = _codes(page, live_server, voting_round, "leaders", 4)
    page.screenshot(path=str(tmp_path / "codes.png"), full_page=True)
    others = _codes(page, live_server, voting_round, "others", 8)

    # 班子成员: 3 for 赵一, 1 for 钱二; 其他干部: 5 for 钱二, 2 for 孙三, 1 for 赵一 and 孙三 (废票)
    votes = [(u, ["赵一"]) for u in leaders[:3]] + [(leaders[3], ["钱二"])]
    votes += [(u, ["钱二"]) for u in others[:5]] + [(u, ["孙三"]) for u in others[5:7]]
    votes += [(others[7], ["赵一", "孙三"])]
    assert len(votes) == 12
    context, phone = _phone(chromium)
    for url, names in votes:
        phone.goto(url)
        assert phone.get_by_label("投票码").input_value()  # arrived with the code
        for name in names:
            phone.get_by_label(name).check()
        phone.get_by_role("button", name="提交投票").click()
        phone.wait_for_selector("#ballot-done")
    phone.screenshot(path=str(tmp_path / "phone_done.png"), full_page=True)
    phone.goto(leaders[0])  # the same code again
    phone.get_by_label("钱二").check()
    phone.get_by_role("button", name="提交投票").click()
    phone.wait_for_selector("#code-error")
    assert "该投票码已使用" in phone.locator("#code-error").inner_text()
    assert "得票" not in phone.content()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # no sideways scrolling on a phone
    phone.screenshot(path=str(tmp_path / "phone_refused.png"), full_page=True)
    context.close()
    assert Ballot.objects.count() == 12

    page.goto(f"{live_server.url}/votes/{voting_round.pk}/")
    assert page.locator("#result-table").count() == 0
    page.get_by_role("button", name="结束投票").click()
    page.wait_for_selector("#result-table")
    assert "会议有效" in page.locator("#round-validity").inner_text()  # 12 of 14
    turnout = page.locator("#turnout-table tbody tr")
    assert turnout.nth(0).inner_text().split() == ["班子成员", "4", "4", "4", "0", "100.0%"]
    assert turnout.nth(1).inner_text().split() == ["其他干部", "10", "8", "7", "1", "80.0%"]
    rows = page.locator("#result-table tbody tr")
    assert rows.nth(0).inner_text().split() == [
        "1", "钱二", "青石镇", "1（25.0%）", "5（71.4%）", "6", "54.5%"
    ]  # fmt: skip
    assert rows.nth(1).inner_text().split()[:5] == [
        "2",
        "赵一",
        "青石镇",
        "3（75.0%）",
        "0（0.0%）",
    ]
    page.screenshot(path=str(tmp_path / "result.png"), full_page=True)
    assert page.console_errors == []
