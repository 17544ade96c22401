"""The A/B/C rule, quarters, completion rates and the age-drift forecast, table-driven."""

import datetime as dt
from fractions import Fraction

import pytest

from staffing import rules
from staffing.rules import Quarter

FIFTH = Fraction(1, 5)


@pytest.mark.parametrize(
    ("seats", "ratio", "required"),
    [
        (0, FIFTH, 0),  # no approved seats: not graded (无职数), nothing required
        (1, FIFTH, 1),
        (5, FIFTH, 1),  # exactly 1.0: no rounding up
        (6, FIFTH, 2),  # 1.2 rounds up
        (10, FIFTH, 2),
        (11, FIFTH, 3),
        (15, Fraction(1, 3), 5),  # 5.0 exactly; 15 * float(1/3) would be 5.000000000000001
        (9, Fraction(1, 8), 2),
        (8, Fraction(1, 8), 1),
    ],
)
def test_required_is_at_least_one_with_seats_and_rounds_up_exactly(seats, ratio, required):
    assert rules.required_young(seats, ratio) == required


def test_required_refuses_negative_seats():
    with pytest.raises(ValueError):
        rules.required_young(-1, FIFTH)


@pytest.mark.parametrize(
    ("actual", "required", "gap", "level"),
    [
        (2, 2, 0, "C"),
        (3, 2, 0, "C"),  # more than required is still C, gap never negative
        (1, 1, 0, "C"),
        (1, 2, 1, "B"),  # gap exactly 1 with someone young seated
        (2, 3, 1, "B"),
        (0, 1, 1, "A"),  # gap 1 but nobody young: A
        (0, 2, 2, "A"),
        (1, 3, 2, "A"),  # gap exactly 2
        (0, 5, 5, "A"),
    ],
)
def test_level_from_actual_and_required(actual, required, gap, level):
    assert rules.gap(required, actual) == gap
    assert rules.warning_level(actual, required) == level


@pytest.mark.parametrize(
    ("text", "quarter", "end"),
    [
        ("2026Q1", Quarter(2026, 1), dt.date(2026, 3, 31)),
        ("2026Q2", Quarter(2026, 2), dt.date(2026, 6, 30)),
        ("2026q3", Quarter(2026, 3), dt.date(2026, 9, 30)),
        (" 2026Q4 ", Quarter(2026, 4), dt.date(2026, 12, 31)),
        ("2024Q1", Quarter(2024, 1), dt.date(2024, 3, 31)),
    ],
)
def test_quarter_reads_and_ends_on_its_last_day(text, quarter, end):
    assert Quarter.parse(text) == quarter
    assert quarter.end == end
    assert str(quarter) == text.strip().upper()
    assert Quarter.of(end) == quarter
    assert Quarter.of(quarter.start) == quarter


@pytest.mark.parametrize("text", ["", "2026", "2026Q0", "2026Q5", "26Q1", "2026-Q2", None])
def test_bad_quarters_are_refused_in_chinese(text):
    with pytest.raises(rules.QuarterError, match="季度"):
        Quarter.parse(text)


@pytest.mark.parametrize(
    ("today", "last"),
    [
        (dt.date(2026, 7, 1), "2026Q2"),  # the beat run on the first day of a quarter
        (dt.date(2026, 6, 30), "2026Q1"),  # Q2 is still running on its last day
        (dt.date(2026, 1, 1), "2025Q4"),
        (dt.date(2026, 3, 31), "2025Q4"),
        (dt.date(2026, 11, 15), "2026Q3"),
    ],
)
def test_last_finished_quarter(today, last):
    assert str(Quarter.last_finished(today)) == last


def test_quarters_shift_across_years():
    assert str(Quarter(2026, 4).next()) == "2027Q1"
    assert str(Quarter(2026, 1).previous()) == "2025Q4"
    assert str(Quarter(2026, 2).shift(7)) == "2028Q1"
    assert Quarter(2025, 4) < Quarter(2026, 1)


@pytest.mark.parametrize(
    ("rows", "required", "met", "rate"),
    [
        ([(2, 2), (0, 1), (1, 2)], 5, 3, 0.6),
        ([(5, 1), (0, 1)], 2, 1, 0.5),  # a surplus in one team does not cover another
        ([(1, 3)], 3, 1, 0.3333),  # rounded to 4 places
        ([(2, 3)], 3, 2, 0.6667),
        ([], 0, 0, None),
    ],
)
def test_region_completion_counts_at_most_required_per_team(rows, required, met, rate):
    done = rules.completion_rate(rows)
    assert (done.required, done.met, done.rate) == (required, met, rate)


Q2 = Quarter(2026, 2)  # reference date 2026-06-30


@pytest.mark.parametrize(
    ("births", "required", "expected"),
    [
        # one young member born 1991-06: 35 at 2026-06-30, 36 from 2027-06 -> A in 2027Q2
        ([dt.date(1991, 6, 1)], 1, ("2027Q2", "A", 0)),
        # born 1991-07: turns 36 in July 2027 -> still 35 at 2027-06-30, A in 2027Q3
        ([dt.date(1991, 7, 1)], 1, ("2027Q3", "A", 0)),
        # two young of two required: the first to age out makes it B
        ([dt.date(1991, 9, 1), dt.date(1995, 1, 1)], 2, ("2027Q3", "B", 1)),
        # nobody ages out within three years
        ([dt.date(1995, 1, 1)], 1, None),
        # already A (nobody young): cannot get worse
        ([dt.date(1980, 1, 1)], 1, None),
        # B with one young of two: when that one ages out it becomes A
        ([dt.date(1990, 12, 1), dt.date(1980, 1, 1)], 2, ("2026Q4", "A", 0)),
    ],
)
def test_forecast_names_the_first_quarter_the_level_gets_worse(births, required, expected):
    forecast = rules.forecast_downgrade([(b, 35) for b in births], required, Q2)
    if expected is None:
        assert forecast is None
    else:
        assert (str(forecast.quarter), forecast.level, forecast.actual) == expected


def test_forecast_looks_only_as_far_as_the_horizon():
    member = [(dt.date(1993, 1, 1), 35)]  # 36 in Jan 2029: 2029Q1 is 11 quarters after 2026Q2
    assert str(rules.forecast_downgrade(member, 1, Q2, horizon=12).quarter) == "2029Q1"
    assert rules.forecast_downgrade(member, 1, Q2, horizon=10) is None


def test_forecast_ignores_seats_without_a_threshold():
    assert rules.forecast_downgrade([(dt.date(2000, 1, 1), None)], 1, Q2) is None


@pytest.mark.parametrize(
    ("seats", "team", "level", "required"),
    [
        (0, True, None, 0),  # 无职数: not graded, never A
        (1, True, "A", 1),  # one seat, nobody young: graded
        (5, False, None, 0),  # a 内设机构: never graded
    ],
)
def test_who_is_graded(seats, team, level, required):
    ref = dt.date(2026, 6, 30)
    now = rules.standing(seats, {1: dt.date(1970, 1, 1)}, 35, FIFTH, ref, team=team)
    assert (now.level, now.required, now.gap) == (level, required, required)


@pytest.mark.parametrize(
    ("layer", "team"),
    [
        ("city_dept", True),
        ("county_leadership", True),
        ("county_dept", True),
        ("township", True),
        ("city_body", False),
        ("county_body", False),
        (None, False),
    ],
)
def test_only_the_four_team_layers_are_graded(layer, team):
    assert rules.is_team_layer(layer) is team


@pytest.mark.parametrize(
    ("results", "met"),
    [
        ([True, True], True),
        ([True, False], False),  # one layer short: the target is not met
        ([True, None], True),  # a layer with nothing to count does not decide
        ([None], None),
        ([], None),
    ],
)
def test_a_target_is_met_only_when_every_layer_is(results, met):
    assert rules.all_met(results) is met


def test_layer_counts_per_appointment_and_team_with_each_young_test():
    ref = dt.date(2026, 6, 30)
    teams = {1: "township", 2: "township", 3: "county_body"}
    seated = [
        (1, True, dt.date(1990, 7, 1)),  # 35: young by the seat (35) and by the fixed 35
        (1, False, dt.date(1995, 1, 1)),  # 31
        (2, True, dt.date(1980, 1, 1)),
        (3, True, dt.date(1995, 6, 1)),  # 31: not young in a 县乡内设机构 seat (30)
        (9, True, dt.date(2000, 1, 1)),  # a team outside the groups: ignored
    ]
    limits = {"township": 35, "county_body": 30}
    counts = rules.layer_counts(teams, seated, limits, rules.young_tests([35]), ref)
    assert counts["township"] == {
        "teams": 2, "m": 3, "ch": 2, "y0": 2, "yc0": 1, "ty0": 1, "y1": 2, "yc1": 1, "ty1": 1,
    }  # fmt: skip
    assert (counts["county_body"]["y0"], counts["county_body"]["y1"]) == (0, 1)
    assert rules.target_figure("young_chiefs", counts["township"], 0) == (1, 2)
    assert rules.target_figure("young_members", counts["township"], 0) == (2, 3)
    assert rules.target_figure("every_team", counts["township"], 1) == (1, 2)
    assert rules.target_figure("bodies_with_young", counts["county_body"], 0) == (0, 1)
