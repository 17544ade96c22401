"""年轻干部库: the pool page with its export, a person's pool timeline, and the
department's moves on it (tier change, exit, veto). Veto reasons are shown to staff only."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import POOL_KEEPERS, POOL_READERS, has_role, require_roles
from pool.models import InspectionStatus, SavedSearch, Tier, UnitKind
from pool.people import flags, rules, selectors
from pool.people import services as people_services
from pool.people.filters import UNIT_SELECT_LIMIT
from pool.selection import selectors as selection_selectors
from pool.selection import services
from pool.selection.filters import PoolMemberFilter
from pool.selection.forms import (
    ChangeTierForm,
    ExitPoolForm,
    InspectionForm,
    LiftVetoForm,
    MarkUsedForm,
    VetoForm,
    WithdrawInspectionForm,
)
from pool.votes import results as vote_results
from pool.web import xlsx as exports
from pool.web.flash import flash_form
from pool.web.paging import BoundedPaginator

POOL_EXPORT_HEADERS = [
    "姓名", "性别", "出生年月", "年龄", "所在单位", "现任职务", "职级", "全日制学历",
    "梯次", "状态", "入库日期", "入库批次",
]  # fmt: skip


def _export_row(m, today):
    c = m.cadre
    return [
        c.name,
        c.gender,
        rules.format_month(c.birth_month),
        c.age_at(today),
        c.unit.name,
        c.current_position,
        c.rank,
        c.fulltime_education,
        m.get_tier_display(),
        m.get_status_display(),
        m.entered_on,
        m.round.name if m.round else "",
    ]


@require_roles(*POOL_READERS)
def pool_list(request):
    """年轻干部库: current members, filtered (age band, 90后, education, party years, rank,
    unit, sector, tier, source list, 基层经历 ...); saved searches; exports what it shows."""
    today = timezone.localdate()
    members, filter_context = filtered_members(request, today)
    query = request.GET.copy()
    query.pop("page", None)
    if request.GET.get("export") == "xlsx":
        query.pop("export", None)
        rows = [_export_row(m, today) for m in members]
        people_services.record_export(request.user, "年轻干部库", len(rows), query.urlencode())
        content = exports.xlsx_bytes(POOL_EXPORT_HEADERS, rows, sheet="年轻干部库")
        return exports.xlsx_response(f"年轻干部库{today:%Y%m%d}.xlsx", content)
    page = BoundedPaginator(members, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    person_flags = flags.flags_for(request.user, [m.cadre_id for m in page.object_list], today)
    for m in page.object_list:
        m.flags = person_flags.get(m.cadre_id, [])  # registered by later stages
    return render(
        request,
        "pool/members/pool_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "today": today,
            **filter_context,
            "saved_searches": selection_selectors.saved_searches(request.user, "pool"),
        },
    )


MAIN_FILTERS = ("q", "tier", "status", "sort")


def filtered_members(request, today):
    """The user's pool stays narrowed by the pool filters, and what the form needs."""
    scope = selectors.units_for(request.user).exclude(kind=UnitKind.INTERNAL_BODY)
    ordered = ("level", "position", "id")
    units = list(scope.order_by(*ordered).only("pk", "name", "sector")[: UNIT_SELECT_LIMIT + 1])
    sectors = sorted({u.sector for u in units if u.sector})
    if len(units) > UNIT_SELECT_LIMIT:  # a province: its top and the units right below
        top = selectors.jurisdiction_top(request.user)
        units = list(
            scope.filter(Q(pk__in=top) | Q(parent_id__in=top))
            .order_by(*ordered)
            .only("pk", "name", "sector")
        )
        sectors = sorted(
            scope.exclude(sector="").order_by().values_list("sector", flat=True).distinct()
        )
    base = selection_selectors.pool_members_for(request.user, status="all")
    members_filter = PoolMemberFilter(request.GET, queryset=base, today=today, sectors=sectors)
    form = members_filter.form
    context = {
        "form": form,
        "main_fields": [form[n] for n in MAIN_FILTERS],
        "more_fields": [form[n] for n in form.fields if n not in MAIN_FILTERS and n != "unit"],
        "more_open": any(request.GET.get(n) for n in form.fields if n not in MAIN_FILTERS),
        "units": units,
        "unit_id": form.cleaned_data.get("unit") if form.is_valid() else None,
    }
    return members_filter.qs, context


@require_roles(*POOL_READERS)
def pool_timeline(request, pk: int):
    """A person's stays in the pool and every move, oldest first (``pk`` is the cadre)."""
    cadre = get_object_or_404(selectors.cadres_for(request.user), pk=pk)
    is_staff = has_role(request.user, POOL_KEEPERS)
    today = timezone.localdate()
    memberships = list(cadre.pool_memberships.select_related("round").order_by("entered_on"))
    current = next((m for m in memberships if m.is_open), None)
    inspection_rows = list(
        selection_selectors.inspections_for(request.user)
        .filter(membership__cadre=cadre)
        .order_by("started_on", "id")
    )
    context = {
        "inspections": inspection_rows,
        "active_inspection": next(
            (i for i in inspection_rows if i.status == InspectionStatus.ACTIVE), None
        ),
        "cadre": cadre,
        "memberships": memberships,
        "current": current,
        "events": selection_selectors.pool_history(cadre),
        "recommendations": selection_selectors.recommendations_for(request.user)
        .filter(cadre=cadre)
        .order_by("-rec_list__round__opens_on", "id"),
        "is_staff": is_staff,
        "today": timezone.localdate(),
        "person_flags": flags.flags_for(request.user, [cadre.pk], timezone.localdate()).get(
            cadre.pk, []
        ),
    }
    if is_staff:
        vetoes = list(selection_selectors.vetoes_of(cadre))
        context.update(
            person_votes=vote_results.votes_of(cadre),
            vetoes=vetoes,
            vetoed=any(v.active for v in vetoes),
            tier_form=ChangeTierForm(initial={"tier": current.tier if current else Tier.MID}),
            exit_form=ExitPoolForm(initial={"on": timezone.localdate()}),
            veto_form=VetoForm(),
            lift_form=LiftVetoForm(),
            inspection_form=InspectionForm(
                initial={"on": today, "expires_on": today + dt.timedelta(days=90)}
            ),
            withdraw_form=WithdrawInspectionForm(initial={"on": today}),
            used_form=MarkUsedForm(initial={"on": today}),
        )
    return render(request, "pool/members/pool_timeline.html", context)


def _open_membership_or_flash(request, cadre):
    membership = cadre.pool_memberships.filter(exited_on__isnull=True).first()
    if membership is None:
        messages.error(request, f"{cadre.name}当前不在年轻干部库中")
    return membership


@require_POST
@require_roles(*POOL_KEEPERS)
def pool_change_tier(request, pk: int):
    cadre = get_object_or_404(selectors.cadres_for(request.user), pk=pk)
    membership = _open_membership_or_flash(request, cadre)
    form = ChangeTierForm(request.POST)
    if membership is not None:
        if form.is_valid():
            try:
                services.change_tier(
                    request.user, membership, form.cleaned_data["tier"], form.cleaned_data["reason"]
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, "梯次已调整")
        else:
            flash_form(request, form)
    return redirect("pool:pool_timeline", pk=cadre.pk)


@require_POST
@require_roles(*POOL_KEEPERS)
def pool_exit(request, pk: int):
    cadre = get_object_or_404(selectors.cadres_for(request.user), pk=pk)
    membership = _open_membership_or_flash(request, cadre)
    form = ExitPoolForm(request.POST)
    if membership is not None:
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.exit_pool(
                    request.user, membership, data["reason"], data["note"], data["on"]
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, f"{cadre.name}已出库")
        else:
            flash_form(request, form)
    return redirect("pool:pool_timeline", pk=cadre.pk)


@require_POST
@require_roles(*POOL_KEEPERS)
def veto_record(request, pk: int):
    """记录一票否决: removes the person from the pool and bars re-entry."""
    cadre = get_object_or_404(selectors.cadres_for(request.user), pk=pk)
    form = VetoForm(request.POST)
    if form.is_valid():
        try:
            services.record_veto(
                request.user, cadre, form.cleaned_data["reason"], form.cleaned_data["source"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"已记录{cadre.name}的一票否决情形")
    else:
        flash_form(request, form)
    return redirect("pool:pool_timeline", pk=cadre.pk)


@require_POST
@require_roles(*POOL_READERS)
def saved_search_create(request):
    """Save the pool page's current filter under a name (per user)."""
    try:
        search = services.save_search(
            request.user, "pool", request.POST.get("name", ""), request.POST.get("query", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"常用筛选：{message}")
        return redirect(f"{reverse('pool:pool_list')}?{request.POST.get('query', '')}")
    messages.success(request, f"已保存常用筛选“{search.name}”")
    return redirect(f"{reverse('pool:pool_list')}?{search.query}")


@require_POST
@require_roles(*POOL_READERS)
def saved_search_delete(request, pk: int):
    search = get_object_or_404(SavedSearch.objects.filter(user=request.user), pk=pk)
    services.delete_search(request.user, search)
    messages.success(request, f"已删除常用筛选“{search.name}”")
    return redirect("pool:pool_list")
