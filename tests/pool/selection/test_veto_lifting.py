"""Lifting a veto from a page: staff only, with a reason, audited; re-entry is possible
afterwards. Leaders never see the reason, on the timeline or anywhere else."""

import pytest

from pool.models import AuditEntry, PoolMembership, Tier, Veto
from pool.selection import services
from tests.factories import CadreFactory, PoolMembershipFactory, VetoFactory


@pytest.fixture
def veto(units):
    return VetoFactory(
        cadre=CadreFactory(unit=units["qingshi"], name="冯二"), reason="受到党内严重警告处分"
    )


def test_staff_lift_a_veto_from_the_timeline_and_it_is_audited(staff, veto, as_user):
    response = as_user(staff).post(f"/pool/vetoes/{veto.pk}/lift/", {"reason": "处分影响期已满"})
    assert response.status_code == 302
    veto.refresh_from_db()
    assert (veto.active, veto.lift_reason) == (False, "处分影响期已满")
    assert veto.lifted_at is not None
    entry = AuditEntry.objects.get(object_type__icontains="veto", action="update")
    assert entry.actor == staff and entry.detail == "解除一票否决"


def test_after_lifting_the_person_can_be_admitted_again(staff, veto):
    services.lift_veto(staff, veto, "影响期满")
    membership = services.admit_to_pool(staff, veto.cadre, Tier.LONG)
    assert membership.is_open


def test_lifting_needs_a_reason(staff, veto, as_user):
    response = as_user(staff).post(f"/pool/vetoes/{veto.pk}/lift/", {"reason": ""}, follow=True)
    assert "解除原因：" in " ".join(str(m) for m in response.context["messages"])
    veto.refresh_from_db()
    assert veto.active


def test_a_lifted_veto_cannot_be_lifted_twice(staff, veto, as_user):
    services.lift_veto(staff, veto, "影响期满")
    response = as_user(staff).post(f"/pool/vetoes/{veto.pk}/lift/", {"reason": "再次"}, follow=True)
    assert "该一票否决已解除" in " ".join(str(m) for m in response.context["messages"])


def test_the_veto_list_shows_reasons_to_staff(staff, veto, as_user):
    page = as_user(staff).get("/pool/vetoes/").content.decode()
    assert "受到党内严重警告处分" in page
    services.lift_veto(staff, veto, "影响期满")
    assert "受到党内严重警告处分" not in as_user(staff).get("/pool/vetoes/").content.decode()
    assert "影响期满" in as_user(staff).get("/pool/vetoes/?active=0").content.decode()


def test_leaders_never_see_the_reason(leader, staff, units, as_user):
    membership = PoolMembershipFactory(cadre__unit=units["qingshi"])
    services.record_veto(staff, membership.cadre, "存在违纪问题受到处分")
    client = as_user(leader)
    page = client.get(f"/pool/members/{membership.cadre_id}/").content.decode()
    assert "存在违纪问题受到处分" not in page and "veto-lift-form" not in page
    assert client.get("/pool/vetoes/").status_code == 403
    assert (
        client.post(f"/pool/vetoes/{Veto.objects.get().pk}/lift/", {"reason": "x x"}).status_code
        == 403
    )
    assert not PoolMembership.objects.filter(exited_on__isnull=True).exists()
