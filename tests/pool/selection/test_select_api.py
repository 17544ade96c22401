"""选's API: the ranking (scheme items, scores and total per member, filtered like the
page) and inspections (list, start, withdraw), over the same services as the pages;
scoped (another county's objects answer 404), Chinese messages naming the field,
in the schema, and query counts that do not grow with the rows."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from pool.models import (
    AuditAction,
    AuditEntry,
    CareerEntry,
    Inspection,
    InspectionStatus,
    ManualScore,
    PoolEvent,
    PoolEventKind,
    PoolStatus,
)
from tests.factories import (
    AssessmentFactory,
    CadreFactory,
    EnrollmentFactory,
    InspectionFactory,
    PoolMembershipFactory,
    TrainingClassFactory,
)

NOW = dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def members(units):
    a = PoolMembershipFactory(cadre__unit=units["qingshi"], cadre__name="甲",
                              cadre__birth_month=dt.date(1992, 5, 1),
                              cadre__fulltime_education="硕士研究生")  # fmt: skip
    b = PoolMembershipFactory(cadre__unit=units["beishan"], cadre__name="乙",
                              cadre__birth_month=dt.date(1988, 5, 1),
                              cadre__fulltime_education="大学本科")  # fmt: skip
    CareerEntry.objects.create(
        cadre=a.cadre, start_month=dt.date(2018, 1, 1), description="青石镇党政办科员"
    )
    AssessmentFactory(cadre=a.cadre, year=2025, grade="优秀")
    AssessmentFactory(cadre=b.cadre, year=2025, grade="称职")
    ManualScore.objects.create(cadre=b.cadre, code="political", score=100)
    PoolMembershipFactory(cadre__unit=units["west_edu"], cadre__name="西县人")
    return a, b


# --- ranking -----------------------------------------------------------------------------


def test_the_ranking_api_gives_the_scheme_items_and_each_members_scores_and_total(
    members, leader, api, as_user
):
    api.force_authenticate(leader)
    body = api.get("/api/pool/ranking/").json()
    assert body["scheme"]
    codes = [i["code"] for i in body["items"]]
    assert {"education", "grassroots", "annual_assessment", "political"} <= set(codes)
    education = next(i for i in body["items"] if i["code"] == "education")
    assert (education["label"], education["computed"]) == ("学历", True)
    assert next(i for i in body["items"] if i["code"] == "political")["computed"] is False
    assert body["count"] == 2  # 西县人 is outside the jurisdiction
    page_rows = as_user(leader).get("/pool/ranking/").context["rows"]
    assert [(r["name"], r["rank"], r["total"]) for r in body["results"]] == [
        (r.cadre.name, r.rank, r.total) for r in page_rows
    ]
    first = {r["name"]: r for r in body["results"]}["乙"]
    assert first["scores"]["political"] == 100.0
    assert first["scores"]["education"] == 80.0
    assert first["unit_name"] == "北山镇" and first["tier_display"] == "中期培养"
    assert set(first["scores"]) == set(codes)
    assert set(body["averages"]) == set(codes)


def test_the_ranking_api_takes_the_pool_pages_filters(members, units, staff, api):
    api.force_authenticate(staff)
    assert [r["name"] for r in api.get("/api/pool/ranking/?generation=90").json()["results"]] == [
        "甲"
    ]
    body = api.get(f"/api/pool/ranking/?unit={units['beishan'].pk}").json()
    assert [r["name"] for r in body["results"]] == ["乙"]
    EnrollmentFactory(
        cadre=members[0].cadre,
        training_class=TrainingClassFactory(unit=units["east"], political=True,
                                            start_date=dt.date(2025, 4, 7),
                                            end_date=dt.date(2025, 4, 11)),
    )  # fmt: skip
    body = api.get("/api/pool/ranking/?training=political_met").json()
    assert [r["name"] for r in body["results"]] == ["甲"]


def test_bad_ranking_filters_answer_400_naming_the_field(members, staff, api):
    api.force_authenticate(staff)
    response = api.get("/api/pool/ranking/?training=bogus&age_max=abc")
    assert response.status_code == 400
    errors = response.json()
    assert errors["training"][0].startswith("培训情况：")
    assert errors["age_max"][0].startswith("年龄不大于：")


def test_the_ranking_api_is_for_staff_and_leaders(members, unit_committee, api):
    api.force_authenticate(unit_committee)
    assert api.get("/api/pool/ranking/").status_code == 403


def test_the_ranking_api_keeps_a_constant_number_of_queries(
    units, staff, api, django_assert_num_queries, django_assert_max_num_queries
):
    PoolMembershipFactory.create_batch(10, cadre__unit=units["qingshi"])
    api.force_authenticate(staff)
    with django_assert_max_num_queries(26) as ten:
        assert api.get("/api/pool/ranking/?training=political_missing").json()["count"] == 10
    PoolMembershipFactory.create_batch(90, cadre__unit=units["beishan"])
    with django_assert_num_queries(len(ten.captured_queries)):
        body = api.get("/api/pool/ranking/?training=political_missing&page_size=200").json()
    assert body["count"] == 100 and len(body["results"]) == 100


# --- inspections -------------------------------------------------------------------------


def _inspection(unit, name, expires_on=dt.date(2026, 4, 1), **kwargs):
    return InspectionFactory(membership__cadre__unit=unit, membership__cadre__name=name,
                             expires_on=expires_on, **kwargs)  # fmt: skip


def test_the_inspection_list_is_scoped_and_filters_by_status_and_expiry(units, staff, api):
    _inspection(units["qingshi"], "四月到期", dt.date(2026, 4, 1))
    _inspection(units["beishan"], "五月到期", dt.date(2026, 5, 10))
    _inspection(units["qingshi"], "已撤回", status=InspectionStatus.WITHDRAWN,
                ended_on=dt.date(2026, 3, 1))  # fmt: skip
    _inspection(units["west_edu"], "西县人")
    api.force_authenticate(staff)
    names = [r["cadre_name"] for r in api.get("/api/pool/inspections/").json()["results"]]
    assert names == ["四月到期", "五月到期"]  # running ones, soonest first
    names = [r["cadre_name"] for r in api.get("/api/pool/inspections/?within=30").json()["results"]]
    assert names == ["四月到期"]
    body = api.get("/api/pool/inspections/?status=all").json()
    assert body["count"] == 3
    assert (
        api.get("/api/pool/inspections/?status=withdrawn").json()["results"][0]["status_display"]
        == "已撤回"
    )
    bad = api.get("/api/pool/inspections/?status=nope&within=x")
    assert bad.status_code == 400 and bad.json()["within"][0].startswith("届满天数：")


def test_staff_start_an_inspection_through_the_api(members, staff, api):
    a, _ = members
    api.force_authenticate(staff)
    response = api.post(
        "/api/pool/inspections/",
        {"cadre": a.cadre_id, "proposed_post": "青石镇党委副书记", "expires_on": "2026-06-15",
         "note": "换届考察"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["cadre_name"], body["status"], body["started_on"]) == (
        "甲",
        "active",
        "2026-03-15",
    )
    assert body["created_by_name"] == "小周"
    a.refresh_from_db()
    assert a.status == PoolStatus.INSPECTION
    assert PoolEvent.objects.filter(membership=a, kind=PoolEventKind.INSPECTION).exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_id=str(body["id"]), actor=staff
    ).exists()


def test_starting_an_inspection_with_bad_input_names_each_field_in_chinese(members, staff, api):
    a, _ = members
    api.force_authenticate(staff)
    response = api.post("/api/pool/inspections/", {"cadre": a.cadre_id, "expires_on": "明年"})
    assert response.status_code == 400
    errors = response.json()
    assert errors["proposed_post"] == ["拟任职务：该字段是必填项。"]
    assert errors["expires_on"][0].startswith("考察有效期至：日期格式错误")
    early = api.post("/api/pool/inspections/", {
        "cadre": a.cadre_id, "proposed_post": "副镇长", "on": "2026-03-10",
        "expires_on": "2026-03-01",
    })  # fmt: skip
    assert early.status_code == 400
    assert early.json() == {"expires_on": ["考察有效期至：考察有效期不能早于列为考察对象的日期"]}
    assert not Inspection.objects.exists()


def test_only_pool_members_in_the_jurisdiction_can_be_inspected(members, units, staff, api):
    api.force_authenticate(staff)
    west = CadreFactory(unit=units["west_edu"])
    data = {"proposed_post": "副镇长", "expires_on": "2026-06-01"}
    assert api.post("/api/pool/inspections/", {**data, "cadre": west.pk}).status_code == 404
    outside_pool = CadreFactory(unit=units["qingshi"], name="未入库")
    response = api.post("/api/pool/inspections/", {**data, "cadre": outside_pool.pk})
    assert response.status_code == 400
    assert response.json() == {"cadre": ["干部：未入库当前不在年轻干部库中，不能列为考察对象"]}


def test_staff_withdraw_an_inspection_through_the_api(units, staff, api):
    inspection = _inspection(units["qingshi"], "甲")
    api.force_authenticate(staff)
    url = f"/api/pool/inspections/{inspection.pk}/withdraw/"
    missing = api.post(url, {})
    assert missing.status_code == 400
    assert missing.json() == {"reason": ["撤回原因：该字段是必填项。"]}
    response = api.post(url, {"reason": "另有人选", "on": "2026-03-14"})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["ended_on"], body["end_reason"]) == (
        "withdrawn", "2026-03-14", "另有人选"
    )  # fmt: skip
    again = api.post(url, {"reason": "另有人选"})
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["该考察已撤回，不能再办理"]}


def test_another_countys_inspection_answers_404(units, staff, api):
    west = _inspection(units["west_edu"], "西县人")
    api.force_authenticate(staff)
    assert api.get(f"/api/pool/inspections/{west.pk}/").status_code == 404
    withdraw = api.post(f"/api/pool/inspections/{west.pk}/withdraw/", {"reason": "另有人选"})
    assert withdraw.status_code == 404
    west.refresh_from_db()
    assert west.status == InspectionStatus.ACTIVE


def test_the_inspection_api_is_for_staff_only(units, leader, api):
    api.force_authenticate(leader)
    assert api.get("/api/pool/inspections/").status_code == 403


def test_the_inspection_list_keeps_a_constant_number_of_queries(
    units, staff, api, django_assert_num_queries, django_assert_max_num_queries
):
    for n in range(3):
        _inspection(units["qingshi"], f"甲{n}", created_by=staff)
    api.force_authenticate(staff)
    with django_assert_max_num_queries(8) as few:
        api.get("/api/pool/inspections/?status=all")
    for n in range(30):
        _inspection(units["beishan"], f"乙{n}", created_by=staff)
    with django_assert_num_queries(len(few.captured_queries)):
        assert api.get("/api/pool/inspections/?status=all").json()["count"] == 33


# --- schema ------------------------------------------------------------------------------


def test_the_schema_describes_the_ranking_and_inspection_endpoints(staff, as_user):
    schema = as_user(staff).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    ranking = paths["/api/pool/ranking/"]["get"]
    params = {p["name"]: p for p in ranking["parameters"]}
    assert {"generation", "age_max", "unit", "training", "page"} <= set(params)
    assert "political_missing" in params["training"]["schema"]["enum"]
    assert "/api/pool/inspections/" in paths and "post" in paths["/api/pool/inspections/"]
    assert "post" in paths["/api/pool/inspections/{id}/withdraw/"]


def test_the_schema_is_generated_without_reading_the_database(db, django_assert_num_queries):
    # `manage.py check --deploy` builds it before any migration has run
    from drf_spectacular.generators import SchemaGenerator

    with django_assert_num_queries(0):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    ranking = schema["paths"]["/api/pool/ranking/"]["get"]
    params = {p["name"]: p for p in ranking["parameters"]}
    assert "hours_short" in params["training"]["schema"]["enum"]
