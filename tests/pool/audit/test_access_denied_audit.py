"""Refused requests are audited (finding 6 of #19): every 403 and out-of-scope 404 an
authenticated user gets writes one ``access_denied`` row, at most once per user and
path in a window and a few per user, so probing cannot flood the log."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from pool import audit
from pool.models import AuditAction, AuditEntry
from tests.factories import CadreFactory


def _denials():
    return AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED)


@pytest.fixture
def west_cadre(units):
    return CadreFactory(unit=units["west_edu"])


def test_a_cadre_outside_the_jurisdiction_is_refused_and_audited(staff, west_cadre, as_user):
    path = f"/pool/cadres/{west_cadre.pk}/"
    assert as_user(staff).get(path).status_code == 404
    entry = _denials().get()
    assert (entry.actor, entry.object_repr, entry.success) == (staff, path, False)
    assert entry.detail.startswith("GET 对象不存在或不在管辖范围内（404）")
    assert audit.verify_chain().broken_at is None


def test_a_role_refused_is_audited_with_the_reason(unit_committee, as_user):
    assert as_user(unit_committee).get("/pool/audit/").status_code == 403
    entry = _denials().get()
    assert entry.object_repr == "/pool/audit/"
    assert entry.detail == "GET 拒绝访问（403）：您的角色无权访问此页面"


def test_a_setting_of_a_higher_unit_is_audited(staff, as_user):
    from staffing.models import StaffingTarget

    target = StaffingTarget.objects.first()
    assert as_user(staff).post(f"/staffing/targets/{target.pk}/edit/", {}).status_code == 403
    assert "该设置由上级组织部门管理" in _denials().get().detail


def test_api_refusals_are_audited_for_the_api_user(staff, west_cadre):
    """DRF authenticates inside the view (a token, not the session): the middleware
    reads the user DRF found, whatever the authentication class."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(staff)
    assert api.get(f"/api/cadres/{west_cadre.pk}/").status_code == 404
    assert _denials().get().actor == staff


def test_repeating_the_same_refusal_writes_one_row_per_window(staff, west_cadre, as_user):
    client = as_user(staff)
    path = f"/pool/cadres/{west_cadre.pk}/"
    for _ in range(5):
        assert client.get(path).status_code == 404
    assert _denials().count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        client.force_login(staff)  # the idle timeout would end the session
        assert client.get(path).status_code == 404
    assert _denials().count() == 2


def test_probing_many_paths_is_capped_per_user(staff, unit_committee, units, as_user, settings):
    settings.CADRE_DENIAL_AUDIT_PER_USER = 3
    client = as_user(staff)
    for cadre in CadreFactory.create_batch(5, unit=units["west_edu"]):
        assert client.get(f"/pool/cadres/{cadre.pk}/").status_code == 404
    assert _denials().filter(actor=staff).count() == 3
    # another person's refusals are counted apart
    assert as_user(unit_committee).get("/pool/audit/").status_code == 403
    assert _denials().filter(actor=unit_committee).count() == 1


def test_visitors_and_pages_served_write_no_denial(staff, client, as_user, units):
    assert client.get("/api/cadres/").status_code == 403  # not logged in
    mine = CadreFactory(unit=units["qingshi"])
    assert as_user(staff).get(f"/pool/cadres/{mine.pk}/").status_code == 200
    assert not _denials().exists()
