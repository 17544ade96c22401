"""模拟调配: removing and seating people on paper changes the team's level at once,
nothing is saved, and only people in the jurisdiction can be tried."""

import datetime as dt

from django.urls import reverse

from pool.models import AuditEntry
from staffing.models import Appointment
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory

OLD, YOUNG = dt.date(1970, 1, 1), dt.date(1995, 1, 1)


def _setup(units):
    team = LeadershipTeamFactory(unit=units["qingshi"])
    post = PostFactory(team=team, quota=3)
    young = AppointmentFactory(post=post, cadre=CadreFactory(unit=team.unit, birth_month=YOUNG))
    old = AppointmentFactory(post=post, cadre=CadreFactory(unit=team.unit, birth_month=OLD))
    return team, young, old


def _page(client, team, **params):
    return client.get(reverse("staffing:simulate", args=[team.pk]), params).content.decode()


def test_removing_the_young_member_shows_the_fall_to_a(units, staff, as_user):
    team, young, _ = _setup(units)
    page = _page(as_user(staff), team, remove=young.pk)
    assert 'id="level-before">C级' in page and 'id="level-after">A级' in page
    assert Appointment.objects.filter(end_date=None).count() == 2  # nothing saved
    assert not AuditEntry.objects.filter(object_id=str(young.pk)).exists()


def test_seating_a_young_cadre_from_another_unit_lifts_the_team(units, staff, as_user):
    team, young, _ = _setup(units)
    newcomer = CadreFactory(unit=units["beishan"], birth_month=YOUNG, name="北山小刘")
    page = _page(as_user(staff), team, remove=[young.pk], add=[newcomer.pk], q="北山")
    assert 'id="level-after">C级' in page and "北山小刘" in page
    assert 'id="over-quota"' not in page


def test_seating_beyond_the_approved_seats_warns(units, staff, as_user):
    team, *_ = _setup(units)
    extra = [CadreFactory(unit=team.unit).pk for _ in range(2)]
    page = _page(as_user(staff), team, add=extra)
    assert "超过核定职数1名" in page


def test_people_outside_the_jurisdiction_are_ignored(units, staff, as_user):
    team, young, _ = _setup(units)
    outsider = CadreFactory(unit=units["west_edu"], birth_month=YOUNG, name="西县小王")
    page = _page(as_user(staff), team, remove=[young.pk], add=[outsider.pk])
    assert 'id="level-after">A级' in page and "西县小王" not in page
