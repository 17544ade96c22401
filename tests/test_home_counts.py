import datetime as dt

import pytest
import time_machine

from pool.people import selectors
from staffing.models import WarningRecord
from tests.factories import (
    CadreFactory,
    LeadershipTeamFactory,
    RecommendationListFactory,
    RoundFactory,
)

TODAY = dt.date(2026, 5, 15)


@pytest.fixture
def roster(units):
    """In 东县: 3 township cadres around the 35 boundary, a 副处 of 40, 1 old; in 西县:
    1 young."""
    CadreFactory(unit=units["qingshi"], birth_month=dt.date(1990, 6, 1))  # exactly 35: young
    CadreFactory(unit=units["qingshi"], birth_month=dt.date(1990, 5, 1))  # 36: not young
    CadreFactory(unit=units["beishan"], birth_month=dt.date(1995, 1, 1))  # 31: young
    CadreFactory(unit=units["east"], birth_month=dt.date(1986, 1, 1), rank="副处")  # 40: young
    CadreFactory(unit=units["east_edu"], birth_month=dt.date(1970, 1, 1))  # 56
    CadreFactory(unit=units["west_edu"], birth_month=dt.date(1996, 1, 1))  # other county
    return units


def test_staff_home_counts_cover_their_county_only(roster, staff):
    counts = selectors.home_counts(staff, TODAY)
    assert counts.units == 4  # 东县, 青石镇, 北山镇, 东县教育局
    assert counts.cadres == 5
    # by rank: 科级 and below 35 (exactly 35 counts), 处级 40; never by the unit
    assert counts.young == 3
    assert counts.aged_35_or_under == 2
    assert counts.born_90s == 3


def test_a_division_rank_aged_41_is_not_young(roster, staff):
    with time_machine.travel(dt.datetime(2027, 1, 15, 12, 0), tick=False):
        counts = selectors.home_counts(staff, dt.date(2027, 1, 15))
    # 1986.01 is 41 in 2027; 1990.06 is 36; only 1995.01 stays young.
    assert counts.young == 1


def test_a_40_year_old_without_a_division_rank_in_the_county_team_is_not_young(units, staff):
    CadreFactory(unit=units["east"], birth_month=dt.date(1986, 1, 1), rank="正科")
    assert selectors.home_counts(staff, TODAY).young == 0


@pytest.mark.parametrize(
    ("persona", "cadres"),
    [("staff", 5), ("leader", 5), ("unit_committee", 2), ("sector_dept", 1)],
)
def test_each_role_counts_within_its_scope(roster, persona, cadres, request):
    user = request.getfixturevalue(persona)
    assert selectors.home_counts(user, TODAY).cadres == cadres


@time_machine.travel(dt.datetime(2026, 5, 15, 12, 0), tick=False)
def test_home_page_shows_the_counts(roster, staff, as_user):
    response = as_user(staff).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-count="cadres">5<' in html
    assert 'data-count="young">3<' in html


@pytest.mark.parametrize(
    "persona", ["sys_admin", "security_admin", "audit_admin", "discipline_liaison"]
)
def test_roles_that_do_not_read_cadres_see_no_counts(roster, persona, as_user, request):
    response = as_user(request.getfixturevalue(persona)).get("/")
    assert response.status_code == 200
    assert "data-count" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_login_page_speaks_chinese(client, staff):
    response = client.post("/login/", {"username": "xiaozhou", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


def _record(team, quarter, level, gap):
    return WarningRecord.objects.create(
        team=team, quarter=quarter, ref_date=dt.date(2026, 3, 31), approved_seats=7,
        required=2, actual=2 - gap, gap=gap, level=level,
    )  # fmt: skip


def test_unit_committee_home_shows_the_open_round_and_the_teams_latest_level(
    units, unit_committee, as_user
):
    round_ = RoundFactory(name="2026年度", closes_on=dt.date.today() + dt.timedelta(days=30))
    RecommendationListFactory(
        round=round_, unit=units["qingshi"], status="returned", return_reason="推荐理由过于笼统"
    )
    team = LeadershipTeamFactory(unit=units["qingshi"])
    _record(team, "2025Q4", "A", 2)
    _record(team, "2026Q1", "B", 1)
    _record(LeadershipTeamFactory(unit=units["beishan"]), "2026Q1", "A", 2)
    html = as_user(unit_committee).get("/").content.decode()
    panel = html[html.index('id="own-unit"') :]
    assert "2026年度推荐清单" in panel
    assert f"推荐截止{round_.closes_on.year}年{round_.closes_on.month}月" in panel
    assert "已退回" in panel and "推荐理由过于笼统" in panel
    assert "青石镇领导班子" in panel and "2026Q1" in panel and ">B级<" in panel
    assert "北山镇" not in panel and "2025Q4" not in panel


def test_unit_committee_home_says_when_its_list_is_not_started(units, unit_committee, as_user):
    RoundFactory(name="2026年度")
    html = as_user(unit_committee).get("/").content.decode()
    assert "本单位清单尚未填写" in html


def test_staff_home_has_no_own_unit_panel(units, staff, as_user):
    RoundFactory(name="2026年度")
    assert 'id="own-unit"' not in as_user(staff).get("/").content.decode()
