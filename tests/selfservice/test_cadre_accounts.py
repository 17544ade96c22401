"""The 干部科 opens 干部本人 accounts for a unit: one per person on the roster, a
one-time password sheet shown once, a forced password change at first login, and a
second factor the person may choose (then it binds)."""

import re

from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pool.accounts.sessions import needs_second_factor
from pool.models import AuditEntry, Role, RoleGrant
from tests.factories import CadreFactory


def test_staff_open_accounts_for_a_unit_and_print_the_sheet_once(staff, units, client):
    a = CadreFactory(unit=units["qingshi"], name="叶青")
    b = CadreFactory(unit=units["qingshi"], name="石磊")
    CadreFactory(unit=units["beishan"], name="北山人")
    CadreFactory(unit=units["qingshi"], name="已离开", is_active=False)
    client.force_login(staff)
    response = client.post(reverse("selfservice:open_accounts"), {"unit": units["qingshi"].pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "青石镇 干部本人账号（首次登录密码）" in page
    assert "叶青" in page and "石磊" in page and "北山人" not in page and "已离开" not in page
    passwords = re.findall(r'issued-password">([^<]+)<', page)
    assert len(passwords) == 2
    grants = RoleGrant.objects.filter(role=Role.CADRE).order_by("cadre_id")
    assert [g.cadre for g in grants] == [a, b]
    assert all(g.unit_id is None for g in grants)
    assert {g.user.username for g in grants} == {f"gb{a.pk}", f"gb{b.pk}"}
    assert all(g.user.security.must_change_password for g in grants)
    assert (
        AuditEntry.objects.filter(action="permission_change", detail="开通干部本人账号").count()
        == 2
    )
    # The passwords are not stored anywhere readable: a second visit shows none.
    again = client.post(reverse("selfservice:open_accounts"), {"unit": units["qingshi"].pk})
    assert "青石镇的在册干部都已开通账号" in again.content.decode()
    assert not re.findall(r'issued-password">', again.content.decode())


def test_a_unit_outside_the_jurisdiction_cannot_be_chosen(staff, units, client):
    CadreFactory(unit=units["west_edu"])
    client.force_login(staff)
    response = client.post(reverse("selfservice:open_accounts"), {"unit": units["west_edu"].pk})
    assert "请从列表中选择单位" in response.content.decode()
    assert not RoleGrant.objects.filter(role=Role.CADRE).exists()


def test_the_first_login_forces_a_password_change(staff, units, client):
    CadreFactory(unit=units["qingshi"], name="叶青")
    client.force_login(staff)
    page = client.post(
        reverse("selfservice:open_accounts"), {"unit": units["qingshi"].pk}
    ).content.decode()
    username = re.search(r'font-monospace">(gb\d+)<', page).group(1)
    password = re.search(r'issued-password">([^<]+)<', page).group(1)
    client.logout()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302
    response = client.get(reverse("people:me"))
    assert response.status_code == 302 and response.url == reverse("accounts:change_password")


def test_the_second_factor_is_optional_for_a_cadre_and_binds_once_set_up(cadre_self, settings):
    settings.CADRE_OTP_ROLES = ["staff"]
    assert not needs_second_factor(cadre_self)
    TOTPDevice.objects.create(user=cadre_self, name="认证器", confirmed=False)
    assert not needs_second_factor(cadre_self)
    TOTPDevice.objects.filter(user=cadre_self).update(confirmed=True)
    assert needs_second_factor(cadre_self)


def test_an_account_given_another_role_is_no_longer_the_persons(cadre_self, security_admin):
    from pool import accounts

    accounts.assign_role(security_admin, cadre_self, Role.DISCIPLINE_LIAISON)
    grant = get_user_model().objects.get(pk=cadre_self.pk).grant
    assert grant.role == Role.DISCIPLINE_LIAISON and grant.cadre_id is None


def test_bulk_passwords_use_the_one_time_hash_and_are_rehashed_at_first_sign_in(
    staff, units, client, settings
):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "pool.accounts.passwords.OneTimePasswordHasher",
    ]
    CadreFactory(unit=units["qingshi"], name="叶青")
    client.force_login(staff)
    page = client.post(
        reverse("selfservice:open_accounts"), {"unit": units["qingshi"].pk}
    ).content.decode()
    username = re.search(r'font-monospace">(gb\d+)<', page).group(1)
    password = re.search(r'issued-password">([^<]+)<', page).group(1)
    user = get_user_model().objects.get(username=username)
    assert user.password.startswith("pbkdf2_onetime$1000$")
    client.logout()
    client.post(reverse("login"), {"username": username, "password": password})
    user.refresh_from_db()
    assert user.password.startswith("md5$")  # the preferred hasher took over
