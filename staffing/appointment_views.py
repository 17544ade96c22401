"""Staff seat a cadre in a post (任职) and end a seat (免职) from the team page; the
checks (超职数, double seats, locked documents, open 公示) are the services'."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import STAFF, require_roles
from pool.people import flags
from pool.people.selectors import cadres_for
from pool.web import params
from pool.web.forms import add_errors
from staffing import forms, selectors, services
from staffing.models import SecondSignOff


def open_documents(user):
    return selectors.documents_for(user).filter(reviewed_at__isnull=True).order_by("-issued_on")


def shown_cadres(request, cadres, unit):
    """The people listed in the picker: a name search, else the team's unit's people."""
    query = request.GET.get("q", "").strip()
    if query:
        return cadres.filter(Q(name__contains=query)).order_by("name", "pk"), query
    return cadres.filter(unit=unit).order_by("name", "pk"), ""


@require_roles(*STAFF)
def appoint(request, pk: int):
    team = get_object_or_404(selectors.teams_for(request.user), pk=pk)
    posts = selectors.team_posts(team)
    cadres = cadres_for(request.user)
    shown, query = shown_cadres(request, cadres, team.unit)
    initial = {}
    for name in ("post", "cadre"):
        value = params.object_id(request.GET.get(name))
        if value is not None:
            initial[name] = value
    if request.GET.get("start_date"):
        initial["start_date"] = request.GET["start_date"]
    form = forms.AppointForm(
        request.POST or None,
        initial=initial,
        posts=posts,
        cadres=cadres,
        shown=shown,
        documents=open_documents(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.appoint(
                request.user,
                data["cadre"],
                data["post"],
                data["start_date"],
                data["document_number"],
                document=data["document"],
                title=data["title"],
                probation=data["probation"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已任命{made.cadre.name}为{made.post.title}")
            check = SecondSignOff.objects.filter(appointment=made).first()
            if check is not None:
                messages.info(request, "该任职经动议和双把关，请完成备案")
                return redirect("staffing:motion_detail", pk=check.pk)
            return redirect("staffing:team_detail", pk=team.pk)
    return render(
        request,
        "staffing/appoint.html",
        {"team": team, "form": form, "query": query},
        status=400 if form.errors else 200,
    )


@require_roles(*STAFF)
def end(request, pk: int):
    appointment = get_object_or_404(
        selectors.appointments_for(request.user).filter(end_date__isnull=True), pk=pk
    )
    form = forms.EndForm(request.POST or None, documents=open_documents(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.end_appointment(
                request.user,
                appointment,
                data["end_date"],
                data["document_number"],
                document=data["document"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已免去{appointment.cadre.name}{appointment.post.title}职务")
            return redirect("staffing:team_detail", pk=appointment.post.team_id)
    return render(
        request,
        "staffing/end.html",
        {"appointment": appointment, "form": form},
        status=400 if form.errors else 200,
    )


def _ids(request, name: str) -> list[int]:
    return [pk for pk in map(params.object_id, request.GET.getlist(name)) if pk is not None]


@require_roles(*STAFF)
def second_checks(request):
    """动议与双把关: 动议 into A and B teams; 待签署 by default, or all of them."""
    state = request.GET.get("state", "pending")
    checks = selectors.second_checks_for(request.user)
    if state == "pending":
        checks = checks.filter(decision="")
    return render(
        request,
        "staffing/second_checks.html",
        {"checks": checks[:200], "state": state, "decisions": forms.SIGN_OFF_CHOICES},
    )


@require_POST
@require_roles(*STAFF)
def second_check_sign(request, pk: int):
    check = get_object_or_404(selectors.second_checks_for(request.user), pk=pk)
    try:
        services.sign_off(
            request.user,
            check,
            request.POST.get("decision", ""),
            request.POST.get("note", ""),
            request.POST.get("suggested_name", ""),
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已签署{check.cadre.name}任{check.post.title}动议的双把关意见")
    if request.POST.get("next") == "detail":
        return redirect("staffing:motion_detail", pk=check.pk)
    return redirect("staffing:second_checks")


@require_roles(*STAFF)
def fit(request, pk: int):
    """人岗相适: pool members ranked for one of the team's posts, with their reasons."""
    team = get_object_or_404(selectors.teams_for(request.user), pk=pk)
    posts = list(selectors.team_posts(team))
    chosen = _ids(request, "post")
    post = next((p for p in posts if chosen and p.pk == chosen[0]), posts[0] if posts else None)
    today = timezone.localdate()
    found = selectors.candidates(request.user, team, post, today) if post else []
    # The same person flags as every place a person is proposed; a stopping one
    # (veto, 研判, 影响期, 有问题线索, open concern) moves them to 暂不符合
    ids = [c.cadre.pk for c in found]
    shown, stopping = flags.flags_for(request.user, ids, today), flags.stopping(ids, today)
    for c in found:
        c.flags, c.stops = shown.get(c.cadre.pk, []), stopping.get(c.cadre.pk, [])
    return render(
        request,
        "staffing/fit.html",
        {
            "team": team,
            "posts": posts,
            "post": post,
            "eligible": [c for c in found if c.result.eligible and not c.stops],
            "ineligible": [c for c in found if not c.result.eligible or c.stops],
            "today": today,
            "conditions": selectors.conditions_in_force(),
        },
    )
