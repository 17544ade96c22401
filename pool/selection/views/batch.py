"""批量入库 pages: the candidates summary posts the ticked people here; the first post
shows one confirmation page listing everyone, the second (``confirm=1``) admits them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import LIST_REVIEWERS, require_roles
from pool.models import Tier
from pool.selection import batch as batch_admit
from pool.selection import selectors as selection_selectors
from pool.web import params


def _ids(values) -> list[int]:
    return list(dict.fromkeys(pk for pk in map(params.object_id, values) if pk is not None))


@require_POST
@require_roles(*LIST_REVIEWERS)
def candidates_batch(request):
    round_ = selection_selectors.round_or_current(request.POST.get("round"))
    back = reverse("pool:candidates") + (f"?round={round_.pk}" if round_ else "")
    tier = request.POST.get("tier", "")
    if round_ is None:
        messages.error(request, "尚未开启推荐批次")
        return redirect(back)
    if tier not in Tier.values:
        messages.error(request, "请选择梯次")
        return redirect(back)
    chosen = batch_admit.chosen_candidates(
        request.user, round_, _ids(request.POST.getlist("cadre"))[: batch_admit.MAX_BATCH + 1]
    )
    if not chosen:
        messages.error(request, "请勾选要入库的人选")
        return redirect(back)
    if request.POST.get("confirm") != "1":
        return render(
            request,
            "pool/lists/candidates_batch_confirm.html",
            {
                "round": round_,
                "tier": tier,
                "tier_label": Tier(tier).label,
                "candidates": chosen,
                "ready": sum(1 for c in chosen if not c.membership and not c.vetoed),
                "today": timezone.localdate(),
            },
        )
    try:
        outcome = batch_admit.admit_many(request.user, round_, [c.cadre for c in chosen], tier)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    if outcome.admitted:
        names = "、".join(m.cadre.name for m in outcome.admitted)
        messages.success(request, f"已入库{len(outcome.admitted)}人（{Tier(tier).label}）：{names}")
    for cadre, reason in outcome.refused:
        messages.error(request, f"{cadre.name}未入库：{reason}")
    return redirect(back)
