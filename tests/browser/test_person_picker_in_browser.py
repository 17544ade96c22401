"""Through Debian's Chromium on the demo data (北山县, scale 0.25): a 干部科 member types
three pinyin initials in the 干部名册, opens the pool member's 立体画像, presses
记录谈话 and saves a talk with that person already chosen; then picks two more people
in the talk form's type-ahead with the keyboard alone. Screenshots at 1366×768."""

import datetime as dt
import io
import time

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from pool.models import OPEN_POOL_STATUSES, PoolMembership, Role, Unit
from pool.people.selectors import cadres_for
from supervision.models import Talk
from tests.conftest import _persona, browser_login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = "/tmp/person_picker"


@pytest.fixture
def demo_staff(db):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        call_command("load_demo", "--scale", "0.25", stdout=io.StringIO())
    county = Unit.objects.get(name="北山县")
    return _persona("picker_staff", Role.STAFF, county, name="小周")


def _initials_member(user):
    """A current pool member in ``user``'s county with a three-character name, and the
    three initials of that name."""
    members = (
        PoolMembership.objects.filter(status__in=OPEN_POOL_STATUSES, cadre__in=cadres_for(user))
        .select_related("cadre")
        .order_by("cadre__birth_month", "pk")
    )
    for m in members:
        words = m.cadre.search_key.split()
        if len(m.cadre.name) == 3 and len(words) == 2 and len(words[1]) == 3:
            return m.cadre, words[1]
    raise AssertionError("the demo has no pool member with a three-character name")


def test_a_talk_is_recorded_from_the_profile_of_a_person_found_by_initials(
    live_server, demo_staff, page, tmp_path
):
    cadre, initials = _initials_member(demo_staff)
    page.set_viewport_size({"width": 1366, "height": 768})
    browser_login(page, live_server, "picker_staff")

    shooting = [0.0]  # screenshots are not part of the user's time

    def shot(name):
        begun = time.monotonic()
        page.screenshot(path=f"{SHOTS}-{name}.png")
        shooting[0] += time.monotonic() - begun

    started = time.monotonic()
    page.goto(f"{live_server.url}/pool/cadres/")
    page.get_by_label("姓名/拼音/职务/单位").fill(initials)
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(f"**q={initials}**")
    shot("roster")
    steps = {"roster": time.monotonic() - started}
    page.locator(f'#cadre-table a[href="/people/{cadre.pk}/"]').click()
    expect(page.locator("#profile-name")).to_have_text(cadre.name)
    steps["profile"] = time.monotonic() - started
    shot("profile")
    page.get_by_role("link", name="记录谈话").click()
    chip = page.locator(".person-chip", has_text=cadre.name)
    expect(chip).to_be_visible()
    steps["form"] = time.monotonic() - started
    page.get_by_label("谈话人", exact=True).fill("县委组织部李部长")
    page.get_by_label("谈话人身份").select_option(label="组织人事部门")
    shot("talk-form")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已记录谈话，谈话对象1人")).to_be_visible()
    elapsed = time.monotonic() - started - shooting[0]
    print(f"initials → profile → 记录谈话 → saved: {elapsed:.2f} s", steps)  # Done-when: < 5 s

    talk = Talk.objects.latest("pk")
    assert list(talk.participants.values_list("cadre_id", flat=True)) == [cadre.pk]
    assert page.console_errors == []


def test_the_talk_form_picks_people_with_the_keyboard_only(live_server, demo_staff, page):
    cadre, initials = _initials_member(demo_staff)
    page.set_viewport_size({"width": 1366, "height": 768})
    browser_login(page, live_server, "picker_staff")
    page.goto(f"{live_server.url}/supervision/talks/record/")
    box = page.get_by_label("谈话对象")
    box.fill(initials)
    options = page.locator(".person-picker-results [role=option]")
    expect(options.first).to_be_visible()
    texts = options.all_inner_texts()
    index = next(i for i, text in enumerate(texts) if text.startswith(cadre.name))
    target = options.nth(index)
    # Arrow down to the person, Enter adds a chip; the box is empty for the next one.
    for _ in range(index):
        box.press("ArrowDown")
    expect(target).to_have_attribute("aria-selected", "true")
    page.screenshot(path=f"{SHOTS}-typeahead.png")
    box.press("Enter")
    expect(page.locator(".person-chip", has_text=cadre.name)).to_be_visible()
    expect(box).to_have_value("")
    # Backspace in the empty box takes the last chip away again.
    box.press("Backspace")
    expect(page.locator(".person-chip")).to_have_count(0)
    # The pool preset lists pool members without typing.
    page.get_by_label("范围").select_option(label="年轻干部库")
    box.focus()
    expect(options.first).to_be_visible()
    assert options.first.locator(".badge").inner_text() == "库内"
    assert page.console_errors == []
