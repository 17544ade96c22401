import datetime as dt

import pytest
import time_machine

from pool import selectors
from tests.factories import CadreFactory

TODAY = dt.date(2026, 5, 15)


@pytest.fixture
def roster(units):
    """In 东县: 3 township cadres around the 35 boundary, 1 old; in 西县: 1 young."""
    CadreFactory(unit=units["qingshi"], birth_month=dt.date(1990, 6, 1))  # exactly 35: young
    CadreFactory(unit=units["qingshi"], birth_month=dt.date(1990, 5, 1))  # 36: not young
    CadreFactory(unit=units["beishan"], birth_month=dt.date(1995, 1, 1))  # 31: young
    CadreFactory(unit=units["east"], birth_month=dt.date(1986, 1, 1))  # 40, county team: young
    CadreFactory(unit=units["east_edu"], birth_month=dt.date(1970, 1, 1))  # 56
    CadreFactory(unit=units["west_edu"], birth_month=dt.date(1996, 1, 1))  # other county
    return units


def test_staff_home_counts_cover_their_county_only(roster, staff):
    counts = selectors.home_counts(staff, TODAY)
    assert counts.units == 4  # 东县, 青石镇, 北山镇, 东县教育局
    assert counts.cadres == 5
    # township threshold 35 (exactly 35 counts), county leadership threshold 40
    assert counts.young == 3
    assert counts.aged_35_or_under == 2
    assert counts.born_90s == 3


def test_county_leadership_member_aged_41_is_not_young(roster, staff):
    with time_machine.travel(dt.datetime(2027, 1, 15, 12, 0), tick=False):
        counts = selectors.home_counts(staff, dt.date(2027, 1, 15))
    # 1986.01 is 41 in 2027; 1990.06 is 36; only 1995.01 stays young.
    assert counts.young == 1


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
