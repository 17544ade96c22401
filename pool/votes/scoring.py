"""民主推荐得票 as a 积分排序 item: a person's 得票率 (over all voter groups) in their
latest closed, valid 推荐 round, as a score from 0 to 100. A scheme uses it by adding
an item with the code ``democratic_recommendation``."""

from __future__ import annotations

import datetime as dt

from pool.models import VoteKind
from pool.selection.scoring import register_item
from pool.votes.results import latest_rates

CODE = "democratic_recommendation"


def recommendation_votes(cadre_ids: list[int], ref: dt.date) -> dict[int, float]:
    return {
        cadre_id: round(float(rate) * 100, 1)
        for cadre_id, (_, rate, _) in latest_rates(cadre_ids, VoteKind.RECOMMEND).items()
        if rate is not None
    }


register_item(CODE, "民主推荐得票", recommendation_votes)
