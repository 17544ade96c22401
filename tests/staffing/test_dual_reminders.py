"""双提醒: after a quarter's recalculation, every A and B team's unit committee and the
responsible 干部科 get one in-app notice per team and quarter; C teams none."""

import datetime as dt

import pytest

from pool.models import Notice
from staffing import services, tasks
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory

OLD, YOUNG = dt.date(1970, 1, 1), dt.date(1995, 1, 1)


def _team(unit, *births, quota=5):
    team = LeadershipTeamFactory(unit=unit)
    post = PostFactory(team=team, quota=quota)
    for birth in births:
        AppointmentFactory(post=post, cadre=CadreFactory(unit=unit, birth_month=birth))
    return team


@pytest.fixture
def quarter(units):
    _team(units["qingshi"], OLD, OLD)  # A
    _team(units["beishan"], YOUNG, OLD)  # C (5 seats: 1 required)
    _team(units["west_edu"], OLD)  # A, in 西县
    services.recalc_quarter("2026Q2")
    return "2026Q2"


def test_a_team_reminds_its_committee_and_the_responsible_staff(
    quarter, units, staff, unit_committee, leader
):
    assert services.send_dual_reminders(quarter) == 1  # 西县's team has nobody to tell here
    for user in (staff, unit_committee):
        notice = Notice.objects.get(recipient=user)
        assert notice.title == "青石镇领导班子2026年第二季度配备预警为A级（差额1名）"
        assert "任务量1名，实有年轻干部0名" in notice.body
    assert not Notice.objects.filter(recipient=leader).exists()


def test_reminders_are_sent_once_per_team_and_quarter(quarter, staff):
    services.send_dual_reminders(quarter)
    services.send_dual_reminders(quarter)
    assert Notice.objects.filter(recipient=staff).count() == 1


def test_the_quarterly_task_sends_them_after_recalculating(units, staff):
    _team(units["qingshi"], OLD)
    tasks.recalc_warnings("2026Q2")
    assert Notice.objects.filter(recipient=staff, kind="配备预警").count() == 1
