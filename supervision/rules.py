"""Pure rules of the 管 stage: when a talk by a role is overdue (DESIGN.md section 4).

No ORM and no I/O. A rule "every N months" is met on ``today`` when a talk by that
role falls on or after the period start: the same day N calendar months earlier
(clamped to the month's last day, so 3月31日 minus one month is 2月28日 or 29日).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (negative = back), clamped to the
    last day of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def period_start(today: dt.date, period_months: int) -> dt.date:
    """The first day of the period that ends ``today`` for a rule of ``period_months``."""
    if period_months < 1:
        raise ValueError("period_months must be at least 1")
    return add_months(today, -period_months)


@dataclass(frozen=True)
class TalkStatus:
    overdue: bool
    last_talk: dt.date | None  # the latest talk by that role, if any

    @property
    def never(self) -> bool:
        return self.last_talk is None


def talk_status(last_talk: dt.date | None, today: dt.date, period_months: int) -> TalkStatus:
    """Overdue when no talk by the role falls on or after the period start."""
    start = period_start(today, period_months)
    overdue = last_talk is None or last_talk < start
    return TalkStatus(overdue, last_talk)


def due_date(last_talk: dt.date | None, period_months: int) -> dt.date | None:
    """The day by which the next talk was due (the last talk plus one period)."""
    return add_months(last_talk, period_months) if last_talk else None


def opinion_is_current(
    conclusion: str | None, answered_on: dt.date | None, ref: dt.date, valid_months: int
) -> bool:
    """A clean integrity opinion is current at ``ref`` when the latest answered one is
    无问题 (``"clear"``) and was answered on or after ``ref`` minus ``valid_months``
    (the same calendar day, clamped like the talk periods)."""
    if conclusion != "clear" or answered_on is None or answered_on > ref:
        return False
    return answered_on >= period_start(ref, valid_months)


# 工作实绩: points per 重点工作表现 rating (editable here, in one place).
RATING_POINTS = {"优秀": 100, "良好": 80, "一般": 60, "较差": 30}
PERFORMANCE_YEARS = 3  # records whose task ended (or is running) within this many years


def performance_score(ratings) -> float | None:
    """工作实绩 score 0..100: the mean of the points of ``ratings``; ``None`` when there is
    no record (the ranking treats it as "no data", not as zero)."""
    points = [RATING_POINTS[r] for r in ratings if r in RATING_POINTS]
    if not points:
        return None
    return round(sum(points) / len(points), 1)
