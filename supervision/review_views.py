"""研判 (动态调整): the list of pool members a signal has put under review, and the
保留 / 出库 decision. Staff only; the rules are ``supervision.reviews``'."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import STAFF, require_roles
from supervision import reviews
from supervision.models import ReviewDecision


@require_roles(*STAFF)
def review_list(request):
    state = request.GET.get("state", "pending")
    rows = reviews.pending_reviews(request.user) if state == "pending" else None
    if rows is None:
        rows = reviews.reviews_for(request.user).order_by("-opened_on", "-pk")
    return render(
        request,
        "supervision/reviews.html",
        {
            "reviews": rows[:300],
            "state": state,
            "today": timezone.localdate(),
            "decisions": [c for c in ReviewDecision.choices if c[0]],
        },
    )


@require_POST
@require_roles(*STAFF)
def review_decide(request, pk: int):
    review = get_object_or_404(reviews.reviews_for(request.user), pk=pk)
    try:
        done = reviews.decide_review(
            request.user, review, request.POST.get("decision", ""), request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已研判{done.cadre.name}：{done.get_decision_display()}")
    return redirect("supervision:reviews")
