"""Writes about people: postings (no overlapping full-time ones), mentoring pairs
and their meetings, 一人一策 plans and their steps."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from pool import audit
from pool.models import AuditAction, Cadre, Unit
from pool.people import selectors as pool_selectors
from training import rules, selectors
from training.models import (
    DevelopmentPlan,
    FrontlineArea,
    MentorMeeting,
    Mentorship,
    PlanStep,
    Posting,
    PostingKind,
    StepStatus,
)

# --- postings -----------------------------------------------------------------------

POSTING_FIELDS = [
    "kind", "area", "host_unit", "host_name", "role", "start_date", "end_date",
    "full_time", "grassroots", "purpose", "evaluation", "grade",
]  # fmt: skip


def _check_posting(cadre: Cadre, data: dict, posting: Posting | None) -> None:
    errors = {}
    kind, area = data.get("kind"), data.get("area") or ""
    if kind not in PostingKind.values:
        errors["kind"] = "请选择锻炼方式"
    if kind == PostingKind.FRONTLINE and area not in FrontlineArea.values:
        errors["area"] = "一线锻炼请选择一线领域"
    if not (data.get("host_name") or "").strip() and data.get("host_unit") is None:
        errors["host_name"] = "请填写锻炼单位"
    start, end = data.get("start_date"), data.get("end_date")
    if start is None:
        errors["start_date"] = "请填写开始日期"
    elif end is not None and end < start:
        errors["end_date"] = "结束日期不能早于开始日期"
    if errors:
        raise ValidationError(errors)
    if data.get("full_time"):
        others = Posting.objects.filter(cadre=cadre, full_time=True)
        if posting is not None:
            others = others.exclude(pk=posting.pk)
        for other in others:
            if rules.periods_overlap(start, end, other.start_date, other.end_date):
                until = other.end_date.isoformat() if other.end_date else "至今"
                raise ValidationError(
                    {
                        "start_date": f"{cadre.name}在{other.start_date.isoformat()}至{until}"
                        f"已有全脱产的{other.get_kind_display()}（{other.host_name}），"
                        "全脱产实践锻炼时间不能重叠"
                    }
                )


def save_posting(actor, cadre: Cadre, data: dict, posting: Posting | None = None) -> Posting:
    """实践锻炼: record one (or change it, e.g. the end-of-posting evaluation).
    Overlapping full-time postings of one person are refused."""
    data = dict(data)
    if data.get("kind") != PostingKind.FRONTLINE:
        data["area"] = ""
    if not (data.get("host_name") or "").strip() and data.get("host_unit") is not None:
        data["host_name"] = data["host_unit"].name
    _check_posting(cadre, data, posting)
    creating = posting is None
    obj = posting or Posting(cadre=cadre, recorded_by=actor)
    before = None if creating else audit.model_values(obj, POSTING_FIELDS)
    for name in POSTING_FIELDS:
        if name in data and name != "grassroots":
            value = data[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)
    # 基层经历 by the one rule (pool.people.rules.is_grassroots), never by hand: a county
    # department does not count however the form was ticked.
    obj.grassroots = selectors.posting_is_grassroots(obj, pool_selectors.township_names())
    try:
        with transaction.atomic():
            obj.save()
            audit.record(
                actor,
                AuditAction.CREATE if creating else AuditAction.UPDATE,
                obj,
                detail=f"{'记录' if creating else '修改'}实践锻炼：{cadre.name} "
                f"{obj.get_kind_display()}（{obj.host_name}）",
                before=_plain(before),
                after=_plain(audit.model_values(obj, POSTING_FIELDS)),
            )
    except IntegrityError:  # the exclusion constraint: a concurrent overlapping save
        raise ValidationError({"start_date": "全脱产实践锻炼时间不能重叠"}) from None
    return obj


def _plain(values: dict | None) -> dict | None:
    if values is None:
        return None
    return {k: (v.pk if isinstance(v, Unit) else v) for k, v in values.items()}


# --- mentoring ----------------------------------------------------------------------


def start_mentorship(
    actor,
    mentor: Cadre,
    mentee: Cadre,
    *,
    start_date: dt.date,
    mentor_role: str = "",
    goals: str = "",
) -> Mentorship:
    """结对帮带: a leader (领导职务) mentors a young cadre."""
    errors = {}
    if mentor.pk == mentee.pk:
        errors["mentee"] = "导师和帮带对象不能是同一人"
    if not rules.may_mentor(mentor.rank):
        errors["mentor"] = (
            f"{mentor.name}不是领导干部（职级{mentor.rank or '未填写'}），不能担任导师"
        )
    if start_date is None:
        errors["start_date"] = "请填写结对日期"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            pair = Mentorship.objects.create(
                mentor=mentor,
                mentee=mentee,
                mentor_role=(mentor_role or mentor.current_position or "").strip(),
                start_date=start_date,
                goals=(goals or "").strip(),
                recorded_by=actor,
            )
            audit.record(actor, AuditAction.CREATE, pair, detail=f"结对帮带：{pair}")
    except IntegrityError:
        raise ValidationError({"mentee": f"{mentor.name}与{mentee.name}已在结对帮带中"}) from None
    return pair


def log_meeting(
    actor, pair: Mentorship, *, date: dt.date, topic: str, notes: str = ""
) -> MentorMeeting:
    errors = {}
    if date is None:
        errors["date"] = "请填写日期"
    elif date > timezone.localdate():
        errors["date"] = "日期不能晚于今天"
    elif date < pair.start_date:
        errors["date"] = "日期不能早于结对日期"
    if not (topic or "").strip():
        errors["topic"] = "请填写主题"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = MentorMeeting.objects.create(
            mentorship=pair,
            date=date,
            topic=topic.strip(),
            notes=(notes or "").strip(),
            recorded_by=actor,
        )
        audit.record(actor, AuditAction.CREATE, meeting, detail=f"帮带记录：{pair} {topic}")
    return meeting


# --- 一人一策 -----------------------------------------------------------------------


def create_plan(actor, cadre: Cadre, *, year: int, goals: str) -> DevelopmentPlan:
    if not (goals or "").strip():
        raise ValidationError({"goals": "请填写培养目标"})
    try:
        with transaction.atomic():
            plan = DevelopmentPlan.objects.create(
                cadre=cadre, year=year, goals=goals.strip(), recorded_by=actor
            )
            audit.record(
                actor, AuditAction.CREATE, plan, detail=f"制定一人一策：{cadre.name} {year}年"
            )
    except IntegrityError:
        raise ValidationError({"year": f"{cadre.name}{year}年的一人一策已制定"}) from None
    return plan


def add_step(actor, plan: DevelopmentPlan, *, text: str, due_on: dt.date) -> PlanStep:
    errors = {}
    if not (text or "").strip():
        errors["text"] = "请填写措施"
    if due_on is None:
        errors["due_on"] = "请填写完成时限"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        step = PlanStep.objects.create(plan=plan, text=text.strip(), due_on=due_on)
        audit.record(
            actor,
            AuditAction.CREATE,
            step,
            detail=f"一人一策新增措施：{plan.cadre.name} {step.text}",
        )
    return step


def set_step_status(actor, step: PlanStep, status: str, today: dt.date | None = None) -> PlanStep:
    if status not in StepStatus.values:
        raise ValidationError({"status": "请选择进展"})
    today = today or timezone.localdate()
    with transaction.atomic():
        before = audit.model_values(step, ["status", "done_on"])
        step.status = status
        step.done_on = today if status == StepStatus.DONE else None
        step.save(update_fields=["status", "done_on"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            step,
            detail=f"一人一策措施进展：{step.text} {step.get_status_display()}",
            before=before,
            after=audit.model_values(step, ["status", "done_on"]),
        )
    return step


def review_plan(actor, plan: DevelopmentPlan, *, review: str, reviewed_on: dt.date):
    """年度评估: the yearly review of the plan."""
    errors = {}
    if not (review or "").strip():
        errors["review"] = "请填写年度评估"
    if reviewed_on is None:
        errors["reviewed_on"] = "请填写评估日期"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = audit.model_values(plan, ["review", "reviewed_on"])
        plan.review, plan.reviewed_on = review.strip(), reviewed_on
        plan.save(update_fields=["review", "reviewed_on"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            plan,
            detail=f"一人一策年度评估：{plan.cadre.name} {plan.year}年",
            before=before,
            after=audit.model_values(plan, ["review", "reviewed_on"]),
        )
    return plan
