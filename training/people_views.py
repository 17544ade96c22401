"""Pages of the 育 stage about people: a person's training page (classes, hours and
the rules, postings, mentors, 一人一策), the postings list, mentoring pairs and their
meetings. Leaders read (without mentoring notes); staff write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import has_role, require_roles
from pool.people.selectors import cadres_for, units_for
from pool.web.flash import flash_error, flash_form
from pool.web.forms import add_errors
from training import forms, selectors, services
from training.models import PostingKind
from training.views import READERS, STAFF, int_or_none


def _cadre(request, pk: int):
    return get_object_or_404(cadres_for(request.user), pk=pk)


@require_roles(*READERS)
def person(request, pk: int):
    cadre = _cadre(request, pk)
    today = timezone.localdate()
    summary = selectors.person_training(request.user, cadre, today)
    is_staff = has_role(request.user, STAFF)
    context = {
        "cadre": cadre,
        "today": today,
        "enrollments": summary.enrollments,
        "checks": summary.checks,
        "grassroots": round(summary.grassroots_months / 12, 1),
        "postings": summary.postings,
        "mentorships": summary.mentorships,
        "plans": summary.plans,
        "is_staff": is_staff,
    }
    if is_staff:
        context.update(
            plan_form=forms.PlanForm(),
            step_form=forms.StepForm(),
            review_form=forms.ReviewForm(),
            step_statuses=forms.StepStatusForm.base_fields["status"].choices,
        )
    return render(request, "training/person.html", context)


# --- postings ---------------------------------------------------------------------------


@require_roles(*READERS)
def posting_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in PostingKind.values else ""
    current = request.GET.get("current") == "1"
    q = request.GET.get("q", "").strip()
    postings = selectors.postings_for(request.user)
    if kind:
        postings = postings.filter(kind=kind)
    if current:
        today = timezone.localdate()
        postings = postings.filter(start_date__lte=today).exclude(end_date__lt=today)
    if q:
        postings = postings.filter(cadre__name__contains=q) | postings.filter(host_name__contains=q)
    postings = postings.order_by("-start_date", "-id")
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(postings, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "training/posting_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "kinds": PostingKind.choices,
            "kind": kind,
            "current": current,
            "q": q,
        },
    )


def _host_units(request):
    return units_for(request.user).order_by("level", "position", "id")


@require_roles(*STAFF)
def posting_create(request, pk: int):
    cadre = _cadre(request, pk)
    form = forms.PostingForm(request.POST or None, units=_host_units(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_posting(request.user, cadre, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已记录{cadre.name}的实践锻炼")
            return redirect("training:person", pk=cadre.pk)
    return render(
        request,
        "training/posting_form.html",
        {"form": form, "cadre": cadre, "title": f"记录实践锻炼：{cadre.name}"},
        status=400 if form.errors else 200,
    )


@require_roles(*STAFF)
def posting_edit(request, pk: int):
    posting = get_object_or_404(selectors.postings_for(request.user), pk=pk)
    initial = {name: getattr(posting, name) for name in services.POSTING_FIELDS}
    form = forms.PostingForm(request.POST or None, initial=initial, units=_host_units(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_posting(request.user, posting.cadre, form.cleaned_data, posting)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "实践锻炼已保存")
            return redirect("training:person", pk=posting.cadre_id)
    return render(
        request,
        "training/posting_form.html",
        {"form": form, "cadre": posting.cadre, "title": f"修改实践锻炼：{posting.cadre.name}"},
        status=400 if form.errors else 200,
    )


# --- mentoring ------------------------------------------------------------------------


@require_roles(*READERS)
def mentorship_list(request):
    pairs = selectors.mentorships_for(request.user).order_by("-start_date", "-id")
    page = Paginator(pairs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "training/mentorship_list.html",
        {"page": page, "query": "", "is_staff": has_role(request.user, STAFF)},
    )


@require_roles(*STAFF)
def mentor_coverage(request):
    """导师帮带覆盖: young 新录用人员, 选调生 and 到村(社区)工作大学生 without a mentor."""
    today = timezone.localdate()
    unit_id = int_or_none(request.GET.get("unit"))
    scope = units_for(request.user)
    return render(
        request,
        "training/mentor_coverage.html",
        {
            "today": today,
            "coverage": selectors.mentor_coverage(scope.values("pk"), today),
            "rows": selectors.without_mentor(request.user, today, unit_id),
            "units": scope.only("pk", "name"),
            "unit_id": unit_id,
        },
    )


@require_roles(*STAFF)
def mentorship_create(request):
    form = forms.MentorshipForm(
        request.POST or None,
        mentors=selectors.mentor_choices(request.user),
        mentees=selectors.pick_cadres(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pair = services.start_mentorship(
                request.user,
                data["mentor"],
                data["mentee"],
                start_date=data["start_date"],
                mentor_role=data["mentor_role"],
                goals=data["goals"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已建立结对帮带：{pair}")
            return redirect("training:mentorship_detail", pk=pair.pk)
    return render(
        request,
        "training/mentorship_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_roles(*READERS)
def mentorship_detail(request, pk: int):
    pair = get_object_or_404(selectors.mentorships_for(request.user), pk=pk)
    is_staff = has_role(request.user, STAFF)
    return render(
        request,
        "training/mentorship_detail.html",
        {
            "pair": pair,
            "meetings": list(pair.meetings.order_by("-date", "-id")),
            "is_staff": is_staff,
            "form": forms.MeetingForm() if is_staff else None,
        },
    )


@require_POST
@require_roles(*STAFF)
def meeting_add(request, pk: int):
    pair = get_object_or_404(selectors.mentorships_for(request.user), pk=pk)
    form = forms.MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.log_meeting(request.user, pair, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "已记录帮带情况")
            return redirect("training:mentorship_detail", pk=pair.pk)
    return render(
        request,
        "training/mentorship_detail.html",
        {
            "pair": pair,
            "meetings": list(pair.meetings.order_by("-date", "-id")),
            "is_staff": True,
            "form": form,
        },
        status=400,
    )


# --- 一人一策 ---------------------------------------------------------------------------


@require_POST
@require_roles(*STAFF)
def plan_create(request, pk: int):
    cadre = _cadre(request, pk)
    form = forms.PlanForm(request.POST)
    if form.is_valid():
        try:
            services.create_plan(request.user, cadre, **form.cleaned_data)
        except ValidationError as error:
            flash_error(request, error)
        else:
            messages.success(request, "已制定一人一策")
    else:
        flash_form(request, form)
    return redirect("training:person", pk=cadre.pk)


@require_POST
@require_roles(*STAFF)
def step_add(request, pk: int):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    form = forms.StepForm(request.POST)
    if form.is_valid():
        try:
            services.add_step(request.user, plan, **form.cleaned_data)
        except ValidationError as error:
            flash_error(request, error)
        else:
            messages.success(request, "已新增培养措施")
    else:
        flash_form(request, form)
    return redirect("training:person", pk=plan.cadre_id)


@require_POST
@require_roles(*STAFF)
def step_status(request, pk: int):
    step = get_object_or_404(selectors.plan_steps_for(request.user), pk=pk)
    form = forms.StepStatusForm(request.POST)
    if form.is_valid():
        services.set_step_status(request.user, step, form.cleaned_data["status"])
        messages.success(request, "措施进展已更新")
    else:
        flash_form(request, form)
    return redirect("training:person", pk=step.plan.cadre_id)


@require_POST
@require_roles(*STAFF)
def plan_review(request, pk: int):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_plan(request.user, plan, **form.cleaned_data)
        except ValidationError as error:
            flash_error(request, error)
        else:
            messages.success(request, "已完成年度评估")
    else:
        flash_form(request, form)
    return redirect("training:person", pk=plan.cadre_id)
