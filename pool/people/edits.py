"""Staff's edits of a person's fields and of one 简历 line: validated, written under a
row lock in one transaction, audited with the values before and after. Every path
that changes these (the 干部科 applying a person's correction request among them)
goes through here, so the change history reads the same whatever asked for it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from pool import audit
from pool.models import AuditAction, Cadre, CareerEntry

# The fields of a person staff edit one by one (the 审批表's own data: 专业技术职务 …
# are edited on the sheet page, cadre_portal.profile.services.update_sheet).
EDITABLE_FIELDS = (
    "gender",
    "ethnicity",
    "birth_month",
    "native_place",
    "birthplace",
    "party_join_month",
    "work_start_month",
    "health",
    "fulltime_education",
    "fulltime_degree",
    "fulltime_school_major",
    "inservice_education",
    "inservice_degree",
    "inservice_school_major",
    "current_position",
    "professional_title",
    "specialty",
    "rank",
    "rank_since",
)
CAREER_FIELDS = ("start_month", "end_month", "description")


def _check_cadre_values(changes: dict) -> None:
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError({"field": f"不能修改的项目：{'、'.join(unknown)}"})
    errors = {}
    for name, value in changes.items():
        field = Cadre._meta.get_field(name)
        try:
            field.clean(value, None)
        except ValidationError as error:
            errors[name] = [f"{field.verbose_name}：{m}" for m in error.messages]
        if isinstance(value, dt.date) and value.day != 1:
            errors[name] = [f"{field.verbose_name}须为某年某月"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def edit_cadre(actor, cadre: Cadre, changes: dict, *, detail: str = "修改干部信息") -> dict:
    """Set ``changes`` (field name -> value) on ``cadre``; returns what changed."""
    _check_cadre_values(changes)
    locked = Cadre.objects.select_for_update().get(pk=cadre.pk)
    before = audit.model_values(locked, list(changes))
    changed = {k: v for k, v in changes.items() if before[k] != v}
    if not changed:
        return {}
    for name, value in changed.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*changed, "updated_at"])
    audit.record(
        actor,
        AuditAction.UPDATE,
        locked,
        detail=detail,
        before={k: before[k] for k in changed},
        after=changed,
    )
    for name, value in changed.items():
        setattr(cadre, name, value)
    return changed


def career_problem(start: dt.date | None, end: dt.date | None, description: str) -> str | None:
    """Why a 简历 line cannot be stored, in Chinese; None when it can."""
    if start is None:
        return "请填写起始年月"
    if end is not None and end < start:
        return "截止年月不能早于起始年月"
    if not description.strip():
        return "请填写工作单位及职务"
    limit = CareerEntry._meta.get_field("description").max_length
    if len(description) > limit:
        return f"工作单位及职务不能超过{limit}个字"
    return None


@transaction.atomic
def edit_career_line(
    actor,
    entry: CareerEntry,
    *,
    start_month: dt.date,
    end_month: dt.date | None,
    description: str,
    detail: str = "修改简历",
) -> dict:
    """Change one 简历 line; returns what changed."""
    problem = career_problem(start_month, end_month, description)
    if problem:
        raise ValidationError({"career": problem})
    locked = CareerEntry.objects.select_for_update().get(pk=entry.pk)
    values = {"start_month": start_month, "end_month": end_month, "description": description}
    before = audit.model_values(locked, list(CAREER_FIELDS))
    changed = {k: v for k, v in values.items() if before[k] != v}
    if not changed:
        return {}
    for name, value in changed.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(changed))
    audit.record(
        actor,
        AuditAction.UPDATE,
        locked,
        detail=detail,
        before={k: before[k] for k in changed},
        after=changed,
    )
    return changed
