"""appoint / end_appointment: 超职数配备 and a second seat in one team are refused in
Chinese; history is kept as rows; every write is audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pool.models import AuditAction, AuditEntry
from staffing import services
from staffing.models import Appointment
from tests.factories import CadreFactory, LeadershipTeamFactory, PostFactory

D = dt.date


@pytest.fixture
def team(units):
    return LeadershipTeamFactory(unit=units["qingshi"])


def test_appointment_is_saved_and_audited(team, staff):
    post = PostFactory(team=team, title="镇长", is_chief=True, quota=1)
    cadre = CadreFactory(unit=team.unit, name="张三")
    made = services.appoint(staff, cadre, post, D(2026, 3, 1), " 北组任〔2026〕3号 ")
    assert made.document_number == "北组任〔2026〕3号"
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(made.pk))
    assert entry.actor == staff
    assert "任命张三为青石镇镇长" in entry.detail
    assert entry.after["post_id"] == post.pk


def test_seating_beyond_the_approved_number_is_refused_in_chinese(team, staff):
    post = PostFactory(team=team, title="副镇长", quota=2)
    services.appoint(staff, CadreFactory(unit=team.unit), post, D(2025, 1, 1))
    services.appoint(staff, CadreFactory(unit=team.unit), post, D(2025, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.appoint(staff, CadreFactory(unit=team.unit), post, D(2026, 1, 1))
    assert error.value.code == "over_quota"
    assert error.value.messages == [
        "超职数配备：青石镇副镇长核定职数2名，2026年1月1日起已有2名在任，不能再任命"
    ]
    assert Appointment.objects.filter(post=post).count() == 2


def test_a_post_with_no_approved_seats_takes_nobody(team, staff):
    post = PostFactory(team=team, quota=0)
    with pytest.raises(ValidationError, match="超职数配备"):
        services.appoint(staff, CadreFactory(unit=team.unit), post, D(2026, 1, 1))


def test_a_successor_may_start_on_the_day_the_predecessor_leaves(team, staff):
    post = PostFactory(team=team, title="党委书记", is_chief=True, quota=1)
    first = services.appoint(staff, CadreFactory(unit=team.unit), post, D(2022, 1, 1))
    with pytest.raises(ValidationError, match="超职数配备"):
        services.appoint(staff, CadreFactory(unit=team.unit), post, D(2026, 4, 1))
    services.end_appointment(staff, first, D(2026, 4, 1), "北组免〔2026〕1号")
    second = services.appoint(staff, CadreFactory(unit=team.unit), post, D(2026, 4, 1))
    assert [a.pk for a in Appointment.objects.filter(post=post).order_by("start_date")] == [
        first.pk,
        second.pk,
    ]  # history is rows: the predecessor's appointment stays, ended


def test_a_later_appointment_already_entered_counts_against_the_quota(team, staff):
    post = PostFactory(team=team, quota=1)
    services.appoint(staff, CadreFactory(unit=team.unit), post, D(2026, 5, 1))
    with pytest.raises(ValidationError, match="超职数配备"):  # would overlap from May
        services.appoint(staff, CadreFactory(unit=team.unit), post, D(2026, 1, 1))


def test_one_person_cannot_hold_two_seats_in_one_team(team, staff):
    chief = PostFactory(team=team, title="镇长", is_chief=True)
    deputy = PostFactory(team=team, title="副镇长", quota=3)
    cadre = CadreFactory(unit=team.unit, name="李四")
    services.appoint(staff, cadre, deputy, D(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.appoint(staff, cadre, chief, D(2026, 1, 1))
    assert error.value.code == "second_seat"
    assert "李四自2024年1月1日起已任青石镇副镇长" in error.value.messages[0]
    assert "同一人不能在同一领导班子中同时担任两个职位" in error.value.messages[0]


def test_a_promotion_within_the_team_ends_the_old_seat_first(team, staff):
    chief = PostFactory(team=team, title="镇长", is_chief=True)
    deputy = PostFactory(team=team, title="副镇长", quota=3)
    cadre = CadreFactory(unit=team.unit)
    old = services.appoint(staff, cadre, deputy, D(2024, 1, 1))
    services.end_appointment(staff, old, D(2026, 1, 1))
    assert services.appoint(staff, cadre, chief, D(2026, 1, 1)).post == chief


def test_the_same_person_may_sit_in_another_team(units, team, staff):
    other = LeadershipTeamFactory(unit=units["beishan"])
    cadre = CadreFactory(unit=team.unit)
    services.appoint(staff, cadre, PostFactory(team=team), D(2025, 1, 1))
    services.appoint(staff, cadre, PostFactory(team=other), D(2025, 1, 1))
    assert cadre.appointments.count() == 2


def test_ending_is_audited_and_checked(team, staff):
    post = PostFactory(team=team, title="副镇长")
    made = services.appoint(staff, CadreFactory(unit=team.unit, name="王五"), post, D(2025, 3, 1))
    with pytest.raises(ValidationError, match="免职时间2025年2月1日不能早于任职时间2025年3月1日"):
        services.end_appointment(staff, made, D(2025, 2, 1))
    ended = services.end_appointment(staff, made, D(2026, 3, 31), "北组免〔2026〕9号")
    assert (ended.end_date, ended.end_document_number) == (D(2026, 3, 31), "北组免〔2026〕9号")
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(made.pk))
    assert entry.before["end_date"] is None
    assert entry.after["end_date"] == "2026-03-31"
    with pytest.raises(ValidationError, match="王五已于2026年3月31日免去副镇长"):
        services.end_appointment(staff, made, D(2026, 6, 30))


def test_seating_an_inspection_candidate_ends_the_inspection_as_used(team, staff):
    from pool.models import PoolStatus
    from tests.factories import InspectionFactory

    inspection = InspectionFactory(membership__cadre=CadreFactory(unit=team.unit))
    post = PostFactory(team=team, title="党委副书记", quota=1)
    made = services.appoint(
        staff, inspection.membership.cadre, post, D(2026, 3, 2), "北组任〔2026〕5号", probation=True
    )
    inspection.membership.refresh_from_db()
    assert inspection.membership.status == PoolStatus.USED
    assert inspection.membership.appointment_ref == made.pk
    inspection.refresh_from_db()
    assert inspection.status == "appointed"


def test_seating_someone_outside_the_pool_touches_no_pool_record(team, staff):
    from pool.models import PoolMembership

    post = PostFactory(team=team, quota=1)
    services.appoint(staff, CadreFactory(unit=team.unit), post, D(2026, 3, 2), "北组任〔2026〕6号")
    assert not PoolMembership.objects.exists()
