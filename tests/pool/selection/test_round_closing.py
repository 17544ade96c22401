"""Closing a round (截止推荐): no more changes or submissions; lists stay readable and
what was submitted can still be reviewed."""

import pytest
from django.core.exceptions import ValidationError

from pool.models import AuditEntry, ListStatus, RecommendationRound
from pool.selection import services
from tests.factories import CadreFactory, RecommendationFactory, RoundFactory


@pytest.fixture
def round_(units):
    return RoundFactory(name="2026年度", owner=units["east"])  # 东县's own round


def test_staff_close_the_round_from_the_lists_page(staff, round_, as_user):
    client = as_user(staff)
    assert "round-close-form" in client.get(f"/pool/lists/?round={round_.pk}").content.decode()
    response = client.post("/pool/lists/rounds/close/", {"round": round_.pk})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert not round_.is_open
    assert AuditEntry.objects.filter(detail="截止推荐批次").count() == 1
    page = client.get(f"/pool/lists/?round={round_.pk}").content.decode()
    assert "已截止" in page and "round-close-form" not in page


def test_after_closing_units_cannot_add_or_submit(unit_committee, staff, units, round_, as_user):
    rec = RecommendationFactory(rec_list__round=round_, rec_list__unit=units["qingshi"])
    services.close_round(staff, round_)
    with pytest.raises(ValidationError, match="推荐已截止"):
        services.submit_list(unit_committee, rec.rec_list)
    with pytest.raises(ValidationError, match="推荐已截止"):
        services.add_recommendation(
            unit_committee, round_, CadreFactory(unit=units["qingshi"]), reason="理由"
        )
    page = as_user(unit_committee).get(f"/pool/lists/mine/?round={round_.pk}").content.decode()
    assert rec.cadre.name in page  # still readable


def test_submitted_lists_can_still_be_reviewed_after_closing(staff, units, round_):
    rec = RecommendationFactory(
        rec_list__round=round_, rec_list__unit=units["qingshi"], rec_list__status="submitted"
    )
    services.close_round(staff, round_)
    services.start_review(staff, rec.rec_list)
    services.accept_list(staff, rec.rec_list)
    rec.rec_list.refresh_from_db()
    assert rec.rec_list.status == ListStatus.ACCEPTED


def test_closing_twice_is_refused(staff, round_):
    services.close_round(staff, round_)
    with pytest.raises(ValidationError, match="已截止"):
        services.close_round(staff, RecommendationRound.objects.get(pk=round_.pk))


def test_units_cannot_close_a_round(unit_committee, round_, as_user):
    response = as_user(unit_committee).post("/pool/lists/rounds/close/", {"round": round_.pk})
    assert response.status_code == 403
    round_.refresh_from_db()
    assert round_.is_open
