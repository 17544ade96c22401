"""Pages of the 管 stage: talks and the overdue ledger, integrity opinions (staff side
and the liaison's inbox), concerns and assessments. Leaders read the overdue ledger
only: no talk notes or integrity details reach them."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import STAFF, require_roles
from pool.accounts.access import STAFF_AND_UNITS as TALK_RECORDERS
from pool.accounts.access import STAFF_LEADERS_AND_UNITS as OVERDUE_READERS
from pool.models import Role
from pool.people.selectors import grant_of, units_for
from pool.web import params
from pool.web.forms import add_errors
from pool.web.widgets import preselected
from supervision import exports, forms, selectors, services
from supervision.models import VETO_HANDLINGS
from supervision.rules import State

INTEGRITY_ANSWER_DAYS = 10  # the 回复期限 offered by default

STATES = {State.OVERDUE: "逾期", State.DUE_SOON: "即将到期"}


def _wants_xlsx(request) -> bool:
    return request.GET.get("export") == "xlsx"


def _unit_id(request) -> int | None:
    return params.object_id(request.GET.get("unit"))


def _is_staff(request) -> bool:
    grant = grant_of(request.user)
    return grant is not None and grant.role == Role.STAFF


@require_roles(*TALK_RECORDERS)
def talk_list(request):
    """Staff read every note; a 单位党组织 only the notes it recorded itself."""
    notes_of = None if _is_staff(request) else request.user
    if _wants_xlsx(request):
        rows = exports.talk_rows(selectors.talks_for(request.user), notes_of)
        return exports.response(
            request, "谈心谈话", exports.TALK_HEADERS, rows, timezone.localdate()
        )
    talks = list(selectors.talks_for(request.user)[:200])
    for talk in talks:
        talk.note_visible = notes_of is None or talk.recorded_by_id == notes_of.pk
    return render(request, "supervision/talk_list.html", {"talks": talks})


@require_roles(*TALK_RECORDERS)
def talk_record(request):
    """Record a talk with one cadre or with several of one unit (bulk, after a meeting)."""
    unit_id = _unit_id(request)
    cadres = selectors.pick_cadres(request.user, unit_id)
    roles = None if _is_staff(request) else services.UNIT_TALKER_ROLES
    form = forms.TalkForm(
        request.POST or None,
        cadres=cadres,
        roles=roles,
        initial={"cadres": preselected(request)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            talk = services.record_talk(
                request.user,
                data["cadres"],
                talker_name=data["talker_name"],
                talker_role=data["talker_role"],
                kind=data["kind"],
                date=data["date"],
                note=data["note"],
                follow_up=data["follow_up"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已记录谈话，谈话对象{talk.participants.count()}人")
            return redirect("supervision:talk_list")
    return render(
        request,
        "supervision/talk_record.html",
        {
            "form": form,
            "units": units_for(request.user),
            "unit_id": unit_id,
            # 联系点/分管 talkers offered as the talker's name (any name may be typed).
            "talker_names": sorted(
                {
                    link.talker_name
                    for link in selectors.links_for(request.user)
                    if not link.ended_on
                }
            ),
        },
        status=400 if form.errors else 200,
    )


@require_roles(*OVERDUE_READERS)
def overdue(request):
    """谈话提醒台账: who is 逾期 or 即将到期 under each talk rule."""
    talk_rules = selectors.talk_rules()
    roles = selectors.ledger_role_choices(talk_rules)
    role = request.GET.get("role", "")
    role = role if role in dict(roles) else ""
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    unit_id = _unit_id(request)
    link_id = params.object_id(request.GET.get("talker"))
    today = timezone.localdate()
    rows = selectors.talk_ledger(request.user, today, role, unit_id, link_id, state, talk_rules)
    if _wants_xlsx(request):
        return exports.response(
            request, "谈话提醒台账", exports.OVERDUE_HEADERS, exports.overdue_rows(rows), today
        )
    return render(
        request,
        "supervision/overdue.html",
        {
            "rows": rows,
            "overdue_count": sum(1 for r in rows if r.overdue),
            "due_soon_count": sum(1 for r in rows if not r.overdue),
            "role": role,
            "roles": roles,
            "state": state,
            "states": STATES.items(),
            "rules": talk_rules,
            "today": today,
            "units": units_for(request.user).only("pk", "name"),
            "unit_id": unit_id,
            "links": [link for link in selectors.links_for(request.user) if not link.ended_on],
            "link_id": link_id,
        },
    )


@require_roles(*STAFF)
def talk_rule_edit(request, pk: int):
    """规则设置 → 谈话频次: change one rule (staff over the whole tree only)."""
    rule = get_object_or_404(selectors.talk_rules_qs(), pk=pk)
    if not services.may_edit_global_rules(request.user):
        raise PermissionDenied("谈话频次适用于全部单位，只有管辖全部单位的组织部账号可以修改")
    initial = {"period": rule.period, "times": rule.times, "within_days": rule.within_days}
    form = forms.TalkRuleForm(request.POST or None, initial=initial, rule=rule)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_talk_rule(
                request.user,
                rule,
                period=data.get("period", ""),
                times=data.get("times"),
                within_days=data.get("within_days"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已修改谈话频次：{rule.subject}{rule.frequency_text}")
            return redirect(f"{reverse('rule_settings')}?changed=1")
    return render(
        request,
        "supervision/talk_rule_edit.html",
        {"form": form, "rule": rule},
        status=400 if form.errors else 200,
    )


@require_roles(*STAFF)
def links(request):
    """联系点与分管: which 县级领导 / 分管领导 answers for which units' young cadres."""
    scope = units_for(request.user)
    sectors = sorted(set(scope.exclude(sector="").values_list("sector", flat=True)))
    form = forms.TalkerLinkForm(request.POST or None, units=scope, sectors=sectors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            link = services.link_talker(request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已登记：{link}")
            return redirect("supervision:links")
    return render(
        request,
        "supervision/links.html",
        {"form": form, "rows": selectors.links_for(request.user)},
        status=400 if form.errors else 200,
    )


@require_POST
@require_roles(*STAFF)
def link_end(request, pk: int):
    link = get_object_or_404(selectors.links_for(request.user), pk=pk)
    try:
        services.end_talker_link(request.user, link, timezone.localdate())
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已终止：{link}")
    return redirect("supervision:links")


@require_roles(*STAFF)
def integrity_list(request):
    if _wants_xlsx(request):
        opinions = selectors.opinions_for(request.user).order_by("-request_id", "id")
        return exports.response(
            request,
            "廉政意见",
            exports.OPINION_HEADERS,
            exports.opinion_rows(opinions),
            timezone.localdate(),
        )
    requests = selectors.integrity_requests_for(request.user)[:200]
    return render(request, "supervision/integrity_list.html", {"requests": requests})


@require_roles(*STAFF)
def integrity_create(request):
    unit_id = _unit_id(request)
    form = forms.IntegrityRequestForm(
        request.POST or None,
        cadres=selectors.pick_cadres(request.user, unit_id),
        liaisons=selectors.liaisons(),
        initial={
            "cadres": preselected(request),
            "due_on": timezone.localdate() + dt.timedelta(days=INTEGRITY_ANSWER_DAYS),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            req = services.request_integrity_opinions(
                request.user,
                data["cadres"],
                data["purpose"],
                data["addressed_to"],
                data.get("due_on"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "已发出廉政意见征求")
            return redirect("supervision:integrity_detail", pk=req.pk)
    return render(
        request,
        "supervision/integrity_create.html",
        {"form": form, "units": units_for(request.user), "unit_id": unit_id},
        status=400 if form.errors else 200,
    )


@require_roles(*STAFF)
def integrity_detail(request, pk: int):
    req = get_object_or_404(selectors.integrity_requests_for(request.user), pk=pk)
    return render(
        request,
        "supervision/integrity_detail.html",
        {"req": req, "opinions": selectors.request_opinions(request.user, req)},
    )


@require_roles(*STAFF)
def concerns(request):
    if _wants_xlsx(request):
        rows = exports.concern_rows(selectors.concerns_for(request.user))
        return exports.response(
            request, "问题线索", exports.CONCERN_HEADERS, rows, timezone.localdate()
        )
    chosen = preselected(request)
    form = forms.ConcernForm(
        request.POST or None,
        cadres=selectors.pick_cadres(request.user),
        initial={"cadre": chosen[0] if chosen else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            concern = services.record_concern(
                request.user,
                data["cadre"],
                source=data["source"],
                summary=data["summary"],
                handling=data["handling"],
                received_on=data["received_on"],
                handled_on=data["handled_on"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            text = f"已记录{concern.cadre.name}的问题线索"
            if concern.handling in VETO_HANDLINGS:
                text += "；已对该同志一票否决，并移出年轻干部库"
            messages.success(request, text)
            return redirect("supervision:concerns")
    rows = selectors.concerns_for(request.user)[:200]
    return render(
        request,
        "supervision/concerns.html",
        {"form": form, "rows": rows},
        status=400 if form.errors else 200,
    )


@require_roles(*STAFF)
def assessments(request):
    if _wants_xlsx(request):
        rows = exports.assessment_rows(selectors.assessments_for(request.user))
        return exports.response(
            request, "考核结果", exports.ASSESSMENT_HEADERS, rows, timezone.localdate()
        )
    form = forms.AssessmentForm(request.POST or None, cadres=selectors.pick_cadres(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment, note = services.record_assessment(
                request.user,
                data["cadre"],
                year=data["year"],
                kind=data["kind"],
                grade=data["grade"],
                quarter=data["quarter"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已录入{assessment.cadre.name}的考核结果")
            if note:
                messages.warning(request, note)
            return redirect("supervision:assessments")
    rows = selectors.assessments_for(request.user)[:200]
    return render(
        request,
        "supervision/assessments.html",
        {"form": form, "rows": rows},
        status=400 if form.errors else 200,
    )
