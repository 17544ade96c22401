"""Pure rules of the 管 stage: when a talk is due or overdue per calendar period
(docs/rules.md), the validity of an integrity opinion, the 工作实绩 score.

No ORM and no I/O.
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
    """The first day of the rolling window of ``period_months`` ending ``today`` (the
    same day N calendar months earlier, clamped): an integrity opinion's validity."""
    if period_months < 1:
        raise ValueError("period_months must be at least 1")
    return add_months(today, -period_months)


# --- 谈话频次 per calendar period (docs/rules.md, issue #16) -------------------
#
# A rule's period is a calendar month, quarter, half-year or year. A member owes the
# periods from the first full period after their pool entry (entry on the period's
# first day owes that period). The ledger asks about two periods only:
#   - the latest ended period: 逾期 when it had fewer talks than the rule asks and the
#     shortfall has not been made up by talks held since it ended (补谈 clears the row);
#   - the current period: 即将到期 in its last ``DUE_SOON_DAYS`` days while it is short.
# Older lapses are history (the half-yearly report counts talks per period).
# "每年至少2次" (组织人事部门) is a yearly period with ``times=2``: two talks anywhere in
# the calendar year, as the sentence reads, not one per half-year.

PERIOD_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
DUE_SOON_DAYS = 15  # 即将到期: the period's last 15 days, its last day included


class State:
    NOT_OWED = "not_owed"  # entered too recently: no full period yet
    OK = "ok"  # the latest owed period is met (or not yet in its last 15 days)
    DUE_SOON = "due_soon"  # 即将到期
    OVERDUE = "overdue"  # 逾期


STATE_LABELS = {State.DUE_SOON: "即将到期", State.OVERDUE: "逾期"}


def period_bounds(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar ``period`` containing ``day``."""
    months = PERIOD_MONTHS[period]
    first_month = (day.month - 1) // months * months + 1
    start = dt.date(day.year, first_month, 1)
    end = add_months(start, months) - dt.timedelta(days=1)
    return start, end


def first_owed_start(entered_on: dt.date, period: str) -> dt.date:
    """The first day of the first full period after ``entered_on``: that period itself
    when entry falls on its first day, otherwise the next one."""
    start, end = period_bounds(entered_on, period)
    return start if entered_on == start else end + dt.timedelta(days=1)


def period_label(start: dt.date, period: str) -> str:
    """2026年7月, 2026年第三季度, 2026年下半年, 2026年."""
    if period == "month":
        return f"{start.year}年{start.month}月"
    if period == "quarter":
        return f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"
    if period == "half_year":
        return f"{start.year}年{'上' if start.month <= 6 else '下'}半年"
    return f"{start.year}年"


@dataclass(frozen=True)
class TalkStatus:
    state: str
    last_talk: dt.date | None = None  # the latest talk by that role up to today
    period_start: dt.date | None = None  # the period the state is about
    period_end: dt.date | None = None
    held: int = 0  # talks in that period
    times: int = 1  # talks the rule asks per period

    @property
    def overdue(self) -> bool:
        return self.state == State.OVERDUE

    @property
    def due_soon(self) -> bool:
        return self.state == State.DUE_SOON

    @property
    def never(self) -> bool:
        return self.last_talk is None

    @property
    def label(self) -> str:
        return STATE_LABELS.get(self.state, "")


def _count(dates, start: dt.date, end: dt.date) -> int:
    return sum(1 for d in dates if start <= d <= end)


def talk_status(
    talk_dates, today: dt.date, period: str, owed_from: dt.date, times: int = 1
) -> TalkStatus:
    """The state on ``today`` of one member under one periodic rule.

    ``talk_dates``: the dates of that member's talks by the rule's talker role;
    ``owed_from``: the first day of the first owed period (``first_owed_start``)."""
    if times < 1:
        raise ValueError("times must be at least 1")
    dates = [d for d in talk_dates if d <= today]
    last = max(dates, default=None)
    cur_start, cur_end = period_bounds(today, period)
    prev_start, prev_end = period_bounds(cur_start - dt.timedelta(days=1), period)
    if owed_from <= prev_start:
        held = _count(dates, prev_start, prev_end)
        made_up = _count(dates, cur_start, today)
        if held < times and made_up < times - held:
            return TalkStatus(State.OVERDUE, last, prev_start, prev_end, held, times)
    if owed_from > cur_start:
        return TalkStatus(State.NOT_OWED, last, times=times)
    held = _count(dates, cur_start, today)
    soon = held < times and (cur_end - today).days < DUE_SOON_DAYS
    state = State.DUE_SOON if soon else State.OK
    return TalkStatus(state, last, cur_start, cur_end, held, times)


def appointment_talk_status(
    appointed_on: dt.date, talk_dates, today: dt.date, within_days: int
) -> TalkStatus:
    """任职廉政谈话: due within ``within_days`` days of the appointment (the day itself
    counts as day 0). A 任前 talk up to ``within_days`` days before the appointment
    counts too (it is often held before the document's date); a late talk clears 逾期.
    ``talk_dates``: the person's 任职廉政 talks."""
    due = appointed_on + dt.timedelta(days=within_days)
    earliest = appointed_on - dt.timedelta(days=within_days)
    dates = [d for d in talk_dates if earliest <= d <= today]
    last = max(dates, default=None)
    if dates:
        return TalkStatus(State.OK, last, appointed_on, due, len(dates))
    if today > due:
        return TalkStatus(State.OVERDUE, None, appointed_on, due)
    if (due - today).days < DUE_SOON_DAYS:
        return TalkStatus(State.DUE_SOON, None, appointed_on, due)
    return TalkStatus(State.OK, None, appointed_on, due)


APPOINTMENT_LOOKBACK_DAYS = 365  # appointments older than this are history, not reminders


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
