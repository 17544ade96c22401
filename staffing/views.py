"""Pages of the 用 stage: the 配备台账 (A/B/C ledger), its 通报 export, the
recalculation button and a team's posts and holders."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import has_role, require_roles
from pool.models import Role
from pool.people import services as people_services
from pool.web import params
from pool.web import xlsx as exports
from pool.web.background import send_after_commit
from staffing import reports, rules, selectors, tasks

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

LEDGER_READERS = frozenset({Role.STAFF, Role.LEADER})
WARNING_RUNNERS = frozenset({Role.STAFF})
LEVELS = ("A", "B", "C")
LEVEL_NAMES = {"A": "A级", "B": "B级", "C": "C级"}
UNGRADED = "不评级（无职数）"


def _forecast(record) -> str:
    if not record.forecast_quarter:
        return ""
    return f"预计{record.forecast_quarter}降为{record.forecast_level}"


NOTICE_COLUMNS = [
    ("地区", lambda r: r.region.name),
    ("单位", lambda r: r.label),
    ("预警等级", lambda r: LEVEL_NAMES.get(r.record.level, UNGRADED)),
    ("核定职数", lambda r: r.record.approved_seats),
    ("在任人数", lambda r: r.record.seated),
    ("任务量", lambda r: r.record.required),
    ("实有年轻干部", lambda r: r.record.actual),
    ("差额数", lambda r: r.record.gap),
    ("上季度等级", lambda r: LEVEL_NAMES.get(r.previous_level, "")),
    ("预计变化", lambda r: _forecast(r.record)),
]


def _quarter(request, today) -> rules.Quarter:
    raw = request.GET.get("quarter", "").strip()
    if raw:
        try:
            return rules.Quarter.parse(raw)
        except rules.QuarterError as exc:
            messages.warning(request, str(exc))
    return selectors.default_quarter(today)


def _region(request) -> int | None:
    return params.object_id(request.GET.get("region"))


@require_roles(*LEDGER_READERS)
def ledger(request):
    today = timezone.localdate()
    quarter = _quarter(request, today)
    level = request.GET.get("level", "")
    level = level if level in LEVELS else ""
    region = _region(request)
    data = selectors.ledger(request.user, quarter, level, region)
    export = request.GET.get("export")
    if export == "xlsx":
        return _notice(request, data)
    if export in ("docx", "feedback"):
        return _word(request, data, export)
    query = request.GET.copy()
    query.pop("export", None)
    quarters = selectors.available_quarters()
    if str(quarter) not in quarters:
        quarters = sorted([*quarters, str(quarter)], reverse=True)
    return render(
        request,
        "staffing/ledger.html",
        {
            "data": data,
            "quarter": quarter,
            "quarters": quarters,
            "level": level,
            "region": region,
            "levels": [(code, LEVEL_NAMES[code], data.levels[code]) for code in LEVELS],
            "query": query.urlencode(),
            "may_recalc": has_role(request.user, WARNING_RUNNERS),
            "last_run": selectors.last_run(quarter),
        },
    )


def _notice(request, data: selectors.Ledger):
    """通报: the A and B teams shown by the page's filters, by region, as .xlsx (audited)."""
    rows = [r for r in data.rows if r.record.level in ("A", "B")]
    table = [[column(r) for _, column in NOTICE_COLUMNS] for r in rows]
    filters = request.GET.copy()
    filters.pop("export", None)
    what = f"{data.quarter}配备预警通报"
    people_services.record_export(request.user, what, len(table), filters.urlencode())
    title = f"{data.quarter.label}优秀年轻干部配备预警通报（A级、B级班子）"
    content = exports.xlsx_bytes(
        [h for h, _ in NOTICE_COLUMNS], table, sheet=f"{data.quarter}通报", title=title
    )
    return exports.xlsx_response(f"配备预警通报{data.quarter}.xlsx", content)


def _word(request, data: selectors.Ledger, export: str):
    """通报 (A and B teams) or 一对一 feedback sheets (every team, a page per region), as
    .docx for the page's filters (audited as exports)."""
    filters = request.GET.copy()
    filters.pop("export", None)
    if export == "docx":
        what, name = f"{data.quarter}配备预警通报", f"配备预警通报{data.quarter}.docx"
        count = sum(1 for r in data.rows if r.record.level in ("A", "B"))
        content = reports.notice_docx(data, data.rows)
    else:
        what, name = f"{data.quarter}一对一反馈表", f"一对一反馈表{data.quarter}.docx"
        count = len(data.rows)
        content = reports.feedback_docx(data, data.rows)
    people_services.record_export(request.user, what, count, filters.urlencode())
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_POST
@require_roles(*WARNING_RUNNERS)
def recalc(request):
    """Queue the recalculation of a quarter; the page shows the result when it is done."""
    raw = request.POST.get("quarter", "").strip()
    try:
        quarter = (
            rules.Quarter.parse(raw) if raw else rules.Quarter.last_finished(timezone.localdate())
        )
    except rules.QuarterError as exc:
        messages.error(request, str(exc))
        return redirect("staffing:ledger")
    failed: list[str] = []
    send_after_commit(
        tasks.recalc_warnings, (str(quarter), request.user.pk), on_failure=failed.append
    )
    if failed:
        messages.error(request, failed[0])
    else:
        messages.success(
            request, f"已提交重新计算{quarter.label}的配备预警，稍后刷新本页即可看到结果"
        )
    return redirect(f"{reverse('staffing:ledger')}?quarter={quarter}")


@require_roles(*LEDGER_READERS)
def team_detail(request, pk: int):
    team = get_object_or_404(selectors.teams_for(request.user), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "staffing/team_detail.html",
        {
            "detail": selectors.team_detail(team, today),
            "today": today,
            "may_edit": has_role(request.user, WARNING_RUNNERS),
        },
    )
