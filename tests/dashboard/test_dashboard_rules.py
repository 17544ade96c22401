"""Pure rules behind the dashboard and the reminders: age bands, cohorts, years in post,
the quarters of a trend and when a ratio target is met."""

import datetime as dt
from fractions import Fraction

import pytest

from pool.people import rules as pool_rules
from staffing import rules

REF = dt.date(2026, 6, 30)


def _birth_for_age(age: int, ref: dt.date = REF) -> tuple[dt.date, dt.date]:
    """The earliest and the latest first-of-month birth date of someone ``age`` at ``ref``."""
    oldest = pool_rules.young_cutoff(age, ref)
    youngest = pool_rules.young_cutoff(age - 1, ref)
    months = youngest.year * 12 + youngest.month - 2
    return oldest, dt.date(months // 12, months % 12 + 1, 1)


@pytest.mark.parametrize(
    ("age", "label"),
    [(25, "25岁及以下"), (26, "26—30岁"), (30, "26—30岁"), (31, "31—35岁"), (35, "31—35岁"),
     (36, "36—40岁"), (60, "56—60岁"), (61, "61岁及以上")],
)  # fmt: skip
def test_age_band_holds_both_ends_of_its_range(age, label):
    band = pool_rules.age_band_of(age)
    assert band.label == label
    earliest, latest = band.birth_range(REF)
    for birth in _birth_for_age(age):
        assert pool_rules.age_at(birth, REF) == age
        assert (earliest is None or birth >= earliest) and (latest is None or birth <= latest)


def test_age_bands_cover_every_birth_month_once():
    for months in range(12 * 18, 12 * 70):
        birth = dt.date(REF.year - months // 12, (REF.month - 1 - months % 12) % 12 + 1, 1)
        inside = []
        for band in pool_rules.AGE_BANDS:
            earliest, latest = band.birth_range(REF)
            if (earliest is None or birth >= earliest) and (latest is None or birth <= latest):
                inside.append(band)
        assert len(inside) == 1, birth
        assert inside[0].contains(pool_rules.age_at(birth, REF))


@pytest.mark.parametrize(
    ("birth", "label"),
    [(dt.date(1984, 12, 1), None), (dt.date(1985, 1, 1), "85后"), (dt.date(1989, 12, 1), "85后"),
     (dt.date(1990, 1, 1), "90后"), (dt.date(1999, 12, 1), "90后"), (dt.date(2000, 1, 1), None)],
)  # fmt: skip
def test_cohorts_are_disjoint_birth_years(birth, label):
    found = [c.label for c in pool_rules.COHORTS if c.contains(birth)]
    assert found == ([label] if label else [])


@pytest.mark.parametrize(
    ("start", "today", "years"),
    [
        (dt.date(2021, 5, 20), dt.date(2026, 5, 19), 4),  # the day before the anniversary
        (dt.date(2021, 5, 20), dt.date(2026, 5, 20), 5),  # the anniversary itself: 满5年
        (dt.date(2021, 5, 20), dt.date(2026, 5, 21), 5),
        (dt.date(2016, 2, 29), dt.date(2026, 2, 28), 10),  # a leap day counts on 28 February
        (dt.date(2016, 3, 1), dt.date(2026, 2, 28), 9),
    ],
)
def test_full_years_served_counts_the_anniversary(start, today, years):
    assert rules.years_served(start, today) == years
    assert (start <= rules.served_since(today, years)) is True


def test_a_leap_day_anniversary_falls_on_28_february():
    assert rules.served_since(dt.date(2028, 2, 29), 5) == dt.date(2023, 2, 28)
    assert rules.served_since(dt.date(2026, 2, 28), 10) == dt.date(2016, 2, 29)
    assert rules.served_since(dt.date(2026, 2, 28), 9) == dt.date(2017, 2, 28)
    assert rules.served_since(dt.date(2026, 11, 24), 8) == dt.date(2018, 11, 24)


@pytest.mark.parametrize(
    ("ref", "last"),
    [(dt.date(2026, 6, 29), "2026Q1"), (dt.date(2026, 6, 30), "2026Q2"),
     (dt.date(2026, 7, 1), "2026Q2")],
)  # fmt: skip
def test_trend_quarters_end_on_or_before_the_date(ref, last):
    quarters = rules.quarters_up_to(ref, 4)
    assert [str(q) for q in quarters][-1] == last
    assert len(quarters) == 4
    assert quarters == sorted(quarters)


@pytest.mark.parametrize(
    ("numerator", "denominator", "met"),
    [(1, 8, True), (1, 9, False), (2, 8, True), (0, 0, None)],
)
def test_ratio_target_is_met_at_exactly_the_ratio(numerator, denominator, met):
    assert rules.target_met(numerator, denominator, Fraction(1, 8)) is met
