"""Overdue talks at the exact period boundary, for every default rule (pure, no DB)."""

import datetime as dt

import pytest

from supervision import rules

D = dt.date
TODAY = D(2026, 7, 15)

# (rule, period_months, last talk, overdue on TODAY): the period start is the same day
# N months back; a talk on that day still counts, the day before does not.
BOUNDARIES = [
    ("县级领导", 6, D(2026, 1, 15), False),
    ("县级领导", 6, D(2026, 1, 14), True),
    ("单位主要领导", 3, D(2026, 4, 15), False),
    ("单位主要领导", 3, D(2026, 4, 14), True),
    ("分管领导", 1, D(2026, 6, 15), False),
    ("分管领导", 1, D(2026, 6, 14), True),
    ("党委(党组)主要负责同志", 12, D(2025, 7, 15), False),
    ("党委(党组)主要负责同志", 12, D(2025, 7, 14), True),
    ("组织人事部门", 6, D(2026, 1, 15), False),
    ("组织人事部门", 6, D(2026, 1, 14), True),
    ("组织人事部门", 6, TODAY, False),
    ("组织人事部门", 6, None, True),
]


@pytest.mark.parametrize(("rule", "months", "last", "overdue"), BOUNDARIES)
def test_talk_is_overdue_only_before_the_period_start(rule, months, last, overdue):
    status = rules.talk_status(last, TODAY, months)
    assert status.overdue is overdue, rule
    assert status.last_talk == last


@pytest.mark.parametrize(
    ("today", "months", "start"),
    [
        (D(2026, 3, 31), 1, D(2026, 2, 28)),  # clamped to February's last day
        (D(2028, 3, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2026, 8, 31), 6, D(2026, 2, 28)),
        (D(2026, 1, 10), 3, D(2025, 10, 10)),  # across the year
        (D(2026, 1, 10), 12, D(2025, 1, 10)),
        (D(2026, 5, 31), 3, D(2026, 2, 28)),
    ],
)
def test_period_start_is_calendar_correct(today, months, start):
    assert rules.period_start(today, months) == start


def test_month_end_boundary_counts_the_clamped_day():
    assert not rules.talk_status(D(2026, 2, 28), D(2026, 3, 31), 1).overdue
    assert rules.talk_status(D(2026, 2, 27), D(2026, 3, 31), 1).overdue


@pytest.mark.parametrize(
    ("last", "months", "due"),
    [(D(2026, 1, 31), 1, D(2026, 2, 28)), (D(2026, 1, 15), 6, D(2026, 7, 15)), (None, 3, None)],
)
def test_due_date_is_one_period_after_the_last_talk(last, months, due):
    assert rules.due_date(last, months) == due


def test_period_must_be_at_least_a_month():
    with pytest.raises(ValueError):
        rules.period_start(TODAY, 0)
