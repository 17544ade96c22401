"""任职管理: 试用期 ending, 任前公示 open (and starting one from a team page), who has
served 5, 8 or 10 years in the current post (with filters and .xlsx export), and the
holiday table working days are counted with."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import STAFF, has_role, require_roles
from pool.accounts.access import STAFF_AND_LEADERS as READERS
from pool.people import services as people_services
from pool.people.selectors import cadres_for, setting_owners
from pool.web import params
from pool.web import xlsx as exports
from pool.web.documents import chinese_date
from pool.web.forms import add_errors
from staffing import forms, rules, selectors, services
from staffing.appointment_views import shown_cadres
from staffing.models import Holiday, PublicityStatus

TABS = {"probation": "试用期", "publicity": "任前公示", "long": "任现职年限"}
PROBATION_WINDOWS = (30, 60, 90, 365)
PAGE = 500


def _int(request, name: str, allowed, default):
    value = params.whole_number(request.GET.get(name))
    return value if value in allowed else default


def _long_rows(request, today):
    years = _int(request, "years", rules.LONG_SERVICE_YEARS, rules.LONG_SERVICE_YEARS[0])
    rows = selectors.long_serving(request.user, today, years)
    kind = request.GET.get("kind", "")
    if kind in ("chief", "deputy"):
        rows = rows.filter(post__is_chief=kind == "chief")
    unit = request.GET.get("unit", "").strip()
    if unit:
        rows = rows.filter(post__team__unit__name__contains=unit)
    return rows, years, kind, unit


LONG_COLUMNS = [
    ("姓名", lambda a, today: a.cadre.name),
    ("单位", lambda a, today: a.post.team.unit.name),
    ("职位", lambda a, today: a.post.title),
    ("正副职", lambda a, today: a.post.kind_label),
    ("出生年月", lambda a, today: a.cadre.birth_month_display),
    ("任职时间", lambda a, today: a.start_date.strftime("%Y.%m.%d")),
    ("任现职年限", lambda a, today: rules.years_served(a.start_date, today)),
    ("任职文号", lambda a, today: a.document_number),
]


@require_roles(*READERS)
def tenure(request):
    today = timezone.localdate()
    tab = request.GET.get("tab", "probation")
    tab = tab if tab in TABS else "probation"
    context = {
        "tab": tab,
        "tabs": TABS,
        "today": today,
        "may_edit": has_role(request.user, STAFF),
        "counts": {
            "probation": selectors.probation_ending(request.user, today, 90).count(),
            "publicity": selectors.publicity_open(request.user, today).count(),
            "long": selectors.long_serving(request.user, today, 5).count(),
        },
    }
    if tab == "probation":
        days = _int(request, "days", PROBATION_WINDOWS, 90)
        context.update(
            days=days,
            windows=PROBATION_WINDOWS,
            rows=selectors.probation_ending(request.user, today, days)[:PAGE],
        )
    elif tab == "publicity":
        context.update(
            rows=selectors.publicity_open(request.user, today)[:PAGE],
            upcoming=selectors.publicities_for(request.user)
            .filter(status=PublicityStatus.OPEN, start_date__gt=today)
            .order_by("start_date", "pk")[:PAGE],
            closed=selectors.publicities_for(request.user)
            .filter(status=PublicityStatus.CLOSED)
            .order_by("-end_date", "-pk")[:50],
        )
    else:
        rows, years, kind, unit = _long_rows(request, today)
        if request.GET.get("export") == "xlsx":
            return _export_long(request, rows, years, today)
        query = request.GET.copy()
        query.pop("export", None)
        context.update(
            rows=[(a, rules.years_served(a.start_date, today)) for a in rows[:PAGE]],
            years=years,
            year_options=rules.LONG_SERVICE_YEARS,
            kind=kind,
            unit=unit,
            total=rows.count(),
            query=query.urlencode(),
        )
    return render(request, "staffing/tenure.html", context)


def _export_long(request, rows, years, today):
    table = [[column(a, today) for _, column in LONG_COLUMNS] for a in rows]
    filters = request.GET.copy()
    filters.pop("export", None)
    people_services.record_export(
        request.user, f"任现职满{years}年名单", len(table), filters.urlencode()
    )
    content = exports.xlsx_bytes(
        [h for h, _ in LONG_COLUMNS],
        table,
        sheet=f"任现职满{years}年",
        title=f"任现职满{years}年干部名单（截至{chinese_date(today)}）",
    )
    return exports.xlsx_response(f"任现职满{years}年名单{today:%Y%m%d}.xlsx", content)


@require_roles(*STAFF)
def publicity_create(request, pk: int):
    team = get_object_or_404(selectors.teams_for(request.user), pk=pk)
    cadres = cadres_for(request.user)
    shown, query = shown_cadres(request, cadres, team.unit)
    form = forms.PublicityForm(
        request.POST or None, posts=selectors.team_posts(team), cadres=cadres, shown=shown
    )
    today = timezone.localdate()
    if request.method != "POST":
        holidays, workdays = services.publicity.calendar(today, today.replace(year=today.year + 1))
        form.initial.update(
            start_date=today, end_date=rules.earliest_publicity_end(today, holidays, workdays)
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.start_publicity(
                request.user,
                data["cadre"],
                data["post"],
                data["start_date"],
                data["end_date"],
                data["proposed_title"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已发布{data['cadre'].name}的任前公示")
            return redirect(f"{reverse('staffing:tenure')}?tab=publicity")
    return render(
        request,
        "staffing/publicity_create.html",
        {"team": team, "form": form, "query": query},
        status=400 if form.errors else 200,
    )


@require_POST
@require_roles(*STAFF)
def publicity_feedback(request, pk: int):
    publicity = get_object_or_404(
        selectors.publicities_for(request.user).filter(status=PublicityStatus.OPEN), pk=pk
    )
    form = forms.FeedbackForm(request.POST)
    if form.is_valid():
        services.record_feedback(request.user, publicity, form.cleaned_data["feedback"])
        messages.success(request, f"已登记{publicity.cadre.name}任前公示期间的反映情况")
    else:
        messages.error(request, "请填写反映情况")
    return redirect(f"{reverse('staffing:tenure')}?tab=publicity")


@require_roles(*STAFF)
def holidays(request):
    form = forms.HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.set_holiday(request.user, data["date"], data["name"], data["is_workday"])
        messages.success(request, f"已保存{chinese_date(data['date'])} {data['name']}")
        return redirect("staffing:holidays")
    today = timezone.localdate()
    days = Holiday.objects.filter(date__gte=today.replace(month=1, day=1)).order_by("date")
    return render(
        request,
        "staffing/holidays.html",
        {"form": form, "days": days[:PAGE], "owners": setting_owners(request.user)},
        status=400 if form.errors else 200,
    )


@require_POST
@require_roles(*STAFF)
def holiday_delete(request, pk: int):
    holiday = get_object_or_404(Holiday, pk=pk)
    services.delete_holiday(request.user, holiday)
    messages.success(request, f"已删除{chinese_date(holiday.date)} {holiday.name}")
    return redirect("staffing:holidays")
