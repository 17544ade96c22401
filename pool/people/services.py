"""Audited reads on people: opening a record, revealing an ID number, exporting."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from pool import audit
from pool.models import (
    AuditAction,
    Cadre,
)


def open_cadre_record(user, cadre: Cadre) -> None:
    """Viewing a person's full record is audited."""
    audit.record(user, AuditAction.VIEW, cadre)


@transaction.atomic
def reveal_id_number(user, cadre: Cadre, reason: str) -> str:
    """Return the clear ID number and write who revealed it and why."""
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": "请填写查看身份证号的事由"})
    audit.record(user, AuditAction.REVEAL_ID, cadre, detail=reason)
    return cadre.id_number


def record_export(user, what: str, count: int, filters: str = "", *, reason: str = "") -> None:
    detail = f"{what}，共{count}行" + (f"；筛选条件：{filters}" if filters else "")
    if reason:
        detail += f"；事由：{reason}"
    audit.record(user, AuditAction.EXPORT, detail=detail)
