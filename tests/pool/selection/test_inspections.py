"""列为考察对象: start, withdraw, lapse at expiry, appointment (已使用). Every move is a
PoolEvent row on the person's timeline; only staff act on it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pool.models import (
    AuditEntry,
    ExitReason,
    Inspection,
    InspectionStatus,
    PoolEventKind,
    PoolStatus,
)
from pool.selection import inspections, services
from tests.factories import InspectionFactory, PoolMembershipFactory

START = dt.date(2026, 3, 1)


@pytest.fixture
def member(units):
    return PoolMembershipFactory(cadre__unit=units["qingshi"], cadre__name="吴七")


def _start(staff, member, expires=dt.date(2026, 5, 31)):
    return inspections.start_inspection(
        staff, member, proposed_post="青石镇党委副书记", expires_on=expires, on=START
    )


def test_starting_an_inspection_marks_the_stay_and_writes_history(staff, member):
    inspection = _start(staff, member)
    member.refresh_from_db()
    assert member.status == PoolStatus.INSPECTION
    event = member.events.get()
    assert (event.kind, event.to_value, event.happened_on) == (
        PoolEventKind.INSPECTION,
        "青石镇党委副书记",
        START,
    )
    assert "2026-05-31" in event.reason
    assert AuditEntry.objects.filter(object_id=str(inspection.pk), action="create").exists()


def test_a_second_inspection_while_one_runs_is_refused(staff, member):
    _start(staff, member)
    with pytest.raises(ValidationError, match="已是考察对象"):
        _start(staff, member)


def test_expiry_before_the_start_is_refused(staff, member):
    with pytest.raises(ValidationError) as caught:
        _start(staff, member, expires=START - dt.timedelta(days=1))
    assert "expires_on" in caught.value.message_dict


def test_someone_who_left_the_pool_cannot_be_inspected(staff, member):
    services.exit_pool(staff, member, ExitReason.TRANSFERRED, on=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError, match="已不在年轻干部库中"):
        _start(staff, member)


def test_withdrawal_returns_the_person_to_the_pool_with_reason_and_date(staff, member):
    inspection = _start(staff, member)
    inspections.withdraw_inspection(staff, inspection, "另有更合适人选", dt.date(2026, 4, 2))
    inspection.refresh_from_db()
    member.refresh_from_db()
    assert inspection.status == InspectionStatus.WITHDRAWN
    assert inspection.ended_on == dt.date(2026, 4, 2)
    assert member.status == PoolStatus.IN_POOL and member.is_open
    last = member.events.order_by("id").last()
    assert (last.kind, last.reason) == (PoolEventKind.WITHDRAWAL, "另有更合适人选")
    assert last.change_display == "考察对象 → 在库"


def test_withdrawal_needs_a_reason(staff, member):
    inspection = _start(staff, member)
    with pytest.raises(ValidationError):
        inspections.withdraw_inspection(staff, inspection, " ", START)


@pytest.mark.parametrize(
    ("today", "lapsed"),
    [
        (dt.date(2026, 5, 31), False),  # the expiry day itself: still valid
        (dt.date(2026, 6, 1), True),  # the day after
        (dt.date(2026, 5, 30), False),
    ],
)
def test_an_inspection_lapses_the_day_after_its_expiry(staff, member, today, lapsed):
    inspection = _start(staff, member)
    assert inspections.lapse_expired(today) == int(lapsed)
    inspection.refresh_from_db()
    member.refresh_from_db()
    assert (inspection.status == InspectionStatus.LAPSED) is lapsed
    assert (member.status == PoolStatus.IN_POOL) is lapsed
    if lapsed:
        last = member.events.order_by("id").last()
        assert (last.kind, last.happened_on) == (PoolEventKind.LAPSED, dt.date(2026, 6, 1))


def test_lapsing_twice_writes_nothing_the_second_time(staff, member):
    _start(staff, member)
    inspections.lapse_expired(dt.date(2026, 7, 1))
    events = member.events.count()
    assert inspections.lapse_expired(dt.date(2026, 7, 2)) == 0
    assert member.events.count() == events


def test_mark_used_ties_the_stay_to_the_appointment(staff, member):
    inspection = _start(staff, member)
    inspections.mark_used(inspection, 4711, "东组干〔2026〕12号", dt.date(2026, 4, 20), user=staff)
    member.refresh_from_db()
    inspection.refresh_from_db()
    assert member.status == PoolStatus.USED
    assert (member.exit_reason, member.exited_on) == (ExitReason.PROMOTED, dt.date(2026, 4, 20))
    assert (member.appointment_ref, member.appointment_document) == (4711, "东组干〔2026〕12号")
    assert inspection.status == InspectionStatus.APPOINTED
    last = member.events.order_by("id").last()
    assert last.kind == PoolEventKind.USED
    assert "青石镇党委副书记" in last.reason and "东组干〔2026〕12号" in last.reason


def test_staffing_may_mark_a_member_used_without_an_inspection(member):
    inspections.mark_used(member, 99, "", dt.date(2026, 4, 20))
    member.refresh_from_db()
    assert (member.status, member.appointment_ref) == (PoolStatus.USED, 99)


def test_mark_used_needs_a_document_or_an_appointment(member):
    with pytest.raises(ValidationError):
        inspections.mark_used(member, None, " ", dt.date(2026, 4, 20))


def test_leaving_the_pool_ends_a_running_inspection(staff, member):
    inspection = _start(staff, member)
    services.record_veto(staff, member.cadre, "受到党纪处分")
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.WITHDRAWN
    assert not Inspection.objects.filter(status=InspectionStatus.ACTIVE).exists()


def test_staff_start_and_close_an_inspection_from_the_timeline(staff, member, as_user):
    client = as_user(staff)
    url = f"/pool/members/{member.cadre_id}/"
    client.post(
        f"{url}inspect/",
        {"proposed_post": "北山镇副镇长", "on": "2026-03-01", "expires_on": "2026-06-30"},
    )
    inspection = Inspection.objects.get()
    page = client.get(url).content.decode()
    assert "考察中：拟任北山镇副镇长" in page and "inspection-history" in page
    response = client.post(
        f"/pool/inspections/{inspection.pk}/used/",
        {"document_number": "东组干〔2026〕3号", "on": "2026-04-01"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == PoolStatus.USED


def test_the_page_names_the_field_in_its_error(staff, member, as_user):
    response = as_user(staff).post(
        f"/pool/members/{member.cadre_id}/inspect/",
        {"proposed_post": "副镇长", "on": "2026-03-01", "expires_on": "2026-02-01"},
        follow=True,
    )
    text = " ".join(str(m) for m in response.context["messages"])
    assert "考察有效期至：" in text
    assert not Inspection.objects.exists()


def test_leader_sees_the_inspection_but_no_forms(leader, member, as_user):
    InspectionFactory(membership=member)
    page = as_user(leader).get(f"/pool/members/{member.cadre_id}/").content.decode()
    assert "青石镇党委副书记" in page
    assert "inspection-used-form" not in page and "inspection-form" not in page


def test_inspection_list_keeps_a_constant_number_of_queries(
    units, staff, as_user, django_assert_max_num_queries
):
    InspectionFactory.create_batch(3, membership__cadre__unit=units["qingshi"])
    client = as_user(staff)
    with django_assert_max_num_queries(12) as few:
        assert client.get("/pool/inspections/").status_code == 200
    InspectionFactory.create_batch(30, membership__cadre__unit=units["beishan"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/pool/inspections/")
    assert response.content.decode().count("青石镇党委副书记") == 33


def test_inspection_list_hides_other_jurisdictions(units, staff, as_user):
    InspectionFactory(membership__cadre__unit=units["west_edu"], proposed_post="西县某职务")
    assert "西县某职务" not in as_user(staff).get("/pool/inspections/").content.decode()
