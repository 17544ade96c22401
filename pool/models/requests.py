"""Requests between offices: a unit party committee asks for a person registered in
another unit to be listed or transferred to it (``TransferRequest``), and the 催报
reminders staff send to units that have not submitted their list (``ListReminder``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from pool.models.core import Cadre, Unit
from pool.people import crypto, rules


class TransferKind(models.TextChoices):
    LIST = "list", "列入本单位推荐清单"
    TRANSFER = "transfer", "调入本单位"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "未同意"


class TransferRequest(models.Model):
    """A unit committee's request about someone registered elsewhere, entered by ID
    number. ``cadre`` is who the number belongs to (found when filed, never shown to the
    requester); the 干部科 whose jurisdiction holds both units decides."""

    kind = models.CharField("申请事项", max_length=16, choices=TransferKind.choices)
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="transfer_requests", verbose_name="申请单位"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="申请人"
    )
    name = models.CharField("姓名", max_length=50)
    id_cipher = models.BinaryField("身份证号（密文）", editable=False)
    id_hash = models.CharField("身份证号检索码", max_length=64, editable=False)
    id_masked = models.CharField("身份证号", max_length=18, editable=False)
    cadre = models.ForeignKey(
        Cadre,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="transfer_requests",
        verbose_name="登记的干部",
    )
    rec_list = models.ForeignKey(
        "RecommendationList",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="列入的推荐清单",
    )
    reason = models.TextField("申请理由")
    status = models.CharField(
        "状态", max_length=16, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    note = models.CharField("审批意见", max_length=200, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    resolved_at = models.DateTimeField("审批时间", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "跨单位人员申请"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "id_hash", "kind"],
                condition=Q(status="pending"),
                name="transfer_request_once_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(note=""), name="transfer_request_refusal_note"
            ),
            models.CheckConstraint(
                condition=~Q(kind="list") | Q(rec_list__isnull=False),
                name="transfer_request_list_has_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}申请{self.get_kind_display()}：{self.name}"

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_cipher) if self.id_cipher else ""

    @id_number.setter
    def id_number(self, raw: str) -> None:
        clear = rules.normalize_id_number(raw)
        self.id_cipher = crypto.encrypt(clear)
        self.id_hash = crypto.lookup_hash(clear)
        self.id_masked = rules.mask_id_number(clear)


class ListReminder(models.Model):
    """One 催报: staff reminded a unit's committee to submit its list for a round."""

    round = models.ForeignKey(
        "RecommendationRound", models.CASCADE, related_name="reminders", verbose_name="推荐批次"
    )
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+", verbose_name="单位")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="催报人"
    )
    sent_at = models.DateTimeField("催报时间", auto_now_add=True)
    recipients = models.PositiveIntegerField("提醒账号数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "催报记录"
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["round", "unit", "-sent_at"], name="list_reminder_latest")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.sent_at:%Y-%m-%d}"
