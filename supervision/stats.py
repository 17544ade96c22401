"""Aggregate reads of the 管 stage for dashboards and reminders: counts only, never a
talk note or an integrity detail, so leaders may read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from pool.stats import Scope, pool_members_on
from supervision import rules
from supervision.models import Concern, IntegrityOpinion, TalkerRole, TalkParticipant, TalkRule


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
    """For each talk rule, how many pool members (on ``ref``) had a talk by that role in
    the period ending on ``ref``. Two queries (rules, one aggregate with an EXISTS per rule)."""
    talk_rules = list(TalkRule.objects.all())
    if not talk_rules:
        return []
    aggregates = {"members": Count("pk")}
    for i, rule in enumerate(talk_rules):
        talked = TalkParticipant.objects.filter(
            cadre_id=OuterRef("cadre_id"),
            talker_role=rule.talker_role,
            date__gte=rules.period_start(ref, rule.period_months),
            date__lte=ref,
        )
        aggregates[f"r{i}"] = Count("pk", filter=Q(Exists(talked)))
    result = pool_members_on(scope, ref).aggregate(**aggregates)
    return [Coverage(rule, result["members"], result[f"r{i}"]) for i, rule in enumerate(talk_rules)]


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
