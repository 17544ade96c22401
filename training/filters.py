"""育's filter of the pool page (培训情况), registered in ``TrainingConfig.ready`` through
``pool.selection.member_filters``: this year's 学时 against the yearly requirement, the political
training within its cycle and training coverage, met or not, from the editable
``TrainingRules``. Each choice is one subquery on the pool stays (no loop over people)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from training import rules, selectors

HOURS_MET, HOURS_SHORT = "hours_met", "hours_short"
POLITICAL_MET, POLITICAL_MISSING = "political_met", "political_missing"
COVERED, NOT_COVERED = "covered", "not_covered"
VALUES = (HOURS_MET, HOURS_SHORT, POLITICAL_MET, POLITICAL_MISSING, COVERED, NOT_COVERED)


def choices() -> list[tuple[str, str]]:
    r = selectors.current_rules()
    hours = f"{r.yearly_hours.normalize():f}学时"
    political = f"{r.political_years}年内"
    return [
        (HOURS_MET, f"本年学时达标（≥{hours}）"),
        (HOURS_SHORT, f"本年学时未达{hours}"),
        (POLITICAL_MET, f"{political}参加过脱产政治训练"),
        (POLITICAL_MISSING, f"{political}未参加脱产政治训练"),
        (COVERED, f"{r.coverage_years}年内参加过培训"),
        (NOT_COVERED, f"{r.coverage_years}年内未参加培训"),
    ]


def apply(members: QuerySet, value: str, today: dt.date) -> QuerySet:
    """Pool stays (``PoolMembership``) meeting, or short of, one training rule at
    ``today``: the same rules as the 培训合规 page, as subqueries."""
    r = selectors.current_rules()
    if value in (HOURS_MET, HOURS_SHORT):
        members = members.annotate(training_hours=selectors.hours_in_year(today.year))
        if value == HOURS_MET:
            return members.filter(training_hours__gte=r.yearly_hours)
        return members.filter(training_hours__lt=r.yearly_hours)
    if value in (POLITICAL_MET, POLITICAL_MISSING):
        since = rules.years_before(today, r.political_years)
        done = selectors.political_trained_since(since, r.political_min_days)
        return members.filter(done if value == POLITICAL_MET else ~done)
    if value in (COVERED, NOT_COVERED):
        done = selectors.trained_since(rules.years_before(today, r.coverage_years))
        return members.filter(done if value == COVERED else ~done)
    return members
