"""Who may see what (role grants), account security, the audit log and 站内提醒."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from knox.models import AbstractAuthToken

from pool.models.core import Cadre, Unit


class Role(models.TextChoices):
    STAFF = "staff", "组织部干部科"
    UNIT_COMMITTEE = "unit_committee", "单位党组织"
    SECTOR_DEPT = "sector_dept", "领域主管部门"
    LEADER = "leader", "领导"
    DISCIPLINE_LIAISON = "discipline_liaison", "纪委监委联络员"
    SYS_ADMIN = "sys_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"
    # A cadre keeping their own record right (pool.selfservice): sees nothing but it.
    CADRE = "cadre", "干部本人"


class RoleGrant(models.Model):
    """An account's one role and its scope. One per account, so no account can
    hold two of the three administrator roles (三员分立)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="grant", verbose_name="账号"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name="管辖范围（单位）",
        help_text="干部科、领导：该单位及其下级；单位党组织：本单位；领域主管部门：该单位下属本领域单位",
    )
    sector = models.CharField("领域", max_length=32, blank=True)
    # The one person a 干部本人 account is: one account per person, one person per account.
    cadre = models.OneToOneField(
        Cadre,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="account_grant",
        verbose_name="本人干部档案",
    )

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=["staff", "unit_committee", "sector_dept", "leader"])
                | Q(unit__isnull=False),
                name="role_grant_scoped_roles_have_unit",
            ),
            models.CheckConstraint(
                condition=~Q(role="sector_dept") | ~Q(sector=""),
                name="role_grant_sector_dept_has_sector",
            ),
            # A 干部本人 account has its person and no unit scope; no other role has a person.
            models.CheckConstraint(
                condition=(Q(role="cadre") & Q(cadre__isnull=False) & Q(unit__isnull=True))
                | (~Q(role="cadre") & Q(cadre__isnull=True)),
                name="role_grant_cadre_is_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class AccountSecurity(models.Model):
    """Password ageing and history for one account (等保三级): change at first login,
    every 90 days, and not to any of the last 5."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="security", verbose_name="账号"
    )
    must_change_password = models.BooleanField("下次登录须改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    previous_hashes = models.JSONField("历史密码（哈希）", default=list, blank=True)

    class Meta:
        verbose_name = "账号安全"
        verbose_name_plural = "账号安全"

    def __str__(self) -> str:
        return str(self.user)


class ApiToken(AbstractAuthToken):
    """An API access token (django-rest-knox, ``KNOX_TOKEN_MODEL``): only its SHA-512
    digest is stored; it expires (sliding, ``REST_KNOX``) and is deleted to revoke it.
    ``last_used_on`` lets the first use of each day be audited, not every request."""

    last_used_on = models.DateField("最近使用日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API令牌"

    def __str__(self) -> str:
        return f"API令牌 {self.label}"

    @property
    def label(self) -> str:
        """The first 8 characters of the token: enough to tell tokens apart in the
        audit log, too few to help guess one."""
        return f"{self.token_key[:8]}…"


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    BULK_WRITE = "bulk_write", "批量写入"
    IMPORT = "import", "导入"
    EXPORT = "export", "导出"
    VIEW = "view", "查看干部档案"
    REVEAL_ID = "reveal_id", "查看身份证号"
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出"
    LOGIN_FAILED = "login_failed", "登录失败"
    SESSION_TIMEOUT = "session_timeout", "会话超时"
    PERMISSION_CHANGE = "permission_change", "权限变更"
    ACCESS_DENIED = "access_denied", "越权访问被拒"


class AuditEntry(models.Model):
    """One line of the append-only audit log. The database refuses UPDATE, and
    DELETE of rows younger than the retention period (trigger in a migration).
    ``row_hash`` chains each row to the one before it (``manage.py verify_audit``)."""

    at = models.DateTimeField("时间", db_index=True)
    # DO_NOTHING without a database constraint: deleting an account never rewrites
    # its audit rows (the trigger would refuse the UPDATE); actor_name keeps the name.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name="操作人",
    )
    actor_name = models.CharField("操作人账号", max_length=150, blank=True)
    ip = models.GenericIPAddressField("IP地址", null=True, blank=True)
    action = models.CharField("操作", max_length=32, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    success = models.BooleanField("成功", default=True)
    detail = models.TextField("说明", blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    row_hash = models.CharField(max_length=64, editable=False, unique=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        at = timezone.localtime(self.at)
        return f"{at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"


class AuditAnchor(models.Model):
    """The audit chain's head at the end of a day (``pool.audit.anchor_day``, daily by
    beat). The app's database role may only INSERT here (``deploy/postgres-init.sql``)
    and triggers refuse UPDATE, DELETE and TRUNCATE, so an owner who deletes the newest
    audit rows and re-inserts the rest is found out: ``verify_audit`` looks for every
    anchored hash in the log."""

    day = models.DateField("日期", unique=True)
    last_id = models.BigIntegerField("当日最后一条记录")
    row_hash = models.CharField("当日最后一条的校验值", max_length=64)
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计日志锚点"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} #{self.last_id}"


class Notice(models.Model):
    """An in-app reminder (站内提醒) for one user, written by periodic tasks and services.

    ``key`` makes a reminder idempotent: the monthly task that finds the same overdue
    talk twice in a month writes one notice, not two.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notices", verbose_name="接收人"
    )
    kind = models.CharField("类别", max_length=32)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    key = models.CharField("去重键", max_length=120, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "站内提醒"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~models.Q(key=""),
                name="notice_once_per_key",
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title
