"""人岗相适 conditions: the table staff keep, and editing one condition."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from pool.accounts.access import STAFF, require_roles, require_setting_owner
from pool.people.selectors import setting_owners
from pool.web.forms import add_errors
from staffing import forms, services
from staffing.models import EligibilityRule


@require_roles(*STAFF)
def eligibility_rules(request):
    return render(
        request,
        "staffing/eligibility_rules.html",
        {"rules": EligibilityRule.objects.all(), "owners": setting_owners(request.user)},
    )


@require_roles(*STAFF)
def eligibility_rule_edit(request, pk: int):
    rule = get_object_or_404(EligibilityRule, pk=pk)
    require_setting_owner(request.user, rule)
    initial = {"applies_to": rule.applies_to, "years": rule.years, "active": rule.active}
    form = forms.EligibilityRuleForm(request.POST or None, initial=initial, rule=rule)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_eligibility_rule(
                request.user,
                rule,
                applies_to=data["applies_to"],
                years=data.get("years"),
                active=data["active"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已修改人岗相适条件“{rule.get_code_display()}”")
            return redirect("staffing:eligibility_rules")
    return render(
        request,
        "staffing/eligibility_rule_edit.html",
        {"rule": rule, "form": form},
        status=400 if form.errors else 200,
    )
