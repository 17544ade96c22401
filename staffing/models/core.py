"""Leadership teams, their posts and quotas, appointments (history as rows), staffing
targets, the warning policy and one A/B/C warning record per team per quarter."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from pool.models import Cadre, Unit, owner_unit_field
from pool.people.rules import LAYER_LABELS

DEFAULT_DEADLINE = dt.date(2027, 12, 31)


class LeadershipTeam(models.Model):
    """领导班子: the leadership of one unit."""

    unit = models.OneToOneField(
        Unit, models.PROTECT, related_name="leadership_team", verbose_name="单位"
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "领导班子"
        verbose_name_plural = "领导班子"
        ordering = ["unit__position", "unit_id"]

    def __str__(self) -> str:
        return f"{self.unit.name}领导班子"


class Post(models.Model):
    """职位: a chief (正职) or deputy (副职) seat in a team, and its 核定职数."""

    team = models.ForeignKey(
        LeadershipTeam, models.CASCADE, related_name="posts", verbose_name="领导班子"
    )
    title = models.CharField("职务", max_length=50)
    is_chief = models.BooleanField("正职", default=False, help_text="勾选为正职，否则为副职")
    quota = models.PositiveSmallIntegerField("核定职数", default=1)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "职位"
        verbose_name_plural = "职位"
        ordering = ["team_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "title"], name="post_title_unique_in_team"),
            models.CheckConstraint(condition=Q(quota__gte=0), name="post_quota_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        return "正职" if self.is_chief else "副职"


class AppointmentQuerySet(models.QuerySet):
    def serving_on(self, day: dt.date) -> AppointmentQuerySet:
        """Holding the post on ``day``: started on or before it, not yet removed.
        ``end_date`` is the day of removal, so a successor may start that same day."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=day), start_date__lte=day)


class Appointment(models.Model):
    """任免: a cadre holds a post from a date to a date (blank = still serving).
    Ending a post sets ``end_date``; rows are never overwritten or deleted."""

    cadre = models.ForeignKey(
        Cadre, models.PROTECT, related_name="appointments", verbose_name="干部"
    )
    post = models.ForeignKey(Post, models.PROTECT, related_name="appointments", verbose_name="职位")
    start_date = models.DateField("任职时间")
    end_date = models.DateField("免职时间", null=True, blank=True)
    document_number = models.CharField("任职文号", max_length=60, blank=True)
    end_document_number = models.CharField("免职文号", max_length=60, blank=True)
    document = models.ForeignKey(
        "AppointmentDocument",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name="任职文件",
    )
    end_document = models.ForeignKey(
        "AppointmentDocument",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="removals",
        verbose_name="免职文件",
    )
    title = models.CharField("职务名称", max_length=100, blank=True, help_text="文件所写的职务")
    probation_until = models.DateField(
        "试用期至", null=True, blank=True, help_text="提拔任职实行一年试用期；空=不实行试用期"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = "任免"
        verbose_name_plural = "任免"
        ordering = ["post_id", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="appointment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(probation_until__isnull=True) | Q(probation_until__gt=F("start_date")),
                name="appointment_probation_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["start_date", "end_date"]),
            models.Index(fields=["cadre", "end_date"]),
            models.Index(fields=["probation_until"]),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} 任 {self.post}"

    def serving_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date > day)


class TargetKind(models.TextChoices):
    YOUNG_CHIEFS = "young_chiefs", "年轻正职占正职总数"
    YOUNG_MEMBERS = "young_members", "年轻班子成员占班子成员总数"
    TEAMS_WITH_YOUNG = "teams_with_young", "配备年轻干部的班子占比"
    BODIES_WITH_YOUNG = "bodies_with_young", "配备年轻正职或副职的内设机构占比"
    EVERY_TEAM = "every_team", "每个班子均配备"


class StaffingTarget(models.Model):
    """配备目标: a ratio target with its deadline (editable; defaults from docs/rules.md)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("目标", max_length=100)
    kind = models.CharField("类型", max_length=32, choices=TargetKind.choices)
    numerator = models.PositiveSmallIntegerField("比例分子")
    denominator = models.PositiveSmallIntegerField("比例分母")
    deadline = models.DateField("完成时限", default=DEFAULT_DEADLINE)
    layers = models.JSONField(
        "层次",
        default=list,
        help_text='分别计算的岗位层次，如 ["city_dept", "county_dept"]；每个层次都达到才算达标',
    )
    max_age = models.PositiveSmallIntegerField(
        "年龄不超过", null=True, blank=True, help_text="空=按年轻干部年龄标准"
    )
    position = models.PositiveSmallIntegerField("排序", default=0)
    owner = owner_unit_field()

    class Meta:
        verbose_name = "配备目标"
        verbose_name_plural = "配备目标"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(denominator__gt=0) & Q(numerator__lte=F("denominator")),
                name="staffing_target_ratio_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ≥ {self.numerator}/{self.denominator}"

    @property
    def ratio(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)

    @property
    def counts_teams(self) -> bool:
        """The target counts teams (机构), not people."""
        return self.kind not in (TargetKind.YOUNG_CHIEFS, TargetKind.YOUNG_MEMBERS)

    @property
    def layer_names(self) -> list[str]:
        return [LAYER_LABELS.get(layer, layer) for layer in self.layers]


class WarningPolicy(models.Model):
    """The editable policy of the A/B/C warning: 任务量 = max(1, ceil(职数 × 比例)).
    One row (id 1), seeded by a migration; ``WarningPolicy.current()`` reads it."""

    member_ratio_numerator = models.PositiveSmallIntegerField("年轻班子成员比例分子", default=1)
    member_ratio_denominator = models.PositiveSmallIntegerField("年轻班子成员比例分母", default=5)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "预警规则"
        verbose_name_plural = "预警规则"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="warning_policy_single_row"),
            models.CheckConstraint(
                condition=Q(member_ratio_denominator__gt=0)
                & Q(member_ratio_numerator__gt=0)
                & Q(member_ratio_numerator__lte=F("member_ratio_denominator")),
                name="warning_policy_ratio_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"年轻班子成员比例 {self.member_ratio_numerator}/{self.member_ratio_denominator}"

    @property
    def member_ratio(self) -> Fraction:
        return Fraction(self.member_ratio_numerator, self.member_ratio_denominator)

    @classmethod
    def current(cls) -> WarningPolicy:
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy


class WarningLevel(models.TextChoices):
    A = "A", "A级（红色）"
    B = "B", "B级（黄色）"
    C = "C", "C级（绿色）"


class WarningRecord(models.Model):
    """预警: one team's level in one quarter, with the inputs that produced it.

    A pure function of those inputs: recalculating rewrites the same row with the
    same values (when and by whom a quarter was recalculated is in the audit log)."""

    team = models.ForeignKey(
        LeadershipTeam, models.CASCADE, related_name="warnings", verbose_name="领导班子"
    )
    quarter = models.CharField("季度", max_length=6, help_text="如 2026Q2")
    ref_date = models.DateField("基准日")
    approved_seats = models.PositiveSmallIntegerField("核定职数")
    seated = models.PositiveSmallIntegerField("在任人数", default=0)
    ratio_numerator = models.PositiveSmallIntegerField("比例分子", default=1)
    ratio_denominator = models.PositiveSmallIntegerField("比例分母", default=5)
    required = models.PositiveSmallIntegerField("任务量")
    actual = models.PositiveSmallIntegerField("实有年轻干部")
    gap = models.PositiveSmallIntegerField("差额数")
    # NULL, not "": the JSON and the queries read "not graded" as a missing level
    level = models.CharField(  # noqa: DJ001
        "预警等级",
        max_length=1,
        choices=WarningLevel.choices,
        null=True,
        blank=True,
        help_text="空=不评级（无核定职数）",
    )
    young_member_ids = models.JSONField("年轻干部（干部ID）", default=list, blank=True)
    forecast_quarter = models.CharField("预计降级季度", max_length=6, blank=True)
    forecast_level = models.CharField(
        "预计降为", max_length=1, choices=WarningLevel.choices, blank=True
    )
    # What the staffing targets need of the team on the same day, so their trend by
    # quarter is read from the records instead of recomputed (NULL: recorded before).
    chiefs = models.PositiveSmallIntegerField("在任正职", null=True, blank=True)
    young_chiefs = models.PositiveSmallIntegerField("年轻正职", null=True, blank=True)
    young_by_age = models.JSONField(
        "按固定年龄的年轻人数",
        default=dict,
        blank=True,
        help_text='目标所用固定年龄 -> [年轻成员数, 年轻正职数]，如 {"35": [1, 0]}',
    )

    class Meta:
        verbose_name = "预警记录"
        verbose_name_plural = "预警记录"
        ordering = ["quarter", "team_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "quarter"], name="warning_one_per_team_quarter"
            ),
            models.CheckConstraint(
                condition=Q(level__in=["A", "B", "C"]) | Q(level__isnull=True),
                name="warning_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(required__gte=1) | Q(level__isnull=True),
                name="warning_required_positive",
            ),
        ]
        indexes = [models.Index(fields=["quarter", "level"])]

    def __str__(self) -> str:
        return f"{self.quarter} {self.team_id} {self.level or '不评级'}"

    @property
    def graded(self) -> bool:
        return self.level is not None


class WarningRun(models.Model):
    """When a quarter's warning was last computed and by whom (none = the scheduled run),
    shown on the ledger so a requested recalculation visibly finishes."""

    quarter = models.CharField("季度", max_length=6, unique=True)
    finished_at = models.DateTimeField("计算完成时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发起人",
    )
    teams = models.PositiveIntegerField("班子数", default=0)

    class Meta:
        verbose_name = "预警计算记录"
        verbose_name_plural = "预警计算记录"

    def __str__(self) -> str:
        return f"{self.quarter} {self.finished_at:%Y-%m-%d %H:%M}"
