"""任职 and 免职: seating a cadre in a post and ending the seat, with the 超职数 and
double-seat checks, the 任免文件 lock, 任前公示 and the 试用期."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pool import audit, inspections
from pool import selectors as pool_selectors
from pool.models import AuditAction, Cadre
from pool.selectors import seat_max_age_of
from staffing import rules
from staffing.models import (
    Appointment,
    AppointmentDocument,
    LeadershipTeam,
    Post,
    Publicity,
    PublicityStatus,
    SecondSignOff,
    SignOffDecision,
    WarningRecord,
)

APPOINTMENT_FIELDS = [
    "cadre_id",
    "post_id",
    "title",
    "start_date",
    "end_date",
    "document_number",
    "end_document_number",
    "document_id",
    "end_document_id",
    "probation_until",
]


def _fmt(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _peak_holders(holders: list[Appointment], start: dt.date) -> int:
    """The most people holding the post at once on or after ``start`` (the new
    appointment is open-ended, so every later start is a moment to check)."""
    moments = {start} | {a.start_date for a in holders if a.start_date > start}
    return max(sum(1 for a in holders if a.serving_on(day)) for day in moments)


def _unlocked(document: AppointmentDocument | None) -> None:
    if document is not None and document.locked:
        raise ValidationError(
            f"任免文件{document.number}已复核锁定，不能再录入或修改其中的任免",
            code="document_locked",
        )


def _check_seat(
    team: LeadershipTeam, post: Post, cadre: Cadre, start_date: dt.date, exclude: int | None = None
) -> None:
    """Refuse a second seat in the team and 超职数配备 from ``start_date`` on."""
    live = list(
        Appointment.objects.filter(post__team=team)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=start_date))
        .exclude(pk=exclude)
        .select_related("post")
    )
    mine = [a for a in live if a.cadre_id == cadre.pk]
    if mine:
        held = mine[0]
        raise ValidationError(
            f"{cadre.name}自{_fmt(held.start_date)}起已任{team.unit.name}{held.post.title}，"
            "同一人不能在同一领导班子中同时担任两个职位；如需调整，请先免去原职务",
            code="second_seat",
        )
    holders = _peak_holders([a for a in live if a.post_id == post.pk], start_date)
    if holders + 1 > post.quota:
        raise ValidationError(
            f"超职数配备：{team.unit.name}{post.title}核定职数{post.quota}名，"
            f"{_fmt(start_date)}起已有{holders}名在任，不能再任命",
            code="over_quota",
        )


def appoint(
    actor,
    cadre: Cadre,
    post: Post,
    start_date: dt.date,
    document_number: str = "",
    *,
    document: AppointmentDocument | None = None,
    title: str = "",
    probation: bool = False,
    on_seated: Callable[[Appointment], None] | None = None,
) -> Appointment:
    """任职: seat ``cadre`` in ``post`` from ``start_date``. Refuses 超职数配备 (more
    holders than the post's 核定职数 at any time from that date), a second seat for the
    same person in the same team, a reviewed (locked) 任免文件, and a 任前公示 of this
    person for this post that is still open. ``probation``: a 提拔 with a one-year
    试用期. A closed 公示 of this person for this post is linked to the appointment.

    ``on_seated(appointment)`` runs inside the same transaction after the seat is
    written (e.g. marking the person's 考察 as used): if it raises, nothing is kept."""
    if start_date is None:
        raise ValidationError("请填写任职时间", code="start_date")
    with transaction.atomic():
        # One appointment at a time per team: the checks below then see every holder.
        team = (
            LeadershipTeam.objects.select_for_update().select_related("unit").get(pk=post.team_id)
        )
        post = Post.objects.get(pk=post.pk)
        if document is not None:
            document = AppointmentDocument.objects.select_for_update().get(pk=document.pk)
            _unlocked(document)
            document_number = document.number
        _check_seat(team, post, cadre, start_date)
        publicities = list(
            Publicity.objects.select_for_update().filter(
                cadre=cadre, post=post, appointment__isnull=True
            )
        )
        still_open = [p for p in publicities if p.status == PublicityStatus.OPEN]
        if still_open:
            raise ValidationError(
                f"{cadre.name}的任前公示至{_fmt(still_open[0].end_date)}结束，公示期满后才能任职",
                code="publicity_open",
            )
        appointment = Appointment.objects.create(
            cadre=cadre,
            post=post,
            start_date=start_date,
            title=(title or "").strip(),
            document=document,
            document_number=(document_number or "").strip(),
            probation_until=rules.probation_until(start_date) if probation else None,
        )
        if publicities:
            latest = max(publicities, key=lambda p: (p.end_date, p.pk))
            latest.appointment = appointment
            latest.save(update_fields=["appointment"])
        audit.record(
            actor,
            AuditAction.CREATE,
            appointment,
            detail=f"任命{cadre.name}为{team.unit.name}{post.title}"
            + (f"（{appointment.document_number}）" if appointment.document_number else ""),
            after=audit.model_values(appointment, APPOINTMENT_FIELDS),
        )
        _flag_for_second_check(actor, team, cadre, appointment)
        _close_inspection(actor, appointment)
        if on_seated is not None:
            on_seated(appointment)
    return appointment


def _close_inspection(actor, appointment: Appointment) -> None:
    """A pool member who was 列为考察对象 and is now seated: the inspection ends in
    appointment and the pool stay becomes 已使用, tied to this appointment."""
    membership = pool_selectors.open_membership_of(appointment.cadre_id)
    if membership is None or inspections.active_inspection(membership) is None:
        return
    inspections.mark_used(
        membership,
        appointment.pk,
        appointment.document_number,
        appointment.start_date,
        user=actor,
    )


def _flag_for_second_check(actor, team, cadre: Cadre, appointment: Appointment) -> None:
    """双把关: the team's latest warning is A or B and the person is not young for the
    seat on the start date, so the gap does not shrink: flag it for a second sign-off."""
    record = WarningRecord.objects.filter(team=team).order_by("-quarter").first()
    if record is None or record.level not in ("A", "B") or record.gap == 0:
        return
    limit = seat_max_age_of(team.unit)
    age = cadre.age_at(appointment.start_date)
    if not rules.needs_second_check(record.level, record.gap, age, limit):
        return
    SecondSignOff.objects.create(
        appointment=appointment,
        quarter=record.quarter,
        level=record.level,
        gap=record.gap,
        flagged_by=actor,
        reason=f"{team.unit.name}领导班子{record.quarter}为{record.level}级（差额{record.gap}名），"
        f"{cadre.name}任职时{age}岁，"
        + (f"超过{limit}岁的年轻干部标准" if limit is not None else "该班子未设年轻干部标准")
        + "，任职后差额不减少",
    )


def sign_off(actor, check: SecondSignOff, decision: str, note: str = "") -> SecondSignOff:
    """The second sign-off on a flagged appointment, by someone other than who entered it."""
    if decision not in (SignOffDecision.APPROVED, SignOffDecision.REJECTED):
        raise ValidationError({"decision": "请选择同意或不同意"}, code="decision")
    if decision == SignOffDecision.REJECTED and not (note or "").strip():
        raise ValidationError({"note": "不同意时请在“说明”中写明理由"}, code="note")
    with transaction.atomic():
        current = SecondSignOff.objects.select_for_update().get(pk=check.pk)
        if current.decision:
            raise ValidationError("该任职已完成双把关签署", code="already_signed")
        if current.flagged_by_id is not None and current.flagged_by_id == actor.pk:
            raise ValidationError("双把关须由录入该任职以外的同志签署", code="same_person")
        current.decision = decision
        current.note = (note or "").strip()
        current.signed_by = actor
        current.signed_at = timezone.now()
        current.save(update_fields=["decision", "note", "signed_by", "signed_at"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"双把关签署：{current.get_decision_display()}（{current.reason}）",
            before={"decision": ""},
            after={"decision": decision, "note": current.note},
        )
    return current


def end_appointment(
    actor,
    appointment: Appointment,
    end_date: dt.date,
    document_number: str = "",
    *,
    document: AppointmentDocument | None = None,
) -> Appointment:
    """免职: the holder leaves the post on ``end_date`` (a successor may start that day)."""
    if end_date is None:
        raise ValidationError("请填写免职时间", code="end_date")
    with transaction.atomic():
        current = (
            Appointment.objects.select_for_update()
            .select_related("cadre", "post__team__unit")
            .get(pk=appointment.pk)
        )
        if document is not None:
            document = AppointmentDocument.objects.select_for_update().get(pk=document.pk)
            _unlocked(document)
            document_number = document.number
        if current.end_date is not None:
            raise ValidationError(
                f"{current.cadre.name}已于{_fmt(current.end_date)}免去{current.post.title}",
                code="already_ended",
            )
        if end_date < current.start_date:
            raise ValidationError(
                f"免职时间{_fmt(end_date)}不能早于任职时间{_fmt(current.start_date)}",
                code="end_before_start",
            )
        before = audit.model_values(current, APPOINTMENT_FIELDS)
        current.end_date = end_date
        current.end_document = document
        current.end_document_number = (document_number or "").strip()
        current.save(update_fields=["end_date", "end_document", "end_document_number"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"免去{current.cadre.name}{current.post.team.unit.name}{current.post.title}",
            before=before,
            after=audit.model_values(current, APPOINTMENT_FIELDS),
        )
    return current


def correct_appointment(
    actor, appointment: Appointment, *, start_date: dt.date, title: str = ""
) -> Appointment:
    """Correct a mistyped 任职时间 or 职务名称 of an entry. Refused once the 任免文件 it
    was entered under (or removed under) has been reviewed: a reviewed document is
    locked, and so are its appointments."""
    with transaction.atomic():
        current = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("cadre", "post__team__unit", "document", "end_document")
            .get(pk=appointment.pk)
        )
        _unlocked(current.document)
        _unlocked(current.end_document)
        if current.end_date is not None and start_date > current.end_date:
            raise ValidationError(
                f"任职时间{_fmt(start_date)}不能晚于免职时间{_fmt(current.end_date)}",
                code="start_after_end",
            )
        team = LeadershipTeam.objects.select_for_update().select_related("unit")
        team = team.get(pk=current.post.team_id)
        if start_date != current.start_date:
            _check_seat(team, current.post, current.cadre, start_date, exclude=current.pk)
        before = audit.model_values(current, APPOINTMENT_FIELDS)
        current.start_date = start_date
        current.title = (title or "").strip()
        if current.probation_until is not None:
            current.probation_until = rules.probation_until(start_date)
        current.save(update_fields=["start_date", "title", "probation_until"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"更正{current.cadre.name}{team.unit.name}{current.post.title}的任职信息",
            before=before,
            after=audit.model_values(current, APPOINTMENT_FIELDS),
        )
    return current
