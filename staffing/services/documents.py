"""任免文件: registering a document, correcting it while open, and marking it 已复核
once the numbers it states match the entries made under it (then it is locked)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from pool import audit
from pool.models import AuditAction, Unit
from staffing.models import AppointmentDocument

DOCUMENT_FIELDS = [
    "number",
    "title",
    "issued_on",
    "issuer",
    "appointments_stated",
    "removals_stated",
    "unit_id",
]
EDITABLE = ("number", "title", "issued_on", "issuer", "appointments_stated", "removals_stated")


def _duplicate(number: str) -> ValidationError:
    return ValidationError(
        {"number": f"文号“{number}”已登记，同一文号只能登记一次"}, code="duplicate_number"
    )


def create_document(
    actor,
    unit: Unit,
    *,
    number: str,
    issued_on: dt.date,
    issuer: str,
    appointments_stated: int = 0,
    removals_stated: int = 0,
    title: str = "",
) -> AppointmentDocument:
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": "请填写文号"}, code="number")
    if AppointmentDocument.objects.filter(number=number).exists():
        raise _duplicate(number)
    try:
        with transaction.atomic():
            document = AppointmentDocument.objects.create(
                unit=unit,
                number=number,
                title=(title or "").strip(),
                issued_on=issued_on,
                issuer=(issuer or "").strip(),
                appointments_stated=appointments_stated,
                removals_stated=removals_stated,
                created_by=actor,
            )
            audit.record(
                actor,
                AuditAction.CREATE,
                document,
                detail=f"登记任免文件{number}",
                after=audit.model_values(document, DOCUMENT_FIELDS),
            )
    except IntegrityError:  # the same number registered at the same moment
        raise _duplicate(number) from None
    return document


def update_document(actor, document: AppointmentDocument, **changes) -> AppointmentDocument:
    """Correct a document's 文号, date, issuer or stated numbers while it is not reviewed."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        current = AppointmentDocument.objects.select_for_update().get(pk=document.pk)
        if current.locked:
            raise ValidationError(
                f"任免文件{current.number}已复核锁定，不能修改", code="document_locked"
            )
        if "number" in changes:
            changes["number"] = (changes["number"] or "").strip()
            taken = AppointmentDocument.objects.filter(number=changes["number"])
            if taken.exclude(pk=current.pk).exists():
                raise _duplicate(changes["number"])
        before = audit.model_values(current, DOCUMENT_FIELDS)
        for name, value in changes.items():
            setattr(current, name, value)
        current.save(update_fields=list(changes))
        if "number" in changes:  # the entries carry the number as text too
            current.appointments.update(document_number=current.number)
            current.removals.update(end_document_number=current.number)
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"修改任免文件{current.number}",
            before=before,
            after=audit.model_values(current, DOCUMENT_FIELDS),
        )
    return current


def review_document(actor, document: AppointmentDocument) -> AppointmentDocument:
    """已复核: only when the 任命 and 免职 entered under the document are exactly the
    numbers it states. Locks the document and its entries."""
    with transaction.atomic():
        current = AppointmentDocument.objects.select_for_update().get(pk=document.pk)
        if current.locked:
            raise ValidationError(f"任免文件{current.number}已复核", code="already_reviewed")
        entered = current.appointments.count()
        removed = current.removals.count()
        if (entered, removed) != (current.appointments_stated, current.removals_stated):
            raise ValidationError(
                f"文件载明任命{current.appointments_stated}人、免职{current.removals_stated}人，"
                f"已录入任命{entered}人、免职{removed}人，人数不一致，不能标记为已复核",
                code="counts_differ",
            )
        current.reviewed_at = timezone.now()
        current.reviewed_by = actor
        current.save(update_fields=["reviewed_at", "reviewed_by"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"任免文件{current.number}已复核（任命{entered}人、免职{removed}人），锁定",
            before={"reviewed": False},
            after={"reviewed": True},
        )
    return current
