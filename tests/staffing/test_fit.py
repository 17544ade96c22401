"""人岗相适 page: pool members in the jurisdiction ranked for a vacant post, eligible
ones with the rules they meet, the others with the rule they fail; flat queries."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pool.models import AuditAction, AuditEntry, CareerEntry, Tier
from staffing import selectors
from staffing.models import EligibilityRule, LeadershipTeam
from tests.factories import (
    AppointmentFactory,
    AssessmentFactory,
    CadreFactory,
    LeadershipTeamFactory,
    PoolMembershipFactory,
    PostFactory,
    VetoFactory,
)

D = dt.date
TODAY = D(2026, 6, 30)


@pytest.fixture
def team(units):
    team = LeadershipTeamFactory(unit=units["qingshi"])
    PostFactory(team=team, title="镇长", is_chief=True, quota=1)
    return team


def _member(unit, name, birth, tier=Tier.MID, deputy_since=None):
    cadre = CadreFactory(unit=unit, name=name, birth_month=birth)
    PoolMembershipFactory(cadre=cadre, tier=tier)
    if deputy_since:
        AppointmentFactory(
            post=PostFactory(team=LeadershipTeam.objects.get_or_create(unit=unit)[0]),
            cadre=cadre,
            start_date=deputy_since,
        )
    return cadre


@pytest.fixture
def people(units):
    beishan = units["beishan"]
    return {
        "young": _member(beishan, "年轻副镇长", D(1992, 1, 1), deputy_since=D(2024, 6, 30)),
        "older": _member(beishan, "资深副镇长", D(1985, 1, 1), Tier.NEAR, D(2020, 1, 1)),
        "short": _member(beishan, "新任副镇长", D(1993, 1, 1), deputy_since=D(2024, 7, 1)),
        "vetoed": _member(beishan, "被否决者", D(1990, 1, 1), deputy_since=D(2019, 1, 1)),
        "failed": _member(beishan, "不称职者", D(1990, 1, 1), deputy_since=D(2019, 1, 1)),
        "outside": _member(
            units["west_edu"], "西县人员", D(1990, 1, 1), deputy_since=D(2019, 1, 1)
        ),
    }


def test_candidates_are_ranked_with_their_reasons(team, people, staff):
    VetoFactory(cadre=people["vetoed"])
    AssessmentFactory(cadre=people["failed"], year=2025, grade="不称职")
    found = selectors.candidates(staff, team, team.posts.get(), TODAY)
    eligible = [c.cadre.name for c in found if c.result.eligible]
    assert eligible == ["年轻副镇长", "资深副镇长"]  # young first, then the older near-tier
    by_name = {c.cadre.name: c for c in found}
    assert "任副职2年" in by_name["年轻副镇长"].result.passed
    assert by_name["新任副镇长"].result.failed == ("任副职1年11个月，不满2年",)
    assert by_name["被否决者"].result.failed == ("存在一票否决情形",)
    assert by_name["不称职者"].result.failed == ("2025年度考核不称职",)
    assert "西县人员" not in by_name


def test_a_county_leadership_post_needs_work_and_grassroots_years(units, people, staff):
    county = LeadershipTeamFactory(unit=units["east"])
    post = PostFactory(team=county, title="副县长", quota=3)
    young = people["young"]
    young.work_start_month = D(2014, 7, 1)
    young.save()
    CareerEntry.objects.create(cadre=young, start_month=D(2019, 1, 1), description="北山镇副镇长")
    found = {c.cadre.name: c for c in selectors.candidates(staff, county, post, TODAY)}
    assert found["年轻副镇长"].result.eligible
    assert "参加工作时间不详，无法核实工龄" in found["资深副镇长"].result.failed


def test_fit_page_lists_and_keeps_queries_flat(team, people, units, staff, as_user):
    client = as_user(staff)
    url = reverse("staffing:fit", args=[team.pk])
    with time_machine.travel(dt.datetime(2026, 6, 30, 4, tzinfo=dt.UTC)):
        with CaptureQueriesContext(connection) as few:
            page = client.get(url, {"post": team.posts.get().pk}).content.decode()
        assert "年轻副镇长" in page and "任副职1年11个月，不满2年" in page
        for n in range(10):
            _member(units["beishan"], f"新人{n}", D(1994, 1, 1), deputy_since=D(2023, 1, 1))
        with CaptureQueriesContext(connection) as many:
            client.get(url, {"post": team.posts.get().pk})
    assert len(many) == len(few)


# --- the conditions are data staff edit ---------------------------------------------


def test_the_seeded_conditions_are_the_regulation_defaults(db):
    seeded = [(r.code, r.applies_to, r.years, r.active) for r in EligibilityRule.objects.all()]
    assert seeded == [
        ("no_veto", "all", None, True),
        ("no_failed_assessment", "all", 3, True),
        ("lower_post_years", "chief", 2, True),
        ("work_years", "county", 5, True),
        ("grassroots_years", "county", 2, True),
    ]


def _edit(client, code, **data):
    rule = EligibilityRule.objects.get(code=code)
    return client.post(reverse("staffing:eligibility_rule_edit", args=[rule.pk]), data)


def test_staff_raise_the_deputy_years_and_the_ranking_follows(
    team, people, staff, city_staff, as_user
):
    client = as_user(city_staff)
    response = _edit(client, "lower_post_years", applies_to="chief", years="3", active="on")
    assert response.status_code == 302
    found = {c.cadre.name: c for c in selectors.candidates(staff, team, team.posts.get(), TODAY)}
    assert found["年轻副镇长"].result.failed == ("任副职2年，不满3年",)
    assert found["资深副镇长"].result.eligible
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).latest("id")
    assert entry.detail == "修改人岗相适条件“任下一级职务年限”"
    assert (entry.before["years"], entry.after["years"]) == (2, 3)
    page = client.get(reverse("staffing:fit", args=[team.pk])).content.decode()
    assert "由副职提任正职的，任下一级职务满3年" in page


def test_a_switched_off_condition_is_not_checked(team, people, staff, city_staff, as_user):
    VetoFactory(cadre=people["vetoed"])
    _edit(as_user(city_staff), "no_veto", applies_to="all")  # "active" unticked
    found = {c.cadre.name: c for c in selectors.candidates(staff, team, team.posts.get(), TODAY)}
    assert found["被否决者"].result.eligible


@pytest.mark.parametrize(
    ("code", "data", "message"),
    [
        ("work_years", {"applies_to": "county", "years": "0"}, "确保该值大于或等于1。"),
        ("work_years", {"applies_to": "county", "years": ""}, "年限须为1至40年"),
        ("lower_post_years", {"applies_to": "all", "years": "2"}, "只适用于由副职提任正职"),
    ],
)
def test_bad_values_are_refused_in_chinese_naming_the_field(
    code, data, message, city_staff, as_user
):
    before = list(EligibilityRule.objects.values_list("applies_to", "years"))
    response = _edit(as_user(city_staff), code, active="on", **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(EligibilityRule.objects.values_list("applies_to", "years")) == before


@pytest.mark.parametrize(
    ("signal", "flag"),
    [("matters", "个人事项影响期"), ("clues", "廉政意见有问题线索"), ("concern", "问题线索未办结")],
)
def test_a_flagged_member_is_not_listed_as_eligible_without_a_word(
    team, people, staff, discipline_liaison, as_user, signal, flag
):
    """The 资深副镇长 meets every condition; a signal about them moves them to 暂不符合
    with the flag on the page (the same flags as 考察对象, 模拟调配 and 动议)."""
    from django.utils import timezone

    from supervision.models import CheckFinding, CheckKind, Concern, Handling
    from supervision.models import PersonalMattersReport as Report
    from tests.factories import IntegrityOpinionFactory, IntegrityRequestFactory

    cadre = people["older"]
    today = timezone.localdate()
    client = as_user(staff)
    before = client.get(reverse("staffing:fit", args=[team.pk])).content.decode()
    assert "资深副镇长" in before.split('id="ineligible-table"')[0]
    if signal == "matters":
        Report.objects.create(
            cadre=cadre, year=today.year, filing="annual", due_on=today, checked_on=today,
            check_kind=CheckKind.RANDOM, finding=CheckFinding.OMITTED, handling=Handling.REMIND,
            affects_until=today + dt.timedelta(days=180),
        )  # fmt: skip
    elif signal == "clues":
        IntegrityOpinionFactory(
            request=IntegrityRequestFactory(requested_by=staff, addressed_to=discipline_liaison),
            cadre=cadre, conclusion="clues", detail="反映收受礼金", answered_at=timezone.now(),
            first_signatory="甲", second_signatory="乙",
        )  # fmt: skip
    else:
        Concern.objects.create(
            cadre=cadre, source="信访举报", summary="反映问题", handling=Handling.VERIFY,
            received_on=today,
        )  # fmt: skip
    page = client.get(reverse("staffing:fit", args=[team.pk])).content.decode()
    eligible, ineligible = page.split('id="ineligible-table"')
    assert "资深副镇长" not in eligible
    assert "资深副镇长" in ineligible and flag in ineligible
