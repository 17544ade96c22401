"""Pages of the 管 stage's personal records: 政治素质档案 (staff), 重点工作表现登记
(the unit's party committee for its own people, staff for all in scope) and
个人有关事项 (staff). Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from pool.accounts.access import STAFF, require_roles
from pool.accounts.access import STAFF_AND_UNITS as KEY_TASK_WRITERS
from pool.web import params
from pool.web.forms import add_errors
from supervision import exports, forms, selectors, services
from supervision.models import FileItem


def _cadre_id(request) -> int | None:
    return params.object_id(request.GET.get("cadre"))


@require_roles(*STAFF)
def political_file(request):
    """政治素质档案: every entry in scope (or one person's, ``?cadre=``) and a form."""
    cadre_id = _cadre_id(request)
    if request.GET.get("export") == "xlsx":
        rows = selectors.political_file_for(request.user)
        rows = rows.filter(cadre_id=cadre_id) if cadre_id else rows
        return exports.response(
            request,
            "政治素质档案",
            exports.POLITICAL_HEADERS,
            exports.political_rows(rows),
            timezone.localdate(),
        )
    cadres = selectors.pick_cadres(request.user)
    form = forms.PoliticalEntryForm(
        request.POST or None, cadres=cadres, initial={"cadre": cadre_id}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.record_political_entry(request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已记入{entry.cadre.name}的政治素质档案")
            return redirect(f"{request.path}?cadre={entry.cadre_id}")
    rows = selectors.political_file_for(request.user)
    if cadre_id:
        rows = rows.filter(cadre_id=cadre_id)
    return render(
        request,
        "supervision/political_file.html",
        {"form": form, "rows": rows[:200], "cadre_id": cadre_id},
        status=400 if form.errors else 200,
    )


@require_roles(*KEY_TASK_WRITERS)
def key_tasks(request):
    """重点工作表现登记: a unit's party committee registers its own people one by one;
    staff register and read everyone in their jurisdiction."""
    cadre_id = _cadre_id(request)
    if request.GET.get("export") == "xlsx":
        rows = selectors.key_tasks_for(request.user)
        rows = rows.filter(cadre_id=cadre_id) if cadre_id else rows
        return exports.response(
            request,
            "重点工作表现",
            exports.KEY_TASK_HEADERS,
            exports.key_task_rows(rows),
            timezone.localdate(),
        )
    form = forms.KeyTaskForm(
        request.POST or None,
        cadres=selectors.pick_cadres(request.user),
        initial={"cadre": cadre_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.record_key_task(request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已登记{record.cadre.name}的重点工作表现")
            return redirect("supervision:key_tasks")
    rows = selectors.key_tasks_for(request.user)
    if cadre_id:
        rows = rows.filter(cadre_id=cadre_id)
    return render(
        request,
        "supervision/key_tasks.html",
        {"form": form, "rows": rows[:200], "cadre_id": cadre_id},
        status=400 if form.errors else 200,
    )


@require_roles(*STAFF)
def personal_matters(request):
    """个人有关事项: filings of one year with their check results, and a form."""
    today = timezone.localdate()
    year = params.year(request.GET.get("year"), default=today.year)
    if request.GET.get("export") == "xlsx":
        rows = selectors.personal_reports_for(request.user).filter(year=year)
        return exports.response(
            request, "个人有关事项", exports.PERSONAL_HEADERS, exports.personal_rows(rows), today
        )
    form = forms.PersonalReportForm(
        request.POST or None, cadres=selectors.pick_cadres(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.file_personal_report(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已登记{report.cadre.name}的个人有关事项报告")
            return redirect(f"{request.path}?year={report.year}")
    rows = selectors.personal_reports_for(request.user).filter(year=year)
    return render(
        request,
        "supervision/personal_matters.html",
        {
            "form": form,
            "rows": rows[:300],
            "year": year,
            "today": today,
            "counts": selectors.personal_matters_counts(request.user, year, today),
        },
        status=400 if form.errors else 200,
    )


@require_roles(*STAFF)
def personal_check(request, pk: int):
    """抽查核实 one filing: the finding, its basis, handling and 影响期."""
    report = get_object_or_404(selectors.personal_reports_for(request.user), pk=pk)
    form = forms.ReportCheckForm(request.POST or None, initial={"checked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_report_check(request.user, report, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"已记录{report.cadre.name}的核查结果：{report.result_display}"
            )
            return redirect(f"{reverse('supervision:personal_matters')}?year={report.year}")
    return render(
        request,
        "supervision/personal_check.html",
        {"form": form, "report": report},
        status=400 if form.errors else 200,
    )


@require_roles(*STAFF)
def file_audit(request):
    """干部档案专项审核: pool members with their latest determination per item (filter
    who is not audited, where roster and file disagree) and a form for one item."""
    show = request.GET.get("show", "")
    show = show if show in ("unaudited", "disagree") else ""
    if request.GET.get("export") == "xlsx":
        rows = selectors.file_audits_for(request.user).order_by("cadre_id", "item", "-id")
        return exports.response(
            request,
            "干部档案专项审核",
            exports.FILE_AUDIT_HEADERS,
            exports.file_audit_rows(rows),
            timezone.localdate(),
        )
    form = forms.FileAuditForm(
        request.POST or None,
        cadres=selectors.pick_cadres(request.user),
        initial={"cadre": _cadre_id(request)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_file_audit(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"已记录{record.cadre.name}的{record.get_item_display()}审核："
                f"{record.get_category_display()}",
            )
            return redirect("supervision:file_audit")
    rows = selectors.file_audit_overview(request.user, show)
    return render(
        request,
        "supervision/file_audit.html",
        {"form": form, "rows": rows, "show": show, "items": FileItem.choices},
        status=400 if form.errors else 200,
    )
