"""动议 → 双把关 → 任职 → 备案 for teams graded A or B: the 动议 is proposed, the
干部科 records its opinion (同意 / 不同意 with a reason / 建议), the appointment is
entered through ``appoint`` (which refuses without an opinion, or on 不同意), and the
备案关 records whether the gap closed. Every step is audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from pool import audit
from pool.models import AuditAction, Cadre
from pool.people.selectors import seat_max_age_of
from staffing import rules
from staffing.models import (
    Appointment,
    LeadershipTeam,
    Post,
    SecondSignOff,
    SignOffDecision,
    WarningPolicy,
)
from staffing.selectors.gates import latest_warning

DECISIONS = (SignOffDecision.APPROVED, SignOffDecision.REJECTED, SignOffDecision.SUGGESTED)


def _limit(team: LeadershipTeam) -> int | None:
    return seat_max_age_of(team.unit)


def propose_motion(
    actor, cadre: Cadre, post: Post, start_date: dt.date, title: str = ""
) -> SecondSignOff:
    """动议: propose seating ``cadre`` in ``post`` of a team graded A or B. Refused for
    a date in the past (enter the record directly), a team that needs no 动议, and a
    second open 动议 of the same person for the same post."""
    if start_date is None:
        raise ValidationError({"start_date": "请填写拟任职时间"})
    today = timezone.localdate()
    if rules.is_record(start_date, today):
        raise ValidationError(
            {"start_date": "拟任职时间不能早于今天；已发生的任职请直接录入任职记录"}
        )
    with transaction.atomic():
        team = (
            LeadershipTeam.objects.select_for_update().select_related("unit").get(pk=post.team_id)
        )
        record = latest_warning(team.pk)
        if record is None or not rules.needs_motion(record.level, record.gap, start_date, today):
            grade = f"最新预警为{record.level}级" if record else "尚无预警记录"
            raise ValidationError(
                f"{team.unit.name}领导班子{grade}，任职无需动议和双把关，可直接录入",
                code="no_motion_needed",
            )
        open_ = SecondSignOff.objects.filter(cadre=cadre, post=post, appointment__isnull=True)
        if open_.exclude(decision=SignOffDecision.REJECTED).exists():
            raise ValidationError(
                f"{cadre.name}任{post.title}已有未办结的动议", code="motion_exists"
            )
        limit = _limit(team)
        age = cadre.age_at(start_date)
        young = limit is not None and age <= limit
        reason = (
            f"{team.unit.name}领导班子{record.quarter}为{record.level}级（差额{record.gap}名），"
            f"{cadre.name}任职时{age}岁，"
            + (
                "是年轻干部，任职后差额可减少"
                if young
                else (
                    f"超过{limit}岁的年轻干部标准"
                    if limit is not None
                    else "该班子未设年轻干部标准"
                )
                + "，任职后差额不减少"
            )
        )
        motion = SecondSignOff.objects.create(
            cadre=cadre,
            post=post,
            start_date=start_date,
            title=(title or "").strip(),
            quarter=record.quarter,
            level=record.level,
            gap=record.gap,
            reason=reason,
            flagged_by=actor,
        )
        audit.record(
            actor,
            AuditAction.CREATE,
            motion,
            detail=f"动议：{cadre.name}拟任{team.unit.name}{post.title}（{reason}）",
            after={"start_date": start_date, "quarter": record.quarter, "level": record.level},
        )
    return motion


def sign_off(
    actor, check: SecondSignOff, decision: str, note: str = "", suggested_name: str = ""
) -> SecondSignOff:
    """双把关: the 干部科's opinion on a 动议, by someone other than who proposed it:
    同意, 不同意 (needs a reason; the appointment cannot then be entered) or 建议
    (needs the suggestion: a named candidate or a note)."""
    note = (note or "").strip()
    suggested_name = (suggested_name or "").strip()[:50]
    if decision not in DECISIONS:
        raise ValidationError({"decision": "请选择同意、不同意或建议"}, code="decision")
    if decision == SignOffDecision.REJECTED and not note:
        raise ValidationError({"note": "不同意时请在“说明”中写明理由"}, code="note")
    if decision == SignOffDecision.SUGGESTED and not (note or suggested_name):
        raise ValidationError(
            {"suggested_name": "建议时请填写建议人选或在“说明”中写明建议"}, code="suggestion"
        )
    with transaction.atomic():
        current = SecondSignOff.objects.select_for_update().get(pk=check.pk)
        if current.decision:
            raise ValidationError("该动议已完成双把关签署", code="already_signed")
        if current.flagged_by_id is not None and current.flagged_by_id == actor.pk:
            raise ValidationError("双把关须由提出动议以外的同志签署", code="same_person")
        current.decision = decision
        current.note = note
        current.suggested_name = suggested_name if decision == SignOffDecision.SUGGESTED else ""
        current.signed_by = actor
        current.signed_at = timezone.now()
        current.save(update_fields=["decision", "note", "suggested_name", "signed_by", "signed_at"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"双把关签署：{current.get_decision_display()}（{current.reason}）",
            before={"decision": ""},
            after={"decision": decision, "note": note, "suggested_name": current.suggested_name},
        )
    return current


def gap_after(appointment: Appointment) -> int:
    """The team's gap on the appointment's start date with it in place."""
    team = LeadershipTeam.objects.select_related("unit").get(pk=appointment.post.team_id)
    seats = Post.objects.filter(team=team).aggregate(n=Sum("quota"))["n"] or 0
    day = appointment.start_date
    members = dict(
        Appointment.objects.serving_on(day)
        .filter(post__team=team)
        .values_list("cadre_id", "cadre__birth_month")
    )
    ratio = WarningPolicy.current().member_ratio
    return rules.standing(seats, members, _limit(team), ratio, day).gap


def file_motion(actor, check: SecondSignOff, note: str = "") -> SecondSignOff:
    """备案关: after the appointment is entered, record the team's gap with it in place
    (closed when 0) and the 干部科's note."""
    with transaction.atomic():
        current = (
            SecondSignOff.objects.select_for_update(of=("self",))
            .select_related("appointment__post", "cadre")
            .get(pk=check.pk)
        )
        if current.appointment is None:
            raise ValidationError("任职尚未录入，不能备案", code="not_entered")
        if current.filed_at is not None:
            raise ValidationError("该动议已备案", code="already_filed")
        current.gap_after = gap_after(current.appointment)
        current.filing_note = (note or "").strip()
        current.filed_by, current.filed_at = actor, timezone.now()
        current.save(update_fields=["gap_after", "filing_note", "filed_by", "filed_at"])
        closed = "差额已补齐" if current.gap_closed else f"差额仍有{current.gap_after}名"
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"备案：{current.cadre.name}任职后{closed}（任职前差额{current.gap}名）",
            after={"gap_after": current.gap_after, "filing_note": current.filing_note},
        )
    return current
