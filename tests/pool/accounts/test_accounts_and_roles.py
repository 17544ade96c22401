import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from pool import accounts
from pool.models import AccountSecurity, AuditEntry, Role, RoleGrant
from tests.conftest import PASSWORD


def test_system_admin_creates_an_account_with_a_one_time_password(sys_admin, as_user):
    client = as_user(sys_admin)
    response = client.post("/accounts/new/", {"username": "xiaowang", "display_name": "小王"})
    password = response.context["password"]
    user = get_user_model().objects.get(username="xiaowang")
    assert user.check_password(password)
    assert AccountSecurity.objects.get(user=user).must_change_password
    assert not RoleGrant.objects.filter(user=user).exists()  # roles are the security admin's
    assert AuditEntry.objects.filter(action="create", object_repr="xiaowang").exists()


def test_a_new_account_must_change_its_password_before_anything_else(sys_admin, client):
    _, password = accounts.create_account(sys_admin, "xiaowang", "小王")
    client.post("/login/", {"username": "xiaowang", "password": password})
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/password/"
    new = "Xinmima#2026a"
    client.post(
        "/accounts/password/",
        {"old_password": password, "new_password": new, "confirm": new},
    )
    assert client.get("/").status_code == 200


def test_passwords_expire_after_90_days(staff, client):
    client.force_login(staff)
    assert client.get("/").status_code == 200
    later = timezone.now() + dt.timedelta(days=91)
    with time_machine.travel(later):
        client.force_login(staff)
        response = client.get("/")
    assert response.url == "/accounts/password/"


def test_the_last_five_passwords_cannot_be_reused(staff):
    current = PASSWORD
    for i in range(5):
        new = f"Ganbu#2026pw{i}"
        accounts.change_own_password(staff, current, new)
        current = new
    with pytest.raises(Exception, match="最近5次"):
        accounts.change_own_password(staff, current, "Ganbu#2026pw1")


def test_security_admin_assigns_role_and_scope_and_it_is_audited(
    units, security_admin, sys_admin, as_user
):
    user, _ = accounts.create_account(sys_admin, "xiaowang", "小王")
    client = as_user(security_admin)
    response = client.post(
        f"/accounts/{user.pk}/role/", {"role": Role.STAFF, "unit": units["east"].pk}
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=user)
    assert (grant.role, grant.unit) == (Role.STAFF, units["east"])
    change = AuditEntry.objects.get(action="permission_change", object_repr="xiaowang")
    assert change.before is None
    assert change.after == {"role": "staff", "unit": units["east"].pk, "sector": ""}


def test_a_scoped_role_without_a_unit_is_refused_in_chinese(security_admin, sys_admin, as_user):
    user, _ = accounts.create_account(sys_admin, "xiaowang", "小王")
    response = as_user(security_admin).post(f"/accounts/{user.pk}/role/", {"role": Role.LEADER})
    assert "该角色须指定管辖范围" in response.content.decode()
    assert not RoleGrant.objects.filter(user=user).exists()


def test_security_admin_cannot_change_their_own_role(security_admin):
    with pytest.raises(Exception, match="不能给自己分配角色"):
        accounts.assign_role(security_admin, security_admin, Role.STAFF)


def test_an_account_holds_one_role_only(units, security_admin, sys_admin):
    user, _ = accounts.create_account(sys_admin, "xiaowang", "小王")
    accounts.assign_role(security_admin, user, Role.AUDIT_ADMIN)
    accounts.assign_role(security_admin, user, Role.SYS_ADMIN)
    assert RoleGrant.objects.filter(user=user).count() == 1
    assert RoleGrant.objects.get(user=user).role == Role.SYS_ADMIN


def test_disabled_accounts_cannot_log_in(staff, sys_admin, as_user, client):
    as_user(sys_admin).post(f"/accounts/{staff.pk}/active/", {"active": "0"})
    client.logout()
    response = client.post("/login/", {"username": "xiaozhou", "password": PASSWORD})
    assert response.status_code == 200  # back on the login form
    assert AuditEntry.objects.filter(action="update", object_repr="xiaozhou").exists()


def test_accounts_idle_for_90_days_are_disabled(staff, leader):
    now = timezone.now()
    get_user_model().objects.filter(pk=staff.pk).update(last_login=now - dt.timedelta(days=91))
    get_user_model().objects.filter(pk=leader.pk).update(last_login=now - dt.timedelta(days=10))
    assert accounts.disable_idle_accounts(now) == 1
    staff.refresh_from_db()
    leader.refresh_from_db()
    assert (staff.is_active, leader.is_active) == (False, True)


def test_bootstrap_creates_the_three_administrators_once(db, capsys):
    call_command("bootstrap_admins")
    out = capsys.readouterr().out
    assert "系统管理员：账号 sysadmin" in out
    roles = set(RoleGrant.objects.values_list("role", flat=True))
    assert roles == {Role.SYS_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
    assert not get_user_model().objects.filter(is_superuser=True).exists()
    call_command("bootstrap_admins")
    assert "均已存在" in capsys.readouterr().out
    assert RoleGrant.objects.count() == 3
