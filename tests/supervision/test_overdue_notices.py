"""每月谈话提醒: one notice per unit, talker role and month to the staff responsible for
that unit, naming only the overdue people; a rerun in the same month writes nothing."""

import datetime as dt

from django.contrib.auth import get_user_model

from pool.models import Notice, Role, RoleGrant
from supervision import services
from supervision.models import TalkerRole, TalkRule
from tests.factories import CadreFactory, PoolMembershipFactory, TalkFactory, TalkParticipantFactory

TODAY = dt.date(2026, 7, 1)


def _member(unit, name):
    return PoolMembershipFactory(cadre=CadreFactory(unit=unit, name=name)).cadre


def _talk(cadre, role, date):
    TalkParticipantFactory(cadre=cadre, talk=TalkFactory(talker_role=role, date=date))


def _only_unit_head_rule():
    TalkRule.objects.exclude(talker_role=TalkerRole.UNIT_HEAD).delete()


def test_staff_get_one_notice_per_unit_and_role_naming_only_overdue_people(staff, units):
    _only_unit_head_rule()
    late = _member(units["qingshi"], "逾期甲")
    _talk(late, TalkerRole.UNIT_HEAD, dt.date(2026, 3, 31))  # the quarter before Q2
    fine = _member(units["qingshi"], "按期乙")
    _talk(fine, TalkerRole.UNIT_HEAD, dt.date(2026, 4, 1))  # Q2's first day
    never = _member(units["beishan"], "从未丙")

    assert services.notify_overdue_talks(TODAY) == 2

    notices = {n.title: n for n in Notice.objects.filter(recipient=staff)}
    assert len(notices) == 2
    qingshi = next(n for t, n in notices.items() if t.startswith("青石镇"))
    assert "1名年轻干部逾期未与单位主要领导谈话" in qingshi.title
    assert "逾期甲" in qingshi.body and "自2026-07-01起逾期" in qingshi.body
    assert "按期乙" not in qingshi.body
    beishan = next(n for t, n in notices.items() if t.startswith("北山镇"))
    assert never.name in beishan.body and "从未谈话" in beishan.body
    assert f"unit={units['qingshi'].pk}" in qingshi.url


def test_rerun_in_the_same_month_writes_nothing_new_and_next_month_does(staff, units):
    _only_unit_head_rule()
    _member(units["qingshi"], "逾期甲")
    assert services.notify_overdue_talks(TODAY) == 1
    assert services.notify_overdue_talks(TODAY + dt.timedelta(days=20)) == 0
    assert Notice.objects.count() == 1
    assert services.notify_overdue_talks(dt.date(2026, 8, 1)) == 1


def test_notice_goes_only_to_staff_whose_jurisdiction_holds_the_unit(staff, units, leader):
    _only_unit_head_rule()
    west_staff = get_user_model().objects.create_user("west_staff")
    RoleGrant.objects.create(user=west_staff, role=Role.STAFF, unit=units["west"])
    _member(units["west_edu"], "西县人")
    _member(units["qingshi"], "东县人")

    assert services.notify_overdue_talks(TODAY) == 2

    assert Notice.objects.filter(recipient=staff).count() == 1
    assert "东县人" in Notice.objects.get(recipient=staff).body
    assert "西县人" in Notice.objects.get(recipient=west_staff).body
    assert not Notice.objects.filter(recipient=leader).exists()


def test_nobody_overdue_means_no_notice(staff, units):
    cadre = _member(units["qingshi"], "按期")
    for rule in TalkRule.objects.all():
        _talk(cadre, rule.talker_role, TODAY)
    assert services.notify_overdue_talks(TODAY) == 0
    assert not Notice.objects.exists()


def test_monthly_task_runs_the_service(staff, units, settings):
    from supervision import tasks

    assert "supervision.tasks.notify_overdue_talks" in {
        e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()
    }
    _only_unit_head_rule()
    _member(units["qingshi"], "逾期甲")
    assert tasks.notify_overdue_talks() == 1
