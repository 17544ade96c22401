"""Writes about classes and enrolment (the young share of a 主体班 and its confirm
step), the training rules and the monthly reminder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pool import audit
from pool.accounts.access import require_setting_owner
from pool.models import AuditAction, Cadre, Unit
from pool.notify import notices as pool_notices
from pool.people.selectors import pool_ceilings
from training import rules, selectors
from training.models import (
    Enrollment,
    EnrollmentResult,
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
    ceilings = pool_ceilings()
    young = sum(
        selectors.is_young_at(ceilings, c.birth_month, c.rank, training_class.start_date)
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


# --- rules and reminders ------------------------------------------------------------

RULE_FIELDS = [
    "young_share_numerator", "young_share_denominator", "political_years",
    "political_min_days", "coverage_years", "yearly_hours", "hours_reminder_month",
]  # fmt: skip


def update_rules(actor, data: dict) -> TrainingRules:
    current = TrainingRules.current()
    require_setting_owner(actor, current)
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
