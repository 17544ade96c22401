"""人岗相适: for a vacant post, the pool members in the user's jurisdiction ranked by
eligibility (rules.eligibility against the EligibilityRule rows in force) with their
reasons; a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from pool.models import Cadre, PoolMembership, Tier, UnitKind, UnitLevel, Veto
from pool.people.rules import months_between
from pool.people.selectors import seat_max_age_of, units_for
from staffing import rules
from staffing.models import Appointment, EligibilityRule, LeadershipTeam, Post
from supervision.models import Assessment, AssessmentKind
from training import selectors as training_selectors

TIER_ORDER = {Tier.NEAR: 0, Tier.MID: 1, Tier.LONG: 2}
FAILING_GRADE = "不称职"


@dataclass
class Candidate:
    cadre: Cadre
    membership: PoolMembership
    facts: rules.CandidateFacts
    result: rules.Eligibility

    def rank_key(self) -> tuple:
        return (
            not self.result.eligible,
            not self.result.young,
            TIER_ORDER.get(self.membership.tier, 9),
            -self.facts.lower_post_months,
            self.facts.age,
            self.cadre.pk,
        )


def is_county_level(team: LeadershipTeam) -> bool:
    """县处级 seats: a county's own leadership, or a city-level team."""
    return team.unit.kind == UnitKind.COUNTY_LEADERSHIP or team.unit.level == UnitLevel.CITY


def conditions_in_force() -> list[rules.EligibilityRule]:
    """The 人岗相适 conditions staff keep switched on, in their order."""
    return [r.as_rule() for r in EligibilityRule.objects.filter(active=True)]


def candidates(user, team: LeadershipTeam, post: Post, ref: dt.date) -> list[Candidate]:
    memberships = list(
        PoolMembership.objects.filter(
            exited_on__isnull=True, cadre__unit__in=units_for(user).values("pk")
        )
        .exclude(
            cadre__appointments__in=Appointment.objects.serving_on(ref).filter(post__team=team)
        )
        .select_related("cadre__unit")
        .order_by("cadre_id")
    )
    ids = [m.cadre_id for m in memberships]
    vetoed = set(
        Veto.objects.filter(cadre_id__in=ids, active=True).values_list("cadre_id", flat=True)
    )
    failed: dict[int, list[int]] = defaultdict(list)
    for cadre_id, year in Assessment.objects.filter(
        cadre_id__in=ids, kind=AssessmentKind.ANNUAL, grade=FAILING_GRADE
    ).values_list("cadre_id", "year"):
        failed[cadre_id].append(year)
    lower: dict[int, int] = defaultdict(int)
    for cadre_id, start, end in Appointment.objects.filter(
        cadre_id__in=ids, post__is_chief=False, start_date__lte=ref
    ).values_list("cadre_id", "start_date", "end_date"):
        lower[cadre_id] += months_between(start, min(end or ref, ref))
    grassroots = training_selectors.grassroots_months(ids, ref)  # the one 基层 rule
    conditions = conditions_in_force()
    limit = seat_max_age_of(team.unit)
    county = is_county_level(team)
    found = []
    for m in memberships:
        cadre = m.cadre
        facts = rules.CandidateFacts(
            age=cadre.age_at(ref),
            max_age=limit,
            lower_post_months=lower[cadre.pk],
            work_months=months_between(cadre.work_start_month, ref)
            if cadre.work_start_month
            else None,
            grassroots_months=grassroots.get(cadre.pk, 0),
            vetoed=cadre.pk in vetoed,
            failed_years=tuple(failed[cadre.pk]),
            year=ref.year,
        )
        result = rules.eligibility(facts, conditions, chief_post=post.is_chief, county_level=county)
        found.append(Candidate(cadre, m, facts, result))
    found.sort(key=Candidate.rank_key)
    return found
