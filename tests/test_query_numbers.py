"""Whole numbers in query strings (issue #19, findings 15 and 18): too large, negative,
non-ASCII digits or not numbers at all are ignored on pages and a 400 on the API,
never a 500. And the two server errors schemathesis found."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from pool.web import params
from tests.factories import CadreFactory

HOSTILE = [
    "99999999999999999999",  # OverflowError in date arithmetic (finding 15)
    "-153516657317181",  # OverflowError in the ranking (finding 18)
    "9223372036854775808",  # one past bigint
    "²",  # str.isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic digits
    "1e5",
    "12.5",
    "",
]

PAGES = [
    ("/training/classes/", "year"),
    ("/training/classes/", "unit"),
    ("/pool/cadres/", "unit"),
    ("/pool/members/", "age_min"),
    ("/pool/members/", "age_max"),
    ("/pool/members/", "party_years"),
    ("/pool/members/", "rank_years"),
    ("/pool/members/", "unit"),
    ("/pool/ranking/", "rank_years"),
    ("/pool/inspections/", "within"),
    ("/pool/candidates/", "round"),
    ("/pool/lists/unsubmitted/", "round"),
    ("/supervision/talks/", "unit"),
    ("/supervision/talks/", "talker"),
    ("/supervision/personal-matters/", "year"),
    ("/supervision/political/", "cadre"),
    ("/staffing/warnings/", "region"),
    ("/staffing/targets/", "region"),
    ("/staffing/tenure/", "years"),
    ("/staffing/tenure/", "days"),
    ("/staffing/scenarios/compare/", "ids"),
    ("/people/approval.zip", "ids"),
]
API = [
    ("/api/cadres/", "unit"),
    ("/api/units/", "parent"),
    ("/api/pool/", "tier"),
    ("/api/pool/ranking/", "rank_years"),
    ("/api/pool/ranking/", "age_min"),
    ("/api/pool/ranking/", "party_years"),
    ("/api/pool/ranking/", "unit"),
    ("/api/pool/inspections/", "within"),
]


@pytest.mark.parametrize(("path", "name"), PAGES)
def test_pages_ignore_a_hostile_whole_number(units, staff, as_user, path, name):
    client = as_user(staff)
    for value in HOSTILE:
        response = client.get(path, {name: value})
        assert response.status_code in (200, 302), (path, name, value, response.status_code)


@pytest.mark.parametrize(("path", "name"), API)
def test_the_api_answers_400_to_a_hostile_whole_number(units, staff, path, name):
    api = APIClient()
    api.force_authenticate(staff)
    for value in HOSTILE:
        response = api.get(path, {name: value})
        assert response.status_code in (200, 400), (path, name, value, response.status_code)
        if response.status_code == 400:
            assert name in response.json()


def test_the_ranking_refuses_negative_years_in_rank(units, staff):
    """schemathesis: GET /api/pool/ranking/?rank_years=-153516657317181 was a 500."""
    api = APIClient()
    api.force_authenticate(staff)
    response = api.get("/api/pool/ranking/", {"rank_years": "-153516657317181"})
    assert response.status_code == 400
    assert "rank_years" in response.json()
    assert api.get("/api/pool/ranking/", {"rank_years": "3"}).status_code == 200


def test_the_class_list_ignores_a_year_past_the_calendar(units, staff, as_user):
    """/training/classes/?year=99999999999999999999 was a 500 (OverflowError)."""
    response = as_user(staff).get("/training/classes/", {"year": "99999999999999999999"})
    assert response.status_code == 200


@pytest.mark.parametrize("reason", [[None, None], {"a": 1}, None, True, "", " ", "x" * 201])
def test_revealing_an_id_with_a_malformed_reason_is_400(units, staff, reason):
    """schemathesis: {"reason": [null, null]} was a 500 (AttributeError)."""
    cadre = CadreFactory(unit=units["qingshi"])
    api = APIClient()
    api.force_authenticate(staff)
    response = api.post(f"/api/cadres/{cadre.pk}/reveal-id/", {"reason": reason}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()


@pytest.mark.parametrize(
    ("raw", "low", "high", "expected"),
    [
        ("0", 0, 10, 0),
        ("10", 0, 10, 10),
        ("11", 0, 10, None),
        ("-1", 0, 10, None),
        ("-1", -5, 10, -1),
        (" 7 ", 0, 10, 7),
        ("+7", 0, 10, 7),
        ("²", 0, 10, None),
        ("1_0", 0, 100, None),  # int() would take it
        ("9" * 20, 0, params.MAX_ID, None),
        (str(params.MAX_ID), 0, params.MAX_ID, params.MAX_ID),
        (None, 0, 10, None),
    ],
)
def test_whole_number_boundaries(raw, low, high, expected):
    assert params.whole_number(raw, low, high) == expected


@given(st.text(max_size=40))
def test_whole_number_never_raises_and_stays_in_bounds(raw):
    value = params.whole_number(raw, -100, 100, default="none")
    assert value == "none" or (isinstance(value, int) and -100 <= value <= 100)


@pytest.mark.parametrize(
    ("raw", "expected"), [("1899", None), ("1900", 1900), ("2100", 2100), ("2101", None)]
)
def test_years_are_within_1900_to_2100(raw, expected):
    assert params.year(raw) == expected
