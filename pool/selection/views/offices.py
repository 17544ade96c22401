"""Requests between offices: a unit committee's 跨单位人员申请 and the staff queue that
decides them; the 未报送/催报 page of units without a submitted list."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pool.accounts.access import LIST_REVIEWERS, require_roles
from pool.models import RecommendationRound, Role, TransferKind, TransferStatus
from pool.people import selectors
from pool.selection import chase, transfers
from pool.selection import selectors as selection_selectors
from pool.web import params
from pool.web.forms import BootstrapFormMixin

COMMITTEES = (Role.UNIT_COMMITTEE,)


class TransferRequestForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="申请事项",
        choices=TransferKind.choices,
        error_messages={"invalid_choice": "请选择申请事项", "required": "请选择申请事项"},
    )
    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名"})
    id_number = forms.CharField(
        label="身份证号", max_length=40, error_messages={"required": "请填写身份证号"}
    )
    reason = forms.CharField(
        label="申请理由",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写申请理由"},
    )


def _apply(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_roles(*COMMITTEES)
def transfer_requests(request):
    """The unit committee's requests and the form to file one."""
    form = TransferRequestForm(request.POST or None, initial={"kind": TransferKind.LIST})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = transfers.submit(
                request.user,
                data["kind"],
                data["id_number"],
                data["name"],
                data["reason"],
                selection_selectors.current_round(),
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, transfers.FILED.format(name=filed.name))
            return redirect("pool:transfer_requests")
    return render(
        request,
        "pool/lists/transfer_requests.html",
        {
            "form": form,
            "requests": transfers.own_requests(request.user)[:200],
            "round": selection_selectors.current_round(),
        },
        status=400 if form.errors else 200,
    )


@require_roles(*LIST_REVIEWERS)
def transfer_queue(request):
    rows = transfers.queue_for(request.user)
    return render(
        request,
        "pool/lists/transfer_queue.html",
        {
            "pending": rows.filter(status=TransferStatus.PENDING).order_by("created_at", "pk")[
                :200
            ],
            "done": rows.exclude(status=TransferStatus.PENDING).order_by("-resolved_at", "-pk")[
                :50
            ],
        },
    )


@require_POST
@require_roles(*LIST_REVIEWERS)
def transfer_decide(request, pk: int):
    item = get_object_or_404(transfers.queue_for(request.user), pk=pk)
    try:
        if request.POST.get("action") == "approve":
            transfers.approve(request.user, item)
            messages.success(request, f"已同意{item.unit.name}的申请：{item.name}")
        else:
            transfers.refuse(request.user, item, request.POST.get("note", ""))
            messages.success(request, f"已不同意{item.unit.name}的申请：{item.name}")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("pool:transfer_queue")


def _round(request):
    return selection_selectors.round_or_current(
        request.GET.get("round") or request.POST.get("round")
    )


@require_roles(*LIST_REVIEWERS)
def list_unsubmitted(request):
    """未报送: units in the jurisdiction whose committee has not submitted this round."""
    round_ = _round(request)
    return render(
        request,
        "pool/lists/unsubmitted.html",
        {
            "round": round_,
            "rounds": RecommendationRound.objects.all(),
            "rows": chase.unsubmitted(request.user, round_) if round_ else [],
        },
    )


@require_POST
@require_roles(*LIST_REVIEWERS)
def list_remind(request):
    """催报 one unit (its row's button) or every ticked unit; a unit outside the
    jurisdiction answers 404."""
    round_ = _round(request)
    if round_ is None:
        messages.error(request, "尚未开启推荐批次")
        return redirect("pool:list_unsubmitted")
    ids = [pk for pk in map(params.object_id, request.POST.getlist("unit")) if pk is not None]
    if ids and selectors.units_for(request.user).filter(pk__in=ids).count() != len(set(ids)):
        raise Http404("所选单位不在您的管辖范围内")
    try:
        sent = chase.remind(request.user, round_, ids)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        names = "、".join(r.unit.name for r in sent)
        messages.success(request, f"已向{len(sent)}个单位催报：{names}")
    return redirect(f"{reverse('pool:list_unsubmitted')}?round={round_.pk}")
