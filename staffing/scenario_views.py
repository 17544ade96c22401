"""模拟调配 pages: my scenarios, the scenario editor (moves added with htmx, each team's
level, each region's completion rate and the targets before and after), comparing
scenarios side by side, 转为任免建议, and carrying 任免建议 out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import STAFF, require_roles
from pool.people import flags
from pool.web import params
from pool.web.forms import add_errors
from staffing import forms, rules, selectors, services
from staffing.appointment_views import open_documents
from staffing.models import LeadershipTeam, MoveKind, ProposalStatus, SecondSignOff
from staffing.selectors.simulation import CadreChoice

COMPARE_MAX = 3
# The move form refreshes itself (and its two result lists) with htmx.
PICKER_TARGETS = {"move-form", "cadre-results", "team-results"}


def _int(value) -> int | None:
    return params.object_id(value)


def _date(value, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)) if value else default
    except ValueError:
        return default


def _url(scenario) -> str:
    return reverse("staffing:scenario_detail", args=[scenario.pk])


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@dataclass
class Picker:
    """The move form's state: the kind, the person searched for and chosen (with the
    seats they hold), the team searched for and chosen (with its posts)."""

    kind: str
    query: str = ""
    cadres: list[CadreChoice] = field(default_factory=list)
    cadre: CadreChoice | None = None
    leaves: int | None = None
    team_query: str = ""
    teams: list[LeadershipTeam] = field(default_factory=list)
    team: LeadershipTeam | None = None
    posts: list[tuple] = field(default_factory=list)  # (post, holders after the moves)
    post: int | None = None
    date: dt.date | None = None
    kinds: list = field(default_factory=lambda: MoveKind.choices)

    @property
    def takes_post(self) -> bool:
        return self.kind != MoveKind.REMOVE

    @property
    def leaves_post(self) -> bool:
        return self.kind != MoveKind.APPOINT


def _picker(user, scenario, data, holders: dict[int, int] | None = None) -> Picker:
    kind = data.get("kind") if data.get("kind") in MoveKind.values else MoveKind.APPOINT
    picker = Picker(kind, date=_date(data.get("date"), timezone.localdate()))
    picker.query = data.get("q", "").strip()[:50]
    picker.team_query = data.get("tq", "").strip()[:50]
    chosen = _int(data.get("cadre"))
    picker.cadres = selectors.cadre_choices(user, scenario, picker.query)
    if chosen is not None:
        picker.cadre = next((c for c in picker.cadres if c.cadre.pk == chosen), None)
        if picker.cadre is None:
            found = selectors.cadre_choices(user, scenario, pk=chosen)
            picker.cadre = found[0] if found else None
            picker.cadres = found + picker.cadres
    if picker.cadre is not None:
        seats = [s.pk for s in picker.cadre.seats]
        wanted = _int(data.get("leaves"))
        picker.leaves = wanted if wanted in seats else (seats[0] if len(seats) == 1 else None)
    picker.teams = selectors.team_choices(scenario, picker.team_query)
    team_id = _int(data.get("team"))
    if team_id is not None:
        picker.team = next((t for t in picker.teams if t.pk == team_id), None)
        if picker.team is None:
            found = selectors.team_choices(scenario, pk=team_id)
            picker.team = found[0] if found else None
            picker.teams = found + picker.teams
    if picker.team is not None:
        if holders is None:
            moves = selectors.moves_of(scenario)
            holders = selectors.effect(scenario, moves, with_targets=False).post_holders
        posts = selectors.team_posts(picker.team)
        picker.posts = [(p, holders.get(p.pk, 0)) for p in posts]
        wanted = _int(data.get("post"))
        ids = [p.pk for p, _ in picker.posts]
        picker.post = wanted if wanted in ids else None
    return picker


def _body(request, scenario, data, *, errors=None, status=200):
    """The editor below its title: the moves, the move form and the effect."""
    moves = selectors.moves_of(scenario)
    focus = tuple(pk for pk in [_int(data.get("team"))] if pk is not None)
    found = selectors.effect(scenario, moves, focus=focus)
    person_flags = flags.flags_for(
        request.user, {m.move.cadre_id for m in found.moves}, timezone.localdate()
    )
    for view in found.moves:
        view.flags = person_flags.get(view.move.cadre_id, [])
    context = {
        "scenario": scenario,
        "effect": found,
        "picker": _picker(request.user, scenario, data, found.post_holders),
        "errors": errors or [],
        "settings_form": forms.ScenarioForm(
            initial={"name": scenario.name, "ref_date": scenario.ref_date, "note": scenario.note}
        ),
    }
    template = "_body.html" if _is_htmx(request) else "detail.html"
    return render(request, f"staffing/scenarios/{template}", context, status=status)


@require_roles(*STAFF)
def scenario_list(request):
    mine_only = request.GET.get("all") != "1"
    scenarios = selectors.scenario_list(request.user, mine_only)[:200]
    form = forms.ScenarioForm(initial={"ref_date": rules.Quarter.of(timezone.localdate()).end})
    return render(
        request,
        "staffing/scenarios/list.html",
        {"scenarios": scenarios, "mine_only": mine_only, "form": form},
    )


def _create(request, team: LeadershipTeam | None = None):
    today = timezone.localdate()
    name = f"{team.unit.name}领导班子调配方案" if team else ""
    form = forms.ScenarioForm(
        request.POST or None,
        initial={"name": name, "ref_date": rules.Quarter.of(today).end},
    )
    if request.method == "POST" and form.is_valid():
        try:
            scenario = services.create_scenario(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已新建模拟调配方案“{scenario.name}”，请添加调配")
            return redirect(_url(scenario) + (f"?team={team.pk}" if team else ""))
    return render(
        request,
        "staffing/scenarios/create.html",
        {"form": form, "team": team},
        status=400 if form.errors else 200,
    )


@require_roles(*STAFF)
def scenario_create(request):
    team_id = _int(request.POST.get("team"))
    team = selectors.teams_for(request.user).filter(pk=team_id).first() if team_id else None
    return _create(request, team)


@require_roles(*STAFF)
def simulate(request, pk: int):
    """模拟调配 from a team's page: a new scenario that opens on this team."""
    team = get_object_or_404(selectors.teams_for(request.user), pk=pk)
    return _create(request, team)


@require_roles(*STAFF)
def scenario_detail(request, pk: int):
    scenario = get_object_or_404(selectors.scenarios_for(request.user), pk=pk)
    if _is_htmx(request) and request.headers.get("HX-Target") in PICKER_TARGETS:
        picker = _picker(request.user, scenario, request.GET)
        return render(
            request,
            "staffing/scenarios/_move_form.html",
            {"scenario": scenario, "picker": picker},
        )
    return _body(request, scenario, request.GET)


@require_POST
@require_roles(*STAFF)
def scenario_edit(request, pk: int):
    scenario = get_object_or_404(selectors.scenarios_for(request.user), pk=pk)
    form = forms.ScenarioForm(request.POST)
    if form.is_valid():
        try:
            services.update_scenario(request.user, scenario, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "方案已保存")
    else:
        for field_name, errs in form.errors.items():
            label = form.fields[field_name].label if field_name in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errs)}" if label else "；".join(errs))
    return redirect(_url(scenario))


@require_POST
@require_roles(*STAFF)
def scenario_delete(request, pk: int):
    scenario = get_object_or_404(selectors.scenarios_for(request.user), pk=pk)
    try:
        services.delete_scenario(request.user, scenario)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect(_url(scenario))
    messages.success(request, f"已删除方案“{scenario.name}”")
    return redirect("staffing:scenarios")


@require_POST
@require_roles(*STAFF)
def move_add(request, pk: int):
    scenario = get_object_or_404(selectors.scenarios_for(request.user), pk=pk)
    form = forms.MoveForm(request.POST)
    errors = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            move = services.add_move(
                request.user,
                scenario,
                kind=data["kind"],
                cadre_id=data["cadre"],
                post_id=data["post"],
                leaves_id=data["leaves"],
                date=data["date"],
            )
        except ValidationError as error:
            errors = error.messages
        else:
            if not _is_htmx(request):
                messages.success(request, f"已添加调配：{move.label}")
                return redirect(_url(scenario))
            # A fresh form for the next move, the same kind and date.
            data = {"kind": data["kind"], "date": data["date"].isoformat()}
            return _body(request, scenario, data)
    else:
        errors = [
            f"{form.fields[name].label}：{'；'.join(errs)}" for name, errs in form.errors.items()
        ]
    return _body(request, scenario, request.POST, errors=errors, status=400)


@require_POST
@require_roles(*STAFF)
def move_delete(request, pk: int):
    move = get_object_or_404(
        selectors.moves_in(request.user).select_related(
            "scenario", "cadre", "post__team__unit", "leaves__post__team__unit"
        ),
        pk=pk,
    )
    errors = []
    try:
        services.remove_move(request.user, move)
    except ValidationError as error:
        errors = error.messages
    if not _is_htmx(request):
        for error in errors:
            messages.error(request, error)
        return redirect(_url(move.scenario))
    return _body(request, move.scenario, {}, errors=errors, status=400 if errors else 200)


@require_POST
@require_roles(*STAFF)
def scenario_propose(request, pk: int):
    scenario = get_object_or_404(selectors.scenarios_for(request.user), pk=pk)
    try:
        made = services.propose(request.user, scenario)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"不能转为任免建议：{message}")
        return redirect(_url(scenario))
    messages.success(request, f"方案“{scenario.name}”已转为{len(made)}条任免建议，请逐条办理")
    return redirect("staffing:proposals")


@require_roles(*STAFF)
def scenario_compare(request):
    """2 to 3 scenarios side by side: each one's moves, the teams they touch and each
    region's completion rate and each target, before and after."""
    ids = [pk for pk in (_int(v) for v in request.GET.getlist("ids")) if pk is not None]
    chosen = list(selectors.scenarios_for(request.user).filter(pk__in=ids[:COMPARE_MAX]))
    chosen.sort(key=lambda s: ids.index(s.pk))
    effects = [selectors.effect(s, selectors.moves_of(s)) for s in chosen]
    if len(effects) < 2:
        messages.warning(request, f"请在方案列表中勾选2至{COMPARE_MAX}个方案进行对比")
    return render(
        request,
        "staffing/scenarios/compare.html",
        {"effects": effects, "table": selectors.comparison(effects) if effects else None},
    )


@require_roles(*STAFF)
def proposals(request):
    state = request.GET.get("state", ProposalStatus.PENDING)
    found = selectors.proposals_for(request.user).order_by("-created_at", "-pk")
    if state in ProposalStatus.values:
        found = found.filter(status=state)
    return render(
        request,
        "staffing/scenarios/proposals.html",
        {"proposals": found[:200], "state": state, "states": ProposalStatus.choices},
    )


@require_roles(*STAFF)
def proposal_carry_out(request, pk: int):
    proposal = get_object_or_404(
        selectors.proposals_for(request.user).filter(status=ProposalStatus.PENDING), pk=pk
    )
    move = proposal.move
    form = forms.CarryOutForm(
        request.POST or None,
        initial={"date": move.date},
        documents=open_documents(request.user),
    )
    if move.post_id is None:  # 免职 only: nothing is seated
        del form.fields["title"], form.fields["probation"]
    if request.method == "POST" and form.is_valid():
        try:
            done = services.carry_out(request.user, proposal, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已办理：{move.label}")
            check = SecondSignOff.objects.filter(appointment_id=done.appointment_id).first()
            if done.appointment_id and check is not None:
                messages.info(request, "该任职经双把关，请在“动议与双把关”中备案")
            return redirect("staffing:proposals")
    return render(
        request,
        "staffing/scenarios/carry_out.html",
        {"proposal": proposal, "move": move, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@require_roles(*STAFF)
def proposal_withdraw(request, pk: int):
    proposal = get_object_or_404(selectors.proposals_for(request.user), pk=pk)
    try:
        services.withdraw(request.user, proposal, request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已撤回任免建议：{proposal.move.label}")
    return redirect("staffing:proposals")
