# Over 400 lines: every page of the three lists and their review.
"""The 三张清单: a unit's (sector's, department's) own list, and the department's review.

Views parse input, call one service or selector and render; every object is looked up
through a selector scoped to the user, so anything outside answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import LIST_REVIEWERS, LIST_WRITERS, has_role, require_roles
from pool.models import ListKind, ListStatus, RecommendationRound
from pool.people import selectors
from pool.people import services as people_services
from pool.selection import new_people, services
from pool.selection import selectors as selection_selectors
from pool.selection.forms import (
    NewPersonRecommendationForm,
    RecommendationFieldsForm,
    ReturnListForm,
    RosterRecommendationForm,
    RoundForm,
    TierForm,
)
from pool.web import xlsx as exports
from pool.web.flash import flash_error
from pool.web.forms import add_errors
from pool.web.redirects import safe_next

OWN_LIST_TITLES = {
    ListKind.UNIT: "本单位推荐清单",
    ListKind.SECTOR: "本领域推荐清单",
    ListKind.ORG: "组织部门推荐清单",
}


def _round(request):
    return selection_selectors.round_or_current(
        request.GET.get("round") or request.POST.get("round")
    )


def _my_list_url(round_) -> str:
    return f"{reverse('pool:my_list')}?round={round_.pk}"


def _render_my_list(request, round_, *, pick_form=None, new_form=None, status=200):
    user = request.user
    key = selection_selectors.own_list_key(user)
    rec_list = selection_selectors.own_list(user, round_) if round_ else None
    recs = list(selection_selectors.list_recommendations(rec_list)) if rec_list else []
    editable = round_ is not None and round_.is_open and (rec_list is None or rec_list.is_editable)
    q = request.GET.get("q", "").strip()
    roster = (
        selection_selectors.roster_choices(user, exclude_ids=[r.cadre_id for r in recs], q=q)
        if editable
        else []
    )
    units = list(selectors.units_for(user).order_by("level", "position", "id")) if editable else []
    if editable:
        pick_form = pick_form or RosterRecommendationForm(roster=roster)
        new_form = new_form or NewPersonRecommendationForm(units=units)
    problems = services.submission_problems(rec_list, recs) if rec_list and editable else []
    return render(
        request,
        "pool/lists/my_list.html",
        {
            "title": OWN_LIST_TITLES[key["kind"]],
            "round": round_,
            "rounds": RecommendationRound.objects.all(),
            "rec_list": rec_list,
            "recs": recs,
            "new_people": list(rec_list.new_person_requests.all()) if rec_list else [],
            "editable": editable,
            "problems": problems,
            "pick_form": pick_form,
            "new_form": new_form,
            "q": q,
            "roster_limited": not q and len(roster) >= 200,
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_roles(*LIST_WRITERS)
def my_list(request):
    """本单位推荐清单: the user's own list in the current (or chosen) round."""
    return _render_my_list(request, _round(request))


@require_POST
@require_roles(*LIST_WRITERS)
def my_list_add(request):
    """Add someone from the roster."""
    round_ = _round(request)
    if round_ is None:
        raise Http404("尚未开启推荐批次")
    form = RosterRecommendationForm(request.POST, request.FILES)
    if form.is_valid():
        cadre = get_object_or_404(selectors.cadres_for(request.user), pk=form.cleaned_data["cadre"])
        try:
            rec = services.add_recommendation(request.user, round_, cadre, **form.service_kwargs())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已将{rec.cadre.name}加入推荐清单")
            return redirect(_my_list_url(round_))
    return _render_my_list(request, round_, pick_form=form, status=400)


@require_POST
@require_roles(*LIST_WRITERS)
def my_list_add_new(request):
    """Add someone not yet on the roster, by ID number."""
    round_ = _round(request)
    if round_ is None:
        raise Http404("尚未开启推荐批次")
    units = list(selectors.units_for(request.user))
    form = NewPersonRecommendationForm(request.POST, request.FILES, units=units)
    if form.is_valid():
        data = form.cleaned_data
        person = services.NewPerson(
            id_number=data["id_number"],
            name=data["name"],
            gender=data["gender"],
            birth_month=data["birth_month"],
            category=data["category"],
            unit=next(u for u in units if u.pk == data["unit"]),
            current_position=data["current_position"],
        )
        try:
            if has_role(request.user, LIST_REVIEWERS):
                rec = services.add_recommendation(
                    request.user, round_, new_person=person, **form.service_kwargs()
                )
                done = f"已新增{rec.cadre.name}并加入推荐清单"
            else:  # one answer whether or not the ID is registered elsewhere
                submitted = new_people.submit(request.user, round_, person, **form.service_kwargs())
                done = new_people.SUBMITTED.format(name=submitted.name)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_my_list_url(round_))
    return _render_my_list(request, round_, new_form=form, status=400)


@require_roles(*LIST_WRITERS)
def recommendation_edit(request, pk: int):
    """Edit 推荐理由, 主要实绩, 推荐方式 and the attachment of one person on one's own list."""
    rec = get_object_or_404(selection_selectors.own_recommendations(request.user), pk=pk)
    if request.method == "POST":
        form = RecommendationFieldsForm(request.POST, request.FILES, instance=rec)
        if form.is_valid():
            try:
                services.update_recommendation(
                    request.user,
                    rec,
                    **form.service_kwargs(),
                    remove_attachment=form.cleaned_data.get("remove_attachment", False),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"已保存{rec.cadre.name}的推荐材料")
                return redirect(_my_list_url(rec.rec_list.round))
    else:
        form = RecommendationFieldsForm(instance=rec)
    return render(
        request,
        "pool/lists/recommendation_edit.html",
        {"rec": rec, "form": form, "today": timezone.localdate()},
        status=400 if form.errors else 200,
    )


@require_POST
@require_roles(*LIST_WRITERS)
def recommendation_delete(request, pk: int):
    rec = get_object_or_404(selection_selectors.own_recommendations(request.user), pk=pk)
    round_ = rec.rec_list.round
    try:
        services.remove_recommendation(request.user, rec)
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, f"已将{rec.cadre.name}移出推荐清单")
    return redirect(_my_list_url(round_))


@require_roles(*LIST_WRITERS)
def recommendation_attachment(request, pk: int):
    """The attached minutes or vote sheet; reading it is audited like a record."""
    rec = get_object_or_404(selection_selectors.recommendations_for(request.user), pk=pk)
    if not rec.attachment:
        raise Http404("没有附件")
    services.open_attachment(request.user, rec)
    return FileResponse(
        rec.attachment.open("rb"),
        as_attachment=True,
        filename=rec.attachment_name or rec.attachment.name.rsplit("/", 1)[-1],
    )


@require_POST
@require_roles(*LIST_WRITERS)
def my_list_submit(request):
    round_ = _round(request)
    rec_list = selection_selectors.own_list(request.user, round_) if round_ else None
    if rec_list is None:
        messages.error(request, "清单中还没有推荐人选，不能报送")
        return redirect("pool:my_list")
    try:
        services.submit_list(request.user, rec_list)
    except ValidationError as error:
        messages.error(request, "清单未能报送：" + "；".join(error.messages))
    else:
        messages.success(request, f"{rec_list.round.name}推荐清单已报送，请等待组织部门审核")
    return redirect(_my_list_url(round_))


@require_roles(*LIST_WRITERS)
def list_sheet(request, pk: int):
    """The printable submission sheet (推荐表) of one list."""
    rec_list = get_object_or_404(selection_selectors.lists_for(request.user), pk=pk)
    own = selection_selectors.own_lists(request.user).filter(pk=rec_list.pk).exists()
    back = _my_list_url(rec_list.round) if own else reverse("pool:list_review", args=[pk])
    return render(
        request,
        "pool/lists/list_sheet.html",
        {
            "back": back,
            "rec_list": rec_list,
            "recs": selection_selectors.list_recommendations(rec_list),
            "today": timezone.localdate(),
        },
    )


# --- the organisation department's review -------------------------------------------


@require_roles(*LIST_REVIEWERS)
def list_index(request):
    """三张清单 of a round: every list in the jurisdiction, with counts by status."""
    round_ = _round(request)
    lists = selection_selectors.lists_for(request.user).none()
    counts = {}
    if round_ is not None:
        in_round = selection_selectors.lists_for(request.user).filter(round=round_)
        counts = selection_selectors.status_counts(in_round)
        lists = in_round.annotate(people=Count("recommendations")).order_by(
            "kind", "unit__level", "unit__position", "unit_id", "sector"
        )
        status = request.GET.get("status", "")
        if status in ListStatus.values:
            lists = lists.filter(status=status)
    return render(
        request,
        "pool/lists/list_index.html",
        {
            "round": round_,
            "rounds": RecommendationRound.objects.all(),
            "lists": lists,
            "counts": counts,
            "statuses": ListStatus.choices,
            "status": request.GET.get("status", ""),
            "round_form": RoundForm(),
            "owners": selectors.setting_owners(request.user),
            "may_reopen": round_ is not None
            and round_.may_reopen(request.user, timezone.localdate()),
        },
    )


@require_POST
@require_roles(*LIST_REVIEWERS)
def round_close(request):
    """截止推荐 for the round posted (or the current one)."""
    round_ = _round(request)
    if round_ is None:
        raise Http404("没有推荐批次")
    try:
        services.close_round(request.user, round_)
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(
            request, f"{round_.name}推荐已截止，各清单不能再修改或报送，仍可查阅和审核"
        )
    return redirect(f"{reverse('pool:list_index')}?round={round_.pk}")


@require_POST
@require_roles(*LIST_REVIEWERS)
def round_reopen(request):
    """Undo 截止推荐 (who closed it, up to the round's 截止日期)."""
    round_ = _round(request)
    if round_ is None:
        raise Http404("没有推荐批次")
    try:
        services.reopen_round(request.user, round_, timezone.localdate())
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, f"{round_.name}推荐已重新开放，各单位可以继续修改和报送清单")
    return redirect(f"{reverse('pool:list_index')}?round={round_.pk}")


@require_POST
@require_roles(*LIST_REVIEWERS)
def round_create(request):
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            round_ = services.create_round(request.user, **form.cleaned_data)
        except ValidationError as error:
            flash_error(request, error)
        else:
            messages.success(request, f"已新建{round_.name}推荐批次")
            return redirect(f"{reverse('pool:list_index')}?round={round_.pk}")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("pool:list_index")


@require_roles(*LIST_REVIEWERS)
def list_review(request, pk: int):
    """One list as submitted, with each person's other sources in the round."""
    rec_list = get_object_or_404(selection_selectors.lists_for(request.user), pk=pk)
    recs = list(selection_selectors.list_recommendations(rec_list))
    return render(
        request,
        "pool/lists/list_review.html",
        {
            "rec_list": rec_list,
            "recs": recs,
            "others": selection_selectors.other_sources(rec_list, [r.cadre_id for r in recs]),
            "memberships": selection_selectors.open_memberships(r.cadre_id for r in recs),
            "vetoed": selection_selectors.active_veto_ids(r.cadre_id for r in recs),
            "return_form": ReturnListForm(),
            "tier_form": TierForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
@require_roles(*LIST_REVIEWERS)
def list_action(request, pk: int):
    """开始审核 / 退回 (with a reason) / 审核通过."""
    rec_list = get_object_or_404(selection_selectors.lists_for(request.user), pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "start_review":
            services.start_review(request.user, rec_list)
            messages.success(request, "已开始审核")
        elif action == "return":
            services.return_list(request.user, rec_list, request.POST.get("reason", ""))
            messages.success(request, "已退回，报送单位可修改后重新报送")
        elif action == "accept":
            services.accept_list(request.user, rec_list)
            messages.success(request, "清单审核通过")
        else:
            messages.error(request, "未知的操作")
    except ValidationError as error:
        flash_error(request, error)
    return redirect("pool:list_review", pk=rec_list.pk)


CANDIDATE_EXPORT_HEADERS = [
    "姓名", "性别", "出生年月", "年龄", "所在单位", "现任职务", "推荐来源", "推荐方式", "入库情况",
]  # fmt: skip


@require_roles(*LIST_REVIEWERS)
def candidates(request):
    """人选汇总: one row per person recommended in the round, with every source."""
    round_ = _round(request)
    q = request.GET.get("q", "").strip()
    rows = selection_selectors.merged_candidates(request.user, round_, q) if round_ else []
    today = timezone.localdate()
    if round_ is not None and request.GET.get("export") == "xlsx":
        table = [
            [
                c.cadre.name,
                c.cadre.gender,
                c.cadre.birth_month_display,
                c.cadre.age_at(today),
                c.cadre.unit.name,
                c.cadre.current_position,
                "、".join(r.rec_list.owner_name for r in c.sources),
                "、".join(r.get_method_display() for r in c.sources),
                c.membership.get_tier_display() if c.membership else "未入库",
            ]
            for c in rows
        ]
        people_services.record_export(request.user, f"{round_.name}推荐人选汇总", len(table), q)
        content = exports.xlsx_bytes(CANDIDATE_EXPORT_HEADERS, table, sheet="推荐人选汇总")
        return exports.xlsx_response(f"{round_.name}推荐人选汇总.xlsx", content)
    return render(
        request,
        "pool/lists/candidates.html",
        {
            "round": round_,
            "rounds": RecommendationRound.objects.all(),
            "candidates": rows,
            "several": sum(1 for c in rows if len(c.sources) > 1),
            "q": q,
            "tier_form": TierForm(),
            "today": today,
        },
    )


@require_POST
@require_roles(*LIST_REVIEWERS)
def candidate_accept(request, pk: int):
    """入库: admit a recommended person (``pk`` is the cadre) with a tier."""
    cadre = get_object_or_404(selectors.cadres_for(request.user), pk=pk)
    round_ = _round(request)
    form = TierForm(request.POST)
    back = safe_next(
        request,
        request.POST.get("next"),
        reverse("pool:candidates") + (f"?round={round_.pk}" if round_ else ""),
    )
    if round_ is None:
        messages.error(request, "尚未开启推荐批次")
    elif not form.is_valid():
        messages.error(request, "请选择梯次")
    else:
        try:
            membership = services.accept_candidate(
                request.user, round_, cadre, form.cleaned_data["tier"]
            )
        except ValidationError as error:
            flash_error(request, error)
        else:
            messages.success(request, f"{cadre.name}已入库（{membership.get_tier_display()}）")
    return redirect(back)


@require_roles(*LIST_REVIEWERS)
def new_person_requests(request):
    """新增人选核实: people units put forward by ID number, for staff to check."""
    rows = new_people.requests_for(request.user)
    return render(
        request,
        "pool/lists/new_person_requests.html",
        {
            "pending": rows.filter(status="pending").order_by("created_at", "pk")[:200],
            "done": rows.exclude(status="pending").order_by("-resolved_at", "-pk")[:50],
        },
    )


@require_POST
@require_roles(*LIST_REVIEWERS)
def new_person_request_resolve(request, pk: int):
    found = get_object_or_404(new_people.requests_for(request.user), pk=pk)
    try:
        if request.POST.get("action") == "accept":
            new_people.accept(request.user, found)
            messages.success(
                request, f"已核实{found.name}，已建档并加入{found.rec_list.owner_name}推荐清单"
            )
        else:
            new_people.refuse(request.user, found, request.POST.get("note", ""))
            messages.success(request, f"已退回{found.name}的新增申请")
    except ValidationError as error:
        flash_error(request, error)
    return redirect("pool:new_person_requests")
