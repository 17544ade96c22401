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
    """基层经历: the longer of the 简历's grassroots lines (pool) and the person's
    postings marked 基层 (挂职, 驻村第一书记 ... often missing from the 简历). Two queries."""
    from pool import rules as pool_rules
    from pool import scoring as pool_scoring

    career = pool_scoring.grassroots_months_of(cadre_ids, ref)
    postings = selectors.grassroots_years(cadre_ids, ref)
    return {
        pk: pool_rules.grassroots_score(max(career.get(pk, 0), round(postings.get(pk, 0) * 12)))
        for pk in cadre_ids
    }
