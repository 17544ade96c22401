"""Staff pages of 民主推荐测评 (干部科, within their jurisdiction): rounds, codes,
closing, paper double entry, results and the rules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import require_roles
from pool.models import Role, VoteKind, VotingRules
from pool.people.selectors import cadres_for, units_for
from pool.votes import documents, forms, results, services, sheet


def _errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errs in error.error_dict.items():
            for e in errs:
                form.add_error(name if name in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_roles(Role.STAFF)
def round_list(request):
    rounds = results.rounds_for(request.user).order_by("-opens_at", "-id")[:200]
    return render(request, "votes/round_list.html", {"rounds": rounds, "now": timezone.now()})


@require_roles(Role.STAFF)
def round_create(request):
    form = forms.RoundForm(
        request.POST or None,
        units=units_for(request.user).order_by("name"),
        cadres=cadres_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            voting_round = services.create_round(
                request.user, form.round_data(), list(form.cleaned_data["cadres"]), form.rolls()
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "已新建，请生成投票码并打印")
            return redirect("votes:round_detail", pk=voting_round.pk)
    return render(
        request, "votes/round_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _detail(request, voting_round, codes_form=None, status=200):
    made = results.code_counts(voting_round)
    rolls = [(roll, *made.get(roll.group, (0, 0))) for roll in voting_round.rolls.all()]
    closed = voting_round.is_closed()
    return render(
        request,
        "votes/round_detail.html",
        {
            "round": voting_round,
            "candidates": voting_round.candidates.select_related("cadre__unit"),
            "rolls": rolls,
            "closed": closed,
            "codes_form": codes_form
            or forms.CodesForm(groups=[r.group for r in voting_round.rolls.all()]),
            "ballot_url": sheet.ballot_url(request, voting_round.ballot_key),
            "paper": results.paper_groups(voting_round),
            "result": results.result(voting_round) if closed else None,
            "item_names": results.ITEM_NAMES,
        },
        status=status,
    )


@require_roles(Role.STAFF)
def round_detail(request, pk):
    return _detail(request, results.round_for(request.user, pk))


@require_roles(Role.STAFF)
@require_POST
def round_codes(request, pk):
    """Generate codes and answer with the printable sheet: the clear codes exist only in
    this response."""
    voting_round = results.round_for(request.user, pk)
    form = forms.CodesForm(request.POST, groups=[r.group for r in voting_round.rolls.all()])
    if form.is_valid():
        group, count = form.cleaned_data["group"], form.cleaned_data["count"]
        try:
            made = services.generate_codes(request.user, voting_round, group, count)
        except ValidationError as error:
            _errors(form, error)
        else:
            return render(
                request,
                "votes/code_sheet.html",
                {
                    "round": voting_round,
                    "group": dict(form.fields["group"].choices)[group],
                    "codes": sheet.sheet_codes(request, voting_round.ballot_key, made),
                },
            )
    return _detail(request, voting_round, codes_form=form, status=400)


@require_roles(Role.STAFF)
@require_POST
def round_close(request, pk):
    voting_round = results.round_for(request.user, pk)
    try:
        services.close_round(request.user, voting_round)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "投票已结束，结果如下")
    return redirect("votes:round_detail", pk=pk)


@require_roles(Role.STAFF)
def round_paper(request, pk):
    voting_round = results.round_for(request.user, pk)
    form = forms.PaperForm(request.POST or None, voting_round=voting_round)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_paper_entry(
                request.user, voting_round, data["group"], data["ballots"], data["spoilt"],
                form.counts(),
            )  # fmt: skip
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "纸质票已录入")
            return redirect("votes:round_paper", pk=pk)
    return render(
        request,
        "votes/paper.html",
        {"round": voting_round, "form": form, "paper": results.paper_groups(voting_round)},
        status=400 if form.errors else 200,
    )


@require_roles(Role.STAFF)
def round_docx(request, pk):
    voting_round = results.round_for(request.user, pk)
    if not voting_round.is_closed():
        return HttpResponse("投票结束后才能导出结果", status=409, content_type="text/plain")
    res = results.result(voting_round)
    name = "测评结果" if voting_round.kind == VoteKind.APPRAISE else "推荐结果"
    response = HttpResponse(
        documents.result_docx(res),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{_quote(f'{voting_round.title}{name}.docx')}"
    )
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


@require_roles(Role.STAFF)
def rules_edit(request):
    current = VotingRules.current()
    form = forms.RulesForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_rules(request.user, form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "民主推荐测评规则已保存")
            return redirect("votes:rules")
    return render(request, "votes/rules.html", {"form": form}, status=400 if form.errors else 200)
