"""配备目标: staff edit a target's ratio, deadline and age limit (audited)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from pool import audit
from pool.accounts.access import require_setting_owner
from pool.models import AuditAction
from staffing.models import StaffingTarget

TARGET_FIELDS = ["name", "numerator", "denominator", "deadline", "max_age"]


def update_target(
    actor,
    target: StaffingTarget,
    *,
    numerator: int,
    denominator: int,
    deadline: dt.date,
    max_age: int | None = None,
    name: str | None = None,
) -> StaffingTarget:
    require_setting_owner(actor, target)
    if denominator <= 0:
        raise ValidationError({"denominator": "比例分母须大于0"}, code="denominator")
    if numerator < 0 or numerator > denominator:
        raise ValidationError({"numerator": "比例分子须在0到分母之间"}, code="numerator")
    with transaction.atomic():
        current = StaffingTarget.objects.select_for_update().get(pk=target.pk)
        before = audit.model_values(current, TARGET_FIELDS)
        current.numerator, current.denominator = numerator, denominator
        current.deadline, current.max_age = deadline, max_age
        if name is not None and name.strip():
            current.name = name.strip()
        current.save(update_fields=TARGET_FIELDS)
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"修改配备目标“{current.name}”",
            before=before,
            after=audit.model_values(current, TARGET_FIELDS),
        )
    return current
