import pytest
from rest_framework.test import APIClient

from pool.accounts import tokens
from tests.factories import CadreFactory

CLEAR_ID = "430181199001011233"


@pytest.fixture
def api():
    return APIClient()


def test_cadre_api_lists_only_the_jurisdiction_and_never_a_clear_id(units, staff, api):
    mine = CadreFactory(unit=units["qingshi"], id_number=CLEAR_ID)
    CadreFactory(unit=units["west_edu"])
    api.force_authenticate(staff)
    body = api.get("/api/cadres/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert body["results"][0]["id_masked"] == "430181********1233"
    detail = api.get(f"/api/cadres/{mine.pk}/")
    assert CLEAR_ID not in detail.content.decode()


def test_cadre_api_outside_scope_is_404(units, unit_committee, api):
    other = CadreFactory(unit=units["west_edu"])
    api.force_authenticate(unit_committee)
    assert api.get(f"/api/cadres/{other.pk}/").status_code == 404


def test_unit_api_is_scoped(units, sector_dept, api):
    api.force_authenticate(sector_dept)
    names = [u["name"] for u in api.get("/api/units/").json()["results"]]
    assert names == ["东县教育局"]


def test_token_auth_works_and_admins_are_refused(units, audit_admin, staff, api):
    api.credentials(HTTP_AUTHORIZATION=f"Token {tokens.issue(staff)[1]}")
    assert api.get("/api/cadres/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {tokens.issue(audit_admin)[1]}")
    assert api.get("/api/cadres/").status_code == 403


def test_anonymous_api_calls_are_refused(api, db):
    assert api.get("/api/cadres/").status_code in (401, 403)


def test_schema_and_offline_docs_are_served(staff, as_user):
    client = as_user(staff)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/cadres/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower()


def test_cadre_api_queries_do_not_grow_with_rows(units, staff, api, django_assert_max_num_queries):
    api.force_authenticate(staff)
    CadreFactory(unit=units["qingshi"])
    with django_assert_max_num_queries(8) as few:
        api.get("/api/cadres/")
    for _ in range(20):
        CadreFactory(unit=units["beishan"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        api.get("/api/cadres/")
