"""The daily pool tasks are on the beat schedule and do their work when run."""

import datetime as dt

import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model

from cadre_portal.celery import app
from pool.models import InspectionStatus, Notice, Role, RoleGrant
from pool.selection import tasks
from tests.factories import CadreFactory, InspectionFactory, PoolMembershipFactory


def test_the_pool_tasks_are_scheduled():
    names = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"pool.tasks.lapse_expired_inspections", "pool.tasks.age_out_scan"} <= names


def test_every_scheduled_task_is_registered_with_celery():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_the_tasks_lapse_inspections_and_remind_staff(units, staff):
    inspection = InspectionFactory(membership__cadre__unit=units["qingshi"])
    PoolMembershipFactory(cadre__unit=units["beishan"], cadre__birth_month=dt.date(1980, 1, 1))
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False):
        assert tasks.lapse_expired_inspections() == {"lapsed": 1, "reminded": 0}
        assert tasks.age_out_scan() >= 1
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.LAPSED
    assert Notice.objects.filter(recipient=staff, kind="pool_age_out").exists()


def _expiring(unit, name, expires_on):
    return InspectionFactory(
        membership__cadre=CadreFactory(unit=unit, name=name),
        proposed_post="北山镇党委副书记",
        expires_on=expires_on,
    )


def test_the_daily_task_reminds_staff_of_inspections_expiring_within_30_days_once(units, staff):
    west_staff = get_user_model().objects.create_user("west_staff")
    RoleGrant.objects.create(user=west_staff, role=Role.STAFF, unit=units["west"])
    soon = _expiring(units["qingshi"], "将到期", dt.date(2026, 7, 1))  # 30 days ahead
    _expiring(units["beishan"], "还早", dt.date(2026, 7, 2))
    _expiring(units["west_edu"], "西县人", dt.date(2026, 6, 10))
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False):
        assert tasks.lapse_expired_inspections() == {"lapsed": 0, "reminded": 2}
        tasks.lapse_expired_inspections()  # the next run writes nothing new
    notices = Notice.objects.filter(kind="pool_inspection_expiring")
    assert notices.count() == 2
    notice = notices.get(recipient=staff)
    assert notice.title == "将到期的考察有效期将于2026年7月1日届满"
    assert "拟任北山镇党委副书记" in notice.body
    assert notice.url == f"/pool/members/{soon.membership.cadre_id}/"
    assert notices.get(recipient=west_staff).title.startswith("西县人")
