"""The 纪委监委 liaison's side of 廉政意见: a notice for each new request, the inbox
with counts and deadline, the signatories remembered per liaison, and answering many
people of one request at once (each through ``services.answer_opinion``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from pool.notify import notices
from supervision.models import IntegrityOpinion, IntegrityRequest, LiaisonSignatories

MAX_BATCH = 500


def notify_liaison(req: IntegrityRequest, people: int) -> None:
    """站内提醒 to the liaison a request is addressed to (once per request)."""
    due = f"，请于{req.due_on:%Y年%-m月%-d日}前回复" if req.due_on else ""
    notices.notify(
        [req.addressed_to],
        kind="廉政意见",
        title=f"新的廉政意见征求（{req.get_purpose_display()}）{people}人{due}",
        body="请逐人或批量回复结论，并由承办人、审核人签字。",
        url=reverse("supervision:inbox_detail", args=[req.pk]),
        key=f"integrity-request-{req.pk}",
    )


def inbox_requests(liaison) -> QuerySet[IntegrityRequest]:
    """The requests addressed to ``liaison``, each with its counts: one query."""
    return (
        IntegrityRequest.objects.filter(addressed_to=liaison)
        .select_related("requested_by")
        .annotate(
            people=Count("opinions"),
            answered=Count("opinions", filter=Q(opinions__answered_at__isnull=False)),
        )
        .order_by("-created", "-id")
    )


def open_count(req) -> int:
    return req.people - req.answered


def signatories_for(liaison) -> dict[str, str]:
    row = LiaisonSignatories.objects.filter(liaison=liaison).first()
    if row is None:
        return {}
    return {"first_signatory": row.first_signatory, "second_signatory": row.second_signatory}


def remember_signatories(liaison, first: str, second: str) -> None:
    LiaisonSignatories.objects.update_or_create(
        liaison=liaison, defaults={"first_signatory": first, "second_signatory": second}
    )


def answer_many(
    liaison,
    req: IntegrityRequest,
    opinion_ids,
    conclusion: str,
    first_signatory: str,
    second_signatory: str,
    detail: str = "",
) -> list[IntegrityOpinion]:
    """回复 the ticked people of ``req`` with one conclusion and two signatures, all or
    none: a refusal (missing signature, 有问题线索 without 具体情况) writes nothing."""
    from supervision import services  # services notifies through this module

    if req.addressed_to_id != getattr(liaison, "pk", None):
        raise ValidationError("该廉政意见征求不是发给您的，不能回复")
    ids = list(dict.fromkeys(opinion_ids))
    if not ids:
        raise ValidationError("请勾选要回复的人员")
    if len(ids) > MAX_BATCH:
        raise ValidationError(f"一次最多回复{MAX_BATCH}人")
    opinions = list(req.opinions.filter(pk__in=ids).select_related("cadre"))
    if len(opinions) != len(ids):
        raise ValidationError("所选人员不在本次征求中")
    with transaction.atomic():
        return [
            services.answer_opinion(
                liaison, o, conclusion, first_signatory, second_signatory, detail
            )
            for o in opinions
        ]


def is_overdue(req: IntegrityRequest, today: dt.date) -> bool:
    return bool(req.due_on and req.due_on < today and open_count(req))
