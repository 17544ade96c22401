"""谈话频次 per calendar period at the boundaries (pure, no DB): the day a period
ends, the 15-day 即将到期 window, entry on a period's first day against mid-period,
made-up talks, "每年至少2次", and the 30 days of a 任职廉政谈话."""

import datetime as dt

import pytest

from supervision import rules
from supervision.rules import State

D = dt.date
OVERDUE, SOON, OK, NOT_OWED = State.OVERDUE, State.DUE_SOON, State.OK, State.NOT_OWED


@pytest.mark.parametrize(
    ("day", "period", "start", "end"),
    [
        (D(2026, 2, 14), "month", D(2026, 2, 1), D(2026, 2, 28)),
        (D(2028, 2, 29), "month", D(2028, 2, 1), D(2028, 2, 29)),  # leap year
        (D(2026, 3, 31), "quarter", D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 4, 1), "quarter", D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 12, 31), "quarter", D(2026, 10, 1), D(2026, 12, 31)),
        (D(2026, 6, 30), "half_year", D(2026, 1, 1), D(2026, 6, 30)),
        (D(2026, 7, 1), "half_year", D(2026, 7, 1), D(2026, 12, 31)),
        (D(2026, 9, 1), "year", D(2026, 1, 1), D(2026, 12, 31)),
    ],
)
def test_period_bounds_are_calendar_periods(day, period, start, end):
    assert rules.period_bounds(day, period) == (start, end)


@pytest.mark.parametrize(
    ("entered", "period", "owed_from"),
    [
        (D(2026, 1, 1), "half_year", D(2026, 1, 1)),  # on the first day: that period is full
        (D(2026, 1, 2), "half_year", D(2026, 7, 1)),  # mid-period: the next one
        (D(2026, 6, 30), "half_year", D(2026, 7, 1)),
        (D(2026, 4, 1), "quarter", D(2026, 4, 1)),
        (D(2026, 4, 15), "quarter", D(2026, 7, 1)),
        (D(2026, 12, 15), "month", D(2027, 1, 1)),
        (D(2026, 3, 1), "year", D(2027, 1, 1)),
        (D(2026, 1, 1), "year", D(2026, 1, 1)),
    ],
)
def test_a_member_owes_from_the_first_full_period_after_entry(entered, period, owed_from):
    assert rules.first_owed_start(entered, period) == owed_from


def test_two_talks_in_january_and_february_are_not_overdue_on_1_september():
    """The demo's complaint: a rolling six-month window flagged this on 1 September."""
    talks = [D(2026, 1, 10), D(2026, 2, 20)]
    status = rules.talk_status(talks, D(2026, 9, 1), "half_year", D(2026, 1, 1))
    assert status.state == OK
    assert not status.overdue


# (talks, today, period, entered, times, state): the half-year H1 2026 ends on 30 June.
CASES = [
    # the day a period ends: still the current period; the next day it is overdue
    ([], D(2026, 6, 30), "half_year", D(2026, 1, 1), 1, SOON),
    ([], D(2026, 7, 1), "half_year", D(2026, 1, 1), 1, OVERDUE),
    ([D(2026, 6, 30)], D(2026, 7, 1), "half_year", D(2026, 1, 1), 1, OK),  # last day counts
    ([D(2026, 1, 1)], D(2026, 7, 1), "half_year", D(2026, 1, 1), 1, OK),  # first day counts
    ([D(2025, 12, 31)], D(2026, 7, 1), "half_year", D(2026, 1, 1), 1, OVERDUE),  # before it
    # the 15-day window: 30 June is the last day, so 16 June is the first 即将到期 day
    ([], D(2026, 6, 15), "half_year", D(2026, 1, 1), 1, OK),
    ([], D(2026, 6, 16), "half_year", D(2026, 1, 1), 1, SOON),
    ([D(2026, 2, 1)], D(2026, 6, 20), "half_year", D(2026, 1, 1), 1, OK),
    ([], D(2026, 3, 16), "quarter", D(2026, 1, 1), 1, OK),  # 31 March - 15 days
    ([], D(2026, 3, 17), "quarter", D(2026, 1, 1), 1, SOON),
    ([], D(2026, 2, 13), "month", D(2026, 2, 1), 1, OK),  # February: 14 Feb starts the window
    ([], D(2026, 2, 14), "month", D(2026, 2, 1), 1, SOON),
    # entry on the first day of a period owes it; entry the day after does not
    ([], D(2026, 6, 30), "half_year", D(2026, 1, 2), 1, NOT_OWED),
    ([], D(2026, 7, 1), "half_year", D(2026, 1, 2), 1, OK),  # owed now, not yet due
    ([], D(2026, 12, 16), "half_year", D(2026, 1, 2), 1, OK),  # 16 days left
    ([], D(2026, 12, 17), "half_year", D(2026, 1, 2), 1, SOON),  # the last 15 days
    ([], D(2027, 1, 1), "half_year", D(2026, 1, 2), 1, OVERDUE),
    ([], D(2026, 4, 1), "quarter", D(2026, 1, 1), 1, OVERDUE),
    ([], D(2026, 3, 31), "quarter", D(2026, 1, 15), 1, NOT_OWED),
    ([], D(2026, 4, 1), "quarter", D(2026, 1, 15), 1, OK),
    # admitted today: overdue on nothing, whatever the rule
    ([], D(2026, 9, 1), "month", D(2026, 9, 1), 1, OK),
    ([], D(2026, 9, 1), "quarter", D(2026, 9, 1), 1, NOT_OWED),
    ([], D(2026, 9, 1), "half_year", D(2026, 9, 1), 1, NOT_OWED),
    ([], D(2026, 9, 1), "year", D(2026, 9, 1), 1, NOT_OWED),
    # a late talk (补谈) after the period clears 逾期
    ([D(2026, 7, 3)], D(2026, 7, 10), "half_year", D(2026, 1, 1), 1, OK),
    # 每年至少2次: two talks anywhere in the year
    ([D(2026, 1, 5), D(2026, 1, 6)], D(2027, 1, 2), "year", D(2026, 1, 1), 2, OK),
    ([D(2026, 11, 5)], D(2027, 1, 2), "year", D(2026, 1, 1), 2, OVERDUE),
    ([D(2026, 11, 5), D(2027, 1, 2)], D(2027, 1, 2), "year", D(2026, 1, 1), 2, OK),  # made up
    ([D(2026, 3, 5)], D(2026, 12, 17), "year", D(2026, 1, 1), 2, SOON),  # one short
    ([D(2026, 3, 5)], D(2026, 12, 16), "year", D(2026, 1, 1), 2, OK),
    # only the latest ended period is asked about: an older lapse is history
    ([D(2026, 5, 1)], D(2026, 7, 1), "quarter", D(2025, 1, 1), 1, OK),
]


@pytest.mark.parametrize(("talks", "today", "period", "entered", "times", "state"), CASES)
def test_talk_state_at_the_boundaries(talks, today, period, entered, times, state):
    owed_from = rules.first_owed_start(entered, period)
    assert rules.talk_status(talks, today, period, owed_from, times).state == state


def test_overdue_status_names_the_period_and_the_talks_held():
    status = rules.talk_status([D(2026, 11, 5)], D(2027, 1, 2), "year", D(2026, 1, 1), 2)
    assert (status.period_start, status.period_end) == (D(2026, 1, 1), D(2026, 12, 31))
    assert (status.held, status.times, status.last_talk) == (1, 2, D(2026, 11, 5))
    assert status.label == "逾期"


def test_talks_after_today_are_ignored():
    status = rules.talk_status([D(2026, 8, 1)], D(2026, 7, 1), "half_year", D(2026, 1, 1))
    assert status.overdue


@pytest.mark.parametrize(
    ("start", "period", "label"),
    [
        (D(2026, 7, 1), "month", "2026年7月"),
        (D(2026, 7, 1), "quarter", "2026年第三季度"),
        (D(2026, 1, 1), "half_year", "2026年上半年"),
        (D(2026, 7, 1), "half_year", "2026年下半年"),
        (D(2026, 1, 1), "year", "2026年"),
    ],
)
def test_period_labels(start, period, label):
    assert rules.period_label(start, period) == label


# 任职廉政谈话: appointed 1 June, 30 days -> due by 1 July; 即将到期 from 17 June.
APPOINTED = D(2026, 6, 1)


@pytest.mark.parametrize(
    ("talks", "today", "state"),
    [
        ([], D(2026, 6, 1), OK),
        ([], D(2026, 6, 16), OK),
        ([], D(2026, 6, 17), SOON),
        ([], D(2026, 7, 1), SOON),  # the 30th day is the last
        ([], D(2026, 7, 2), OVERDUE),
        ([D(2026, 7, 1)], D(2026, 7, 2), OK),
        ([D(2026, 5, 2)], D(2026, 7, 2), OK),  # 任前 talk 30 days before counts
        ([D(2026, 5, 1)], D(2026, 7, 2), OVERDUE),  # 31 days before does not
        ([D(2026, 7, 20)], D(2026, 7, 25), OK),  # late talk clears 逾期
    ],
)
def test_appointment_talk_within_30_days(talks, today, state):
    assert rules.appointment_talk_status(APPOINTED, talks, today, 30).state == state


def test_times_must_be_at_least_one():
    with pytest.raises(ValueError):
        rules.talk_status([], D(2026, 7, 1), "year", D(2026, 1, 1), 0)
