"""The pure 育 rules at their boundaries (docs/rules.md defaults)."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from training import rules

FIFTH = Fraction(1, 5)


@pytest.mark.parametrize(
    ("young", "total", "ok"),
    [
        (2, 10, True),  # exactly 1/5
        (1, 5, True),  # exactly 1/5
        (1, 6, False),  # just under
        (3, 10, True),
        (0, 1, False),
        (0, 0, True),  # nobody yet: nothing to measure
    ],
)
def test_main_class_young_share_is_met_at_exactly_one_fifth(young, total, ok):
    assert rules.young_share_ok(rules.Share(young, total), FIFTH) is ok


def test_adding_an_older_trainee_to_a_class_at_one_fifth_warns_before_saving():
    before = rules.Share(2, 10)
    after = rules.share_after(before, add_other=1)
    assert after == rules.Share(2, 11)
    warning = rules.young_share_warning(before, after, FIFTH)
    assert warning == "保存后本主体班年轻干部2人、学员共11人（占18%），低于不少于1/5的要求"


def test_adding_a_young_trainee_to_a_class_already_below_does_not_warn():
    before = rules.Share(0, 6)
    assert rules.young_share_warning(before, rules.share_after(before, add_young=1), FIFTH) is None
    assert rules.young_share_warning(before, rules.share_after(before, add_other=1), FIFTH)


def test_a_change_that_keeps_the_share_at_one_fifth_does_not_warn():
    before = rules.Share(1, 4)
    assert rules.young_share_warning(before, rules.share_after(before, add_other=1), FIFTH) is None


TODAY = dt.date(2026, 6, 15)


@pytest.mark.parametrize(
    ("last", "ok"),
    [
        (dt.date(2023, 6, 15), True),  # exactly 3 years ago
        (dt.date(2023, 6, 14), False),  # one day more
        (dt.date(2023, 6, 16), True),
        (None, False),  # never
    ],
)
def test_political_training_counts_for_exactly_three_years(last, ok):
    assert rules.political_training_ok(last, TODAY, 3) is ok


@pytest.mark.parametrize(
    ("last", "ok"),
    [
        (dt.date(2021, 6, 15), True),  # exactly 5 years ago
        (dt.date(2021, 6, 14), False),
        (None, False),
    ],
)
def test_training_coverage_counts_for_exactly_five_years(last, ok):
    assert rules.trained_within(last, TODAY, 5) is ok


def test_a_leap_day_is_compared_with_the_28th_february_years_later():
    assert rules.years_before(dt.date(2028, 2, 29), 3) == dt.date(2025, 2, 28)
    assert rules.political_training_ok(dt.date(2025, 2, 28), dt.date(2028, 2, 29), 3)
    assert not rules.political_training_ok(dt.date(2025, 2, 27), dt.date(2028, 2, 29), 3)


@pytest.mark.parametrize(
    ("hours", "ok"),
    [(79, False), (Decimal("79.5"), False), (80, True), (Decimal("80.0"), True), (81, True)],
)
def test_yearly_hours_need_eighty(hours, ok):
    assert rules.hours_ok(hours, Decimal(80)) is ok


@pytest.mark.parametrize(
    ("political", "off_the_job", "days", "ok"),
    [
        (True, True, 5, True),  # a week: 5 days, start and end included
        (True, True, 4, False),
        (True, False, 10, False),  # not off the job
        (False, True, 10, False),  # not political
    ],
)
def test_a_political_training_is_off_the_job_and_at_least_a_week(political, off_the_job, days, ok):
    start = dt.date(2026, 3, 2)
    end = start + dt.timedelta(days=days - 1)
    assert rules.counts_as_political(political, off_the_job, start, end, 5) is ok


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((dt.date(2025, 1, 1), dt.date(2025, 6, 30)), (dt.date(2025, 6, 30), None), True),
        ((dt.date(2025, 1, 1), dt.date(2025, 6, 30)), (dt.date(2025, 7, 1), None), False),
        ((dt.date(2025, 1, 1), None), (dt.date(2030, 1, 1), dt.date(2030, 2, 1)), True),
        (
            (dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
            (dt.date(2025, 1, 1), dt.date(2025, 2, 28)),
            False,
        ),
    ],
)
def test_periods_overlap_when_they_share_a_day(a, b, overlap):
    assert rules.periods_overlap(*a, *b) is overlap
    assert rules.periods_overlap(*b, *a) is overlap


@pytest.mark.parametrize(
    ("rank", "ok"),
    [("正科", True), ("副科", True), ("副处", True), ("一级主任科员", False), ("", False)],
)
def test_only_leaders_may_mentor(rank, ok):
    assert rules.may_mentor(rank) is ok


@pytest.mark.parametrize(("month", "due"), [(9, False), (10, True), (12, True)])
def test_hours_reminders_start_in_the_month_set_in_the_rules(month, due):
    assert rules.hours_reminder_due(dt.date(2026, month, 1), 10) is due
