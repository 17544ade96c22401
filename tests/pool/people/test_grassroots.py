"""基层工作经历: one rule for every stage (issue #16). The disputed 简历 lines are
pinned here: work in a 乡镇(街道) or 村(社区), or a line naming one (乡, 镇, 街道, 村,
社区, 驻村, 第一书记); county and city departments do not count, nor do the place
words inside a department's name or business (农村, 乡村振兴, 城乡, 城镇, 村镇,
乡镇企业, 社区矫正)."""

import datetime as dt

import pytest

from pool.people import rules

D = dt.date

LINES = [
    # townships, streets, villages, communities
    ("东县青石镇党委委员", True),
    ("青石镇党政办科员", True),
    ("中共青石镇委员会副书记", True),
    ("北山乡人民政府副乡长", True),
    ("北山乡财政所所长", True),
    ("城关街道办事处副主任", True),
    ("城关街道新华社区党委书记", True),
    ("青石镇石门村主任助理（到村任职）", True),
    ("东县青石镇大塘村党支部第一书记", True),
    ("青石镇卫生院院长", True),
    ("青石镇林业站站长", True),
    # 驻村 and 第一书记 count even when a department sent the person
    ("驻村工作队队员", True),
    ("县委组织部选派任大塘村第一书记", True),
    ("大学生村官", True),
    # county and city departments: the disputed lines
    ("县农业农村局副局长", False),
    ("东县农业农村局办公室主任", False),
    ("县新农村建设办公室主任", False),
    ("东县乡村振兴局科员", False),
    ("东县城乡建设局副局长", False),
    ("江州市城镇化办公室科员", False),
    ("县住建局村镇建设股股员", False),
    ("县乡镇企业局科员", False),
    ("县司法局社区矫正科科长", False),
    ("县民政局社区建设股股长", False),
    ("县教育局青石镇中心学校教师", False),  # a department's line, whatever place follows
    ("县发改委派驻青石镇工作组", False),
    ("东县委组织部干部科科员", False),
    ("县委办公室科员", False),
    ("湖南大学经济学院学习", False),
    ("", False),
]


@pytest.mark.parametrize(("line", "grassroots"), LINES)
def test_grassroots_lines(line, grassroots):
    assert rules.is_grassroots(line) is grassroots


def test_a_line_naming_a_township_on_file_counts_whatever_follows():
    assert not rules.is_grassroots("石桥林场场长")
    assert rules.is_grassroots("石桥林场场长", ["石桥", "北山镇"])


@pytest.mark.parametrize(("level", "grassroots"), [("township", True), ("county", False)])
def test_a_unit_on_file_at_township_level_is_grassroots(level, grassroots):
    assert rules.unit_is_grassroots(level) is grassroots


@pytest.mark.parametrize(
    ("spans", "months"),
    [
        ([], 0),
        ([(D(2020, 1, 1), D(2020, 1, 1))], 1),  # one month, both ends included
        ([(D(2020, 1, 1), D(2020, 12, 1))], 12),
        # 简历 written either way: 2020.01--2020.06 then 2020.07--, or sharing 2020.06
        ([(D(2020, 1, 1), D(2020, 6, 1)), (D(2020, 7, 1), D(2020, 12, 1))], 12),
        ([(D(2020, 1, 1), D(2020, 6, 1)), (D(2020, 6, 1), D(2020, 12, 1))], 12),
        # overlapping spans count once; a gap is not counted
        ([(D(2020, 1, 1), D(2020, 12, 1)), (D(2020, 6, 1), D(2021, 5, 1))], 17),
        ([(D(2020, 1, 1), D(2020, 3, 1)), (D(2021, 1, 1), D(2021, 3, 1))], 6),
        # an open span runs through the reference month (2026-05); later ones do not count
        ([(D(2025, 6, 1), None)], 12),
        ([(D(2026, 6, 1), None)], 0),
        ([(D(2025, 6, 1), D(2030, 1, 1))], 12),
        # a posting's days: 2019-03-01..2022-02-28 is 36 months
        ([(D(2019, 3, 1), D(2022, 2, 28))], 36),
    ],
)
def test_covered_months_is_the_union_of_the_spans(spans, months):
    assert rules.covered_months(spans, D(2026, 5, 20)) == months


def test_grassroots_months_join_career_lines_and_postings():
    entries = [
        (D(2014, 7, 1), D(2016, 6, 1), "青石镇党政办科员"),
        (D(2016, 7, 1), D(2018, 6, 1), "县农业农村局科员"),  # not counted
    ]
    postings = [(D(2016, 1, 1), D(2016, 12, 31))]  # overlaps the first line by 6 months
    assert rules.grassroots_months(entries, D(2026, 1, 1)) == 24
    assert rules.grassroots_months(entries, D(2026, 1, 1), extra_spans=postings) == 30
