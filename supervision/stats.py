"""Aggregate reads of the 管 stage for dashboards, reports and reminders: counts only,
never a talk note or an integrity detail, so leaders may read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual

from pool.selection.period_stats import day_range
from pool.selection.stats import Scope, pool_members_on
from supervision import rules
from supervision.models import (
    Concern,
    Conclusion,
    IntegrityOpinion,
    TalkerRole,
    TalkParticipant,
    TalkRule,
)


@dataclass(frozen=True)
class Coverage:
    rule: TalkRule
    members: int  # pool members on the reference date
    covered: int  # ... with a talk by that role inside the period ending then

    @property
    def role_label(self) -> str:
        return TalkerRole(self.rule.talker_role).label

    @property
    def rate(self) -> float | None:
        return round(self.covered / self.members, 4) if self.members else None


def talk_coverage(scope: Scope, ref: dt.date) -> list[Coverage]:
    """For each calendar-period talk rule, how many pool members (on ``ref``) had as
    many talks by that role as the rule asks inside the calendar period holding ``ref``
    (up to ``ref``). Two queries (rules, one aggregate with a subquery per rule)."""
    talk_rules = [r for r in TalkRule.objects.all() if r.is_periodic]
    if not talk_rules:
        return []
    aggregates = {"members": Count("pk")}
    for i, rule in enumerate(talk_rules):
        talked = TalkParticipant.objects.filter(
            cadre_id=OuterRef("cadre_id"),
            talker_role=rule.talker_role,
            date__gte=rules.period_bounds(ref, rule.period)[0],
            date__lte=ref,
        )
        if rule.times == 1:
            condition = Q(Exists(talked))
        else:
            held = talked.order_by().values("cadre_id").annotate(n=Count("pk")).values("n")[:1]
            condition = GreaterThanOrEqual(Coalesce(Subquery(held), 0), rule.times)
        aggregates[f"r{i}"] = Count("pk", filter=condition)
    result = pool_members_on(scope, ref).aggregate(**aggregates)
    return [Coverage(rule, result["members"], result[f"r{i}"]) for i, rule in enumerate(talk_rules)]


@dataclass(frozen=True)
class TalksHeld:
    times: int = 0  # 人次: one person in one talk
    people: int = 0  # people talked with, each once


def talks_by_role(scope: Scope, start: dt.date, end: dt.date) -> dict[str, TalksHeld]:
    """Talks with people in scope between ``start`` and ``end``, by the talker's role
    (the roles the 谈话频次 rules name). One query."""
    rows = (
        TalkParticipant.objects.filter(
            cadre__unit_id__in=scope.in_scope, date__gte=start, date__lte=end
        )
        .order_by()
        .values("talker_role")
        .annotate(times=Count("pk"), people=Count("cadre_id", distinct=True))
        .values_list("talker_role", "times", "people")
    )
    return {role: TalksHeld(times, people) for role, times, people in rows}


@dataclass(frozen=True)
class OpinionCounts:
    asked: int  # opinions asked between start and end
    clear: int  # answered in that time: 无问题
    clues: int  # ... 有问题线索
    checking: int  # ... 正在核查
    pending: int  # asked by the end and not answered by then

    @property
    def answered(self) -> int:
        return self.clear + self.clues + self.checking


def opinion_counts(scope: Scope, start: dt.date, end: dt.date) -> OpinionCounts:
    """廉政意见 about people in scope: asked and answered (by conclusion) between
    ``start`` and ``end``, and those still unanswered at the end. Counts only. One query."""
    first, after = day_range(start, end)
    answered = Q(answered_at__gte=first, answered_at__lt=after)
    result = (
        IntegrityOpinion.objects.filter(cadre__unit_id__in=scope.in_scope)
        .order_by()
        .aggregate(
            asked=Count("pk", filter=Q(request__created__gte=first, request__created__lt=after)),
            clear=Count("pk", filter=answered & Q(conclusion=Conclusion.CLEAR)),
            clues=Count("pk", filter=answered & Q(conclusion=Conclusion.CLUES)),
            checking=Count("pk", filter=answered & Q(conclusion=Conclusion.CHECKING)),
            pending=Count(
                "pk",
                filter=Q(request__created__lt=after)
                & (Q(answered_at__isnull=True) | Q(answered_at__gte=after)),
            ),
        )
    )
    return OpinionCounts(**result)


def pending_opinions(unit_ids: list[int]):
    """Integrity opinions asked about people in ``unit_ids`` and not yet answered."""
    return IntegrityOpinion.objects.filter(
        cadre__unit_id__in=unit_ids, answered_at__isnull=True
    ).select_related("cadre__unit", "request__addressed_to")


def open_concerns_of_members(unit_ids: list[int]):
    """Concerns not yet handled about people now in the pool (they need a decision)."""
    return (
        Concern.objects.filter(
            cadre__unit_id__in=unit_ids,
            handled_on__isnull=True,
            cadre__pool_memberships__exited_on__isnull=True,
        )
        .select_related("cadre__unit")
        .distinct()
    )
