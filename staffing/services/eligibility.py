"""人岗相适 conditions: staff change a condition's scope, years or whether it is in
force (audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from pool import audit
from pool.accounts.access import require_setting_owner
from pool.models import AuditAction
from staffing import rules
from staffing.models import EligibilityRule, EligibilityScope

RULE_FIELDS = ["applies_to", "years", "active"]
MAX_YEARS = 40


def update_eligibility_rule(
    actor, rule: EligibilityRule, *, applies_to: str, years: int | None, active: bool
) -> EligibilityRule:
    require_setting_owner(actor, rule)
    if applies_to not in EligibilityScope.values:
        raise ValidationError({"applies_to": "请选择适用范围"}, code="applies_to")
    if rule.code == rules.Check.LOWER_POST_YEARS and applies_to != rules.AppliesTo.CHIEF:
        raise ValidationError(
            {"applies_to": "“任下一级职务年限”只适用于由副职提任正职"}, code="applies_to"
        )
    if rule.code == rules.Check.NO_VETO:
        years = None
    elif years is None or not 1 <= years <= MAX_YEARS:
        raise ValidationError({"years": f"年限须为1至{MAX_YEARS}年"}, code="years")
    with transaction.atomic():
        current = EligibilityRule.objects.select_for_update().get(pk=rule.pk)
        before = audit.model_values(current, RULE_FIELDS)
        current.applies_to, current.years, current.active = applies_to, years, active
        current.save(update_fields=[*RULE_FIELDS, "updated_at"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"修改人岗相适条件“{current.get_code_display()}”",
            before=before,
            after=audit.model_values(current, RULE_FIELDS),
        )
    return current
