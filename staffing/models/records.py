"""Records around appointments: 任免文件, 任前公示, the holiday table working days are
counted with, and the 动议 with its 双把关 opinion and 备案 for appointments to A and B
teams."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from pool.models import Cadre, Unit, owner_unit_field
from staffing.models.core import Appointment, Post, WarningLevel


class AppointmentDocument(models.Model):
    """任免文件: one document (文号) that appoints and removes people. The numbers it
    states are checked against the entries made under it before it is marked 已复核;
    a reviewed document is locked (nothing is added to or changed under it)."""

    unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        related_name="appointment_documents",
        verbose_name="管理单位",
        help_text="录入该文件的组织部门所管辖的单位（决定谁能看到）",
    )
    number = models.CharField("文号", max_length=60, unique=True)
    title = models.CharField("文件标题", max_length=200, blank=True)
    issued_on = models.DateField("发文日期")
    issuer = models.CharField("发文机关", max_length=100)
    appointments_stated = models.PositiveSmallIntegerField("载明任命人数", default=0)
    removals_stated = models.PositiveSmallIntegerField("载明免职人数", default=0)
    reviewed_at = models.DateTimeField("复核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="复核人",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "任免文件"
        verbose_name_plural = "任免文件"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True) | Q(reviewed_by__isnull=False),
                name="appointment_document_reviewer_named",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def locked(self) -> bool:
        return self.reviewed_at is not None


class PublicityStatus(models.TextChoices):
    OPEN = "open", "公示中"
    CLOSED = "closed", "已结束"


class PublicityOutcome(models.TextChoices):
    PENDING = "", "—"
    NO_OBJECTION = "no_objection", "期满无异议"
    OBJECTION = "objection", "有反映，待核查"


class Publicity(models.Model):
    """任前公示: a proposed appointment made public for at least 5 working days before
    it is made. Closed by a daily task after its end date."""

    cadre = models.ForeignKey(
        Cadre, models.PROTECT, related_name="publicities", verbose_name="公示对象"
    )
    post = models.ForeignKey(
        Post, models.PROTECT, related_name="publicities", verbose_name="拟任职位"
    )
    proposed_title = models.CharField("拟任职务", max_length=100, blank=True)
    start_date = models.DateField("公示开始")
    end_date = models.DateField("公示结束")
    working_days = models.PositiveSmallIntegerField("公示工作日数")
    status = models.CharField(
        "状态", max_length=8, choices=PublicityStatus.choices, default=PublicityStatus.OPEN
    )
    outcome = models.CharField(
        "公示结果", max_length=16, choices=PublicityOutcome.choices, blank=True
    )
    feedback = models.TextField("反映情况", blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    appointment = models.OneToOneField(
        Appointment,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="publicity",
        verbose_name="任职",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "任前公示"
        verbose_name_plural = "任前公示"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="publicity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(working_days__gte=5), name="publicity_at_least_five_working_days"
            ),
        ]
        indexes = [models.Index(fields=["status", "end_date"])]

    def __str__(self) -> str:
        return f"{self.cadre} 任前公示"


class Holiday(models.Model):
    """法定节假日 and 调休 make-up working days, for counting working days
    (Saturdays and Sundays are rest days unless listed here as working days)."""

    date = models.DateField("日期", unique=True)
    name = models.CharField("名称", max_length=30)
    is_workday = models.BooleanField("调休上班", default=False, help_text="勾选=该日为补班工作日")
    owner = owner_unit_field()

    class Meta:
        verbose_name = "节假日"
        verbose_name_plural = "节假日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class SignOffDecision(models.TextChoices):
    PENDING = "", "待签署"
    APPROVED = "approved", "同意"
    REJECTED = "rejected", "不同意"
    SUGGESTED = "suggested", "建议"


class SecondSignOff(models.Model):
    """动议 and 双把关: an appointment dated today or later into a team graded A or B
    (with a gap) in the latest quarter starts as this 动议; the 干部科 (someone other
    than who proposed it) records its opinion: 同意, 不同意 (with a reason: the
    appointment cannot be entered) or 建议 (e.g. a named young candidate). Once the
    appointment is entered it is linked here, and the 备案关 records whether the gap
    closed."""

    cadre = models.ForeignKey(Cadre, models.PROTECT, related_name="+", verbose_name="拟任人选")
    post = models.ForeignKey(Post, models.PROTECT, related_name="+", verbose_name="拟任职位")
    start_date = models.DateField("拟任职时间")
    title = models.CharField("拟任职务名称", max_length=100, blank=True)
    appointment = models.OneToOneField(
        Appointment,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="second_check",
        verbose_name="任职",
    )
    quarter = models.CharField("预警季度", max_length=6)
    level = models.CharField("班子预警等级", max_length=1, choices=WarningLevel.choices)
    gap = models.PositiveSmallIntegerField("差额数")
    reason = models.CharField("提示", max_length=300)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="动议人",
    )
    decision = models.CharField(
        "把关意见", max_length=10, choices=SignOffDecision.choices, blank=True
    )
    note = models.TextField("说明", blank=True)
    suggested_name = models.CharField("建议人选", max_length=50, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="签署人",
    )
    signed_at = models.DateTimeField("签署时间", null=True, blank=True)
    gap_after = models.PositiveSmallIntegerField("任职后差额", null=True, blank=True)
    filing_note = models.TextField("备案说明", blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="备案人",
    )
    filed_at = models.DateTimeField("备案时间", null=True, blank=True)
    created_at = models.DateTimeField("动议时间", auto_now_add=True)

    class Meta:
        verbose_name = "动议（双把关）"
        verbose_name_plural = "动议（双把关）"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(decision="") & Q(signed_at__isnull=True))
                | (~Q(decision="") & Q(signed_at__isnull=False) & Q(signed_by__isnull=False)),
                name="second_signoff_signed_when_decided",
            ),
            models.CheckConstraint(
                condition=Q(filed_at__isnull=True)
                | (Q(appointment__isnull=False) & Q(gap_after__isnull=False)),
                name="second_signoff_filed_after_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"动议 {self.cadre_id} {self.post_id}"

    @property
    def stops(self) -> bool:
        """不同意: the appointment cannot be entered."""
        return self.decision == SignOffDecision.REJECTED

    @property
    def gap_closed(self) -> bool | None:
        return None if self.gap_after is None else self.gap_after == 0

    @property
    def stage(self) -> str:
        """Where the 动议 stands, in words."""
        if self.filed_at is not None:
            return "已备案"
        if self.appointment_id is not None:
            return "已任职，待备案"
        if not self.decision:
            return "待双把关"
        if self.stops:
            return "不同意，已终止"
        return "可任职"
