"""Dates shown from stored datetimes are Beijing dates: something done at 00:40 on
30 November in Beijing (16:40 UTC on the 29th) reads 30 November everywhere."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from pool.models import AuditEntry
from tests.factories import (
    CadreFactory,
    IntegrityOpinionFactory,
    IntegrityRequestFactory,
    RecommendationFactory,
    RecommendationListFactory,
    RoundFactory,
    VetoFactory,
)

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
JUST_AFTER_MIDNIGHT = dt.datetime(2026, 11, 30, 0, 40, tzinfo=BEIJING)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        yield


def _has_beijing_day(html: str) -> bool:
    return "2026年11月30日" in html or "2026-11-30" in html


def _no_utc_day(html: str) -> bool:
    return "2026年11月29日" not in html and "2026-11-29" not in html


def test_reminder_lists_show_the_beijing_day(units, staff, discipline_liaison, as_user):
    request = IntegrityRequestFactory(requested_by=staff, addressed_to=discipline_liaison)
    IntegrityOpinionFactory(request=request, cadre=CadreFactory(unit=units["qingshi"]))
    waiting = RecommendationListFactory(
        round=RoundFactory(), unit=units["qingshi"], status="submitted", submitted_at=timezone.now()
    )
    RecommendationFactory(rec_list=waiting)
    VetoFactory(cadre=CadreFactory(unit=units["beishan"]))
    client = as_user(staff)
    for key in ("opinions_pending", "lists_waiting", "vetoes_active"):
        html = client.get(f"/reminders/{key}/").content.decode()
        assert _has_beijing_day(html), key
        assert _no_utc_day(html), key


def test_profile_timeline_shows_the_beijing_day(units, staff, discipline_liaison, as_user):
    cadre = CadreFactory(unit=units["qingshi"])
    VetoFactory(cadre=cadre)
    request = IntegrityRequestFactory(requested_by=staff, addressed_to=discipline_liaison)
    IntegrityOpinionFactory(request=request, cadre=cadre)
    html = as_user(staff).get(f"/people/{cadre.pk}/").content.decode()
    assert _has_beijing_day(html)
    assert _no_utc_day(html)


def test_audit_entry_reads_in_beijing_time():
    entry = AuditEntry(at=timezone.now(), actor_name="张三", action="view")
    assert str(entry).startswith("2026-11-30 00:40")
