"""The demo fills in the 审批表 of pool members: family rows, 专长, and a proposal for
three 近期使用 members of the home county, whose forms export with it."""

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from pool.models import (
    OPEN_POOL_STATUSES,
    AccountSecurity,
    ApprovalForm,
    FamilyMember,
    PoolMembership,
)
from tests.profile.docx_reading import open_docx, value_right_of

FROZEN = dt.datetime(2026, 3, 15, 10, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_demo_pool_members_have_family_rows_and_proposals_that_export(as_user):
    out = io.StringIO()
    with time_machine.travel(FROZEN, tick=False):
        call_command("load_demo", "--scale", "0.05", stdout=out)
    assert "任免审批表：" in out.getvalue()
    members = PoolMembership.objects.filter(status__in=OPEN_POOL_STATUSES)
    assert members.exists()
    for m in members:
        relations = set(
            FamilyMember.objects.filter(cadre=m.cadre).values_list("relation", flat=True)
        )
        assert {"父亲", "母亲"} <= relations
        assert m.cadre.specialty
    forms = list(ApprovalForm.objects.select_related("cadre__unit"))
    assert 1 <= len(forms) <= 3
    form = forms[0]
    assert form.proposed_position.endswith("副局长")
    staff = get_user_model().objects.get(username="zuzhibu")  # the demo's county staff
    AccountSecurity.objects.update_or_create(
        user=staff, defaults={"must_change_password": False, "password_changed_at": timezone.now()}
    )
    response = as_user(staff).get(f"/people/{form.cadre.pk}/approval.docx")
    assert response.status_code == 200
    cells = value_right_of(open_docx(response.content).tables[0])
    assert cells["姓名"] == form.cadre.name
    assert cells["拟任职务"] == form.proposed_position
