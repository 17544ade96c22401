"""动态调整: the signals about a person that every entry path raises the same way
(form, import, API), and the 研判 list they feed.

``concern_recorded``, ``opinion_answered``, ``assessment_recorded`` and
``political_entry_recorded`` are called by the services and importers after they
write, inside their transaction: a signal about a pool member opens a 研判 (one per
stay and record) and notifies the staff whose jurisdiction holds the person; 组织处理
and 处分 veto at once instead (``record_veto`` ends the stay). Staff decide 保留 or
出库 with a reason within 30 days (``decide_review``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pool import audit
from pool.models import AuditAction, Cadre, ExitReason, PoolMembership
from pool.notify import notices
from pool.selection import services as pool_services
from supervision.models import (
    REVIEW_DAYS,
    VETO_HANDLINGS,
    AssessmentKind,
    Concern,
    Conclusion,
    IntegrityOpinion,
    PoliticalFileEntry,
    PoolReview,
    ReviewDecision,
    ReviewTrigger,
)

EXIT_REASONS = {
    ReviewTrigger.CONCERN: ExitReason.INTEGRITY,
    ReviewTrigger.CLUES: ExitReason.INTEGRITY,
    ReviewTrigger.UNFIT: ExitReason.UNFIT,
    ReviewTrigger.WEAK: ExitReason.OTHER,
    ReviewTrigger.POLITICAL: ExitReason.OTHER,
}
WEAK_GRADES = ("一般", "较差")


def open_review(
    actor, cadre: Cadre, trigger: str, summary: str, key: str, on: dt.date | None = None
) -> PoolReview | None:
    """Put ``cadre``'s open pool stay on the 研判 list for this signal (once per stay
    and ``key``) and notify the staff responsible. None when not in the pool."""
    membership = PoolMembership.objects.filter(cadre=cadre, exited_on__isnull=True).first()
    if membership is None:
        return None
    on = on or timezone.localdate()
    review, made = PoolReview.objects.get_or_create(
        membership=membership,
        source_key=key,
        defaults={
            "cadre": cadre,
            "trigger": trigger,
            "summary": summary[:300],
            "opened_on": on,
            "due_on": on + dt.timedelta(days=REVIEW_DAYS),
        },
    )
    if not made:
        return review
    audit.record(
        actor,
        AuditAction.CREATE,
        review,
        detail=f"列入研判：{cadre.name}（{review.get_trigger_display()}）",
    )
    notices.notify(
        notices.staff_responsible_for(cadre.unit),
        kind="研判",
        title=f"{cadre.name}列入研判：{review.get_trigger_display()}",
        body=f"{summary}。请于{review.due_on:%Y年%m月%d日}前研判保留或出库。",
        url=reverse("supervision:reviews"),
        key=f"review-{review.pk}",
    )
    return review


def concern_recorded(actor, concern: Concern) -> PoolReview | None:
    """组织处理 and 处分 veto at once; any other concern (提醒, 诫勉, 函询 ...) is 研判."""
    cadre = concern.cadre
    if concern.handling in VETO_HANDLINGS:
        pool_services.record_veto(
            actor,
            cadre,
            f"问题线索受到{concern.get_handling_display()}：{concern.summary}",
            source=f"问题线索（{concern.source}）",
        )
        return None
    return open_review(
        actor,
        cadre,
        ReviewTrigger.CONCERN,
        f"问题线索（{concern.source}）{concern.get_handling_display()}：{concern.summary}",
        f"concern:{concern.pk}",
    )


def opinion_answered(actor, opinion: IntegrityOpinion) -> PoolReview | None:
    """有问题线索: the staff who asked are told, and a pool member is 研判."""
    if opinion.conclusion != Conclusion.CLUES:
        return None
    cadre = opinion.cadre
    requester = opinion.request.requested_by
    notices.notify(
        [requester],
        kind="廉政意见",
        title=f"{cadre.name}的廉政意见：有问题线索",
        body=opinion.detail,
        url=reverse("supervision:integrity_detail", args=[opinion.request_id]),
        key=f"opinion-clues-{opinion.pk}",
    )
    return open_review(
        actor,
        cadre,
        ReviewTrigger.CLUES,
        f"纪委监委廉政意见为有问题线索：{opinion.detail}",
        f"opinion:{opinion.pk}",
    )


def assessment_recorded(actor, assessment) -> str:
    """An annual 不称职 or a second 一般/较差 平时考核 in the year: 研判. Returns the
    note shown to whoever entered it ("" when nothing follows)."""
    from supervision.models import Assessment

    cadre = assessment.cadre
    if assessment.kind == AssessmentKind.ANNUAL and assessment.grade == "不称职":
        note = f"{cadre.name}{assessment.year}年度考核不称职，已列入研判（保留或出库）"
        open_review(actor, cadre, ReviewTrigger.UNFIT, note, f"assessment:{assessment.pk}")
        return note
    if assessment.kind == AssessmentKind.QUARTERLY and assessment.grade in WEAK_GRADES:
        weak = Assessment.objects.filter(
            cadre=cadre,
            year=assessment.year,
            kind=AssessmentKind.QUARTERLY,
            grade__in=WEAK_GRADES,
        ).count()
        if weak >= 2:
            note = f"{cadre.name}{assessment.year}年平时考核已{weak}次为一般或较差，已列入研判"
            open_review(
                actor, cadre, ReviewTrigger.WEAK, note, f"weak:{cadre.pk}:{assessment.year}"
            )
            return note
    return ""


def political_entry_recorded(actor, entry: PoliticalFileEntry) -> PoolReview | None:
    if not entry.adverse:
        return None
    return open_review(
        actor,
        entry.cadre,
        ReviewTrigger.POLITICAL,
        f"政治素质档案（{entry.get_source_display()}）：{entry.finding}",
        f"political:{entry.pk}",
    )


def decide_review(actor, review: PoolReview, decision: str, reason: str) -> PoolReview:
    """研判: 保留 (the stay continues) or 出库 (the stay ends, with the reason)."""
    reason = (reason or "").strip()
    if decision not in (ReviewDecision.KEEP, ReviewDecision.EXIT):
        raise ValidationError({"decision": "请选择保留或出库"})
    if not reason:
        raise ValidationError({"reason": "请填写研判理由"})
    with transaction.atomic():
        current = (
            PoolReview.objects.select_for_update(of=("self",))
            .select_related("membership", "cadre")
            .get(pk=review.pk)
        )
        if current.decision:
            raise ValidationError("该研判已有结果", code="decided")
        if decision == ReviewDecision.EXIT and current.membership.exited_on is None:
            pool_services.exit_pool(
                actor, current.membership, EXIT_REASONS[current.trigger], f"研判出库：{reason}"
            )
        current.decision, current.reason = decision, reason
        current.decided_by, current.decided_at = actor, timezone.now()
        current.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"研判{current.cadre.name}：{current.get_decision_display()}（{reason}）",
            before={"decision": ""},
            after={"decision": decision, "reason": reason},
        )
    return current


def reviews_for(user):
    """研判 of people in ``user``'s jurisdiction, soonest due first (reads)."""
    from pool.people.selectors import units_for

    return (
        PoolReview.objects.filter(cadre__unit__in=units_for(user).values("pk"))
        .select_related("cadre__unit", "membership", "decided_by")
        .order_by("due_on", "pk")
    )


def pending_reviews(user):
    """Still to decide, for people still in the pool."""
    return reviews_for(user).filter(decision="", membership__exited_on__isnull=True)


# --- Person flags (``pool.people.flags``): one query each, for ids the caller has scoped. ---


def under_review(cadre_ids, ref: dt.date) -> set[int]:
    """In the pool with a 研判 not yet decided."""
    return set(
        PoolReview.objects.filter(
            cadre_id__in=list(cadre_ids),
            decision="",
            membership__exited_on__isnull=True,
            opened_on__lte=ref,
        ).values_list("cadre_id", flat=True)
    )


def with_open_concern(cadre_ids, ref: dt.date) -> set[int]:
    """A 问题线索 received by ``ref`` and not yet handled."""
    return set(
        Concern.objects.filter(
            cadre_id__in=list(cadre_ids), received_on__lte=ref, handled_on__isnull=True
        ).values_list("cadre_id", flat=True)
    )


def with_integrity_clues(cadre_ids, ref: dt.date) -> set[int]:
    """The latest answered 廉政意见 by ``ref`` says 有问题线索 or 正在核查."""
    latest = (
        IntegrityOpinion.objects.filter(cadre_id__in=list(cadre_ids), answered_at__date__lte=ref)
        .order_by("cadre_id", "-answered_at", "-id")
        .distinct("cadre_id")
        .values_list("cadre_id", "conclusion")
    )
    return {
        pk for pk, conclusion in latest if conclusion in (Conclusion.CLUES, Conclusion.CHECKING)
    }


def vetoed(cadre_ids, ref: dt.date) -> set[int]:
    from pool.selection.selectors import active_veto_ids

    return active_veto_ids(cadre_ids)
