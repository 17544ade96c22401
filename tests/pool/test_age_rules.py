import datetime as dt

import pytest

from pool import rules
from pool.rules import YoungRule


@pytest.mark.parametrize(
    ("birth", "ref", "age"),
    [
        (dt.date(1990, 6, 1), dt.date(2025, 6, 30), 35),  # birthday month reached: 35
        (dt.date(1990, 6, 1), dt.date(2025, 5, 31), 34),  # month before: still 34
        (dt.date(1990, 6, 1), dt.date(2026, 5, 1), 35),
        (dt.date(1990, 6, 1), dt.date(2026, 6, 1), 36),  # turns 36 in June 2026
        (dt.date(1990, 12, 1), dt.date(2025, 1, 15), 34),
        (dt.date(1990, 1, 1), dt.date(2025, 12, 31), 35),
    ],
)
def test_age_is_whole_years_from_year_and_month(birth, ref, age):
    assert rules.age_at(birth, ref) == age


@pytest.mark.parametrize(
    ("birth", "young"),
    [
        (dt.date(1990, 6, 1), True),  # exactly 35 on 2026-05-15: "35岁以下" includes 35
        (dt.date(1990, 5, 1), False),  # 36 since May 2026
        (dt.date(1991, 1, 1), True),
    ],
)
def test_35_or_under_includes_exactly_35(birth, young):
    assert rules.is_young(birth, 35, dt.date(2026, 5, 15)) is young


def test_young_cutoff_agrees_with_age_for_every_month_across_years():
    ref = dt.date(2026, 6, 30)
    for max_age in (30, 35, 40):
        cutoff = rules.young_cutoff(max_age, ref)
        for year in range(1980, 2000):
            for month in range(1, 13):
                birth = dt.date(year, month, 1)
                assert (birth >= cutoff) is rules.is_young(birth, max_age, ref), (birth, max_age)


def test_young_threshold_prefers_exact_kind_over_any_kind():
    table = [
        YoungRule("county", "party_gov_dept", 35),
        YoungRule("county", "county_leadership", 40),
        YoungRule("county", "", 33),
    ]
    assert rules.young_max_age(table, "county", "county_leadership") == 40
    assert rules.young_max_age(table, "county", "institution") == 33
    assert rules.young_max_age(table, "city", "institution") is None


@pytest.mark.parametrize(
    ("raw", "month"),
    [
        ("1988.03", dt.date(1988, 3, 1)),
        ("1988.3", dt.date(1988, 3, 1)),
        ("1988年3月", dt.date(1988, 3, 1)),
        ("198803", dt.date(1988, 3, 1)),
        ("1988-03-15", dt.date(1988, 3, 1)),
        ("19880315", dt.date(1988, 3, 1)),
        ("1988/3", dt.date(1988, 3, 1)),
        (dt.date(1988, 3, 15), dt.date(1988, 3, 1)),
        (dt.datetime(1988, 3, 15, 0, 0), dt.date(1988, 3, 1)),
        ("", None),
        (None, None),
    ],
)
def test_months_are_read_as_cadre_files_write_them(raw, month):
    assert rules.parse_month(raw) == month


@pytest.mark.parametrize("raw", ["1988.13", "88.03", "三月", "1988年"])
def test_impossible_months_are_refused(raw):
    with pytest.raises(rules.MonthError, match="不是有效的年月"):
        rules.parse_month(raw)


def test_born_in_the_90s_means_1990_to_1999():
    assert rules.born_in_decade(dt.date(1990, 1, 1), 90)
    assert rules.born_in_decade(dt.date(1999, 12, 1), 90)
    assert not rules.born_in_decade(dt.date(2000, 1, 1), 90)
    assert rules.born_in_decade(dt.date(2001, 1, 1), 0)
