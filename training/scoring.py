"""育's item of the pool ranking (积分排序), registered in ``TrainingConfig.ready``."""

from __future__ import annotations

import datetime as dt

from training import rules, selectors


def training_scores(cadre_ids: list[int], ref: dt.date) -> dict[int, float]:
    """培训情况: hours of the last finished year before ``ref`` against the yearly
    requirement in the editable TrainingRules. Everyone scored (no hours: 0). Two queries."""
    yearly = selectors.current_rules().yearly_hours
    hours = selectors.hours_by_cadre(cadre_ids, ref.year - 1)
    return {pk: rules.training_score(hours.get(pk, 0), yearly) for pk in cadre_ids}


def grassroots_scores(cadre_ids: list[int], ref: dt.date) -> dict[int, float]:
    """基层经历: the 简历 lines and the postings at the grassroots (one rule, in
    ``pool.people.rules``), overlaps counted once."""
    from pool.selection import rules as selection_rules

    months = selectors.grassroots_months(cadre_ids, ref)
    return {pk: selection_rules.grassroots_score(months.get(pk, 0)) for pk in cadre_ids}
