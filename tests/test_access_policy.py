"""One access policy for pages and the API (issue #19): the second factor before
anything (the password page included), then the forced password change; ``next``
stays on the site; the change form is throttled and never answers 500; nothing
the application writes is cached. And the 三员 read no cadre, by any path."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from pool.accounts import tokens
from pool.models import AccountSecurity, AuditEntry
from tests.conftest import PASSWORD
from tests.test_url_permissions import RULES, _in_object, objects  # noqa: F401 (fixture)

NEW_PASSWORD = "Neues#Passwort2026"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def otp_on(settings):
    settings.CADRE_OTP_ROLES = ["staff", "sys_admin", "security_admin", "audit_admin"]


def _login(client, username, password=PASSWORD):
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:300]


# Finding 3: open redirect after the second factor.
@pytest.mark.parametrize(
    ("next_", "lands_on"),
    [
        ("https://evil.example/pwn", "/"),
        ("//evil.example/pwn", "/"),
        ("javascript:alert(1)", "/"),
        ("/pool/cadres/?q=1", "/pool/cadres/?q=1"),
    ],
)
def test_after_the_second_factor_next_stays_on_the_site(otp_on, staff, client, next_, lands_on):
    device = TOTPDevice.objects.create(user=staff, name="认证器", confirmed=True)
    _login(client, "xiaozhou")
    response = client.post(f"/accounts/otp/?next={next_}", {"token": _code(device)})
    assert response.status_code == 302
    assert response.url == lands_on


def test_notice_links_follow_only_paths_on_this_site(staff, as_user):
    client = as_user(staff)
    response = client.post(reverse("pool:notice_read"), {"next": "https://evil.example/"})
    assert response.url == reverse("pool:notice_list")


# Finding 4: the password could be changed before the second factor.
def test_the_password_page_needs_the_second_factor_first(otp_on, staff, client):
    TOTPDevice.objects.create(user=staff, name="认证器", confirmed=True)
    _login(client, "xiaozhou")
    page = client.get("/accounts/password/")
    assert page.status_code == 302
    assert page.url == "/accounts/otp/"
    posted = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert posted.url == "/accounts/otp/"
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_a_one_time_password_and_a_second_factor_go_otp_then_password(otp_on, staff, client):
    """Both pending: the code first, then the password page, and no redirect loop."""
    device = TOTPDevice.objects.create(user=staff, name="认证器", confirmed=True)
    AccountSecurity.objects.filter(user=staff).update(must_change_password=True)
    _login(client, "xiaozhou")
    assert client.get("/pool/cadres/").url == "/accounts/otp/"
    assert client.get("/accounts/otp/").status_code == 200
    assert client.post("/accounts/otp/", {"token": _code(device)}).status_code == 302
    assert client.get("/pool/cadres/").url == "/accounts/password/"
    assert client.get("/accounts/otp/").url == "/accounts/password/"
    assert client.get("/api/cadres/").status_code == 403
    assert client.get("/accounts/password/").status_code == 200


# Finding 11: a password that breaks the policy answered 500.
@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short#A1", "密码太短，至少须12个字符"),
        ("alllowercaseletters", "须至少包含"),
        ("123456789012345", "密码只包含数字"),
    ],
)
def test_a_policy_breaking_new_password_is_a_form_error(leader, as_user, new, message):
    response = as_user(leader).post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password": new, "confirm": new}
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_password_change_succeeds_and_lifts_the_forced_change(leader, as_user):
    AccountSecurity.objects.filter(user=leader).update(must_change_password=True)
    client = as_user(leader)
    assert client.get("/").url == "/accounts/password/"
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.url == "/"
    assert client.get("/").status_code == 200


# Finding 12: the current password could be guessed on the change form.
def test_guessing_the_current_password_locks_the_account_like_the_login(leader, client):
    _login(client, "lingdao")
    wrong = {
        "old_password": "guess#Guess123",
        "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    }
    for _ in range(4):
        response = client.post("/accounts/password/", wrong)
        assert "原密码不正确" in response.content.decode()
    locked = client.post("/accounts/password/", wrong)
    assert locked.status_code == 429
    assert "锁定30分钟" in locked.content.decode()
    assert client.get("/").url.startswith("/login/")  # the session ended
    # The right password does not help for 30 minutes, on the form or the API.
    assert client.post("/login/", {"username": "lingdao", "password": PASSWORD}).status_code == 429
    assert (
        APIClient().post("/api/token/", {"username": "lingdao", "password": PASSWORD}).status_code
        == 429
    )
    assert AuditEntry.objects.filter(action="login_failed", actor_name="lingdao").count() >= 5


# Finding 13: no Cache-Control on responses with personal data.
def test_pages_exports_api_answers_and_the_reveal_are_not_cached(units, staff, as_user):
    from tests.factories import CadreFactory

    cadre = CadreFactory(unit=units["qingshi"])
    client = as_user(staff)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {tokens.issue(staff)[1]}")
    responses = [
        client.get("/"),
        client.get(f"/pool/cadres/{cadre.pk}/"),
        client.get("/pool/cadres/?export=xlsx"),
        client.post(reverse("pool:reveal_id_number", args=[cadre.pk]), {"reason": "核对"}),
        api.get("/api/cadres/"),
        api.post(f"/api/cadres/{cadre.pk}/reveal-id/", {"reason": "核对"}, format="json"),
    ]
    for response in responses:
        assert response.status_code == 200, response.request["PATH_INFO"]
        assert "no-store" in response["Cache-Control"], response.request["PATH_INFO"]


def test_static_files_stay_cacheable(client, settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve from static/ without collectstatic
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/css/dashboard.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


ADMIN_PERSONAS = ["sys_admin", "security_admin", "audit_admin"]
# The audit log shows object names (what a row is about); what it may show of a
# cadre is finding 7 (sec-data), so the walk checks its status only.
AUDIT_PAGES = {"pool:audit_log"}
CADRE_NAME = re.compile(r"干部\d+")  # tests.factories.CadreFactory names


def _walk(client, found, role, *, api=False):
    """Every URL in the permission table (as test_url_permissions requests it),
    each GET also asked for its xlsx export: yields (name, response)."""
    for name, rule in sorted(RULES.items()):
        # The ballot shows its candidates to whoever holds its link: voters have no account.
        if name in ("logout", "login", "votes:ballot"):
            continue
        pk = _in_object(found[rule.obj], role).pk if rule.obj else None
        url = reverse(name, kwargs={"pk": pk} if pk is not None else dict(rule.kwargs) or None)
        if api != url.startswith("/api/"):
            continue
        if rule.method == "post":
            yield name, client.post(url, dict(rule.data))
        else:
            yield name, client.get(url)
            yield name, client.get(url, {"export": "xlsx"})


def _assert_no_cadre(name, response):
    """A refusal, or a page or JSON answer naming no cadre (no file downloads)."""
    if response.status_code != 200 or name in AUDIT_PAGES:
        return
    if name == "help:image":  # the manual's screenshots: the demo data, the same for everyone
        return
    content_type = response.get("Content-Type", "")
    assert content_type.startswith(("text/html", "application/json", "application/vnd.oai")), (
        name,
        content_type,
    )
    assert not CADRE_NAME.search(response.content.decode()), name


@pytest.mark.parametrize("persona", ADMIN_PERSONAS)
def test_the_three_administrators_read_no_cadre_by_any_path(persona, leader, client, request):
    found = request.getfixturevalue("objects")  # tests/test_url_permissions.py's objects
    admin = request.getfixturevalue(persona)
    role = admin.grant.role
    _login(client, admin.username)

    # Resetting another account: only the 系统管理员 may, and it yields nothing to read.
    reset = client.post(reverse("accounts:account_reset_password", args=[leader.pk]))
    if persona == "sys_admin":
        assert reset.status_code == 200
        one_time = reset.context["password"]
    else:
        assert reset.status_code == 403
        one_time = None

    for name, response in _walk(client, found, role):
        _assert_no_cadre(name, response)

    api = APIClient()
    granted = api.post("/api/token/", {"username": admin.username, "password": PASSWORD})
    api.credentials(HTTP_AUTHORIZATION=f"Token {granted.json()['token']}")
    for name, response in _walk(api, found, role, api=True):
        _assert_no_cadre(name, response)

    if one_time is None:
        return
    # The probe's path: the one-time password of the reset account, on the API ...
    refused = APIClient().post("/api/token/", {"username": leader.username, "password": one_time})
    assert refused.status_code == 403
    # ... and on the web: every page sends it to the password page, every API call is 403.
    as_leader = type(client)()
    _login(as_leader, leader.username, one_time)
    for name, response in _walk(as_leader, found, leader.grant.role):
        if name == "accounts:change_password":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, name
            assert response.url == "/accounts/password/", name
    for name, response in _walk(as_leader, found, leader.grant.role, api=True):
        if not name.startswith("api_token"):  # asking for or giving up a token stays open
            assert response.status_code == 403, name
