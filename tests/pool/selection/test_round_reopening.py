"""Reopening a closed round (撤销截止): only by who closed it, only up to the round's
截止日期, audited; the 截止 button asks first and says what it will do."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from pool.models import AuditEntry, Role
from pool.selection import services
from tests.conftest import _persona
from tests.factories import RecommendationFactory, RoundFactory

CLOSES = dt.date(2026, 12, 31)


@pytest.fixture
def round_(units):
    """The county's own round (a city-wide one is the city's to close and reopen)."""
    return RoundFactory(
        name="2026年度", opens_on=dt.date(2026, 11, 1), closes_on=CLOSES, owner=units["east"]
    )


@pytest.fixture
def colleague(units):
    return _persona("xiaolin", Role.STAFF, units["east"], name="小林")


@pytest.mark.parametrize(
    ("today", "who", "allowed"),
    [
        (dt.date(2026, 11, 20), "closer", True),
        (CLOSES, "closer", True),  # the deadline day itself
        (CLOSES + dt.timedelta(days=1), "closer", False),
        (dt.date(2026, 11, 20), "colleague", False),
    ],
)
def test_who_closed_the_round_reopens_it_up_to_the_deadline(
    staff, colleague, round_, today, who, allowed
):
    services.close_round(staff, round_)
    user = staff if who == "closer" else colleague
    round_.refresh_from_db()
    assert round_.may_reopen(user, today) is allowed
    if allowed:
        services.reopen_round(user, round_, today)
        round_.refresh_from_db()
        assert round_.is_open and round_.closed_by is None
        assert AuditEntry.objects.filter(detail="重新开放推荐批次（撤销截止）").count() == 1
    else:
        with pytest.raises(ValidationError):
            services.reopen_round(user, round_, today)
        round_.refresh_from_db()
        assert not round_.is_open


def test_an_open_round_cannot_be_reopened(staff, round_):
    with pytest.raises(ValidationError, match="尚未截止"):
        services.reopen_round(staff, round_, dt.date(2026, 11, 20))


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False)
def test_the_lists_page_offers_reopening_to_the_closer_only(
    staff, colleague, units, round_, as_user, client
):
    rec = RecommendationFactory(rec_list__round=round_, rec_list__unit=units["qingshi"])
    page = as_user(staff).get(f"/pool/lists/?round={round_.pk}").content.decode()
    assert 'data-confirm="截止2026年度推荐（截止日期2026年12月31日）' in page
    client.post("/pool/lists/rounds/close/", {"round": round_.pk})
    assert "round-reopen-form" in client.get(f"/pool/lists/?round={round_.pk}").content.decode()
    other = as_user(colleague).get(f"/pool/lists/?round={round_.pk}").content.decode()
    assert "round-reopen-form" not in other
    as_user(staff)  # the shared test client, back as who closed the round
    response = client.post("/pool/lists/rounds/reopen/", {"round": round_.pk})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.is_open
    rec.rec_list.refresh_from_db()
    assert rec.rec_list.round.is_open


def test_a_colleague_posting_reopen_is_refused_in_chinese(staff, colleague, round_, as_user):
    services.close_round(staff, round_)
    client = as_user(colleague)
    response = client.post("/pool/lists/rounds/reopen/", {"round": round_.pk}, follow=True)
    assert "只有截止本批次的工作人员可以重新开放" in response.content.decode()
    round_.refresh_from_db()
    assert not round_.is_open


def test_other_roles_cannot_reopen(unit_committee, staff, round_, as_user):
    services.close_round(staff, round_)
    response = as_user(unit_committee).post("/pool/lists/rounds/reopen/", {"round": round_.pk})
    assert response.status_code == 403
