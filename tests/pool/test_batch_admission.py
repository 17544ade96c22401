"""批量入库 from the candidates summary: one confirmation page listing everyone, then
each person through the same rules as 入库 one by one; refusals reported by name,
nothing written for a refused person."""

import pytest

from pool.models import AuditEntry, ListStatus, PoolEvent, PoolMembership, RecommendationList, Tier
from pool.selection import batch as batch_admit
from tests.factories import (
    CadreFactory,
    PoolMembershipFactory,
    RecommendationFactory,
    RecommendationListFactory,
    RoundFactory,
    VetoFactory,
)

URL = "/pool/candidates/batch/"


@pytest.fixture
def round_(units):
    return RoundFactory(owner=units["east"])


def _recommended(round_, unit, **cadre):
    rec_list = RecommendationList.objects.filter(round=round_, unit=unit).first()
    rec_list = rec_list or RecommendationListFactory(
        round=round_, unit=unit, status=ListStatus.SUBMITTED
    )
    return RecommendationFactory(rec_list=rec_list, cadre=CadreFactory(unit=unit, **cadre)).cadre


def _post(client, round_, people, **extra):
    data = {"round": round_.pk, "tier": Tier.NEAR, "cadre": [c.pk for c in people], **extra}
    return client.post(URL, data, follow=True)


def test_the_first_post_lists_everyone_and_writes_nothing(units, staff, as_user, round_):
    people = [_recommended(round_, units["qingshi"], name=f"人选{i}") for i in range(3)]
    response = _post(as_user(staff), round_, people)
    page = response.content.decode()
    assert response.status_code == 200
    assert "请确认：批量入库" in page
    for person in people:
        assert person.name in page
    assert "确认将3人入库" in page
    assert not PoolMembership.objects.exists()


def test_confirming_admits_each_through_the_single_admission(units, staff, as_user, round_):
    people = [_recommended(round_, units["qingshi"]) for _ in range(3)]
    response = _post(as_user(staff), round_, people, confirm="1")
    assert "已入库3人" in response.content.decode()
    members = PoolMembership.objects.filter(cadre__in=people)
    assert {m.tier for m in members} == {Tier.NEAR}
    assert {m.round_id for m in members} == {round_.pk}
    assert PoolEvent.objects.filter(membership__in=members).count() == 3
    assert AuditEntry.objects.filter(object_type="pool.PoolMembership").count() == 3


def test_a_refused_person_is_named_and_nothing_is_written_for_them(units, staff, as_user, round_):
    fine = _recommended(round_, units["qingshi"], name="王合格")
    vetoed = _recommended(round_, units["qingshi"], name="李否决")
    VetoFactory(cadre=vetoed)
    already = _recommended(round_, units["qingshi"], name="赵在库")
    PoolMembershipFactory(cadre=already)
    outcome = batch_admit.admit_many(staff, round_, [fine, vetoed, already], Tier.MID)
    assert [m.cadre for m in outcome.admitted] == [fine]
    assert [c.name for c, _ in outcome.refused] == ["李否决", "赵在库"]
    assert not PoolMembership.objects.filter(cadre=vetoed).exists()
    assert not AuditEntry.objects.filter(
        object_type="pool.PoolMembership", detail__contains="李否决"
    ).exists()
    assert PoolMembership.objects.filter(cadre=already).count() == 1


def test_the_page_reports_refusals_by_name(units, staff, as_user, round_):
    fine = _recommended(round_, units["qingshi"], name="王合格")
    vetoed = _recommended(round_, units["qingshi"], name="李否决")
    VetoFactory(cadre=vetoed)
    page = _post(as_user(staff), round_, [fine, vetoed], confirm="1").content.decode()
    assert "已入库1人" in page
    assert "李否决未入库" in page


def test_people_outside_the_jurisdiction_are_dropped(units, staff, as_user, round_):
    inside = _recommended(round_, units["qingshi"])
    outside = _recommended(round_, units["west_edu"])
    _post(as_user(staff), round_, [inside, outside], confirm="1")
    assert PoolMembership.objects.filter(cadre=inside).exists()
    assert not PoolMembership.objects.filter(cadre=outside).exists()


def test_only_outside_people_is_an_error_not_a_page(units, staff, as_user, round_):
    outside = _recommended(round_, units["west_edu"])
    page = _post(as_user(staff), round_, [outside]).content.decode()
    assert "请勾选要入库的人选" in page
    assert not PoolMembership.objects.exists()


def test_a_bad_tier_is_refused(units, staff, as_user, round_):
    person = _recommended(round_, units["qingshi"])
    page = _post(as_user(staff), round_, [person], tier="x", confirm="1").content.decode()
    assert "请选择梯次" in page
    assert not PoolMembership.objects.exists()


def test_the_summary_offers_ticks_only_for_people_who_can_enter(units, staff, as_user, round_):
    fine = _recommended(round_, units["qingshi"])
    already = _recommended(round_, units["qingshi"])
    PoolMembershipFactory(cadre=already)
    page = as_user(staff).get(f"/pool/candidates/?round={round_.pk}").content.decode()
    assert f'value="{fine.pk}" form="batch-form"' in page
    assert f'value="{already.pk}" form="batch-form"' not in page


def test_the_confirmation_page_reads_a_constant_number_of_queries(
    units, staff, as_user, round_, django_assert_max_num_queries
):
    client = as_user(staff)
    few = [_recommended(round_, units["qingshi"]) for _ in range(2)]
    with django_assert_max_num_queries(14) as few_queries:
        _post(client, round_, few)
    many = few + [_recommended(round_, units["beishan"]) for _ in range(8)]
    with django_assert_max_num_queries(len(few_queries.captured_queries)):
        _post(client, round_, many)
