"""Lists that may hold a province: counts stop at a limit, the unit select shortens."""

import pytest

from pool.people import filters
from pool.web.paging import BoundedPaginator
from tests.factories import CadreFactory


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "limit", 4)


def test_the_roster_counts_up_to_the_limit_and_says_more(units, staff, as_user, small_limit):
    for _ in range(6):
        CadreFactory(unit=units["qingshi"])
    client = as_user(staff)
    html = client.get("/pool/cadres/", {"page": 1}).content.decode()
    assert "共 超过 4 人" in html and "请用筛选条件缩小范围" in html
    page = client.get("/pool/cadres/").context["page"]
    assert page.paginator.capped and page.paginator.num_pages == 1
    data = client.get("/api/cadres/").json()
    assert data["count"] == 5 and data["count_capped"] is True


def test_under_the_limit_the_count_is_exact(units, staff, as_user, small_limit):
    for _ in range(3):
        CadreFactory(unit=units["qingshi"])
    client = as_user(staff)
    html = client.get("/pool/cadres/").content.decode()
    assert "共 3 人" in html and "超过" not in html
    data = client.get("/api/cadres/").json()
    assert data["count"] == 3 and data["count_capped"] is False


def test_capped_pages_stop_at_the_limit(units, staff, as_user, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "limit", 100)
    for _ in range(160):
        CadreFactory(unit=units["qingshi"])
    client = as_user(staff)
    page = client.get("/pool/cadres/", {"page": 3}).context["page"]
    assert page.paginator.capped and page.paginator.num_pages == 2 and page.number == 2
    assert len(page.object_list) == 50


def test_a_large_jurisdiction_offers_its_top_two_levels(units, city_staff, as_user, monkeypatch):
    monkeypatch.setattr(filters, "UNIT_SELECT_LIMIT", 2)
    qingshi = CadreFactory(unit=units["qingshi"], name="青石人")
    client = as_user(city_staff)
    response = client.get("/pool/cadres/")
    html = response.content.decode()
    choices = dict(response.context["filter"].unit_choices)
    assert set(choices) == {units["city"].pk, units["east"].pk, units["west"].pk}
    assert "单位较多，仅列出上两级" in html
    # a row's unit path still comes from the tree, for the units on the page
    assert qingshi.name in html and "东县/青石镇" in html
