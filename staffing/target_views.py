"""配备目标: each target's progress per seat layer and region, and editing a target."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from pool.accounts.access import STAFF, has_role, require_roles, require_setting_owner
from pool.accounts.access import STAFF_AND_LEADERS as READERS
from pool.models import SeatLayer
from pool.people.selectors import setting_owners
from pool.web import params
from pool.web.forms import add_errors
from staffing import forms, selectors, services
from staffing.models import StaffingTarget


@require_roles(*READERS)
def targets(request):
    today = timezone.localdate()
    layer = request.GET.get("layer", "")
    layer = layer if layer in SeatLayer.values else ""
    region = params.object_id(request.GET.get("region"))
    blocks = selectors.target_progress(request.user, today, layer, region)
    everything = blocks if not (layer or region) else None
    if everything is None:
        everything = selectors.target_progress(request.user, today)
    regions = {
        row.region.pk: row.region for b in everything for row in b.rows if row.region is not None
    }
    return render(
        request,
        "staffing/targets.html",
        {
            "blocks": blocks,
            "today": today,
            "layer": layer,
            "layers": SeatLayer.choices,
            "region": region,
            "regions": sorted(regions.values(), key=lambda r: (r.position, r.pk)),
            "may_edit": has_role(request.user, STAFF),
            "owners": setting_owners(request.user),
        },
    )


@require_roles(*STAFF)
def target_edit(request, pk: int):
    target = get_object_or_404(StaffingTarget, pk=pk)
    require_setting_owner(request.user, target)
    initial = {
        "name": target.name,
        "numerator": target.numerator,
        "denominator": target.denominator,
        "deadline": target.deadline,
        "max_age": target.max_age,
    }
    form = forms.TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_target(request.user, target, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已修改配备目标“{form.cleaned_data['name']}”")
            return redirect("staffing:targets")
    return render(
        request,
        "staffing/target_edit.html",
        {"target": target, "form": form},
        status=400 if form.errors else 200,
    )
