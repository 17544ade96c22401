"""The demo shows 考察对象 in every state, members past or near their threshold on the
超龄 page, and a ranking with hand scores and computed items."""

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from pool.models import Inspection, InspectionStatus, ManualScore, PoolMembership, PoolStatus
from pool.selection import age_out


@pytest.mark.django_db
def test_demo_has_inspections_age_outs_and_a_ranking(client):
    with time_machine.travel(dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC), tick=False):
        call_command("load_demo", "--scale", "0.05", stdout=io.StringIO())
        staff = get_user_model().objects.get(username="zuzhibu")
        states = set(Inspection.objects.values_list("status", flat=True))
        assert states == set(InspectionStatus.values)
        running = Inspection.objects.filter(status=InspectionStatus.ACTIVE)
        assert all(i.membership.status == PoolStatus.INSPECTION for i in running)
        used = PoolMembership.objects.get(appointment_document__startswith="东组干")
        assert used.status == PoolStatus.USED
        review = age_out.review(staff)
        # At this tiny scale the county may have nobody within six months of a threshold;
        # those already past one are always there.
        assert review.over
        assert ManualScore.objects.exists()
        client.force_login(staff)
        rows = client.get("/pool/ranking/").context["rows"]
        assert len(rows) >= 10
        assert rows[0].total > rows[-1].total
        assert rows[0].scores["education"] is not None
        for url in ("/pool/inspections/?status=all", "/pool/age-out/", "/pool/vetoes/?active=0"):
            assert client.get(url).status_code == 200
