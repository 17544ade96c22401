"""干部本人 self-service: a person's request to correct one field of their record or one
简历 line, with a reason and a scan, decided by the 干部科 (pool.selfservice)."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from pool.models.core import Cadre, CareerEntry


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已更正"
    REFUSED = "refused", "未同意"


def scan_path(instance, filename: str) -> str:
    """Stored under a name of our own: the person's file name is kept in a field, never
    in the path (it may hold their name)."""
    import uuid

    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"corrections/{uuid.uuid4().hex}{suffix}"


class CorrectionRequest(models.Model):
    """One asked-for change: either a field of the person (``field``) or one 简历 line
    (``career_entry``), with the value on file when asked (``before``) and the value
    asked for (``after``), both as JSON."""

    cadre = models.ForeignKey(
        Cadre, models.CASCADE, related_name="correction_requests", verbose_name="干部"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="申请人"
    )
    field = models.CharField("更正项目", max_length=40, blank=True)
    career_entry = models.ForeignKey(
        CareerEntry,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="correction_requests",
        verbose_name="简历行",
    )
    is_career = models.BooleanField("更正简历", default=False)
    before = models.JSONField("原内容", encoder=DjangoJSONEncoder)
    after = models.JSONField("申请更正为", encoder=DjangoJSONEncoder)
    reason = models.TextField("更正理由")
    scan = models.FileField("证明材料", upload_to=scan_path, max_length=200)
    scan_name = models.CharField("证明材料文件名", max_length=200)
    status = models.CharField(
        "状态", max_length=16, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    refusal_reason = models.TextField("不同意理由", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "信息更正申请"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(is_career=True) & Q(field=""))
                | (Q(is_career=False) & ~Q(field="") & Q(career_entry__isnull=True)),
                name="correction_is_one_field_or_one_career_line",
            ),
            models.CheckConstraint(
                condition=Q(status="pending")
                | (Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="correction_decision_has_decider",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="correction_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"信息更正申请#{self.pk}"
