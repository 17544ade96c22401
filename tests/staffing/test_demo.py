"""manage.py load_demo also builds the leadership teams and two quarters of warnings."""

import datetime as dt
import io
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, F, Q

from pool.models import Notice, Unit, UnitKind, UnitLevel
from staffing.models import Appointment, LeadershipTeam, Post, WarningRecord

FROZEN = dt.datetime(2026, 8, 10, 10, 0, tzinfo=dt.UTC)  # last finished quarter: 2026Q2


def _load(*extra: str) -> str:
    out = io.StringIO()
    with time_machine.travel(FROZEN, tick=False):
        call_command("load_demo", "--scale", "0.2", *extra, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_gives_every_township_county_department_and_body_a_team():
    output = _load()
    wanted = Unit.objects.filter(
        Q(kind__in=[UnitKind.TOWNSHIP, UnitKind.COUNTY_LEADERSHIP])
        | Q(level=UnitLevel.COUNTY, kind__in=[UnitKind.PARTY_GOV_DEPT, UnitKind.INTERNAL_BODY])
    )
    assert set(LeadershipTeam.objects.values_list("unit_id", flat=True)) == set(
        wanted.values_list("pk", flat=True)
    )
    town = LeadershipTeam.objects.get(unit__name="青石镇")
    titles = {p.title: (p.is_chief, p.quota) for p in town.posts.all()}
    assert titles["党委书记"] == (True, 1)
    assert titles["镇长"] == (True, 1)
    assert sum(q for chief, q in titles.values() if not chief) == 7
    assert "领导班子" in output and "配备预警 2026Q2" in output and "2026Q1" in output


@pytest.mark.django_db
def test_demo_respects_quotas_and_one_seat_per_person_per_team():
    _load()
    for quarter_end in (dt.date(2026, 3, 31), dt.date(2026, 6, 30)):
        serving = Appointment.objects.serving_on(quarter_end)
        over = (
            Post.objects.annotate(n=Count("appointments", filter=Q(appointments__in=serving)))
            .filter(n__gt=F("quota"))
            .count()
        )
        assert over == 0
        seats = Counter(serving.values_list("post__team_id", "cadre_id"))
        assert max(seats.values()) == 1
    # seated people are the unit's own, or (recent 提拔) from a department's internal body
    for a in Appointment.objects.select_related("cadre__unit", "post__team__unit")[:500]:
        assert a.cadre.unit_id == a.post.team.unit_id or a.cadre.unit.parent_id == (
            a.post.team.unit_id
        )


@pytest.mark.django_db
def test_demo_warnings_show_every_level_for_two_quarters():
    _load()
    levels = Counter(WarningRecord.objects.filter(quarter="2026Q2").values_list("level", flat=True))
    assert set(levels) == {"A", "B", "C"}
    assert levels["B"] + levels["C"] > levels["A"]
    # 领导班子 only: 内设机构 get no grade and no record
    teams = LeadershipTeam.objects.exclude(unit__kind="internal_body").count()
    assert WarningRecord.objects.filter(quarter="2026Q1").count() == teams
    assert not WarningRecord.objects.filter(team__unit__kind="internal_body").exists()


@pytest.mark.django_db
def test_reset_deletes_staffing_rows_first_and_gives_the_same_teams():
    _load("--seed", "5")
    first = sorted(
        WarningRecord.objects.values_list(
            "team__unit__name", "quarter", "level", "required", "actual"
        )
    )
    _load("--seed", "5", "--reset")
    again = sorted(
        WarningRecord.objects.values_list(
            "team__unit__name", "quarter", "level", "required", "actual"
        )
    )
    assert again == first


@pytest.mark.django_db
def test_demo_has_documents_publicities_probations_and_holidays():
    from staffing import rules
    from staffing.models import AppointmentDocument, Holiday, Publicity, PublicityStatus

    output = _load()
    assert "任免文件" in output and "任前公示" in output
    documents = list(AppointmentDocument.objects.all())
    assert documents
    pending = [d for d in documents if not d.locked]
    assert len(pending) == 1
    for d in documents:
        counts = (d.appointments.count(), d.removals.count())
        stated = (d.appointments_stated, d.removals_stated)
        assert (counts == stated) is d.locked  # reviewed ones match; the pending one not
    open_now = Publicity.objects.filter(status=PublicityStatus.OPEN)
    assert open_now.exists() and Publicity.objects.filter(status=PublicityStatus.CLOSED).exists()
    holidays = frozenset(Holiday.objects.values_list("date", flat=True))
    for p in Publicity.objects.all():
        assert rules.working_days(p.start_date, p.end_date, holidays) >= 5
    promoted = Appointment.objects.exclude(probation_until=None)
    assert promoted.exists()
    assert all(a.probation_until == rules.probation_until(a.start_date) for a in promoted)
    today = FROZEN.date()
    assert promoted.filter(end_date=None, probation_until__gte=today).exists()


@pytest.mark.django_db
def test_demo_units_are_told_of_their_a_and_b_teams():
    output = _load()
    pending = WarningRecord.objects.filter(quarter="2026Q2", level__in=["A", "B"])
    assert f"双提醒：{pending.count()}个A、B级班子已提醒" in output
    told = Notice.objects.filter(kind="配备预警")
    assert (
        told.filter(recipient__username="qingshi").exists()
        == pending.filter(team__unit__name="青石镇").exists()
    )
    assert told.exists()
