"""Pure rules of 任前公示, 试用期 and 任现职年限, at their boundaries."""

import datetime as dt

import pytest

from staffing import rules

D = dt.date
# 2026-03-02 is a Monday; 03-06 Friday; 03-07/08 the weekend.


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (D(2026, 3, 2), D(2026, 3, 6), 5),  # Monday to Friday: exactly 5
        (D(2026, 3, 2), D(2026, 3, 5), 4),  # one short
        (D(2026, 3, 2), D(2026, 3, 8), 5),  # the weekend adds nothing
        (D(2026, 3, 2), D(2026, 3, 9), 6),
        (D(2026, 3, 4), D(2026, 3, 10), 5),  # Wednesday to next Tuesday
        (D(2026, 3, 4), D(2026, 3, 9), 4),
        (D(2026, 3, 7), D(2026, 3, 8), 0),  # a weekend only
        (D(2026, 3, 6), D(2026, 3, 5), 0),  # end before start
    ],
)
def test_working_days_leave_out_saturdays_and_sundays(start, end, days):
    assert rules.working_days(start, end) == days


def test_holidays_do_not_count_and_makeup_saturdays_do():
    national_day = frozenset(D(2026, 10, d) for d in range(1, 8))
    makeup = frozenset({D(2026, 10, 10)})  # a Saturday worked
    assert rules.working_days(D(2026, 9, 28), D(2026, 10, 9), national_day) == 5
    assert rules.working_days(D(2026, 10, 8), D(2026, 10, 12), national_day, makeup) == 4
    assert rules.working_days(D(2026, 10, 8), D(2026, 10, 13), national_day, makeup) == 5


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 3, 2), D(2026, 3, 6)),  # Monday -> Friday
        (D(2026, 3, 4), D(2026, 3, 10)),  # Wednesday -> Tuesday
        (D(2026, 3, 7), D(2026, 3, 13)),  # a Saturday start -> Friday
    ],
)
def test_earliest_end_gives_exactly_five_working_days(start, end):
    assert rules.earliest_publicity_end(start) == end
    assert rules.working_days(start, end) == 5


@pytest.mark.parametrize(
    ("start", "last_day"),
    [
        (D(2026, 3, 2), D(2027, 3, 1)),
        (D(2026, 1, 1), D(2026, 12, 31)),
        (D(2028, 2, 29), D(2029, 2, 27)),  # leap day: the year ends on 28 Feb, so 27 is last
        (D(2027, 3, 1), D(2028, 2, 29)),
    ],
)
def test_probation_is_exactly_one_year(start, last_day):
    assert rules.probation_until(start) == last_day
    # one day later is the first day after the probation
    assert rules.add_years(start, 1) == last_day + dt.timedelta(days=1)


@pytest.mark.parametrize("years", [5, 8, 10])
@pytest.mark.parametrize(
    ("offset", "served"),
    [(-1, False), (0, True), (1, True)],  # a day before the anniversary, on it, after it
)
def test_full_years_in_post_at_the_boundary(years, offset, served):
    start = D(2016, 3, 2)
    ref = rules.add_years(start, years) + dt.timedelta(days=offset)
    assert (rules.years_served(start, ref) >= years) is served
    assert (start <= rules.served_since(ref, years)) is served


def test_a_leap_day_start_is_served_on_28_february():
    start = D(2016, 2, 29)
    assert rules.years_served(start, D(2021, 2, 27)) == 4
    assert rules.years_served(start, D(2021, 2, 28)) == 5
    assert rules.served_since(D(2021, 2, 28), 5) >= start
    assert rules.served_since(D(2021, 2, 27), 5) < start


@pytest.mark.parametrize(
    ("count", "total", "ratio", "missing"),
    [(1, 8, (1, 8), 0), (0, 8, (1, 8), 1), (1, 9, (1, 8), 1), (2, 9, (1, 8), 0),
     (0, 0, (1, 5), 0), (3, 10, (1, 3), 1), (4, 10, (1, 3), 0), (5, 5, (1, 1), 0)],
)  # fmt: skip
def test_missing_to_reach_a_ratio(count, total, ratio, missing):
    from fractions import Fraction

    assert rules.missing_to_reach(count, total, Fraction(*ratio)) == missing
