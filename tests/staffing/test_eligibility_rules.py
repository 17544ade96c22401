"""人岗相适 conditions at their boundaries, with the defaults of 《党政领导干部选拔任用
工作条例》 (2 years as a deputy for a chief post, 5 years of work and 2 of grassroots
for 县处级, no veto, no 不称职 in 3 years) and with values staff changed."""

import pytest

from staffing import rules
from staffing.rules import AppliesTo, Check, EligibilityRule

DEFAULTS = (
    EligibilityRule(Check.NO_VETO, AppliesTo.ALL),
    EligibilityRule(Check.NO_FAILED_ASSESSMENT, AppliesTo.ALL, 3),
    EligibilityRule(Check.LOWER_POST_YEARS, AppliesTo.CHIEF, 2),
    EligibilityRule(Check.WORK_YEARS, AppliesTo.COUNTY, 5),
    EligibilityRule(Check.GRASSROOTS_YEARS, AppliesTo.COUNTY, 2),
)


def facts(**changes):
    base = dict(
        age=33, max_age=35, lower_post_months=24, work_months=60, grassroots_months=24,
        vetoed=False, failed_years=(), year=2026,
    )  # fmt: skip
    return rules.CandidateFacts(**{**base, **changes})


def check(conditions=DEFAULTS, *, chief=False, county=False, **changes):
    return rules.eligibility(facts(**changes), conditions, chief_post=chief, county_level=county)


def with_rule(code, **changes):
    """The defaults with one condition changed (``years``, ``applies_to``) or dropped."""
    out = []
    for rule in DEFAULTS:
        if rule.code != code:
            out.append(rule)
        elif changes:
            out.append(EligibilityRule(code, changes.get("applies_to", rule.applies_to),
                                       changes.get("years", rule.years)))  # fmt: skip
    return tuple(out)


@pytest.mark.parametrize(
    ("conditions", "months", "failed"),
    [
        (DEFAULTS, 23, ("任副职1年11个月，不满2年",)),
        (DEFAULTS, 24, ()),
        (DEFAULTS, 25, ()),
        (with_rule(Check.LOWER_POST_YEARS, years=3), 35, ("任副职2年11个月，不满3年",)),
        (with_rule(Check.LOWER_POST_YEARS, years=3), 36, ()),
        (with_rule(Check.LOWER_POST_YEARS), 0, ()),  # switched off
    ],
)
def test_years_as_a_deputy_for_a_chief_post(conditions, months, failed):
    assert check(conditions, chief=True, lower_post_months=months).failed == failed


def test_a_deputy_post_needs_no_years_as_a_deputy():
    assert check(chief=False, lower_post_months=0).eligible


@pytest.mark.parametrize(
    ("conditions", "work", "grassroots", "failed"),
    [
        (DEFAULTS, 60, 24, ()),
        (DEFAULTS, 59, 24, ("工龄4年11个月，不满5年",)),
        (DEFAULTS, 60, 23, ("基层工作经历1年11个月，不满2年",)),
        (DEFAULTS, None, 24, ("参加工作时间不详，无法核实工龄",)),
        (with_rule(Check.WORK_YEARS, years=6), 71, 24, ("工龄5年11个月，不满6年",)),
        (with_rule(Check.WORK_YEARS, years=6), 72, 24, ()),
        (with_rule(Check.GRASSROOTS_YEARS, years=3), 60, 35, ("基层工作经历2年11个月，不满3年",)),
        (with_rule(Check.GRASSROOTS_YEARS), 60, 0, ()),  # switched off
    ],
)
def test_county_level_posts_need_work_and_grassroots_years(conditions, work, grassroots, failed):
    result = check(conditions, county=True, work_months=work, grassroots_months=grassroots)
    assert result.failed == failed


@pytest.mark.parametrize(
    ("applies_to", "county", "failed"),
    [
        (AppliesTo.COUNTY, False, ()),
        (AppliesTo.ALL, False, ("基层工作经历0个月，不满2年",)),
        (AppliesTo.ALL, True, ("基层工作经历0个月，不满2年",)),
    ],
)
def test_a_condition_widened_to_all_posts_applies_below_county_level(applies_to, county, failed):
    conditions = with_rule(Check.GRASSROOTS_YEARS, applies_to=applies_to)
    assert check(conditions, county=county, grassroots_months=0).failed == failed


@pytest.mark.parametrize(
    ("conditions", "failed_years", "failed"),
    [
        (DEFAULTS, (2023,), ("2023年度考核不称职",)),  # 2026 - 3: inside the look-back
        (DEFAULTS, (2022,), ()),
        (DEFAULTS, (2021, 2025), ("2025年度考核不称职",)),
        (with_rule(Check.NO_FAILED_ASSESSMENT, years=5), (2021,), ("2021年度考核不称职",)),
        (with_rule(Check.NO_FAILED_ASSESSMENT, years=5), (2020,), ()),
        (with_rule(Check.NO_FAILED_ASSESSMENT), (2025,), ()),  # switched off
    ],
)
def test_no_failed_assessment_within_the_look_back(conditions, failed_years, failed):
    assert check(conditions, failed_years=failed_years).failed == failed


def test_veto_and_failed_assessment_make_a_candidate_ineligible():
    result = check(vetoed=True, failed_years=(2025,))
    assert not result.eligible
    assert result.failed == ("存在一票否决情形", "2025年度考核不称职")
    assert check(with_rule(Check.NO_VETO), vetoed=True).eligible


def test_the_reasons_met_are_named():
    assert check(chief=True, county=True).passed == (
        "无一票否决情形", "近3年无不称职", "任副职2年", "工龄5年", "基层工作经历2年",
        "33岁，在35岁年轻干部标准内",
    )  # fmt: skip


@pytest.mark.parametrize(("age", "young"), [(35, True), (36, False)])
def test_age_within_the_threshold_is_young(age, young):
    assert check(age=age).young is young


@pytest.mark.parametrize(
    ("months", "text"), [(0, "0个月"), (6, "6个月"), (12, "1年"), (23, "1年11个月")]
)
def test_durations_read_naturally(months, text):
    assert check(chief=True, lower_post_months=months).failed == (f"任副职{text}，不满2年",)


@pytest.mark.parametrize(
    ("rule", "condition"),
    [
        (DEFAULTS[0], "无一票否决情形"),
        (DEFAULTS[1], "近3年年度考核无不称职"),
        (DEFAULTS[2], "任下一级职务满2年"),
        (DEFAULTS[3], "工龄满5年"),
        (DEFAULTS[4], "基层工作经历满2年"),
    ],
)
def test_each_condition_in_words(rule, condition):
    assert rule.condition == condition
