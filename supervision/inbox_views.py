"""The 纪委监委 liaison's pages: the inbox with counts and deadlines, one request with
birth month, ID tail and 职务 beside each name, answering one person or all ticked at
once; the signatories are remembered per liaison and prefilled."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import DISCIPLINE_LIAISONS as LIAISON
from pool.accounts.access import require_roles
from pool.web import params
from supervision import forms, integrity_inbox, selectors, services


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_roles(*LIAISON)
def inbox(request):
    today = timezone.localdate()
    rows = [
        (r, integrity_inbox.open_count(r), integrity_inbox.is_overdue(r, today))
        for r in integrity_inbox.inbox_requests(request.user)[:200]
    ]
    return render(request, "supervision/inbox.html", {"rows": rows, "today": today})


def _detail(request, req, form, status=200):
    opinions = selectors.request_opinions(request.user, req)
    return render(
        request,
        "supervision/inbox_detail.html",
        {
            "req": req,
            "opinions": opinions,
            "open_count": sum(1 for o in opinions if not o.is_answered),
            "batch_form": form,
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_roles(*LIAISON)
def inbox_detail(request, pk: int):
    req = get_object_or_404(selectors.integrity_requests_for(request.user), pk=pk)
    form = forms.BatchAnswerForm(initial=integrity_inbox.signatories_for(request.user))
    return _detail(request, req, form)


@require_POST
@require_roles(*LIAISON)
def inbox_answer(request, pk: int):
    """Answer every ticked person of the request with one conclusion."""
    req = get_object_or_404(selectors.integrity_requests_for(request.user), pk=pk)
    form = forms.BatchAnswerForm(request.POST)
    ids = [i for i in map(params.object_id, request.POST.getlist("opinion")) if i is not None]
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = integrity_inbox.answer_many(
                request.user,
                req,
                ids,
                data["conclusion"],
                data["first_signatory"],
                data["second_signatory"],
                data["detail"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            label = dict(form.fields["conclusion"].choices)[data["conclusion"]]
            messages.success(request, f"已回复{len(done)}人：{label}")
            return redirect("supervision:inbox_detail", pk=req.pk)
    return _detail(request, req, form, status=400)


@require_roles(*LIAISON)
def opinion_answer(request, pk: int):
    opinion = get_object_or_404(selectors.opinions_for(request.user), pk=pk)
    if opinion.is_answered:
        initial = {
            "conclusion": opinion.conclusion,
            "detail": opinion.detail,
            "first_signatory": opinion.first_signatory,
            "second_signatory": opinion.second_signatory,
        }
    else:
        initial = integrity_inbox.signatories_for(request.user)
    form = forms.AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_opinion(
                request.user,
                opinion,
                data["conclusion"],
                data["first_signatory"],
                data["second_signatory"],
                data["detail"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"已回复{opinion.cadre.name}的廉政意见")
            return redirect("supervision:inbox_detail", pk=opinion.request_id)
    return render(
        request,
        "supervision/opinion_answer.html",
        {"form": form, "opinion": opinion},
        status=400 if form.errors else 200,
    )
