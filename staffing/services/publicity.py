"""任前公示 (at least 5 working days, closed by a daily task), the holiday table the
working days are counted with, and reminders before a 试用期 ends."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pool import audit
from pool.accounts.access import require_setting_owner
from pool.models import AuditAction, Cadre
from pool.notify import notices
from pool.people.selectors import grant_of
from staffing import rules
from staffing.models import (
    Appointment,
    Holiday,
    Post,
    Publicity,
    PublicityOutcome,
    PublicityStatus,
)

PUBLICITY_FIELDS = ["cadre_id", "post_id", "proposed_title", "start_date", "end_date"]
PROBATION_NOTICE_DAYS = 30


def calendar(start: dt.date, end: dt.date) -> tuple[frozenset, frozenset]:
    """(法定节假日, 调休上班日) between ``start`` and ``end`` from the holiday table."""
    rows = Holiday.objects.filter(date__range=(start, end)).values_list("date", "is_workday")
    holidays = frozenset(day for day, workday in rows if not workday)
    workdays = frozenset(day for day, workday in rows if workday)
    return holidays, workdays


def _fmt(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def start_publicity(
    actor,
    cadre: Cadre,
    post: Post,
    start_date: dt.date,
    end_date: dt.date,
    proposed_title: str = "",
) -> Publicity:
    """Open a 任前公示; it must span at least 5 working days (weekends and the
    holiday table's 节假日 excluded, its 调休上班 days included)."""
    if end_date < start_date:
        raise ValidationError({"end_date": "公示结束日期不能早于开始日期"}, code="end_before_start")
    holidays, workdays = calendar(start_date, end_date)
    days = rules.working_days(start_date, end_date, holidays, workdays)
    if days < rules.PUBLICITY_MIN_WORKING_DAYS:
        earliest = rules.earliest_publicity_end(
            start_date, *calendar(start_date, start_date + dt.timedelta(days=60))
        )
        raise ValidationError(
            {
                "end_date": f"任前公示不少于{rules.PUBLICITY_MIN_WORKING_DAYS}个工作日，"
                f"{_fmt(start_date)}至{_fmt(end_date)}只有{days}个工作日；"
                f"结束日期最早为{_fmt(earliest)}"
            },
            code="too_short",
        )
    with transaction.atomic():
        if Publicity.objects.filter(cadre=cadre, post=post, status=PublicityStatus.OPEN).exists():
            raise ValidationError(f"{cadre.name}拟任{post.title}的任前公示正在进行", code="open")
        publicity = Publicity.objects.create(
            cadre=cadre,
            post=post,
            proposed_title=(proposed_title or "").strip(),
            start_date=start_date,
            end_date=end_date,
            working_days=days,
            created_by=actor,
        )
        audit.record(
            actor,
            AuditAction.CREATE,
            publicity,
            detail=f"{cadre.name}拟任{post.title}任前公示（{days}个工作日）",
            after=audit.model_values(publicity, PUBLICITY_FIELDS),
        )
    return publicity


def record_feedback(actor, publicity: Publicity, text: str) -> Publicity:
    """反映情况 received during the 公示 (it then closes as 有反映，待核查)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"feedback": "请填写反映情况"}, code="feedback")
    with transaction.atomic():
        current = Publicity.objects.select_for_update().select_related("cadre").get(pk=publicity.pk)
        before = {"feedback": current.feedback}
        current.feedback = f"{current.feedback}\n{text}".strip()
        current.save(update_fields=["feedback"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"登记{current.cadre.name}任前公示期间的反映情况",
            before=before,
            after={"feedback": current.feedback},
        )
    return current


def close_due_publicities(today: dt.date) -> int:
    """The daily task: every open 公示 whose end date has passed is closed, 期满无异议
    unless 反映情况 were recorded. Returns how many were closed."""
    with transaction.atomic():
        due = list(
            Publicity.objects.select_for_update()
            .filter(status=PublicityStatus.OPEN, end_date__lt=today)
            .select_related("cadre")
        )
        now = timezone.now()
        for publicity in due:
            publicity.status = PublicityStatus.CLOSED
            publicity.closed_at = now
            publicity.outcome = (
                PublicityOutcome.OBJECTION if publicity.feedback else PublicityOutcome.NO_OBJECTION
            )
        Publicity.objects.bulk_update(due, ["status", "closed_at", "outcome"])
        if due:
            audit.record(
                None,
                AuditAction.BULK_WRITE,
                detail=f"任前公示期满结束{len(due)}人："
                + "、".join(p.cadre.name for p in due[:20]),
            )
    return len(due)


def send_probation_reminders(today: dt.date, days: int = PROBATION_NOTICE_DAYS) -> int:
    """站内提醒 to the staff responsible for the unit, once per appointment, when a
    试用期 ends within ``days`` (and the person still holds the post)."""
    ending = (
        Appointment.objects.filter(
            end_date__isnull=True,
            probation_until__gte=today,
            probation_until__lte=today + dt.timedelta(days=days),
        )
        .select_related("cadre", "post__team__unit")
        .order_by("probation_until", "pk")
    )
    sent = 0
    for appointment in ending:
        unit = appointment.post.team.unit
        recipients = list(notices.staff_responsible_for(unit))
        if not recipients:
            continue
        notices.notify(
            recipients,
            kind="试用期",
            title=f"{appointment.cadre.name}（{unit.name}{appointment.post.title}）"
            f"试用期将于{_fmt(appointment.probation_until)}期满",
            body="请按规定组织试用期满考核，确定是否正式任职。",
            url=reverse("staffing:tenure") + "?tab=probation",
            key=f"staffing-probation-{appointment.pk}",
        )
        sent += 1
    return sent


def set_holiday(actor, date: dt.date, name: str, is_workday: bool = False) -> Holiday:
    """Add or change one day of the holiday table (节假日 or 调休上班). A new day belongs
    to the actor's unit; a day already set by a higher unit cannot be changed."""
    with transaction.atomic():
        holiday = Holiday.objects.select_for_update().filter(date=date).first()
        created = holiday is None
        if created:
            grant = grant_of(actor)
            holiday = Holiday(date=date, owner_id=grant.unit_id if grant else None)
        else:
            require_setting_owner(actor, holiday)
        holiday.name, holiday.is_workday = (name or "").strip(), is_workday
        holiday.save()
        audit.record(
            actor,
            AuditAction.CREATE if created else AuditAction.UPDATE,
            holiday,
            detail=f"{'调休上班' if is_workday else '节假日'} {date} {holiday.name}",
            after={"date": date, "name": holiday.name, "is_workday": is_workday},
        )
    return holiday


def delete_holiday(actor, holiday: Holiday) -> None:
    require_setting_owner(actor, holiday)
    with transaction.atomic():
        audit.record(
            actor,
            AuditAction.DELETE,
            holiday,
            detail=f"删除节假日设置 {holiday.date} {holiday.name}",
            before={"date": holiday.date, "name": holiday.name, "is_workday": holiday.is_workday},
        )
        holiday.delete()
