import datetime as dt

import pytest

from pool.people import rules


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
    assert (rules.age_at(birth, dt.date(2026, 5, 15)) <= 35) is young


def test_young_cutoff_agrees_with_age_for_every_month_across_years():
    ref = dt.date(2026, 6, 30)
    for max_age in (30, 35, 40):
        cutoff = rules.young_cutoff(max_age, ref)
        for year in range(1980, 2000):
            for month in range(1, 13):
                birth = dt.date(year, month, 1)
                assert (birth >= cutoff) is (rules.age_at(birth, ref) <= max_age), (birth, max_age)


L = rules.SeatLayer


@pytest.mark.parametrize(
    ("level", "kind", "parent_level", "layer"),
    [
        ("city", "party_gov_dept", "city", L.CITY_DEPT),
        ("county", "party_gov_dept", "county", L.COUNTY_DEPT),
        ("county", "county_leadership", "city", L.COUNTY_LEADERSHIP),
        ("township", "township", "county", L.TOWNSHIP),
        # a 内设机构 takes the level of the unit it belongs to
        ("city", "internal_body", "city", L.CITY_BODY),
        ("county", "internal_body", "county", L.COUNTY_BODY),
        ("township", "internal_body", "township", L.COUNTY_BODY),
        ("county", "internal_body", "city", L.CITY_BODY),  # parent wins over its own level
        ("county", "internal_body", None, L.COUNTY_BODY),  # no parent: its own level
        # outside the six layers
        ("city", "county_leadership", None, None),
        ("county", "institution", "county", None),
        ("county", "soe", "county", None),
        ("city", "region", None, None),
        ("township", "party_gov_dept", "township", None),
    ],
)
def test_seat_layer_of_a_unit(level, kind, parent_level, layer):
    assert rules.seat_layer(level, kind, parent_level) == layer


def test_every_layer_has_a_label_and_a_default_age():
    assert set(rules.LAYER_LABELS) == set(rules.DEFAULT_SEAT_AGES)
    assert set(rules.TEAM_LAYERS) | set(rules.BODY_LAYERS) == set(rules.LAYER_LABELS)
    assert {layer for _, _, layer in rules.LAYER_RULES} == set(rules.LAYER_LABELS)


CEILINGS = {"正处": 40, "副处": 40, "一级调研员": 40, "正科": 35, "一级科员": 35, "": 35}


@pytest.mark.parametrize(
    ("rank", "birth", "young"),
    [
        ("副处", dt.date(1986, 6, 1), True),  # exactly 40: 40岁以下 includes 40
        ("副处", dt.date(1986, 5, 1), True),
        ("副处", dt.date(1985, 6, 1), False),  # 41
        ("一级调研员", dt.date(1986, 6, 1), True),
        ("正科", dt.date(1991, 6, 1), True),  # exactly 35
        ("正科", dt.date(1990, 6, 1), False),  # 36
        ("一级科员", dt.date(1993, 1, 1), True),  # 33: young whatever unit they sit in
        ("", dt.date(1991, 6, 1), True),  # no rank: the blank row
        ("其他", dt.date(1990, 6, 1), False),  # a rank without a row: the blank row
    ],
)
def test_pool_ceiling_by_rank_boundaries(rank, birth, young):
    assert rules.is_young_person(birth, rank, CEILINGS, dt.date(2026, 6, 30)) is young


def test_pool_ceiling_without_any_row_is_none():
    assert rules.pool_max_age({}, "正科") is None
    assert not rules.is_young_person(dt.date(2000, 1, 1), "正科", {}, dt.date(2026, 6, 30))


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
