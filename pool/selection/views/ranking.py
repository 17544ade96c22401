"""积分排序: the ranked pool, one person's scores with a radar chart against the pool
average (JSON for ECharts, also for the profile page), hand scores and the scheme."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import (
    POOL_KEEPERS,
    POOL_READERS,
    has_role,
    require_roles,
    require_setting_owner,
)
from pool.models import ScoringGroup, ScoringItem
from pool.people import rules, selectors
from pool.people import services as people_services
from pool.selection import scoring
from pool.selection import selectors as selection_selectors
from pool.selection.views.pool import filtered_members
from pool.web import params
from pool.web import xlsx as exports
from pool.web.flash import flash_error, flash_form
from pool.web.forms import BootstrapFormMixin


@require_roles(*POOL_READERS)
def ranking(request):
    """积分排序: current pool members by weighted total, with each item's score; the
    pool page's filters apply."""
    scheme = scoring.active_scheme()
    items = scoring.scheme_items(scheme)
    today = timezone.localdate()
    members, filter_context = filtered_members(request, today)
    # ranked by total: the pool page's 排序 does not apply here
    filter_context["main_fields"] = [f for f in filter_context["main_fields"] if f.name != "sort"]
    rows = scoring.rank_members(members, items, today)
    query = request.GET.copy()
    if request.GET.get("export") == "xlsx":
        query.pop("export", None)
        headers = ["排名", "姓名", "性别", "出生年月", "所在单位", "现任职务", "梯次"]
        headers += [f"{i.label}（权重{i.weight:g}）" for i in items] + ["总分"]
        data = [
            [
                r.rank,
                r.cadre.name,
                r.cadre.gender,
                rules.format_month(r.cadre.birth_month),
                r.cadre.unit.name,
                r.cadre.current_position,
                r.membership.get_tier_display(),
                *[r.scores.get(i.code) for i in items],
                r.total,
            ]
            for r in rows
        ]
        people_services.record_export(request.user, "积分排序", len(data), query.urlencode())
        content = exports.xlsx_bytes(headers, data, sheet="积分排序")
        return exports.xlsx_response(f"积分排序{today:%Y%m%d}.xlsx", content)
    return render(
        request,
        "pool/ranking/ranking.html",
        {
            "scheme": scheme,
            "items": items,
            "rows": rows,
            "averages": scoring.averages(rows, items),
            "computed_labels": [i.label for i in items if scoring.is_computed(i.code)],
            "query": query.urlencode(),
            "is_staff": has_role(request.user, POOL_KEEPERS),
            **filter_context,
        },
    )


def radar_data(user, cadre, ref=None) -> dict:
    """The radar of one person against the average of ``user``'s pool: the JSON the
    profile page (or any page including ``pool/ranking/_radar.html``) draws."""
    ref = ref or timezone.localdate()
    items = scoring.scheme_items(scoring.active_scheme())
    rows = scoring.rank_members(selection_selectors.pool_members_for(user), items, ref)
    mine = next((r for r in rows if r.cadre.pk == cadre.pk), None)
    scores = mine.scores if mine else scoring.score_people([cadre.pk], items, ref)[cadre.pk]
    average = scoring.averages(rows, items)
    return {
        "name": cadre.name,
        "indicators": [{"name": i.label, "max": 100} for i in items],
        "person": [scores.get(i.code) or 0 for i in items],
        "average": [average[i.code] for i in items],
        "total": mine.total if mine else None,
        "rank": mine.rank if mine else None,
        "of": len(rows),
    }


@require_roles(*POOL_READERS)
def ranking_radar(request, pk: int):
    cadre = get_object_or_404(selectors.cadres_for(request.user), pk=pk)
    return JsonResponse(radar_data(request.user, cadre))


class ManualScoresForm(forms.Form):
    """One 0-100 field per hand-scored item of the scheme."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            if not scoring.is_computed(item.code):
                self.fields[item.code] = forms.DecimalField(
                    label=item.label,
                    min_value=0,
                    max_value=100,
                    decimal_places=1,
                    required=False,
                    widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
                )


@require_roles(*POOL_READERS)
def ranking_person(request, pk: int):
    """One person's scores, rank and radar; staff enter the hand-scored items here."""
    cadre = get_object_or_404(selectors.cadres_for(request.user), pk=pk)
    items = scoring.scheme_items(scoring.active_scheme())
    data = radar_data(request.user, cadre)
    computed = scoring.score_people([cadre.pk], items, timezone.localdate())[cadre.pk]
    is_staff = has_role(request.user, POOL_KEEPERS)
    form = None
    if is_staff:
        form = ManualScoresForm(
            items=items,
            initial={c: v for c, v in computed.items() if v is not None},
        )
    lines = [
        {
            "item": i,
            "score": computed.get(i.code),
            "average": data["average"][n],
            "computed": scoring.is_computed(i.code),
        }
        for n, i in enumerate(items)
    ]
    return render(
        request,
        "pool/ranking/person.html",
        {
            "cadre": cadre,
            "lines": lines,
            "data": data,
            "form": form,
            "is_staff": is_staff,
        },
    )


@require_POST
@require_roles(*POOL_KEEPERS)
def ranking_scores(request, pk: int):
    cadre = get_object_or_404(selectors.cadres_for(request.user), pk=pk)
    items = scoring.scheme_items(scoring.active_scheme())
    form = ManualScoresForm(request.POST, items=items)
    if form.is_valid():
        values = {
            code: (float(v) if isinstance(v, Decimal) else v)
            for code, v in form.cleaned_data.items()
        }
        try:
            changed = scoring.set_manual_scores(request.user, cadre, values)
        except ValidationError as error:
            flash_error(request, error, form)
        else:
            messages.success(request, f"已保存{changed}项评分" if changed else "评分没有变化")
    else:
        flash_form(request, form)
    return redirect("pool:ranking_person", pk=cadre.pk)


class ItemForm(BootstrapFormMixin, forms.ModelForm):
    group = forms.ChoiceField(label="类别", choices=ScoringGroup.choices)

    class Meta:
        model = ScoringItem
        fields = ["label", "group", "weight", "position"]


class NewItemForm(BootstrapFormMixin, forms.Form):
    code = forms.SlugField(
        label="代码", max_length=32, help_text="系统计算的项目用其代码；其他代码为人工评分"
    )
    label = forms.CharField(label="项目名称", max_length=20)
    group = forms.ChoiceField(label="类别", choices=ScoringGroup.choices)
    weight = forms.DecimalField(label="权重", min_value=0, max_value=100, decimal_places=2)


@require_roles(*POOL_KEEPERS)
def scheme_edit(request):
    """积分排序方案: weights, labels and order of the active scheme's items."""
    scheme = scoring.active_scheme()
    if scheme is None:
        raise Http404("没有正在使用的积分排序方案")
    if request.method == "POST":  # a county's staff read the city's scheme
        require_setting_owner(request.user, scheme)
    items = scoring.scheme_items(scheme)
    forms_ = [ItemForm(request.POST or None, instance=i, prefix=f"item{i.pk}") for i in items]
    if request.method == "POST":
        if all(f.is_valid() for f in forms_):
            try:
                scoring.update_items(
                    request.user, scheme, {f.instance.pk: f.cleaned_data for f in forms_}
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, "积分排序方案已保存")
                return redirect("pool:scheme_edit")
        else:
            for f in forms_:
                for name, errors in f.errors.items():
                    for message in errors:
                        messages.error(
                            request, f"{f.instance.label}·{f.fields[name].label}：{message}"
                        )
    registered = scoring.registered()
    return render(
        request,
        "pool/ranking/scheme.html",
        {
            "scheme": scheme,
            "rows": [(f, registered.get(f.instance.code)) for f in forms_],
            "new_form": NewItemForm(),
            "available": [
                s for code, s in registered.items() if code not in {i.code for i in items}
            ],
            "total_weight": sum(i.weight for i in items),
        },
    )


@require_POST
@require_roles(*POOL_KEEPERS)
def scheme_add_item(request):
    scheme = scoring.active_scheme()
    if scheme is None:
        raise Http404("没有正在使用的积分排序方案")
    form = NewItemForm(request.POST)
    if form.is_valid():
        try:
            scoring.add_item(request.user, scheme, **form.cleaned_data)
        except ValidationError as error:
            flash_error(request, error, form)
        else:
            messages.success(request, "已新增积分项目")
    else:
        flash_form(request, form)
    return redirect("pool:scheme_edit")


@require_POST
@require_roles(*POOL_KEEPERS)
def scheme_remove_item(request):
    scheme = scoring.active_scheme()
    item = get_object_or_404(
        ScoringItem, scheme=scheme, pk=params.object_id(request.POST.get("item")) or 0
    )
    scoring.remove_item(request.user, item)
    messages.success(request, f"已删除积分项目“{item.label}”")
    return redirect(reverse("pool:scheme_edit"))
