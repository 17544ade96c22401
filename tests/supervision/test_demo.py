"""manage.py load_demo also writes talks (some overdue), an answered integrity batch,
concerns (one vetoing) and assessments; --reset deletes them before the pool's rows."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from pool.models import Veto
from supervision.models import (
    Assessment,
    Concern,
    FileAuditRecord,
    IntegrityOpinion,
    KeyTaskPerformance,
    PersonalMattersReport,
    PoliticalFileEntry,
    Talk,
    TalkerLink,
    TalkerRole,
    TalkParticipant,
)

FROZEN = dt.datetime(2026, 8, 10, 10, 0, tzinfo=dt.UTC)


def _load(*extra: str) -> str:
    out = io.StringIO()
    with time_machine.travel(FROZEN, tick=False):
        call_command("load_demo", "--scale", "0.1", *extra, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_has_supervision_records_and_reset_reloads_them():
    output = _load()
    assert "谈心谈话" in output and "逾期未谈" in output
    assert TalkParticipant.objects.filter(talk__date__lte=dt.date(2026, 8, 10)).exists()
    assert Talk.objects.filter(participants__isnull=False).exists()
    answered = IntegrityOpinion.objects.filter(answered_at__isnull=False)
    assert answered.exists()
    assert IntegrityOpinion.objects.filter(answered_at__isnull=True).exists()
    assert Concern.objects.count() >= 2
    assert Veto.objects.filter(source__startswith="问题线索").exists()
    assert Assessment.objects.exists()
    roles = set(TalkerLink.objects.values_list("talker_role", flat=True))
    assert roles == {TalkerRole.COUNTY_LEADER, TalkerRole.DEPUTY_HEAD}
    assert PoliticalFileEntry.objects.exists() and KeyTaskPerformance.objects.exists()
    reports = PersonalMattersReport.objects.all()
    assert reports.filter(finding="truthful").exists()
    assert reports.filter(finding="concealed", concern__isnull=False).exists()
    assert FileAuditRecord.objects.filter(category="determined").exists()
    talks = Talk.objects.count()
    _load("--reset")
    assert Talk.objects.count() == talks
