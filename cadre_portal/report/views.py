"""The half-yearly report's page (the figures as tables, a half-year to choose) and its
two downloads, .docx and .xlsx, each audited as an export. Staff and leaders, each for
their own jurisdiction."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.encoding import escape_uri_path

from cadre_portal.dashboard.registry import DASHBOARD_READERS
from pool.accounts.access import require_roles
from pool.people import services as people_services
from pool.web import xlsx as exports

from . import docx, figures, rules, xlsx

REPORT_READERS = DASHBOARD_READERS


@require_roles(*REPORT_READERS)
def report(request):
    today = timezone.localdate()
    try:
        period = rules.parse_period(request.GET.get("period"), today)
    except rules.PeriodError as error:
        messages.warning(request, str(error))
        period = rules.HalfYear.last_finished(today)
    choices = rules.choosable(today)
    if period not in choices:
        choices = sorted([*choices, period], reverse=True)
    return render(
        request,
        "report/report.html",
        {"report": figures.build(request.user, period, today), "choices": choices},
    )


def _download(request, kind: str):
    today = timezone.localdate()
    try:
        period = rules.parse_period(request.GET.get("period"), today)
    except rules.PeriodError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    data = figures.build(request.user, period, today)
    name = "Word" if kind == "docx" else "Excel"
    people_services.record_export(
        request.user, f"半年工作情况报告数据·{data.title}（{name}）", data.row_count,
        f"period={period}",
    )  # fmt: skip
    if kind == "docx":
        response = HttpResponse(docx.report_docx(data), content_type=docx.CONTENT_TYPE)
    else:
        response = HttpResponse(xlsx.report_xlsx(data), content_type=exports.XLSX_TYPE)
    filename = escape_uri_path(f"{data.title}.{kind}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@require_roles(*REPORT_READERS)
def report_docx(request):
    return _download(request, "docx")


@require_roles(*REPORT_READERS)
def report_xlsx(request):
    return _download(request, "xlsx")
