"""列为考察对象 and 一票否决 pages for organisation-department staff: start, withdraw and
close an inspection; the inspections ledger; the veto ledger and lifting a veto."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import POOL_KEEPERS, require_roles
from pool.models import InspectionStatus
from pool.people import selectors
from pool.selection import age_out, inspections, services
from pool.selection import selectors as selection_selectors
from pool.selection.forms import InspectionForm, LiftVetoForm, MarkUsedForm, WithdrawInspectionForm
from pool.web import params
from pool.web.flash import flash_error, flash_form


@require_POST
@require_roles(*POOL_KEEPERS)
def inspection_start(request, pk: int):
    """列为考察对象 from the person's timeline (``pk`` is the cadre)."""
    cadre = get_object_or_404(selectors.cadres_for(request.user), pk=pk)
    membership = cadre.pool_memberships.filter(exited_on__isnull=True).first()
    form = InspectionForm(request.POST)
    if membership is None:
        messages.error(request, f"{cadre.name}当前不在年轻干部库中，不能列为考察对象")
    elif form.is_valid():
        data = form.cleaned_data
        try:
            inspections.start_inspection(
                request.user,
                membership,
                proposed_post=data["proposed_post"],
                expires_on=data["expires_on"],
                on=data["on"],
                note=data["note"],
            )
        except ValidationError as error:
            flash_error(request, error, form)
        else:
            messages.success(request, f"已将{cadre.name}列为考察对象")
    else:
        flash_form(request, form)
    return redirect("pool:pool_timeline", pk=cadre.pk)


@require_POST
@require_roles(*POOL_KEEPERS)
def inspection_withdraw(request, pk: int):
    inspection = get_object_or_404(selection_selectors.inspections_for(request.user), pk=pk)
    form = WithdrawInspectionForm(request.POST)
    if form.is_valid():
        try:
            inspections.withdraw_inspection(
                request.user, inspection, form.cleaned_data["reason"], form.cleaned_data["on"]
            )
        except ValidationError as error:
            flash_error(request, error, form)
        else:
            messages.success(request, "已撤回考察，回到年轻干部库")
    else:
        flash_form(request, form)
    return redirect("pool:pool_timeline", pk=inspection.membership.cadre_id)


@require_POST
@require_roles(*POOL_KEEPERS)
def inspection_used(request, pk: int):
    """考察结束、已任用: the stay becomes 已使用 with the document number."""
    inspection = get_object_or_404(selection_selectors.inspections_for(request.user), pk=pk)
    form = MarkUsedForm(request.POST)
    if form.is_valid():
        try:
            inspections.mark_used(
                inspection,
                None,
                form.cleaned_data["document_number"],
                form.cleaned_data["on"],
                user=request.user,
            )
        except ValidationError as error:
            flash_error(request, error, form)
        else:
            messages.success(request, "已记录任用，入库记录标记为已使用")
    else:
        flash_form(request, form)
    return redirect("pool:pool_timeline", pk=inspection.membership.cadre_id)


@require_roles(*POOL_KEEPERS)
def inspection_list(request):
    """考察对象台账: current inspections first by expiry; ended ones on request;
    ``within=30``: running ones expiring within 30 days (the home page's reminder)."""
    today = timezone.localdate()
    status = request.GET.get("status", InspectionStatus.ACTIVE)
    status = status if status in InspectionStatus.values or status == "all" else "active"
    within = params.whole_number(request.GET.get("within"), 0, 366)
    rows = selection_selectors.inspections_for(request.user)
    if within is not None:
        status = InspectionStatus.ACTIVE
        rows = selection_selectors.expiring_inspections(rows, today, within)
    elif status != "all":
        rows = rows.filter(status=status)
    rows = rows.order_by("expires_on", "id") if status == "active" else rows
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "pool/members/inspection_list.html",
        {
            "page": page,
            "status": status,
            "within": within,
            "within_choices": sorted({7, inspections.EXPIRY_REMINDER_DAYS, 90, within or 7}),
            "statuses": InspectionStatus.choices,
            "today": today,
            "query": f"status={status}" + (f"&within={within}" if within is not None else ""),
        },
    )


@require_roles(*POOL_KEEPERS)
def veto_list(request):
    """一票否决台账 (staff only: it shows the reasons)."""
    active = request.GET.get("active", "1") != "0"
    rows = selection_selectors.vetoes_for(request.user).filter(active=active)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "pool/members/veto_list.html",
        {"page": page, "active": active, "form": LiftVetoForm(), "query": f"active={int(active)}"},
    )


@require_POST
@require_roles(*POOL_KEEPERS)
def veto_lift(request, pk: int):
    """解除一票否决 with a reason (audited); the person may be admitted again."""
    veto = get_object_or_404(selection_selectors.vetoes_for(request.user), pk=pk)
    form = LiftVetoForm(request.POST)
    if form.is_valid():
        try:
            services.lift_veto(request.user, veto, form.cleaned_data["reason"])
        except ValidationError as error:
            flash_error(request, error, form)
        else:
            messages.success(request, f"已解除{veto.cadre.name}的一票否决，可重新入库")
    else:
        flash_form(request, form)
    if request.POST.get("next") == "list":
        return redirect("pool:veto_list")
    return redirect("pool:pool_timeline", pk=veto.cadre_id)


@require_roles(*POOL_KEEPERS)
def age_out_page(request):
    """超龄: members past their threshold (confirm exit in bulk) and those passing it
    within six months."""
    return render(
        request,
        "pool/members/age_out.html",
        {"review": age_out.review(request.user), "today": timezone.localdate()},
    )


@require_POST
@require_roles(*POOL_KEEPERS)
def age_out_confirm(request):
    ids = [v for v in request.POST.getlist("membership") if v.isdigit()]
    if not ids:
        messages.error(request, "请勾选要确认超龄出库的人员")
        return redirect("pool:age_out")
    done, skipped = age_out.confirm(request.user, ids)
    if done:
        messages.success(request, f"已确认{done}人超龄出库")
    for message in skipped:
        messages.warning(request, message)
    return redirect("pool:age_out")
