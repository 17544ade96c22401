"""无有效廉政意见: a person is flagged for promotion unless their latest answered
integrity opinion is 无问题 and within the editable validity (default 6 months)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from supervision import rules, selectors
from supervision.models import Conclusion, IntegrityPolicy
from tests.factories import (
    CadreFactory,
    IntegrityOpinionFactory,
    IntegrityRequestFactory,
    PoolMembershipFactory,
)

D = dt.date
REF = D(2026, 7, 15)


@pytest.mark.parametrize(
    ("conclusion", "answered_on", "current"),
    [
        ("clear", D(2026, 1, 15), True),  # exactly six months before
        ("clear", D(2026, 1, 14), False),
        ("clear", D(2026, 1, 16), True),
        ("clear", REF, True),
        ("clear", D(2026, 7, 16), False),  # after the reference date
        ("clues", D(2026, 7, 1), False),
        ("checking", D(2026, 7, 1), False),
        ("", None, False),
    ],
)
def test_clean_opinion_is_current_within_the_validity(conclusion, answered_on, current):
    assert rules.opinion_is_current(conclusion, answered_on, REF, 6) is current


def _answered(staff, liaison, cadre, conclusion, on: D):
    request = IntegrityRequestFactory(requested_by=staff, addressed_to=liaison)
    answered_at = timezone.make_aware(dt.datetime.combine(on, dt.time(10)))
    return IntegrityOpinionFactory(
        request=request,
        cadre=cadre,
        conclusion=conclusion,
        answered_at=answered_at,
        first_signatory="甲",
        second_signatory="乙",
    )


def test_lacks_clean_opinion_reads_the_latest_answer(staff, discipline_liaison, units):
    clean, stale, later_clues, never, pending = (
        CadreFactory(unit=units["qingshi"]) for _ in range(5)
    )
    _answered(staff, discipline_liaison, clean, Conclusion.CLEAR, D(2026, 1, 15))
    _answered(staff, discipline_liaison, stale, Conclusion.CLEAR, D(2026, 1, 14))
    _answered(staff, discipline_liaison, later_clues, Conclusion.CLEAR, D(2026, 3, 1))
    _answered(staff, discipline_liaison, later_clues, Conclusion.CLUES, D(2026, 5, 1))
    IntegrityOpinionFactory(
        request=IntegrityRequestFactory(requested_by=staff, addressed_to=discipline_liaison),
        cadre=pending,
    )
    ids = [c.pk for c in (clean, stale, later_clues, never, pending)]
    assert selectors.lacks_clean_opinion(ids, REF) == set(ids) - {clean.pk}
    # At an earlier reference date the later 有问题线索 answer does not exist yet.
    assert later_clues.pk not in selectors.lacks_clean_opinion(ids, D(2026, 4, 1))


def test_validity_is_editable(staff, discipline_liaison, units):
    cadre = CadreFactory(unit=units["qingshi"])
    _answered(staff, discipline_liaison, cadre, Conclusion.CLEAR, D(2025, 10, 15))
    assert IntegrityPolicy.objects.get().valid_months == 6
    assert selectors.lacks_clean_opinion([cadre.pk], REF) == {cadre.pk}
    IntegrityPolicy.objects.update(valid_months=12)
    assert selectors.lacks_clean_opinion([cadre.pk], REF) == set()


@time_machine.travel(dt.datetime(2026, 7, 15, 10, 0), tick=False)
def test_pool_list_and_timeline_flag_staff_but_not_leaders(
    staff, leader, discipline_liaison, units, as_user
):
    flagged = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"])).cadre
    fine = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"])).cadre
    _answered(staff, discipline_liaison, fine, Conclusion.CLEAR, D(2026, 6, 1))
    client = as_user(staff)
    page = client.get(reverse("pool:pool_list")).content.decode()
    assert page.count('data-flag="no_clean_opinion"') == 1
    timeline = client.get(reverse("pool:pool_timeline", args=[flagged.pk])).content.decode()
    assert "无有效廉政意见" in timeline
    timeline = client.get(reverse("pool:pool_timeline", args=[fine.pk])).content.decode()
    assert "无有效廉政意见" not in timeline
    client = as_user(leader)
    assert "无有效廉政意见" not in client.get(reverse("pool:pool_list")).content.decode()
    timeline = client.get(reverse("pool:pool_timeline", args=[flagged.pk])).content.decode()
    assert "无有效廉政意见" not in timeline


@pytest.mark.parametrize("n", [2, 12])
def test_pool_list_with_flags_does_not_grow_queries(
    n, staff, units, as_user, django_assert_max_num_queries
):
    for _ in range(n):
        PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"]))
    client = as_user(staff)
    # the same budget for 2 and 12 members; the pool filters' form and saved searches
    # and each registered flag cost one query apiece (six flags: 无有效廉政意见,
    # 个人事项影响期, 一票否决, 研判中, 问题线索未办结, 廉政意见有问题线索)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("pool:pool_list")).status_code == 200
