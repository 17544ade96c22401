"""模拟调配: a team's level if some holders left and some people were seated, at a
reference date, computed as the quarterly warning does; nothing is saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pool.models import Cadre
from staffing import rules
from staffing.selectors.ledger import TeamDetail


@dataclass(frozen=True)
class Standing:
    seated: int
    required: int
    actual: int

    @property
    def gap(self) -> int:
        return rules.gap(self.required, self.actual)

    @property
    def level(self) -> str:
        return rules.warning_level(self.actual, self.required)


@dataclass
class Simulation:
    ref: dt.date
    approved_seats: int
    before: Standing
    after: Standing
    removed: list  # Holder rows taken out
    added: list[tuple[Cadre, int, bool]]  # (cadre, age, young)

    @property
    def over_quota(self) -> int:
        """Seats beyond the team's 核定职数 after the moves (a real 任职 would be refused)."""
        return max(0, self.after.seated - self.approved_seats)

    @property
    def changed(self) -> bool:
        return self.after.level != self.before.level


def simulate(detail: TeamDetail, ref: dt.date, remove: set[int], add: list[Cadre]) -> Simulation:
    """``detail`` holds the team's holders at ``ref`` (selectors.team_detail); ``remove``
    are appointment ids among them; ``add`` are people (already scoped) to seat."""
    holders = [h for p in detail.posts for h in p.holders]
    kept = [h for h in holders if h.appointment.pk not in remove]
    removed = [h for h in holders if h.appointment.pk in remove]
    seated_ids = {h.appointment.cadre_id for h in kept}
    added = []
    for cadre in add:
        if cadre.pk in seated_ids:
            continue  # already in the team: one seat per person
        age = cadre.age_at(ref)
        added.append((cadre, age, detail.max_age is not None and age <= detail.max_age))
        seated_ids.add(cadre.pk)
    required = detail.required
    before = Standing(len(holders), required, sum(1 for h in holders if h.young))
    after = Standing(
        len(kept) + len(added),
        required,
        sum(1 for h in kept if h.young) + sum(1 for _, _, young in added if young),
    )
    return Simulation(ref, detail.approved_seats, before, after, removed, added)
