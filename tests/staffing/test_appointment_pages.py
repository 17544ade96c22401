"""Staff seat a cadre (任职) and end a seat (免职) from the team page: the services'
refusals (超职数, double seats, locked documents) come back as Chinese form errors;
every write is audited; the team page's live level follows."""

import datetime as dt

import pytest
from django.urls import reverse

from pool.models import AuditAction, AuditEntry
from staffing import services
from staffing.models import Appointment
from tests.factories import (
    AppointmentFactory,
    CadreFactory,
    LeadershipTeamFactory,
    PostFactory,
)

D = dt.date


@pytest.fixture
def team(units):
    return LeadershipTeamFactory(unit=units["qingshi"])


def _appoint(client, team, post, cadre, **extra):
    data = {
        "post": post.pk,
        "cadre": cadre.pk,
        "start_date": "2026-03-02",
        "document_number": "东组任〔2026〕5号",
        **extra,
    }
    return client.post(reverse("staffing:appoint", args=[team.pk]), data)


def test_staff_seats_a_cadre_from_the_team_page(team, staff, as_user):
    post = PostFactory(team=team, title="副镇长", quota=2)
    cadre = CadreFactory(unit=team.unit, name="王五")
    response = _appoint(as_user(staff), team, post, cadre, title="副镇长", probation="on")
    assert response.status_code == 302
    assert response.url == reverse("staffing:team_detail", args=[team.pk])
    made = Appointment.objects.get(cadre=cadre)
    assert (made.post, made.start_date, made.document_number) == (
        post,
        D(2026, 3, 2),
        "东组任〔2026〕5号",
    )
    assert made.probation_until == D(2027, 3, 1)
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_id=str(made.pk), actor=staff
    ).exists()


def test_the_picker_lists_the_units_people_and_finds_others_by_name(team, units, staff, as_user):
    PostFactory(team=team)
    CadreFactory(unit=team.unit, name="本镇干部")
    CadreFactory(unit=units["beishan"], name="北山干部")
    CadreFactory(unit=units["west_edu"], name="西县干部")
    client = as_user(staff)
    page = client.get(reverse("staffing:appoint", args=[team.pk])).content.decode()
    assert "本镇干部" in page and "北山干部" not in page
    found = client.get(reverse("staffing:appoint", args=[team.pk]), {"q": "干部"}).content.decode()
    assert "北山干部" in found and "西县干部" not in found  # never outside the jurisdiction


def test_a_cadre_outside_the_jurisdiction_cannot_be_seated(team, units, staff, as_user):
    post = PostFactory(team=team)
    response = _appoint(as_user(staff), team, post, CadreFactory(unit=units["west_edu"]))
    assert response.status_code == 400
    assert not Appointment.objects.exists()


def test_over_quota_is_refused_on_the_form_in_chinese(team, staff, as_user):
    post = PostFactory(team=team, title="镇长", is_chief=True, quota=1)
    AppointmentFactory(post=post, cadre=CadreFactory(unit=team.unit), start_date=D(2024, 1, 1))
    response = _appoint(as_user(staff), team, post, CadreFactory(unit=team.unit))
    assert response.status_code == 400
    assert "超职数配备：青石镇镇长核定职数1名，2026年3月2日起已有1名在任，不能再任命" in (
        response.content.decode()
    )
    assert Appointment.objects.count() == 1


def test_a_second_seat_in_the_team_is_refused_on_the_form(team, staff, as_user):
    deputy = PostFactory(team=team, title="副镇长", quota=3)
    member = PostFactory(team=team, title="党委委员", quota=3)
    cadre = CadreFactory(unit=team.unit, name="李四")
    AppointmentFactory(post=deputy, cadre=cadre, start_date=D(2024, 1, 1))
    response = _appoint(as_user(staff), team, member, cadre)
    assert response.status_code == 400
    assert "同一人不能在同一领导班子中同时担任两个职位" in response.content.decode()


def test_a_document_or_a_number_is_required(team, staff, as_user):
    post = PostFactory(team=team)
    response = _appoint(
        as_user(staff), team, post, CadreFactory(unit=team.unit), document_number=""
    )
    assert response.status_code == 400
    assert "请选择任免文件或填写任职文号" in response.content.decode()


def test_staff_end_a_seat_with_its_number_and_date(team, staff, as_user):
    post = PostFactory(team=team)
    held = AppointmentFactory(post=post, cadre=CadreFactory(unit=team.unit))
    response = as_user(staff).post(
        reverse("staffing:end", args=[held.pk]),
        {"end_date": "2026-04-01", "document_number": "东组免〔2026〕2号"},
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.end_date, held.end_document_number) == (D(2026, 4, 1), "东组免〔2026〕2号")
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(held.pk)).exists()


def test_an_ended_seat_has_no_end_page(team, staff, as_user):
    held = AppointmentFactory(
        post=PostFactory(team=team), cadre=CadreFactory(unit=team.unit), end_date=D(2025, 1, 1)
    )
    assert as_user(staff).get(reverse("staffing:end", args=[held.pk])).status_code == 404


def test_an_end_before_the_start_is_refused_on_the_form(team, staff, as_user):
    held = AppointmentFactory(post=PostFactory(team=team), cadre=CadreFactory(unit=team.unit))
    response = as_user(staff).post(
        reverse("staffing:end", args=[held.pk]),
        {"end_date": "2019-12-31", "document_number": "东组免〔2026〕2号"},
    )
    assert response.status_code == 400
    assert "免职时间2019年12月31日不能早于任职时间2020年1月1日" in response.content.decode()


def test_team_page_shows_the_live_level_and_the_buttons_to_staff_only(team, staff, leader, as_user):
    post = PostFactory(team=team, quota=5)
    AppointmentFactory(post=post, cadre=CadreFactory(unit=team.unit, birth_month=D(1975, 1, 1)))
    url = reverse("staffing:team_detail", args=[team.pk])
    page = as_user(staff).get(url).content.decode()
    assert 'id="current-level-badge">A级' in page
    assert reverse("staffing:appoint", args=[team.pk]) in page
    services.appoint(
        staff, CadreFactory(unit=team.unit, birth_month=D(1995, 1, 1)), post, D(2026, 1, 1), "x"
    )
    page = as_user(leader).get(url).content.decode()
    assert 'id="current-level-badge">C级' in page
    assert reverse("staffing:appoint", args=[team.pk]) not in page  # leaders read only
