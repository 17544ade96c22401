"""动议 → 双把关 → 任职 → 备案 pages for teams graded A or B: propose, sign, see the
gates (凡提四必, veto, person flags) and file. The rules are the services'."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import STAFF, require_roles
from pool.people import flags
from pool.people.selectors import cadres_for
from pool.web.forms import add_errors
from staffing import forms, selectors, services
from staffing.appointment_views import shown_cadres
from staffing.selectors.gates import gates_for


@require_roles(*STAFF)
def motion_new(request, pk: int):
    team = get_object_or_404(selectors.teams_for(request.user), pk=pk)
    cadres = cadres_for(request.user)
    shown, query = shown_cadres(request, cadres, team.unit)
    form = forms.MotionForm(
        request.POST or None, posts=selectors.team_posts(team), cadres=cadres, shown=shown
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            motion = services.propose_motion(
                request.user, data["cadre"], data["post"], data["start_date"], data["title"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已提出动议：{motion.cadre.name}拟任{motion.post.title}")
            return redirect("staffing:motion_detail", pk=motion.pk)
    return render(
        request,
        "staffing/motion_new.html",
        {"team": team, "form": form, "query": query},
        status=400 if form.errors else 200,
    )


@require_roles(*STAFF)
def motion_detail(request, pk: int):
    motion = get_object_or_404(selectors.second_checks_for(request.user), pk=pk)
    today = timezone.localdate()
    on = max(motion.start_date, today)
    gates = gates_for(motion.cadre, motion.post, on)
    person_flags = flags.flags_for(request.user, [motion.cadre_id], today).get(motion.cadre_id, [])
    appoint_url = (
        f"{reverse('staffing:appoint', args=[motion.post.team_id])}"
        f"?post={motion.post_id}&cadre={motion.cadre_id}&start_date={motion.start_date:%Y-%m-%d}"
    )
    return render(
        request,
        "staffing/motion_detail.html",
        {
            "motion": motion,
            "gates": gates,
            "person_flags": person_flags,
            "decisions": forms.SIGN_OFF_CHOICES,
            "appoint_url": appoint_url,
        },
    )


@require_POST
@require_roles(*STAFF)
def motion_file(request, pk: int):
    motion = get_object_or_404(selectors.second_checks_for(request.user), pk=pk)
    try:
        done = services.file_motion(request.user, motion, request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        closed = "差额已补齐" if done.gap_closed else f"差额仍有{done.gap_after}名"
        messages.success(request, f"已备案：任职后{closed}")
    return redirect("staffing:motion_detail", pk=motion.pk)
