"""Half-years, the report's periods: which half a day falls in (30 June is the first,
1 July the second), the one before, and what ``?period=`` accepts."""

import datetime as dt

import pytest

from cadre_portal.report.rules import HalfYear, PeriodError, choosable, parse_period


@pytest.mark.parametrize(
    ("day", "half"),
    [
        (dt.date(2026, 1, 1), "2026H1"),
        (dt.date(2026, 6, 30), "2026H1"),
        (dt.date(2026, 7, 1), "2026H2"),
        (dt.date(2026, 12, 31), "2026H2"),
    ],
)
def test_a_day_falls_in_its_half_year(day, half):
    assert str(HalfYear.of(day)) == half


@pytest.mark.parametrize(
    ("today", "finished"),
    [
        (dt.date(2026, 6, 30), "2025H2"),  # the first half is still running on its last day
        (dt.date(2026, 7, 1), "2026H1"),
        (dt.date(2026, 12, 31), "2026H1"),
        (dt.date(2027, 1, 1), "2026H2"),
    ],
)
def test_the_last_finished_half_year(today, finished):
    assert str(HalfYear.last_finished(today)) == finished


def test_a_half_year_knows_its_days_label_and_the_one_before():
    first, second = HalfYear(2026, 1), HalfYear(2026, 2)
    assert (first.start, first.end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert (second.start, second.end) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert first.label == "2026年上半年" and second.label == "2026年下半年"
    assert first.previous() == HalfYear(2025, 2)
    assert second.previous() == first
    assert first.counted_until(dt.date(2026, 5, 3)) == dt.date(2026, 5, 3)
    assert first.counted_until(dt.date(2026, 9, 1)) == dt.date(2026, 6, 30)


@pytest.mark.parametrize("text", ["2026h2", " 2026H2 ", "2026 H 2"])
def test_a_period_is_read_leniently(text):
    assert HalfYear.parse(text) == HalfYear(2026, 2)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2026H3", "不是有效的统计期"),
        ("上半年", "不是有效的统计期"),
        ("2027H1", "统计期应在2000年上半年至本半年（2026年下半年）之间"),
        ("1999H2", "统计期应在2000年上半年"),
    ],
)
def test_a_bad_period_is_refused_in_chinese(raw, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(raw, dt.date(2026, 8, 1))


def test_without_a_period_the_last_finished_half_year_is_reported():
    assert parse_period("", dt.date(2026, 8, 1)) == HalfYear(2026, 1)
    assert parse_period("2026H2", dt.date(2026, 8, 1)) == HalfYear(2026, 2)  # the running one


def test_the_page_offers_the_running_half_year_and_those_before_it():
    offered = choosable(dt.date(2026, 8, 1), count=3)
    assert [str(h) for h in offered] == ["2026H2", "2026H1", "2025H2"]
