"""The voter's ballot page: no account, a phone-sized layout, a one-time code.

It shows the candidates and nothing else: no other voter, no running count, no result.
CSRF-protected like every form (the voter's browser gets the cookie with the page) and
rate-limited per client IP and round (``throttle``). Nothing here is audited: an audit
row's time and IP would tie the voter to the ballot."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_protect

from pool.models import VoteKind, VotingRound
from pool.votes import forms, services, throttle

TOO_MANY = "操作过于频繁，请稍后再试"


def _status(voting_round: VotingRound) -> str:
    now = timezone.now()
    if voting_round.is_closed(now):
        return "投票已结束，感谢参与。"
    if now < voting_round.opens_at:
        opens = timezone.localtime(voting_round.opens_at)
        return f"投票尚未开始，开始时间：{opens:%Y年%m月%d日 %H:%M}。"
    return ""


@csrf_protect
def ballot(request, pk):
    voting_round = get_object_or_404(VotingRound.objects.select_related("unit"), ballot_key=pk)
    if not throttle.allow_request(request, voting_round.pk):
        return HttpResponse(TOO_MANY, status=429, content_type="text/plain; charset=utf-8")
    candidates = voting_round.candidates.select_related("cadre__unit")
    closed_text = _status(voting_round)
    initial = {"code": request.GET.get("code", "")[:40]}
    form = forms.BallotForm(
        request.POST if request.method == "POST" and not closed_text else None,
        initial=initial,
        voting_round=voting_round,
        candidates=candidates,
    )
    context = {
        "round": voting_round,
        "form": form,
        "closed_text": closed_text,
        "recommend": voting_round.kind == VoteKind.RECOMMEND,
    }
    if request.method == "POST" and not closed_text:
        refused = ""
        if form.is_valid():
            try:
                services.cast_ballot(voting_round, form.cleaned_data["code"], form.choices())
            except services.BallotRefused as error:
                refused = str(error)
            else:
                return render(request, "votes/ballot_done.html", context)
        if refused:
            throttle.count_failure(request, voting_round.pk)
            form.add_error("code", refused)
        return render(request, "votes/ballot.html", context, status=400)
    return render(request, "votes/ballot.html", context, status=200)
