"""Requests between offices: a unit committee asks for a person registered in another
unit to be listed or transferred; the 干部科 over both units decides; the requester is
told. The unit cannot tell from the answer whether the number is registered."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pool.models import (
    AuditEntry,
    Notice,
    Recommendation,
    Role,
    TransferKind,
    TransferRequest,
    TransferStatus,
)
from pool.selection import transfers
from tests.conftest import _persona
from tests.factories import CadreFactory, RoundFactory, make_id_number

URL = "/pool/lists/transfers/"
VALID_ID = make_id_number(dt.date(1990, 5, 6), "男")
QUEUE = "/pool/lists/transfers/queue/"


@pytest.fixture
def round_(units):
    return RoundFactory(owner=units["east"])


@pytest.fixture
def elsewhere(units):
    """Registered in 北山镇 (same county as the requesting 青石镇)."""
    return CadreFactory(unit=units["beishan"], name="林远", current_position="副镇长")


def _file(client, person_id, kind=TransferKind.TRANSFER, name="林远"):
    data = {"kind": kind, "name": name, "id_number": person_id, "reason": "工作需要"}
    return client.post(URL, data, follow=True)


def test_the_answer_is_the_same_whether_or_not_the_number_is_registered(
    units, unit_committee, as_user, elsewhere, round_
):
    client = as_user(unit_committee)
    known = _file(client, elsewhere.id_number).content.decode()
    unknown_id = make_id_number(dt.date(1991, 2, 3), "男")
    unknown = _file(client, unknown_id, name="无此人").content.decode()
    assert "已提交林远的申请" in known
    assert "已提交无此人的申请" in unknown
    assert "北山镇" not in known.split("本单位的申请")[1]
    assert TransferRequest.objects.get(name="林远").cadre == elsewhere
    assert TransferRequest.objects.get(name="无此人").cadre is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "123", "身份证号"),
        ("reason", " ", "请填写申请理由"),
        ("name", " ", "请填写姓名"),
        ("kind", "x", "申请事项"),
    ],
)
def test_bad_input_is_named_and_nothing_is_filed(
    units, unit_committee, as_user, elsewhere, field, value, message
):
    data = {
        "kind": TransferKind.TRANSFER, "name": "林远", "id_number": elsewhere.id_number,
        "reason": "工作需要", field: value,
    }  # fmt: skip
    response = as_user(unit_committee).post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TransferRequest.objects.exists()


def test_a_person_already_on_the_own_roster_needs_no_request(units, unit_committee, as_user):
    mine = CadreFactory(unit=units["qingshi"])
    response = _file(as_user(unit_committee), mine.id_number, name=mine.name)
    assert "已在本单位干部名册中" in response.content.decode()
    assert not TransferRequest.objects.exists()


def test_staff_over_both_units_are_told_and_approve_the_transfer(
    units, unit_committee, staff, as_user, elsewhere, round_
):
    _file(as_user(unit_committee), elsewhere.id_number)
    assert Notice.objects.filter(recipient=staff, url=QUEUE).exists()
    request = TransferRequest.objects.get()
    client = as_user(staff)
    page = client.get(QUEUE).content.decode()
    assert "林远" in page and "北山镇 副镇长" in page
    client.post(f"/pool/lists/transfers/{request.pk}/decide/", {"action": "approve"})
    elsewhere.refresh_from_db()
    assert elsewhere.unit == units["qingshi"]
    request.refresh_from_db()
    assert request.status == TransferStatus.APPROVED
    move = AuditEntry.objects.get(object_type="pool.Cadre", action="update")
    assert (move.before, move.after) == (
        {"unit_id": units["beishan"].pk},
        {"unit_id": units["qingshi"].pk},
    )
    notice = Notice.objects.get(recipient=unit_committee, key=f"transfer-done-{request.pk}")
    assert "已同意" in notice.title


def test_approving_a_listing_puts_the_person_on_the_units_list(
    units, unit_committee, staff, as_user, elsewhere, round_
):
    _file(as_user(unit_committee), elsewhere.id_number, kind=TransferKind.LIST)
    request = TransferRequest.objects.get()
    transfers.approve(staff, request)
    rec = Recommendation.objects.get(cadre=elsewhere)
    assert (rec.rec_list.unit, rec.rec_list.round) == (units["qingshi"], round_)
    elsewhere.refresh_from_db()
    assert elsewhere.unit == units["beishan"]  # listed, not moved


def test_listing_needs_an_open_round(units, unit_committee, as_user, elsewhere):
    response = _file(as_user(unit_committee), elsewhere.id_number, kind=TransferKind.LIST)
    assert "当前没有开放的推荐批次" in response.content.decode()


def test_refusing_needs_a_reason_and_tells_the_requester(
    units, unit_committee, staff, as_user, elsewhere
):
    _file(as_user(unit_committee), elsewhere.id_number)
    request = TransferRequest.objects.get()
    with pytest.raises(ValidationError, match="请填写不同意的理由"):
        transfers.refuse(staff, request, " ")
    transfers.refuse(staff, request, "该同志暂不宜调整")
    request.refresh_from_db()
    assert (request.status, request.note) == (TransferStatus.REFUSED, "该同志暂不宜调整")
    elsewhere.refresh_from_db()
    assert elsewhere.unit == units["beishan"]
    notice = Notice.objects.get(recipient=unit_committee, key=f"transfer-done-{request.pk}")
    assert "该同志暂不宜调整" in notice.title
    page = as_user(unit_committee).get(URL).content.decode()
    assert "该同志暂不宜调整" in page


def test_a_person_of_another_county_is_not_in_the_county_queue(
    units, unit_committee, staff, city_staff, as_user
):
    """青石镇 (东县) asks for someone of 西县: only the city, over both, decides."""
    west = CadreFactory(unit=units["west_edu"])
    _file(as_user(unit_committee), west.id_number, name=west.name)
    request = TransferRequest.objects.get()
    assert not transfers.queue_for(staff).exists()
    decide = f"/pool/lists/transfers/{request.pk}/decide/"
    assert as_user(staff).post(decide, {"action": "approve"}).status_code == 404
    assert not Notice.objects.filter(recipient=staff, key=f"transfer-{request.pk}").exists()
    assert Notice.objects.filter(recipient=city_staff, key=f"transfer-{request.pk}").exists()
    as_user(city_staff).post(decide, {"action": "approve"})
    west.refresh_from_db()
    assert west.unit == units["qingshi"]


def test_other_counties_staff_get_404(units, unit_committee, as_user, elsewhere):
    _file(as_user(unit_committee), elsewhere.id_number)
    request = TransferRequest.objects.get()
    west = _persona("west_staff", Role.STAFF, units["west"])
    client = as_user(west)
    assert "林远" not in client.get(QUEUE).content.decode()
    response = client.post(f"/pool/lists/transfers/{request.pk}/decide/", {"action": "approve"})
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.unit == units["beishan"]


def test_a_decided_request_cannot_be_decided_again(
    units, unit_committee, staff, as_user, elsewhere
):
    _file(as_user(unit_committee), elsewhere.id_number)
    request = TransferRequest.objects.get()
    transfers.refuse(staff, request, "不同意")
    with pytest.raises(ValidationError, match="已未同意"):
        transfers.approve(staff, request)


def test_the_queue_reads_a_constant_number_of_queries(
    units, unit_committee, staff, as_user, django_assert_max_num_queries
):
    client = as_user(unit_committee)
    _file(client, CadreFactory(unit=units["beishan"]).id_number)
    staff_client = as_user(staff)
    with django_assert_max_num_queries(18) as few:
        assert staff_client.get(QUEUE).status_code == 200
    first = len(few.captured_queries)  # the next requests reset the query log
    client = as_user(unit_committee)
    for _ in range(5):
        _file(client, CadreFactory(unit=units["east_edu"]).id_number)
    staff_client = as_user(staff)
    with django_assert_max_num_queries(first):
        staff_client.get(QUEUE)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(kind="transfer", id_number=VALID_ID, name="林\x00远", reason="调入")
@example(kind="transfer", id_number=VALID_ID, name="林远", reason="理由\x00")
@example(kind="transfer", id_number=VALID_ID, name="林" * 51, reason="调入")
@example(kind="list", id_number=f" {VALID_ID.lower()} ", name="林远", reason="列入")
@given(
    kind=st.sampled_from([*TransferKind.values, "", "x"]),
    id_number=st.text(max_size=30) | st.from_regex(r"[0-9]{17}[0-9Xx]", fullmatch=True),
    name=st.text(max_size=60),
    reason=st.text(max_size=200),
)
def test_any_input_is_filed_or_refused_with_a_message(
    units, unit_committee, kind, id_number, name, reason
):
    """Whatever a unit types, the service files the request or says what is wrong."""
    with transaction.atomic():
        try:
            filed = transfers.submit(unit_committee, kind, id_number, name, reason, None)
        except ValidationError as error:
            assert all(m.strip() for m in error.messages)
        else:
            assert filed.pk and filed.reason == reason.strip()
        transaction.set_rollback(True)
