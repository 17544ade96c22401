"""Pages of the 领导驾驶舱: the dashboard (charts drawn by static/js/dashboard.js from
the JSON API), the drill-down page behind a region's bar, and each panel's .xlsx."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from pool.accounts.access import require_roles
from pool.people import services as people_services
from pool.selection import stats as pool_stats
from pool.web import xlsx as exports
from pool.web.documents import chinese_date
from staffing import stats as staffing_stats

from . import panels  # noqa: F401  (registers the panels)
from .dates import DateError, parse_ref
from .registry import DASHBOARD_READERS, Context, cell_text, get_panel, panels_for

LEVELS = ("A", "B", "C")
YOUNG_PAGE_SIZE = 50


def _ref(request):
    today = timezone.localdate()
    try:
        return parse_ref(request.GET.get("date"), today)
    except DateError as error:
        messages.warning(request, str(error))
        return today


@require_roles(*DASHBOARD_READERS)
def dashboard(request):
    ref = _ref(request)
    ctx = Context(request.user, ref)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "ref": ref,
            "today": timezone.localdate(),
            "panels": panels_for(request.user),
            "root": ctx.scope.root,
        },
    )


@require_roles(*DASHBOARD_READERS)
def region(request, pk: int):
    """Behind a region's bar: its teams (each opens the team page, whose members open
    the person) and its young cadres."""
    ref = _ref(request)
    ctx = Context(request.user, ref)
    scope = ctx.scope
    if pk not in scope.units:
        raise Http404("该单位不在您的管辖范围内")
    bar = scope.region(pk)
    name = bar.name if bar is not None else scope.label(pk)
    unit_ids = scope.units_in(pk)
    level = request.GET.get("level", "")
    level = level if level in LEVELS else ""
    quarter, teams = staffing_stats.teams_in(scope, unit_ids, ref, level)
    young = pool_stats.young_cadres_in(unit_ids, ref)
    if request.GET.get("export") == "xlsx":
        return _young_export(request.user, name, young, ref)
    people = pool_stats.region_people(scope, unit_ids, ref)
    page = Paginator(young, YOUNG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboard/region.html",
        {
            "name": name,
            "ref": ref,
            "pk": pk,
            "quarter": quarter,
            "teams": teams,
            "level": level,
            "levels": LEVELS,
            "cadres": sum(total for total, _ in people.values()),
            "young_count": sum(n for _, n in people.values()),
            "page": page,
            "query": query.urlencode(),
            "export_query": _with(query, export="xlsx"),
        },
    )


def _with(query, **values) -> str:
    query = query.copy()
    for key, value in values.items():
        query[key] = value
    return query.urlencode()


YOUNG_HEADERS = ["姓名", "性别", "出生年月", "年龄", "所在单位", "现任职务", "职级", "干部类别"]


def _young_export(user, name: str, young, ref):
    """The region's whole young-cadre list as .xlsx (audited)."""
    rows = [
        [
            c.name,
            c.gender,
            c.birth_month_display,
            c.age_at(ref),
            c.unit.name,
            c.current_position,
            c.rank,
            c.category,
        ]
        for c in young.iterator(chunk_size=2000)
    ]
    people_services.record_export(
        user, f"领导驾驶舱·{name}年轻干部", len(rows), f"date={ref.isoformat()}"
    )
    title = f"{name}年轻干部名单（统计日期{chinese_date(ref)}）"
    content = exports.xlsx_bytes(YOUNG_HEADERS, rows, sheet="年轻干部", title=title)
    return exports.xlsx_response(f"{name}年轻干部{ref:%Y%m%d}.xlsx", content)


@require_roles(*DASHBOARD_READERS)
def export(request, key: str):
    """One panel's table as .xlsx (the export is audited)."""
    panel = get_panel(key, request.user)
    if panel is None:
        raise Http404("没有这个统计图")
    ref = _ref(request)
    ctx = Context(request.user, ref)
    data = panel.build(ctx)
    rows = [
        [cell_text(value, column) for value, column in zip(row, data.columns, strict=True)]
        for row in data.rows
    ]
    title = (
        f"{panel.title}（{ctx.scope.root.name if ctx.scope.root else ''}，统计日期{ref:%Y-%m-%d}）"
    )
    if data.subtitle:
        title += f" {data.subtitle}"
    people_services.record_export(
        request.user, f"领导驾驶舱·{panel.title}", len(rows), f"date={ref.isoformat()}"
    )
    sheet = re.sub(r"[\[\]:*?/\\]", "·", panel.title)[:31]  # characters Excel refuses
    content = exports.xlsx_bytes([c.label for c in data.columns], rows, sheet=sheet, title=title)
    return exports.xlsx_response(f"{sheet}{ref:%Y%m%d}.xlsx", content)
