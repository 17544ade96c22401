"""一票否决: it removes the person from the pool and bars re-entry while it stands. The
service, the page form and the API all refuse, in Chinese; only staff see the reason."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from pool.models import ExitReason, ListStatus, PoolEventKind, PoolMembership, PoolStatus, Tier
from pool.selection import services
from tests.factories import PoolMembershipFactory, RecommendationFactory, VetoFactory

REFUSAL = "该同志存在一票否决情形，不能入库"


@pytest.fixture
def candidate(units):
    """Someone on a submitted 青石镇 list."""
    rec = RecommendationFactory(
        rec_list__unit=units["qingshi"], rec_list__status=ListStatus.SUBMITTED, cadre__name="冯二"
    )
    return rec.rec_list.round, rec.cadre


def test_recording_a_veto_ends_the_open_stay(units, staff):
    membership = PoolMembershipFactory(cadre__unit=units["qingshi"])
    services.record_veto(staff, membership.cadre, "受到党内警告处分", "县纪委监委处分决定")
    membership.refresh_from_db()
    assert membership.status == PoolStatus.EXITED
    assert membership.exit_reason == ExitReason.VETO
    event = membership.events.get()
    assert (event.kind, event.to_value) == (PoolEventKind.EXIT, ExitReason.VETO)


def test_a_vetoed_person_cannot_be_admitted_by_the_service(units, staff, candidate):
    round_, cadre = candidate
    VetoFactory(cadre=cadre)
    with pytest.raises(ValidationError) as caught:
        services.accept_candidate(staff, round_, cadre, Tier.MID)
    assert caught.value.messages == [REFUSAL]
    assert not PoolMembership.objects.exists()


def test_a_vetoed_former_member_cannot_re_enter(units, staff, candidate):
    round_, cadre = candidate
    services.accept_candidate(staff, round_, cadre, Tier.MID)
    services.record_veto(staff, cadre, "政治不合格")
    with pytest.raises(ValidationError, match=REFUSAL):
        services.accept_candidate(staff, round_, cadre, Tier.MID)
    assert PoolMembership.objects.filter(cadre=cadre, exited_on__isnull=True).count() == 0


def test_the_page_form_refuses_with_the_message(units, staff, candidate, as_user):
    round_, cadre = candidate
    VetoFactory(cadre=cadre)
    response = as_user(staff).post(
        f"/pool/candidates/{cadre.pk}/accept/", {"round": round_.pk, "tier": "mid"}, follow=True
    )
    assert REFUSAL in " ".join(str(m) for m in response.context["messages"])
    assert not PoolMembership.objects.exists()


def test_the_api_refuses_with_the_message(units, staff, candidate):
    round_, cadre = candidate
    VetoFactory(cadre=cadre)
    api = APIClient()
    api.force_authenticate(staff)
    response = api.post(
        "/api/pool/admit/", {"cadre": cadre.pk, "tier": "mid", "round": round_.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": [REFUSAL]}
    assert not PoolMembership.objects.exists()


def test_the_api_admits_a_candidate_without_veto(units, staff, candidate):
    round_, cadre = candidate
    api = APIClient()
    api.force_authenticate(staff)
    response = api.post("/api/pool/admit/", {"cadre": cadre.pk, "tier": "near"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["tier_display"] == "近期使用"
    assert PoolMembership.objects.get(cadre=cadre).round == round_


def test_the_api_answers_404_for_someone_outside_the_jurisdiction(units, staff):
    rec = RecommendationFactory(rec_list__unit=units["west_edu"], rec_list__status="submitted")
    api = APIClient()
    api.force_authenticate(staff)
    response = api.post("/api/pool/admit/", {"cadre": rec.cadre_id, "tier": "mid"}, format="json")
    assert response.status_code == 404


def test_lifting_the_veto_allows_re_entry(units, staff, candidate):
    round_, cadre = candidate
    veto = services.record_veto(staff, cadre, "诫勉期间")
    services.lift_veto(staff, veto, "影响期已满")
    membership = services.accept_candidate(staff, round_, cadre, Tier.LONG)
    assert membership.is_open


def test_a_veto_needs_a_reason(units, staff, candidate):
    with pytest.raises(ValidationError, match="请填写否决事由"):
        services.record_veto(staff, candidate[1], " ")


def test_veto_reason_is_shown_to_staff_only(units, staff, leader, as_user):
    membership = PoolMembershipFactory(cadre__unit=units["qingshi"])
    services.record_veto(staff, membership.cadre, "违反中央八项规定精神受到处分", "县纪委监委")
    url = f"/pool/members/{membership.cadre_id}/"
    staff_page = as_user(staff).get(url).content.decode()
    assert "违反中央八项规定精神受到处分" in staff_page
    assert "政治不合格(一票否决)" in staff_page
    leader_page = as_user(leader).get(url).content.decode()
    assert leader_page.count("违反中央八项规定") == 0
    assert "一票否决" not in leader_page
    assert "出库" in leader_page  # the leader still sees that the person left


def test_recording_a_veto_through_the_page(units, staff, as_user):
    membership = PoolMembershipFactory(cadre__unit=units["qingshi"])
    response = as_user(staff).post(
        f"/pool/members/{membership.cadre_id}/veto/", {"reason": "政治不合格", "source": "考察"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.exit_reason == ExitReason.VETO
