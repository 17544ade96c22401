"""Writes of the 育 stage: one function per thing a user does. Each validates, writes
in a transaction and records the audit entry in that same transaction. Callers fetch
the objects they pass through ``training.selectors`` (jurisdiction first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pool import audit
from pool import notices as pool_notices
from pool.models import AuditAction, Cadre, Unit
from pool.selectors import young_rules
from training import rules, selectors
from training.models import (
    DevelopmentPlan,
    Enrollment,
    EnrollmentResult,
    FrontlineArea,
    MentorMeeting,
    Mentorship,
    PlanStep,
    Posting,
    PostingKind,
    StepStatus,
    TrainingClass,
    TrainingRules,
)

CLASS_FIELDS = [
    "name", "organiser", "kind", "is_main_class", "off_the_job", "political",
    "start_date", "end_date", "hours", "note",
]  # fmt: skip


class YoungShareWarning(ValidationError):
    """A change would leave a 主体班 below the young share: shown as a confirm step."""

    def __init__(self, message: str):
        super().__init__(message, code="young_share")


def _check_class(data: dict) -> None:
    errors = {}
    if not (data.get("name") or "").strip():
        errors["name"] = "请填写班次名称"
    if not (data.get("organiser") or "").strip():
        errors["organiser"] = "请填写主办单位"
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        errors["end_date"] = "结业日期不能早于开班日期"
    if data.get("hours") is not None and data["hours"] < 0:
        errors["hours"] = "学时不能为负数"
    if errors:
        raise ValidationError(errors)


def save_class(actor, unit: Unit, data: dict, training_class: TrainingClass | None = None):
    """Create a class run by ``unit`` (the actor's jurisdiction), or change one."""
    _check_class(data)
    creating = training_class is None
    obj = training_class or TrainingClass(unit=unit, created_by=actor)
    before = None if creating else audit.model_values(obj, CLASS_FIELDS)
    for name in CLASS_FIELDS:
        if name in data:
            value = data[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)
    try:
        with transaction.atomic():
            obj.save()
            audit.record(
                actor,
                AuditAction.CREATE if creating else AuditAction.UPDATE,
                obj,
                detail=("新建培训班次：" if creating else "修改培训班次：") + obj.name,
                before=before,
                after=audit.model_values(obj, CLASS_FIELDS),
            )
    except IntegrityError:
        raise ValidationError({"name": f"已有名为“{obj.name}”的班次"}) from None
    return obj


def _share_check(training_class: TrainingClass, add_young: int, add_other: int, confirm: bool):
    if not training_class.is_main_class or confirm:
        return
    training_rules = selectors.current_rules()
    before = selectors.young_shares([training_class.pk])[training_class.pk]
    after = rules.share_after(before, add_young, add_other)
    warning = rules.young_share_warning(before, after, selectors.minimum_share(training_rules))
    if warning:
        raise YoungShareWarning(warning)


def split_young(training_class: TrainingClass, cadres: list[Cadre]) -> tuple[int, int]:
    """How many of ``cadres`` are young at the class's start, and how many are not."""
    thresholds = young_rules()
    young = sum(
        selectors.is_young_at(
            thresholds, c.birth_month, c.unit.level, c.unit.kind, training_class.start_date
        )
        for c in cadres
    )
    return young, len(cadres) - young


def enrol(
    actor,
    training_class: TrainingClass,
    cadres: Iterable[Cadre],
    *,
    confirm: bool = False,
    today: dt.date | None = None,
) -> list[Enrollment]:
    """Put people in a class (one, or several picked from the pool). People already in
    it are skipped. For a 主体班 that would fall below the young share, raises
    ``YoungShareWarning`` unless ``confirm``. A class already finished records them
    as 结业 with the class's hours; otherwise 在训."""
    today = today or timezone.localdate()
    people = list({c.pk: c for c in cadres}.values())
    if not people:
        raise ValidationError({"cadres": "请至少选择一名学员"})
    existing = set(
        training_class.enrollments.filter(cadre__in=people).values_list("cadre_id", flat=True)
    )
    people = [c for c in people if c.pk not in existing]
    if not people:
        raise ValidationError({"cadres": "所选人员均已在本班次中"})
    young, other = split_young(training_class, people)
    _share_check(training_class, young, other, confirm)
    finished = training_class.end_date <= today
    rows = [
        Enrollment(
            cadre=c,
            training_class=training_class,
            hours=training_class.hours if finished else Decimal(0),
            result=EnrollmentResult.COMPLETED if finished else EnrollmentResult.IN_TRAINING,
        )
        for c in people
    ]
    with transaction.atomic():
        Enrollment.objects.bulk_create(rows)
        names = "、".join(c.name for c in people[:10]) + ("等" if len(people) > 10 else "")
        audit.record(
            actor,
            AuditAction.CREATE,
            training_class,
            detail=f"{training_class.name}新增学员{len(people)}人：{names}"
            + (
                "（已确认低于主体班年轻干部占比要求）"
                if confirm and training_class.is_main_class
                else ""
            ),
        )
    return rows


def record_result(actor, enrollment: Enrollment, *, hours: Decimal, result: str) -> Enrollment:
    if result not in EnrollmentResult.values:
        raise ValidationError({"result": "请选择结业情况"})
    if hours is None or hours < 0:
        raise ValidationError({"hours": "获得学时不能为负数"})
    with transaction.atomic():
        before = audit.model_values(enrollment, ["hours", "result"])
        enrollment.hours, enrollment.result = hours, result
        enrollment.save(update_fields=["hours", "result"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            enrollment,
            detail=f"登记参训结果：{enrollment.cadre.name} {enrollment.training_class.name} "
            f"{enrollment.get_result_display()} {hours}学时",
            before=before,
            after=audit.model_values(enrollment, ["hours", "result"]),
        )
    return enrollment


def complete_all(actor, training_class: TrainingClass) -> int:
    """结业: every trainee still 在训 completes with the class's hours."""
    with transaction.atomic():
        n = training_class.enrollments.filter(result=EnrollmentResult.IN_TRAINING).update(
            result=EnrollmentResult.COMPLETED, hours=training_class.hours
        )
        audit.record(
            actor,
            AuditAction.BULK_WRITE,
            training_class,
            detail=f"{training_class.name}：{n}名在训学员登记结业，各{training_class.hours}学时",
        )
    return n


def remove_enrollment(actor, enrollment: Enrollment, *, confirm: bool = False) -> None:
    klass = enrollment.training_class
    young, other = split_young(klass, [enrollment.cadre])
    _share_check(klass, -young, -other, confirm)
    with transaction.atomic():
        audit.record(
            actor,
            AuditAction.DELETE,
            enrollment,
            detail=f"{klass.name}移除学员：{enrollment.cadre.name}",
            before=audit.model_values(enrollment, ["hours", "result"]),
        )
        enrollment.delete()


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
        if name in data:
            value = data[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)
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


def end_mentorship(actor, pair: Mentorship, end_date: dt.date) -> Mentorship:
    if end_date is None or end_date < pair.start_date:
        raise ValidationError({"end_date": "结束日期不能早于结对日期"})
    with transaction.atomic():
        pair.end_date = end_date
        pair.save(update_fields=["end_date"])
        audit.record(actor, AuditAction.UPDATE, pair, detail=f"结束结对帮带：{pair}")
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


# --- rules and reminders ------------------------------------------------------------

RULE_FIELDS = [
    "young_share_numerator", "young_share_denominator", "political_years",
    "political_min_days", "coverage_years", "yearly_hours", "hours_reminder_month",
]  # fmt: skip


def update_rules(actor, data: dict) -> TrainingRules:
    current = TrainingRules.current()
    num, den = data.get("young_share_numerator"), data.get("young_share_denominator")
    if num is not None and den is not None and (den < 1 or num > den):
        raise ValidationError({"young_share_numerator": "年轻干部占比的分子不能大于分母"})
    with transaction.atomic():
        before = audit.model_values(current, RULE_FIELDS)
        for name in RULE_FIELDS:
            if name in data:
                setattr(current, name, data[name])
        current.save()
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail="修改培训规则",
            before=before,
            after=audit.model_values(current, RULE_FIELDS),
        )
    return current


def notify_shortfalls(today: dt.date | None = None) -> int:
    """The monthly reminder: every current pool member short of a training rule is named
    to the staff responsible for their unit, once per rule, person and year (the key),
    so running it again writes nothing new. The hours rule is reminded from the month
    set in the rules. Returns the number of (person, rule) reminders considered."""
    today = today or timezone.localdate()
    training_rules = TrainingRules.current()
    labels = selectors.rule_labels(training_rules)
    rows = selectors.compliance_rows(selectors.all_members_for_reminders(), today, training_rules)
    remind_hours = rules.hours_reminder_due(today, training_rules.hours_reminder_month)
    staff_by_unit: dict[int, list] = {}
    sent = 0
    for row in rows:
        failing = [r for r in row.failing if r != selectors.HOURS or remind_hours]
        if not failing:
            continue
        unit = row.cadre.unit
        if unit.pk not in staff_by_unit:
            staff_by_unit[unit.pk] = list(pool_notices.staff_responsible_for(unit))
        recipients = staff_by_unit[unit.pk]
        if not recipients:
            continue
        for rule in failing:
            detail = {
                selectors.POLITICAL: f"最近一次政治训练：{row.last_political or '无记录'}",
                selectors.COVERAGE: f"最近一次培训结业：{row.last_training or '无记录'}",
                selectors.HOURS: f"{today.year}年已获学时：{row.hours}",
            }[rule]
            pool_notices.notify(
                recipients,
                kind="training",
                title=f"培训提醒：{unit.name}{row.cadre.name}{labels[rule]}",
                body=detail,
                url=reverse("training:person", args=[row.cadre.pk]),
                key=f"training:{rule}:{row.cadre.pk}:{today.year}",
            )
            sent += 1
    return sent
