"""A unit cannot probe the roster by ID number (finding 14 of #19): a person it puts
forward by ID is submitted for staff to check, with one answer whether or not the
number is registered elsewhere; staff add the person or return the request."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pool.models import (
    Cadre,
    NewPersonRequest,
    Notice,
    Recommendation,
    RequestStatus,
    Role,
)
from pool.selection import new_people, services
from tests.conftest import _persona
from tests.factories import CadreFactory, RoundFactory, make_id_number

BIRTH = dt.date(dt.date.today().year - 26, 4, 9)


@pytest.fixture
def round_(db):
    return RoundFactory(name="2026年度")


def _form(round_, units, id_number, name="孙选调"):
    return {
        "round": round_.pk,
        "id_number": id_number,
        "name": name,
        "gender": "女",
        "birth_month": f"{BIRTH.year}.{BIRTH.month:02d}",
        "category": "选调生",
        "unit": units["qingshi"].pk,
        "reason": "到村任职两年",
        "method": "meeting",
    }


def _answer(response):
    return [str(m) for m in response.context["messages"]], response.redirect_chain


@pytest.mark.parametrize("role", ["unit_committee", "sector_dept"])
def test_registered_elsewhere_or_nowhere_the_unit_gets_the_same_answer(
    role, units, round_, as_user, request
):
    user = request.getfixturevalue(role)
    unit = units["qingshi"] if role == "unit_committee" else units["east_edu"]
    elsewhere = CadreFactory(unit=units["west_edu"], gender="女", birth_month=BIRTH.replace(day=1))
    client = as_user(user)
    answers = []
    for id_number in (elsewhere.id_number, make_id_number(BIRTH, "女")):
        data = {**_form(round_, units, id_number), "unit": unit.pk}
        response = client.post("/pool/lists/mine/add-new/", data, follow=True)
        assert response.status_code == 200
        page = response.content.decode()
        assert "其他单位" not in page and "管辖范围外" not in page
        answers.append(_answer(response))
    assert answers[0] == answers[1]
    assert "组织部门核实身份证号后加入本清单" in answers[0][0][0]
    assert NewPersonRequest.objects.filter(status=RequestStatus.PENDING).count() == 2
    assert Cadre.objects.count() == 1  # nothing filed before staff check


def test_the_unit_cannot_file_a_new_person_directly(units, unit_committee, round_):
    person = services.NewPerson(
        id_number=make_id_number(BIRTH, "女"), name="孙选调", gender="女",
        birth_month=BIRTH.replace(day=1), category="选调生", unit=units["qingshi"],
    )  # fmt: skip
    with pytest.raises(ValidationError, match="须提交组织部门核实"):
        services.add_recommendation(unit_committee, round_, new_person=person)


def _submitted(unit_committee, units, round_, id_number):
    person = services.NewPerson(
        id_number=id_number, name="孙选调", gender="女", birth_month=BIRTH.replace(day=1),
        category="选调生", unit=units["qingshi"],
    )  # fmt: skip
    return new_people.submit(unit_committee, round_, person, reason="到村任职两年")


def test_staff_are_told_and_add_an_unregistered_person(
    units, unit_committee, staff, round_, as_user
):
    request = _submitted(unit_committee, units, round_, make_id_number(BIRTH, "女"))
    assert Notice.objects.filter(recipient=staff, key=f"new-person-{request.pk}").exists()
    client = as_user(staff)
    assert "孙选调" in client.get("/pool/lists/new-people/").content.decode()
    response = client.post(f"/pool/lists/new-people/{request.pk}/", {"action": "accept"})
    assert response.status_code == 302
    rec = Recommendation.objects.get(cadre__name="孙选调")
    assert rec.rec_list == request.rec_list and rec.cadre.unit == units["qingshi"]
    request.refresh_from_db()
    assert (request.status, request.resolved_by) == (RequestStatus.ACCEPTED, staff)
    assert Notice.objects.filter(recipient=unit_committee, title__contains="已核实").exists()


def test_staff_find_a_number_registered_in_or_out_of_their_jurisdiction(
    units, unit_committee, staff, round_
):
    born = BIRTH.replace(day=1)
    inside = CadreFactory(unit=units["beishan"], name="北山人", gender="女", birth_month=born)
    outside = CadreFactory(unit=units["west_edu"], gender="女", birth_month=born)
    for cadre, message in (
        (inside, "已在干部名册中（北山人，北山镇）"),
        (outside, "管辖范围外登记"),
    ):
        request = _submitted(unit_committee, units, round_, cadre.id_number)
        with pytest.raises(ValidationError, match=message):
            new_people.accept(staff, request)
        new_people.refuse(staff, request, "已在其他单位登记，请核实")
    assert not Recommendation.objects.exists()
    assert Notice.objects.filter(recipient=unit_committee, title__contains="已退回").count() == 2


def test_a_refusal_needs_a_note_and_is_final(units, unit_committee, staff, round_):
    request = _submitted(unit_committee, units, round_, make_id_number(BIRTH, "女"))
    with pytest.raises(ValidationError, match="请填写退回原因"):
        new_people.refuse(staff, request, " ")
    new_people.refuse(staff, request, "身份证号有误")
    with pytest.raises(ValidationError, match="已退回"):
        new_people.accept(staff, request)


def test_staff_of_another_county_cannot_reach_the_request(units, unit_committee, round_, as_user):
    request = _submitted(unit_committee, units, round_, make_id_number(BIRTH, "女"))
    west = _persona("west_checker", Role.STAFF, units["west"])
    client = as_user(west)
    assert "孙选调" not in client.get("/pool/lists/new-people/").content.decode()
    url = f"/pool/lists/new-people/{request.pk}/"
    assert client.post(url, {"action": "accept"}).status_code == 404


def test_the_same_person_is_submitted_once_while_pending(units, unit_committee, round_):
    number = make_id_number(BIRTH, "女")
    _submitted(unit_committee, units, round_, number)
    with pytest.raises(ValidationError, match="正在等待组织部门核实"):
        _submitted(unit_committee, units, round_, number)
