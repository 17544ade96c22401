"""批量入库: staff tick many people on the candidates summary, see one confirmation page
listing everyone, then each person goes through ``services.accept_candidate`` (the same
rules as 入库 one by one) in a savepoint of their own: a refused person leaves nothing
written, the others are admitted, and each refusal is reported by name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from pool.models import Cadre, PoolMembership, RecommendationRound, Tier
from pool.selection import selectors as selection_selectors
from pool.selection import services

MAX_BATCH = 300


@dataclass
class BatchOutcome:
    admitted: list[PoolMembership] = field(default_factory=list)
    refused: list[tuple[Cadre, str]] = field(default_factory=list)


def chosen_candidates(
    user, round_: RecommendationRound, cadre_ids
) -> list[selection_selectors.Candidate]:
    """The ticked people among the round's candidates ``user`` may read, in the summary's
    order; ids outside the jurisdiction or not recommended are dropped."""
    wanted = set(cadre_ids)
    if not wanted:
        return []
    return selection_selectors.merged_candidates(user, round_, cadre_ids=wanted)


def admit_many(
    user,
    round_: RecommendationRound,
    cadres: list[Cadre],
    tier: str,
    *,
    on: dt.date | None = None,
) -> BatchOutcome:
    """入库 each of ``cadres`` with ``tier``; one refusal never undoes the others."""
    if tier not in Tier.values:
        raise ValidationError({"tier": "请选择梯次"})
    if not cadres:
        raise ValidationError("请勾选要入库的人选")
    if len(cadres) > MAX_BATCH:
        raise ValidationError(f"一次最多批量入库{MAX_BATCH}人")
    outcome = BatchOutcome()
    for cadre in cadres:
        try:
            with transaction.atomic():
                outcome.admitted.append(services.accept_candidate(user, round_, cadre, tier, on=on))
        except ValidationError as error:
            outcome.refused.append((cadre, "；".join(error.messages)))
    return outcome
