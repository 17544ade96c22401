"""规则设置 (组织部 staff): the index of every editable rule, and the offer to
recalculate the current quarter's warnings after a change (the existing task)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from cadre_portal.rule_settings import selectors
from pool.accounts.access import require_roles
from pool.models import Role
from staffing.rules import Quarter
from supervision.services import may_edit_global_rules


@require_roles(Role.STAFF)
def index(request):
    sections = selectors.rule_index(may_edit_global_rules(request.user))
    changed_at = selectors.last_rule_change(sections)
    recalculated_at = selectors.last_recalculation()
    stale = changed_at is not None and (recalculated_at is None or recalculated_at < changed_at)
    return render(
        request,
        "rule_settings/index.html",
        {
            "sections": sections,
            "quarter": Quarter.of(timezone.localdate()),
            "changed_at": changed_at,
            "recalculated_at": recalculated_at,
            "offer_recalc": stale or request.GET.get("changed") == "1",
        },
    )
