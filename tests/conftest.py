"""Persona fixtures: each test acts as a person with a role and a scope.

The tree: 江州市 (city) > 东县 (county) > {青石镇, 北山镇, 东县教育局 (sector 教育卫生)}
and 江州市 > 西县 (county) > 西县教育局 (教育卫生), so every persona has someone
outside their jurisdiction to be refused.
"""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from pool.models import AccountSecurity, Role, RoleGrant, UnitKind, UnitLevel
from tests.factories import UnitFactory

PASSWORD = "Test#2026password"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s per user; the tests create hundreds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _second_factor_off(settings):
    """Personas log in with the password alone; tests/pool/accounts/test_second_factor.py turns
    the TOTP requirement back on."""
    settings.CADRE_OTP_ROLES = []


@pytest.fixture(autouse=True)
def _own_cache_keys(settings):
    """Each test counts in Redis under keys of its own (request budgets, pool.selfservice):
    nothing carries over from another test, another run or another xdist worker."""
    import uuid

    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    }


@pytest.fixture
def units(db):
    city = UnitFactory(name="江州市", level=UnitLevel.CITY, kind=UnitKind.REGION)
    east = UnitFactory(
        name="东县", parent=city, level=UnitLevel.COUNTY, kind=UnitKind.COUNTY_LEADERSHIP
    )
    west = UnitFactory(
        name="西县", parent=city, level=UnitLevel.COUNTY, kind=UnitKind.COUNTY_LEADERSHIP
    )
    return {
        "city": city,
        "east": east,
        "west": west,
        "qingshi": UnitFactory(
            name="青石镇", parent=east, level=UnitLevel.TOWNSHIP, kind=UnitKind.TOWNSHIP
        ),
        "beishan": UnitFactory(
            name="北山镇", parent=east, level=UnitLevel.TOWNSHIP, kind=UnitKind.TOWNSHIP
        ),
        "east_edu": UnitFactory(name="东县教育局", parent=east, sector="教育卫生"),
        "west_edu": UnitFactory(name="西县教育局", parent=west, sector="教育卫生"),
    }


def _persona(username, role, unit=None, sector="", name=""):
    user = get_user_model().objects.create_user(username, password=PASSWORD, first_name=name)
    RoleGrant.objects.create(user=user, role=role, unit=unit, sector=sector)
    AccountSecurity.objects.create(
        user=user, must_change_password=False, password_changed_at=timezone.now()
    )
    return user


@pytest.fixture
def staff(units):
    """小周, 县委组织部干部科: the 东县 subtree."""
    return _persona("xiaozhou", Role.STAFF, units["east"], name="小周")


@pytest.fixture
def city_staff(units):
    """小钱, 市委组织部干部科: the whole tree; owns the city-wide settings (targets, rules)
    a county's staff read but may not change."""
    return _persona("xiaoqian", Role.STAFF, units["city"], name="小钱")


@pytest.fixture
def unit_committee(units):
    """青石镇党委: one unit."""
    return _persona("qingshi", Role.UNIT_COMMITTEE, units["qingshi"], name="青石镇党委")


@pytest.fixture
def sector_dept(units):
    """东县 教育卫生 领域主管部门."""
    return _persona("jiaoyu", Role.SECTOR_DEPT, units["east"], "教育卫生", name="教育领域")


@pytest.fixture
def leader(units):
    """县委副书记: the 东县 subtree, read-only."""
    return _persona("lingdao", Role.LEADER, units["east"], name="县委副书记")


@pytest.fixture
def discipline_liaison(db):
    return _persona("jiwei", Role.DISCIPLINE_LIAISON, name="县纪委联络员")


@pytest.fixture
def sys_admin(db):
    return _persona("sysadmin", Role.SYS_ADMIN, name="系统管理员")


@pytest.fixture
def security_admin(db):
    return _persona("secadmin", Role.SECURITY_ADMIN, name="安全管理员")


@pytest.fixture
def audit_admin(db):
    return _persona("auditor", Role.AUDIT_ADMIN, name="审计管理员")


@pytest.fixture
def cadre_self(units):
    """叶青, a young cadre of 青石镇 with her own account (干部本人): her record only."""
    from tests.factories import CadreFactory

    person = CadreFactory(unit=units["qingshi"], name="叶青")
    user = get_user_model().objects.create_user("yeqing", password=PASSWORD, first_name="叶青")
    RoleGrant.objects.create(user=user, role=Role.CADRE, cadre=person)
    AccountSecurity.objects.create(
        user=user, must_change_password=False, password_changed_at=timezone.now()
    )
    return user


@pytest.fixture
def as_user(client):
    """``as_user(user)`` logs the test client in as that person."""

    def login(user):
        client.force_login(user)
        return client

    return login


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def chromium(monkeypatch):
    """Debian's headless Chromium through Playwright (never a downloaded browser)."""
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium for the browser tests")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # the test itself are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A Chinese-locale page; ``page.console_errors`` collects console errors (CSP, 404)."""
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None
    )
    # Irreversible actions ask first (static/js/confirm.js): accept, and keep what was asked.
    page.dialogs = []

    def answer(dialog):
        page.dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    return page


def browser_login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
