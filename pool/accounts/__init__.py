"""Accounts, roles and password ageing: what the 系统管理员 and 安全管理员 do.

三员分立: the system administrator manages accounts, the security administrator
assigns roles and scopes, neither reads cadre records, and no account holds
two roles (RoleGrant is one per account). Every change is audited.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pool import audit
from pool.accounts import tokens
from pool.accounts.access import ADMIN_ROLES
from pool.models import AccountSecurity, AuditAction, Role, RoleGrant

PASSWORD_MAX_AGE = dt.timedelta(days=90)
IDLE_DISABLE_AFTER = dt.timedelta(days=90)
HISTORY = 5


def generate_password() -> str:
    """A random 16-character password with all four character classes."""
    alphabet = string.ascii_letters + string.digits + "#%+=@!"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(16))
        if (
            any(c.isupper() for c in candidate)
            and any(c.islower() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(not c.isalnum() for c in candidate)
        ):
            return candidate


def security_of(user) -> AccountSecurity:
    return AccountSecurity.objects.get_or_create(user=user)[0]


def password_expired(user, now=None) -> bool:
    record = security_of(user)
    if record.must_change_password or record.password_changed_at is None:
        return True
    return (now or timezone.now()) - record.password_changed_at > PASSWORD_MAX_AGE


ONE_TIME_HASHER = "pbkdf2_onetime"  # pool.accounts.passwords.OneTimePasswordHasher


def _one_time_hash(password: str) -> str:
    """The one-time hasher where it is configured (not in the tests' MD5-only setup)."""
    try:
        return make_password(password, hasher=ONE_TIME_HASHER)
    except ValueError:
        return make_password(password)


@transaction.atomic
def create_account(actor, username: str, display_name: str, *, bulk: bool = False) -> tuple:
    """A new account with a one-time password it must change at first login. ``bulk``:
    hashed with the cheap one-time hasher (accounts opened a unit at a time)."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"账号“{username}”已存在"})
    password = generate_password()
    user = User.objects.create_user(
        username, password=None if bulk else password, first_name=display_name
    )
    if bulk:
        user.password = _one_time_hash(password)
        user.save(update_fields=["password"])
    AccountSecurity.objects.create(user=user, must_change_password=True)
    audit.record(
        actor, AuditAction.CREATE, user, after={"username": username, "name": display_name}
    )
    return user, password


@transaction.atomic
def reset_password(actor, user) -> str:
    password = generate_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    record = security_of(user)
    record.must_change_password = True
    record.save(update_fields=["must_change_password"])
    audit.record(actor, AuditAction.UPDATE, user, detail="重置密码")
    tokens.revoke_all(actor, user, "密码被重置")
    return password


@transaction.atomic
def set_active(actor, user, active: bool, reason: str = "") -> None:
    before = user.is_active
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(
        actor,
        AuditAction.UPDATE,
        user,
        detail=reason or ("启用账号" if active else "停用账号"),
        before={"is_active": before},
        after={"is_active": active},
    )
    if not active:
        tokens.revoke_all(actor, user, "账号停用")


@transaction.atomic
def change_own_password(user, old: str, new: str) -> None:
    """The user changes their password: checked against the rules and the last 5."""
    if not user.check_password(old):
        raise ValidationError({"old_password": "原密码不正确"})
    try:
        password_validation.validate_password(new, user)
    except ValidationError as error:
        raise ValidationError({"new_password": error.messages}) from None
    record = security_of(user)
    history = [user.password, *record.previous_hashes][:HISTORY]
    if any(check_password(new, h) for h in history):
        raise ValidationError({"new_password": f"新密码不能与最近{HISTORY}次使用过的密码相同"})
    user.set_password(new)
    user.save(update_fields=["password"])
    record.previous_hashes = history
    record.must_change_password = False
    record.password_changed_at = timezone.now()
    record.save()
    audit.record(user, AuditAction.UPDATE, user, detail="修改本人密码")
    tokens.revoke_all(user, user, "修改密码")


def _grant_values(grant: RoleGrant | None) -> dict | None:
    if grant is None:
        return None
    values = {"role": grant.role, "unit": grant.unit_id, "sector": grant.sector}
    if grant.cadre_id:
        values["cadre"] = grant.cadre_id
    return values


@transaction.atomic
def assign_role(actor, user, role: str, unit=None, sector: str = "") -> RoleGrant:
    """The security administrator gives an account its one role and scope."""
    if user.pk == actor.pk:
        raise ValidationError({"role": "不能给自己分配角色"})
    if role == Role.CADRE:
        raise ValidationError({"role": "干部本人账号由干部科按单位批量开通，不能在此分配"})
    if role in (Role.STAFF, Role.UNIT_COMMITTEE, Role.SECTOR_DEPT, Role.LEADER) and unit is None:
        raise ValidationError({"unit": "该角色须指定管辖范围（单位）"})
    if role == Role.SECTOR_DEPT and not sector:
        raise ValidationError({"sector": "领域主管部门须指定领域"})
    if role in ADMIN_ROLES or role == Role.DISCIPLINE_LIAISON:
        unit, sector = None, ""
    if role != Role.SECTOR_DEPT:
        sector = ""
    existing = RoleGrant.objects.select_for_update().filter(user=user).first()
    before = _grant_values(existing)
    grant = existing or RoleGrant(user=user)
    grant.role, grant.unit, grant.sector = role, unit, sector
    grant.cadre = None  # an account given another role is no longer a person's own
    grant.save()
    audit.record(
        actor, AuditAction.PERMISSION_CHANGE, user, before=before, after=_grant_values(grant)
    )
    if before != _grant_values(grant):
        tokens.revoke_all(actor, user, "角色或管辖范围变更")
    return grant


def disable_idle_accounts(now=None) -> int:
    """Accounts not used for 90 days are disabled (run daily by beat)."""
    now = now or timezone.now()
    User = get_user_model()
    cutoff = now - IDLE_DISABLE_AFTER
    idle = User.objects.filter(is_active=True, last_login__lt=cutoff) | User.objects.filter(
        is_active=True, last_login__isnull=True, date_joined__lt=cutoff
    )
    count = 0
    for user in idle.distinct():
        set_active(None, user, False, reason="超过90天未登录，自动停用")
        count += 1
    return count


def bootstrap_admins() -> list[tuple[str, str, str]]:
    """Create the three administrators of a fresh install, each with a one-time password."""
    created = []
    names = {
        Role.SYS_ADMIN: ("sysadmin", "系统管理员"),
        Role.SECURITY_ADMIN: ("secadmin", "安全管理员"),
        Role.AUDIT_ADMIN: ("auditor", "审计管理员"),
    }
    with transaction.atomic():
        for role, (username, label) in names.items():
            if RoleGrant.objects.filter(role=role).exists():
                continue
            user, password = create_account(None, username, label)
            RoleGrant.objects.create(user=user, role=role)
            audit.record(None, AuditAction.PERMISSION_CHANGE, user, after={"role": role})
            created.append((username, label, password))
    return created
