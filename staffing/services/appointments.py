"""任职 and 免职: seating a cadre in a post and ending the seat, with the 超职数 and
double-seat checks, the 任免文件 lock, 任前公示 and the 试用期."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pool import audit
from pool.models import AuditAction, Cadre
from pool.selection import inspections
from pool.selection import selectors as selection_selectors
from staffing import rules
from staffing.models import (
    Appointment,
    AppointmentDocument,
    LeadershipTeam,
    Post,
    Publicity,
    PublicityStatus,
)
from staffing.selectors.gates import gates_for, motion_gate

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
    written (e.g. marking the person's 考察 as used): if it raises, nothing is kept.

    Dated today or later (not a record of the past, ``rules.is_record``), it must pass
    the gates: a promotion (提拔) is refused under a standing 一票否决 or while an item
    of 凡提四必 is missing; into a team graded A or B it needs a 动议 whose 双把关
    opinion is recorded and is not 不同意 (the 动议 is then tied to it)."""
    if start_date is None:
        raise ValidationError("请填写任职时间", code="start_date")
    today = timezone.localdate()
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
        motion = None
        if not rules.is_record(start_date, today):
            refusals = gates_for(cadre, post, start_date, probation=probation).refusals(cadre.name)
            if refusals:
                raise ValidationError(refusals, code="promotion_gate")
            gate = motion_gate(team, cadre, post, start_date, today, lock=True)
            if gate.code:
                raise ValidationError(gate.message, code=gate.code)
            motion = gate.motion
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
        if motion is not None:
            motion.appointment = appointment
            motion.save(update_fields=["appointment"])
        _close_inspection(actor, appointment)
        if on_seated is not None:
            on_seated(appointment)
    return appointment


def _close_inspection(actor, appointment: Appointment) -> None:
    """A pool member who was 列为考察对象 and is now seated: the inspection ends in
    appointment and the pool stay becomes 已使用, tied to this appointment."""
    membership = selection_selectors.open_membership_of(appointment.cadre_id)
    if membership is None or inspections.active_inspection(membership) is None:
        return
    inspections.mark_used(
        membership,
        appointment.pk,
        appointment.document_number,
        appointment.start_date,
        user=actor,
    )


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
