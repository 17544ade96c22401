"""列为考察对象: a pool member proposed for a post, and how that ends.

An inspection ends in one of three ways, each a ``PoolEvent`` row on the person's
timeline: appointment (``mark_used``, called by staffing when it records the
appointment, or by staff from the timeline), withdrawal back to the pool with a
reason, or lapse when the expiry date passes (``lapse_expired``, a daily task). The
same daily task reminds the responsible staff of inspections expiring within
``EXPIRY_REMINDER_DAYS`` (``notify_expiring``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pool import audit
from pool.models import (
    AuditAction,
    ExitReason,
    Inspection,
    InspectionStatus,
    PoolEvent,
    PoolEventKind,
    PoolMembership,
    PoolStatus,
)
from pool.notify import notices
from pool.people import flags
from pool.selection import selectors as selection_selectors
from pool.selection import services

INSPECTION_FIELDS = ["status", "ended_on", "end_reason"]
EXPIRY_REMINDER_DAYS = 30


def _lock_membership(pk: int) -> PoolMembership:
    membership = PoolMembership.objects.select_for_update().select_related("cadre").get(pk=pk)
    if not membership.is_open:
        raise ValidationError(f"{membership.cadre.name}已不在年轻干部库中")
    return membership


def _lock_active(inspection: Inspection) -> Inspection:
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.status != InspectionStatus.ACTIVE:
        raise ValidationError(f"该考察{locked.get_status_display()}，不能再办理")  # 已撤回 ...
    return locked


def active_inspection(membership: PoolMembership) -> Inspection | None:
    return membership.inspections.filter(status=InspectionStatus.ACTIVE).first()


@transaction.atomic
def start_inspection(
    user,
    membership: PoolMembership,
    *,
    proposed_post: str,
    expires_on: dt.date,
    on: dt.date | None = None,
    post_ref: int | None = None,
    note: str = "",
) -> Inspection:
    """列为考察对象 for ``proposed_post`` until ``expires_on`` (the stay becomes 考察对象)."""
    membership = _lock_membership(membership.pk)
    on = on or timezone.localdate()
    proposed_post = (proposed_post or "").strip()
    errors = {}
    if not proposed_post:
        errors["proposed_post"] = "请填写拟任职务"
    if expires_on is None or expires_on < on:
        errors["expires_on"] = "考察有效期不能早于列为考察对象的日期"
    if on < membership.entered_on:
        errors["on"] = "列为考察对象的日期不能早于入库日期"
    if errors:
        raise ValidationError(errors)
    if membership.status == PoolStatus.INSPECTION or active_inspection(membership):
        raise ValidationError(f"{membership.cadre.name}已是考察对象，请先办结当前考察")
    stops = flags.stopping([membership.cadre_id], on).get(membership.cadre_id, [])
    if stops:
        raise ValidationError(
            f"{membership.cadre.name}不能列为考察对象："
            + "；".join(f"{f.label}（{f.title}）" for f in stops),
            code="flagged",
        )
    inspection = Inspection.objects.create(
        membership=membership,
        proposed_post=proposed_post,
        post_ref=post_ref,
        started_on=on,
        expires_on=expires_on,
        note=note.strip(),
        created_by=user,
    )
    membership.status = PoolStatus.INSPECTION
    membership.save(update_fields=["status"])
    PoolEvent.objects.create(
        membership=membership,
        kind=PoolEventKind.INSPECTION,
        from_value=PoolStatus.IN_POOL,
        to_value=proposed_post[:32],
        happened_on=on,
        reason=f"拟任{proposed_post}，考察有效期至{expires_on:%Y-%m-%d}"
        + (f"；{note.strip()}" if note.strip() else ""),
        actor=user,
    )
    audit.record(
        user,
        AuditAction.CREATE,
        inspection,
        detail=f"列为考察对象：拟任{proposed_post}",
        after={"expires_on": expires_on, "post_ref": post_ref},
    )
    return inspection


def _back_to_pool(user, inspection, membership, status, kind, on, reason, detail):
    if on < inspection.started_on:
        raise ValidationError({"on": "结束日期不能早于列为考察对象的日期"})
    before = audit.model_values(inspection, INSPECTION_FIELDS)
    inspection.status, inspection.ended_on, inspection.end_reason = status, on, reason
    inspection.save(update_fields=INSPECTION_FIELDS)
    membership.status = PoolStatus.IN_POOL
    membership.save(update_fields=["status"])
    PoolEvent.objects.create(
        membership=membership,
        kind=kind,
        from_value=PoolStatus.INSPECTION,
        to_value=PoolStatus.IN_POOL,
        happened_on=on,
        reason=reason,
        actor=user,
    )
    after = audit.model_values(inspection, INSPECTION_FIELDS)
    audit.record(user, AuditAction.UPDATE, inspection, detail=detail, before=before, after=after)
    return inspection


@transaction.atomic
def withdraw_inspection(
    user, inspection: Inspection, reason: str, on: dt.date | None = None
) -> Inspection:
    """撤回考察: the person goes back to the pool (in their tier), with reason and date."""
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": "请填写撤回考察的原因"})
    inspection = _lock_active(inspection)
    membership = _lock_membership(inspection.membership_id)
    on = on or timezone.localdate()
    return _back_to_pool(
        user,
        inspection,
        membership,
        InspectionStatus.WITHDRAWN,
        PoolEventKind.WITHDRAWAL,
        on,
        reason,
        f"撤回考察：{reason}",
    )


@transaction.atomic
def lapse_expired(today: dt.date | None = None) -> int:
    """考察期满未使用: inspections whose expiry date has passed go back to the pool.
    Run daily (beat); running it twice changes nothing the second time."""
    today = today or timezone.localdate()
    expired = list(
        Inspection.objects.select_for_update()
        .filter(status=InspectionStatus.ACTIVE, expires_on__lt=today)
        .order_by("pk")
    )
    for inspection in expired:
        membership = _lock_membership(inspection.membership_id)
        _back_to_pool(
            None,
            inspection,
            membership,
            InspectionStatus.LAPSED,
            PoolEventKind.LAPSED,
            inspection.expires_on + dt.timedelta(days=1),
            f"考察有效期（{inspection.expires_on:%Y-%m-%d}）已满，未任用，回到年轻干部库",
            "考察到期",
        )
    return len(expired)


def notify_expiring(today: dt.date | None = None, days: int = EXPIRY_REMINDER_DAYS) -> int:
    """Remind the staff responsible for each person's unit of running inspections whose
    expiry is within ``days``: one notice per inspection and expiry date (key), so the
    daily task writes each reminder once. Returns the notices asked for."""
    today = today or timezone.localdate()
    expiring = selection_selectors.expiring_inspections(
        Inspection.objects.select_related("membership__cadre__unit"), today, days
    )
    staff_by_unit: dict[int, list] = {}
    sent = 0
    for inspection in expiring:
        cadre = inspection.membership.cadre
        if cadre.unit_id not in staff_by_unit:
            staff_by_unit[cadre.unit_id] = list(notices.staff_responsible_for(cadre.unit))
        sent += notices.notify(
            staff_by_unit[cadre.unit_id],
            kind="pool_inspection_expiring",
            title=f"{cadre.name}的考察有效期将于{inspection.expires_on:%Y年%-m月%-d日}届满",
            body=f"{cadre.unit.name} {cadre.current_position}，拟任{inspection.proposed_post}。"
            "请在到期前办理任用或撤回考察；到期未任用的，次日自动回到年轻干部库。",
            url=reverse("pool:pool_timeline", args=[cadre.pk]),
            key=f"pool-inspection-expiring:{inspection.pk}:{inspection.expires_on:%Y-%m-%d}",
        )
    return sent


@transaction.atomic
def mark_used(
    target: Inspection | PoolMembership,
    appointment_reference: int | None,
    document_number: str,
    on: dt.date,
    *,
    user=None,
) -> PoolMembership:
    """已使用: the person was appointed. Staffing calls this when it records the
    appointment (``appointment_reference`` is its ``Appointment`` pk); staff may record
    it from the timeline with the document number alone. ``target`` is the inspection
    that led to it, or the open pool stay (its active inspection, if any, is closed)."""
    document_number = (document_number or "").strip()
    if isinstance(target, Inspection):
        inspection = _lock_active(target)
        membership = _lock_membership(inspection.membership_id)
    else:
        membership = _lock_membership(target.pk)
        inspection = active_inspection(membership)
        if inspection is not None:
            inspection = _lock_active(inspection)
    if not document_number and appointment_reference is None:
        raise ValidationError({"document_number": "请填写任职文号"})
    if inspection is not None:
        if on < inspection.started_on:
            raise ValidationError({"on": "任职日期不能早于列为考察对象的日期"})
        inspection.status, inspection.ended_on = InspectionStatus.APPOINTED, on
        inspection.end_reason = f"已任用（{document_number}）" if document_number else "已任用"
        inspection.save(update_fields=INSPECTION_FIELDS)
    membership.appointment_ref = appointment_reference
    membership.appointment_document = document_number
    membership.save(update_fields=["appointment_ref", "appointment_document"])
    post = inspection.proposed_post if inspection else ""
    note = "；".join(
        part
        for part in (
            f"任{post}" if post else "",
            f"文号：{document_number}" if document_number else "",
        )
        if part
    )
    services._close(user, membership, ExitReason.PROMOTED, note, on)
    return membership
