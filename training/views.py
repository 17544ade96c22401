"""Pages of the 育 stage about classes: the list, a class with its young share and
trainees, enrolling one by one or by picking from the pool (with a confirm step when
a 主体班 would fall below the young share), results; the compliance page and the
rules. Leaders read; staff write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import STAFF, has_role, require_roles, require_setting_owner
from pool.accounts.access import STAFF_AND_LEADERS as READERS
from pool.models import Tier, UnitKind
from pool.people import rules as pool_rules
from pool.people.selectors import pool_ceilings, units_for
from pool.people.services import record_export
from pool.web import params
from pool.web import xlsx as exports
from pool.web.documents import chinese_date
from pool.web.flash import flash_error
from pool.web.forms import add_errors
from pool.web.widgets import preselected
from training import forms, roster, rules, selectors, services
from training.models import ClassKind, Enrollment, EnrollmentResult
from training.templatetags.training_tags import unit_label


def int_or_none(raw: str | None) -> int | None:
    """An object id from a query parameter (``pool.web.params``: bounded, ASCII digits)."""
    return params.object_id(raw)


def _share_context(training_class) -> dict:
    share = selectors.young_shares([training_class.pk])[training_class.pk]
    minimum = selectors.minimum_share(selectors.current_rules())
    return {
        "share": share,
        "minimum": minimum,
        "share_ok": rules.young_share_ok(share, minimum),
    }


@require_roles(*READERS)
def class_list(request):
    year = params.year(request.GET.get("year"))
    kind = request.GET.get("kind", "")
    kind = kind if kind in ClassKind.values else ""
    q = request.GET.get("q", "").strip()
    classes = selectors.class_list(request.user, year=year, kind=kind, q=q)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(classes, 50).get_page(request.GET.get("page"))
    shares = selectors.young_shares(c.pk for c in page)
    minimum = selectors.minimum_share(selectors.current_rules())
    rows = [
        (c, shares[c.pk], not c.is_main_class or rules.young_share_ok(shares[c.pk], minimum))
        for c in page
    ]
    return render(
        request,
        "training/class_list.html",
        {
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "kinds": ClassKind.choices,
            "kind": kind,
            "year": year,
            "q": q,
            "minimum": minimum,
            "can_edit": has_role(request.user, STAFF),
        },
    )


def _home_unit(user):
    """The unit a new class belongs to: the staff member's jurisdiction."""
    return user.grant.unit


@require_roles(*STAFF)
def class_create(request):
    form = forms.ClassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.save_class(request.user, _home_unit(request.user), form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已新建班次“{obj.name}”")
            return redirect("training:class_detail", pk=obj.pk)
    return render(
        request,
        "training/class_form.html",
        {"form": form, "title": "新建培训班次"},
        status=400 if form.errors else 200,
    )


@require_roles(*STAFF)
def class_edit(request, pk: int):
    obj = get_object_or_404(selectors.kept_classes(request.user), pk=pk)
    form = forms.ClassForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_class(request.user, obj.unit, form.cleaned_data, obj)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "班次信息已保存")
            return redirect("training:class_detail", pk=obj.pk)
    return render(
        request,
        "training/class_form.html",
        {"form": form, "title": f"修改班次：{obj.name}", "obj": obj},
        status=400 if form.errors else 200,
    )


@require_roles(*READERS)
def class_detail(request, pk: int):
    obj = get_object_or_404(selectors.classes_for(request.user), pk=pk)
    is_staff = has_role(request.user, STAFF)
    trainees = roster.mark_young(obj, selectors.trainees(request.user, obj))
    context = {
        "obj": obj,
        "trainees": trainees,
        "is_staff": is_staff,
        "today": timezone.localdate(),
        "results": EnrollmentResult.choices,
        **_share_context(obj),
    }
    if is_staff:
        enrolled = [e.cadre_id for e in trainees]
        context["enrol_form"] = forms.EnrolOneForm(
            cadres=selectors.pick_cadres(request.user).exclude(pk__in=enrolled),
            initial={"cadre": preselected(request)},
        )
        context["in_training"] = sum(1 for e in trainees if e.result == "in_training")
    return render(request, "training/class_detail.html", context)


def _confirm(request, obj, warning: str, cadre_ids: list[int], action: str):
    """The one confirm step of a batch: everyone it adds, then the same enrolment
    again with confirm=1."""
    people = selectors.pick_cadres(request.user).filter(pk__in=cadre_ids).select_related("unit")
    context = roster.confirm_context(obj, people, warning)
    return render(
        request,
        "training/confirm.html",
        {"obj": obj, "cadre_ids": cadre_ids, "action": action, **context},
    )


def _enrol(request, obj, cadre_ids: list[int], back_url: str):
    cadres = list(selectors.pick_cadres(request.user).filter(pk__in=cadre_ids))
    if len(cadres) != len(set(cadre_ids)):
        return HttpResponseBadRequest("所选人员不在您的管辖范围内")
    try:
        rows = services.enrol(request.user, obj, cadres, confirm=request.POST.get("confirm") == "1")
    except services.YoungShareWarning as warning:
        return _confirm(request, obj, warning.messages[0], cadre_ids, back_url)
    except ValidationError as error:
        flash_error(request, error)
        return redirect(back_url)
    messages.success(request, f"已将{len(rows)}人加入“{obj.name}”")
    return redirect("training:class_detail", pk=obj.pk)


def _ids(values) -> list[int]:
    return [pk for pk in map(params.object_id, values) if pk is not None]


@require_POST
@require_roles(*STAFF)
def class_enrol(request, pk: int):
    """Enrol one person (the select on the class page)."""
    obj = get_object_or_404(selectors.classes_for(request.user), pk=pk)
    ids = _ids(request.POST.getlist("cadre"))
    if not ids:
        messages.error(request, "请选择学员")
        return redirect("training:class_detail", pk=obj.pk)
    return _enrol(request, obj, ids, request.path)


@require_roles(*STAFF)
def class_pick(request, pk: int):
    """Pick pool members with filters and checkboxes; POST enrols the ticked ones."""
    obj = get_object_or_404(selectors.classes_for(request.user), pk=pk)
    if request.method == "POST":
        ids = _ids(request.POST.getlist("cadre"))
        if not ids:
            messages.error(request, "请勾选要加入本班次的人员")
            return redirect(request.get_full_path())
        return _enrol(request, obj, ids, request.get_full_path())
    tier = request.GET.get("tier", "")
    tier = tier if tier in Tier.values else ""
    unit_id = int_or_none(request.GET.get("unit"))
    q = request.GET.get("q", "").strip()
    young_only = request.GET.get("young") == "1"
    members = list(
        selectors.pool_pick(
            request.user, obj, tier=tier, unit_id=unit_id, q=q, young_only=young_only
        )[:300]
    )
    ceilings = pool_ceilings()
    rows = [
        (m, selectors.is_young_at(ceilings, m.cadre.birth_month, m.cadre.rank, obj.start_date))
        for m in members
    ]
    units = (
        units_for(request.user)
        .exclude(kind=UnitKind.INTERNAL_BODY)
        .order_by("level", "position", "id")
        .only("pk", "name")
    )
    return render(
        request,
        "training/class_pick.html",
        {
            "obj": obj,
            "rows": rows,
            "tiers": Tier.choices,
            "tier": tier,
            "units": units,
            "unit_id": unit_id,
            "q": q,
            "young_only": young_only,
            **_share_context(obj),
        },
    )


@require_POST
@require_roles(*STAFF)
def class_complete(request, pk: int):
    obj = get_object_or_404(selectors.kept_classes(request.user), pk=pk)
    n = services.complete_all(request.user, obj)
    messages.success(request, f"{n}名在训学员已登记结业")
    return redirect("training:class_detail", pk=obj.pk)


def _enrollment(request, pk: int) -> Enrollment:
    return get_object_or_404(selectors.enrollments_for(request.user), pk=pk)


@require_POST
@require_roles(*STAFF)
def enrollment_result(request, pk: int):
    enrollment = _enrollment(request, pk)
    form = forms.ResultForm(request.POST)
    if form.is_valid():
        try:
            services.record_result(request.user, enrollment, **form.cleaned_data)
        except ValidationError as error:
            flash_error(request, error)
        else:
            messages.success(request, f"已登记{enrollment.cadre.name}的参训结果")
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect("training:class_detail", pk=enrollment.training_class_id)


@require_POST
@require_roles(*STAFF)
def enrollment_remove(request, pk: int):
    enrollment = _enrollment(request, pk)
    obj = enrollment.training_class
    try:
        services.remove_enrollment(
            request.user, enrollment, confirm=request.POST.get("confirm") == "1"
        )
    except services.YoungShareWarning as warning:
        return render(
            request,
            "training/confirm_remove.html",
            {"obj": obj, "enrollment": enrollment, "warning": warning.messages[0]},
        )
    messages.success(request, f"已将{enrollment.cadre.name}移出本班次")
    return redirect("training:class_detail", pk=obj.pk)


# --- compliance and rules -------------------------------------------------------------

COMPLIANCE_HEADERS = [
    "所在单位", "姓名", "出生年月", "现任职务", "梯次", "最近政治训练", "最近培训结业",
    "本年学时", "未达标事项",
]  # fmt: skip


@require_roles(*READERS)
def compliance(request):
    """培训合规: pool members short of a rule, by unit; exports what it shows."""
    today = timezone.localdate()
    rule = request.GET.get("rule", "")
    rule = rule if rule in selectors.RULE_LABELS else ""
    unit_id = int_or_none(request.GET.get("unit"))
    rows, counts, checked = selectors.compliance(request.user, today, rule=rule, unit_id=unit_id)
    training_rules = selectors.current_rules()
    labels = selectors.rule_labels(training_rules)
    if request.GET.get("export") == "xlsx":
        query = request.GET.copy()
        query.pop("export", None)
        data = [
            [
                unit_label(r.cadre.unit),
                r.cadre.name,
                pool_rules.format_month(r.cadre.birth_month),
                r.cadre.current_position,
                r.membership.get_tier_display(),
                r.last_political or "无记录",
                r.last_training or "无记录",
                float(r.hours),
                "；".join(labels[key] for key in r.failing),
            ]
            for r in rows
        ]
        record_export(request.user, "培训合规", len(data), query.urlencode())
        content = exports.xlsx_bytes(
            COMPLIANCE_HEADERS,
            data,
            sheet="培训合规",
            title=f"培训合规情况（截至{chinese_date(today)}）",
        )
        return exports.xlsx_response(f"培训合规{today:%Y%m%d}.xlsx", content)
    groups: dict[str, list] = {}
    for r in rows:
        groups.setdefault(unit_label(r.cadre.unit), []).append(r)
    units = (
        units_for(request.user)
        .exclude(kind=UnitKind.INTERNAL_BODY)
        .order_by("level", "position", "id")
        .only("pk", "name")
    )
    query = request.GET.copy()
    return render(
        request,
        "training/compliance.html",
        {
            "groups": groups,
            "rows": rows,
            "counts": [(key, labels[key], counts[key]) for key in selectors.RULE_LABELS],
            "labels": labels,
            "checked": checked,
            "rule": rule,
            "units": units,
            "unit_id": unit_id,
            "today": today,
            "training_rules": training_rules,
            "query": query.urlencode(),
            "mentors": selectors.mentor_coverage(units_for(request.user).values("pk"), today),
            "mentors_link": has_role(request.user, STAFF),
        },
    )


@require_roles(*STAFF)
def rules_edit(request):
    current = selectors.current_rules()
    if request.method == "POST":  # a county's staff read the city's rules
        require_setting_owner(request.user, current)
    form = forms.RulesForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_rules(request.user, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "培训规则已保存")
            return redirect("training:rules")
    return render(
        request,
        "training/rules.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
