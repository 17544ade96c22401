"""人岗相适 rules at their boundaries: two years in a deputy seat for a chief post,
five years of work and two of grassroots for 县处级, no veto, no recent 不称职."""

import pytest

from staffing import rules


def facts(**changes):
    base = dict(
        age=33, max_age=35, lower_post_months=24, work_months=60, grassroots_months=24,
        vetoed=False, failed_assessment_year=None,
    )  # fmt: skip
    return rules.CandidateFacts(**{**base, **changes})


@pytest.mark.parametrize(("months", "ok"), [(23, False), (24, True), (25, True)])
def test_two_years_in_a_deputy_seat_for_a_chief_post(months, ok):
    result = rules.eligibility(facts(lower_post_months=months), chief_post=True, county_level=False)
    assert result.eligible is ok
    if not ok:
        assert result.failed == ("任副职1年11个月，不满2年",)


def test_a_deputy_post_needs_no_lower_post_years():
    result = rules.eligibility(facts(lower_post_months=0), chief_post=False, county_level=False)
    assert result.eligible


@pytest.mark.parametrize(
    ("work", "grassroots", "failed"),
    [
        (60, 24, ()),
        (59, 24, ("工龄4年11个月，不满5年",)),
        (60, 23, ("基层工作经历1年11个月，不满2年",)),
        (None, 24, ("参加工作时间不详，无法核实工龄",)),
    ],
)
def test_county_level_posts_need_work_and_grassroots_years(work, grassroots, failed):
    result = rules.eligibility(
        facts(work_months=work, grassroots_months=grassroots), chief_post=False, county_level=True
    )
    assert result.failed == failed


def test_veto_and_failed_assessment_make_a_candidate_ineligible():
    result = rules.eligibility(
        facts(vetoed=True, failed_assessment_year=2025), chief_post=False, county_level=False
    )
    assert not result.eligible
    assert result.failed == ("存在一票否决情形", "2025年度考核不称职")


@pytest.mark.parametrize(("age", "young"), [(35, True), (36, False)])
def test_age_within_the_threshold_is_young(age, young):
    assert rules.eligibility(facts(age=age), chief_post=False, county_level=False).young is young


@pytest.mark.parametrize(
    ("text", "grassroots"),
    [("青石镇党委副书记", True), ("东县城关街道办事处", True), ("县委办公室科员", False)],
)
def test_grassroots_lines(text, grassroots):
    assert rules.is_grassroots(text) is grassroots


@pytest.mark.parametrize(
    ("months", "text"), [(0, "0个月"), (6, "6个月"), (12, "1年"), (23, "1年11个月")]
)
def test_durations_read_naturally(months, text):
    result = rules.eligibility(facts(lower_post_months=months), chief_post=True, county_level=False)
    assert result.failed == (f"任副职{text}，不满2年",)
