"""The daily pool tasks are on the beat schedule and do their work when run."""

import datetime as dt

import time_machine
from django.conf import settings

from pool import tasks
from pool.models import InspectionStatus, Notice
from tests.factories import InspectionFactory, PoolMembershipFactory


def test_the_pool_tasks_are_scheduled():
    names = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"pool.tasks.lapse_expired_inspections", "pool.tasks.age_out_scan"} <= names


def test_the_tasks_lapse_inspections_and_remind_staff(units, staff):
    inspection = InspectionFactory(membership__cadre__unit=units["qingshi"])
    PoolMembershipFactory(cadre__unit=units["beishan"], cadre__birth_month=dt.date(1980, 1, 1))
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False):
        assert tasks.lapse_expired_inspections() == 1
        assert tasks.age_out_scan() >= 1
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.LAPSED
    assert Notice.objects.filter(recipient=staff, kind="pool_age_out").exists()
