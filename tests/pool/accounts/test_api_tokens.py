"""API tokens (issue #19, findings 1 and 2): short-lived, hashed, revoked with the
password or role, issued and honoured only through the same policy as the web."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from pool import accounts
from pool.accounts import tokens
from pool.models import AccountSecurity, ApiToken, AuditEntry, Role
from tests.conftest import PASSWORD
from tests.factories import CadreFactory

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def api():
    return APIClient()


def _token(api, username, password=PASSWORD, **extra):
    return api.post("/api/token/", {"username": username, "password": password, **extra})


def _use(api, key):
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/cadres/")


def test_a_reset_password_gets_no_token_and_old_tokens_stop_working(
    units, staff, leader, sys_admin, api
):
    """The probe's path: the 系统管理员 resets a leader's password, takes the one-time
    password from the page and asks the API for a token with it."""
    CadreFactory(unit=units["qingshi"])
    old_key = tokens.issue(leader)[1]
    assert _use(api, old_key).status_code == 200

    one_time = accounts.reset_password(sys_admin, leader)

    api.credentials()
    refused = _token(api, "lingdao", one_time)
    assert refused.status_code == 403
    assert "修改密码" in refused.json()["detail"]
    assert not ApiToken.objects.filter(user=leader).exists()
    assert _use(api, old_key).status_code == 403  # revoked with the reset


def test_a_new_account_gets_no_token_before_its_first_change(sys_admin, security_admin, units, api):
    user, password = accounts.create_account(sys_admin, "newbie", "新同志")
    accounts.assign_role(security_admin, user, Role.LEADER, units["east"])
    response = _token(api, "newbie", password)
    assert response.status_code == 403
    assert not ApiToken.objects.filter(user=user).exists()


def test_a_token_is_refused_once_the_password_is_older_than_90_days(units, leader, api):
    AccountSecurity.objects.filter(user=leader).update(
        password_changed_at=timezone.now() - dt.timedelta(days=89, hours=20)
    )
    key = tokens.issue(leader)[1]
    assert _use(api, key).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(hours=5)):
        response = _use(api, key)
    assert response.status_code == 403
    assert "修改密码" in response.json()["detail"]


def test_a_session_with_a_one_time_password_cannot_use_the_api_either(units, leader, client):
    AccountSecurity.objects.filter(user=leader).update(must_change_password=True)
    client.force_login(leader)
    response = client.get("/api/cadres/")
    assert response.status_code == 403
    assert "修改密码" in response.json()["detail"]


def test_a_token_is_stored_as_a_digest_only(leader, api):
    response = _token(api, "lingdao")
    assert response.status_code == 200
    key = response.json()["token"]
    stored = ApiToken.objects.get(user=leader)
    assert key not in (stored.digest, stored.token_key)
    assert stored.token_key == key[: len(stored.token_key)]
    assert len(stored.digest) == 128  # SHA-512


def test_tokens_are_new_each_time_not_one_key_forever(leader, api):
    first = _token(api, "lingdao").json()["token"]
    second = _token(api, "lingdao").json()["token"]
    assert first != second
    assert ApiToken.objects.filter(user=leader).count() == 2


@pytest.mark.parametrize(
    ("idle", "works"),
    [
        (dt.timedelta(hours=7, minutes=59), True),
        (dt.timedelta(hours=8, minutes=1), False),
    ],
)
def test_a_token_expires_after_8_idle_hours(units, leader, api, idle, works):
    with time_machine.travel(NOW, tick=False):
        key = tokens.issue(leader)[1]
    with time_machine.travel(NOW + idle, tick=False):
        assert (_use(api, key).status_code == 200) is works


def test_each_use_slides_the_expiry_but_never_past_24_hours(units, leader, api):
    with time_machine.travel(NOW, tick=False):
        key = tokens.issue(leader)[1]
    # Used every 6 hours: alive at 6, 12, 18 hours (each use adds 8 hours) ...
    for hours in (6, 12, 18):
        with time_machine.travel(NOW + dt.timedelta(hours=hours), tick=False):
            assert _use(api, key).status_code == 200, hours
    # ... but capped at 24 hours after issue, however often it is used.
    with time_machine.travel(NOW + dt.timedelta(hours=23, minutes=59), tick=False):
        assert _use(api, key).status_code == 200
    with time_machine.travel(NOW + dt.timedelta(hours=24, minutes=1), tick=False):
        assert _use(api, key).status_code == 403


def _change_own(user, actor):
    accounts.change_own_password(user, PASSWORD, "Neues#Passwort2026")


def _reset(user, actor):
    accounts.reset_password(actor, user)


def _role(user, actor):
    accounts.assign_role(actor, user, Role.LEADER, user.grant.unit.parent)


def _disable(user, actor):
    accounts.set_active(actor, user, False)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (_change_own, "修改密码"),
        (_reset, "密码被重置"),
        (_role, "角色或管辖范围变更"),
        (_disable, "账号停用"),
    ],
)
def test_every_token_of_an_account_is_revoked_and_audited(
    units, leader, security_admin, api, change, reason
):
    keys = [tokens.issue(leader)[1] for _ in range(2)]
    change(leader, security_admin)
    assert not ApiToken.objects.filter(user=leader).exists()
    for key in keys:
        assert _use(api, key).status_code == 403
    entry = AuditEntry.objects.get(action="logout", detail=f"撤销全部API令牌（{reason}）")
    assert len(entry.before["tokens"]) == 2


def test_assigning_the_same_role_again_keeps_the_tokens(units, leader, security_admin, api):
    key = tokens.issue(leader)[1]
    accounts.assign_role(security_admin, leader, Role.LEADER, units["east"])
    assert _use(api, key).status_code == 200


def test_issue_and_the_first_use_of_each_day_are_audited_not_every_request(units, leader, api):
    with time_machine.travel(NOW, tick=False):
        key = _token(api, "lingdao").json()["token"]
        for _ in range(3):
            assert _use(api, key).status_code == 200
    assert AuditEntry.objects.filter(action="login", detail__startswith="签发API令牌").count() == 1
    assert not AuditEntry.objects.filter(detail=tokens.FIRST_USE).exists()  # issued today
    with time_machine.travel(NOW + dt.timedelta(hours=6), tick=False):  # 23:00 in Shanghai
        assert _use(api, key).status_code == 200
    assert not AuditEntry.objects.filter(detail=tokens.FIRST_USE).exists()
    with time_machine.travel(NOW + dt.timedelta(hours=8), tick=False):  # next day, 01:00
        for _ in range(3):
            assert _use(api, key).status_code == 200
    assert AuditEntry.objects.filter(detail=tokens.FIRST_USE).count() == 1


def test_failed_uses_are_audited_once_a_minute_per_address(db, api):
    for _ in range(5):
        response = _use(api, "0" * 64)
        assert response.status_code == 403
        assert response.json()["detail"] == tokens.INVALID
    assert AuditEntry.objects.filter(action="login_failed", detail=tokens.FAILED_USE).count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        _use(api, "1" * 64)
    assert AuditEntry.objects.filter(action="login_failed", detail=tokens.FAILED_USE).count() == 2


def test_a_disabled_account_cannot_use_a_token_it_kept(units, leader, api):
    key = tokens.issue(leader)[1]
    leader.is_active = False
    leader.save()  # bypassing the service, which would also delete the token
    assert _use(api, key).status_code == 403


def test_the_holder_revokes_one_token_or_all(units, leader, api):
    first, second, third = (tokens.issue(leader)[1] for _ in range(3))
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.post("/api/token/revoke/").status_code == 204
    assert _use(api, first).status_code == 403
    assert _use(api, second).status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api.post("/api/token/revoke/", {"all": True}, format="json").status_code == 204
    assert _use(api, third).status_code == 403
    assert AuditEntry.objects.filter(action="logout", detail__startswith="撤销API令牌").exists()


def test_a_session_without_a_token_must_ask_to_revoke_all(units, leader, client):
    client.force_login(leader)
    response = client.post("/api/token/revoke/")
    assert response.status_code == 400
    assert "all=true" in response.json()["detail"]


def test_wrong_credentials_or_missing_fields_are_400_in_chinese(leader, api):
    assert _token(api, "lingdao", "wrong-password").json() == {"detail": "用户名或密码不正确"}
    missing = api.post("/api/token/", {})
    assert missing.status_code == 400
    assert set(missing.json()) == {"username", "password"}


def test_an_account_used_only_through_the_api_is_not_disabled_as_idle(leader, api):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=leader.pk).update(
        last_login=timezone.now() - dt.timedelta(days=91)
    )
    assert _token(api, "lingdao").status_code == 200
    assert accounts.disable_idle_accounts() == 0
