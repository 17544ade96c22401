"""模拟调配 scenarios: a named set of draft moves (任职, 免职, 交流任职) measured against
the warning and the targets without touching real appointments; a chosen scenario
becomes 任免建议 (``AppointmentProposal``) that staff carry out through the real
任职/免职 services, with their checks, one by one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from pool.models import Cadre, Unit
from staffing.models.core import Appointment, Post


class ScenarioStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PROPOSED = "proposed", "已转为任免建议"


class Scenario(models.Model):
    """A 模拟调配 方案 drafted in one jurisdiction (``unit``: the staff member's own),
    measured at ``ref_date``."""

    name = models.CharField("方案名称", max_length=100)
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="scenarios", verbose_name="管辖范围"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="创建人"
    )
    ref_date = models.DateField("测算基准日", help_text="按该日在任人员和年龄测算")
    note = models.TextField("说明", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT
    )
    proposed_at = models.DateTimeField("转为建议时间", null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="转为建议人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "模拟调配方案"
        verbose_name_plural = "模拟调配方案"
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ScenarioStatus.DRAFT, proposed_at__isnull=True)
                | Q(status=ScenarioStatus.PROPOSED, proposed_at__isnull=False),
                name="scenario_proposed_when_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_draft(self) -> bool:
        return self.status == ScenarioStatus.DRAFT


class MoveKind(models.TextChoices):
    APPOINT = "appoint", "任职"
    REMOVE = "remove", "免职"
    TRANSFER = "transfer", "交流任职"


class ScenarioMove(models.Model):
    """One draft move: 任职 takes ``post``, 免职 ends ``leaves``, 交流任职 both."""

    scenario = models.ForeignKey(
        Scenario, models.CASCADE, related_name="moves", verbose_name="方案"
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    kind = models.CharField("调配类型", max_length=10, choices=MoveKind.choices)
    cadre = models.ForeignKey(Cadre, models.PROTECT, related_name="+", verbose_name="干部")
    post = models.ForeignKey(
        Post, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="拟任职位"
    )
    leaves = models.ForeignKey(
        Appointment,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="拟免去的职务",
    )
    date = models.DateField("拟任免日期")
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "模拟调配"
        verbose_name_plural = "模拟调配"
        ordering = ["scenario_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=MoveKind.APPOINT, post__isnull=False, leaves__isnull=True)
                | Q(kind=MoveKind.REMOVE, post__isnull=True, leaves__isnull=False)
                | Q(kind=MoveKind.TRANSFER, post__isnull=False, leaves__isnull=False),
                name="scenario_move_fields_match_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The move in words (needs ``cadre``, ``post__team__unit`` and
        ``leaves__post__team__unit`` loaded): 任命张三为青石镇副镇长."""
        name = self.cadre.name
        to = f"{self.post.team.unit.name}{self.post.title}" if self.post_id else ""
        left = (
            f"{self.leaves.post.team.unit.name}{self.leaves.post.title}" if self.leaves_id else ""
        )
        if self.kind == MoveKind.APPOINT:
            return f"任命{name}为{to}"
        if self.kind == MoveKind.REMOVE:
            return f"免去{name}{left}职务"
        return f"{name}由{left}交流任{to}"


def _seat(post: Post) -> str:
    return f"{post.team.unit.name}{post.title}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "待办理"
    DONE = "done", "已办理"
    WITHDRAWN = "withdrawn", "已撤回"


class AppointmentProposal(models.Model):
    """任免建议: a move of a chosen scenario, carried out later by staff through the real
    任职/免职 services (超职数, double seats, 任免文件 lock, 公示 and 双把关 apply then)."""

    move = models.OneToOneField(
        ScenarioMove, models.PROTECT, related_name="proposal", verbose_name="调配"
    )
    status = models.CharField(
        "状态", max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    appointment = models.ForeignKey(
        Appointment,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="任职记录",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="提出人"
    )
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="办理人",
    )
    done_at = models.DateTimeField("办理时间", null=True, blank=True)

    class Meta:
        verbose_name = "任免建议"
        verbose_name_plural = "任免建议"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ProposalStatus.PENDING, done_at__isnull=True)
                | (~Q(status=ProposalStatus.PENDING) & Q(done_at__isnull=False)),
                name="proposal_dated_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"任免建议 {self.move_id}"
