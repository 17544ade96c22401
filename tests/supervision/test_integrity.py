"""Integrity opinions: staff ask in batches; each liaison sees and answers only the
requests addressed to them, with a conclusion and two signatures."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from pool.models import Role, RoleGrant
from supervision import selectors, services
from supervision.models import Conclusion, IntegrityOpinion, IntegrityPurpose
from tests.factories import CadreFactory


@pytest.fixture
def other_liaison(db):
    user = get_user_model().objects.create_user("shijiwei", first_name="市纪委联络员")
    RoleGrant.objects.create(user=user, role=Role.DISCIPLINE_LIAISON)
    return user


def _ask(staff, liaison, units, n=2):
    people = [CadreFactory(unit=units["qingshi"]) for _ in range(n)]
    return services.request_integrity_opinions(staff, people, IntegrityPurpose.ADMISSION, liaison)


def test_staff_request_a_batch_addressed_to_a_liaison(staff, discipline_liaison, units, as_user):
    people = [CadreFactory(unit=units["qingshi"]) for _ in range(3)]
    response = as_user(staff).post(
        reverse("supervision:integrity_create"),
        {
            "cadres": [c.pk for c in people],
            "purpose": IntegrityPurpose.PROMOTION,
            "addressed_to": discipline_liaison.pk,
        },
    )
    assert response.status_code == 302
    opinions = IntegrityOpinion.objects.filter(request__addressed_to=discipline_liaison)
    assert opinions.count() == 3
    assert set(opinions.values_list("conclusion", flat=True)) == {""}


def test_request_must_go_to_a_liaison(staff, leader, units):
    with pytest.raises(ValidationError, match="纪委监委联络人"):
        _ask(staff, leader, units)


def test_liaison_sees_only_requests_addressed_to_them(
    staff, discipline_liaison, other_liaison, units, as_user
):
    mine = _ask(staff, discipline_liaison, units)
    theirs = _ask(staff, other_liaison, units)
    assert list(selectors.integrity_requests_for(discipline_liaison)) == [mine]
    client = as_user(discipline_liaison)
    inbox = client.get(reverse("supervision:inbox")).content.decode()
    assert f'data-request="{mine.pk}"' in inbox
    assert f'data-request="{theirs.pk}"' not in inbox
    assert client.get(reverse("supervision:inbox_detail", args=[theirs.pk])).status_code == 404
    foreign = theirs.opinions.first()
    answer = reverse("supervision:opinion_answer", args=[foreign.pk])
    assert client.get(answer).status_code == 404
    assert client.post(answer, {"conclusion": "clear"}).status_code == 404


def test_answer_needs_two_signatures(staff, discipline_liaison, units, as_user):
    opinion = _ask(staff, discipline_liaison, units, n=1).opinions.get()
    url = reverse("supervision:opinion_answer", args=[opinion.pk])
    client = as_user(discipline_liaison)
    response = client.post(url, {"conclusion": "clear", "first_signatory": "王承办"})
    assert response.status_code == 400
    assert "请填写审核人签字" in response.content.decode()
    opinion.refresh_from_db()
    assert not opinion.is_answered
    response = client.post(
        url,
        {
            "conclusion": "clues",
            "detail": "有群众反映，正在了解",
            "first_signatory": "王承办",
            "second_signatory": "赵审核",
        },
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.conclusion == Conclusion.CLUES
    assert (opinion.first_signatory, opinion.second_signatory) == ("王承办", "赵审核")
    assert opinion.answered_at is not None


def test_problem_clues_must_say_what_they_are(staff, discipline_liaison, units, as_user):
    opinion = _ask(staff, discipline_liaison, units, n=1).opinions.get()
    url = reverse("supervision:opinion_answer", args=[opinion.pk])
    response = as_user(discipline_liaison).post(
        url,
        {
            "conclusion": "clues",
            "detail": " ",
            "first_signatory": "王承办",
            "second_signatory": "赵审核",
        },
    )
    assert response.status_code == 400
    assert "结论为有问题线索时，请填写具体情况" in response.content.decode()
    opinion.refresh_from_db()
    assert not opinion.is_answered


def test_only_the_addressee_may_answer(staff, discipline_liaison, other_liaison, units):
    opinion = _ask(staff, discipline_liaison, units, n=1).opinions.get()
    with pytest.raises(ValidationError, match="不是发给您的"):
        services.answer_opinion(other_liaison, opinion, "clear", "甲", "乙")


def test_staff_see_answers_and_leaders_see_no_integrity_detail(
    staff, leader, discipline_liaison, units, as_user
):
    opinion = _ask(staff, discipline_liaison, units, n=1).opinions.get()
    services.answer_opinion(discipline_liaison, opinion, "clues", "甲", "乙", "反映收受礼金")
    page = as_user(staff).get(reverse("supervision:integrity_detail", args=[opinion.request_id]))
    assert "反映收受礼金" in page.content.decode()
    client = as_user(leader)
    for url in (
        reverse("supervision:integrity_list"),
        reverse("supervision:integrity_detail", args=[opinion.request_id]),
        reverse("supervision:inbox"),
    ):
        assert client.get(url).status_code == 403
    assert "反映收受礼金" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("n", [2, 15])
def test_integrity_pages_do_not_grow_queries(
    n, staff, discipline_liaison, units, as_user, django_assert_max_num_queries
):
    req = _ask(staff, discipline_liaison, units, n=n)
    client = as_user(staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("supervision:integrity_list")).status_code == 200
    with django_assert_max_num_queries(13):  # the navbar's unread-notice badge is one
        url = reverse("supervision:integrity_detail", args=[req.pk])
        assert client.get(url).status_code == 200
    client = as_user(discipline_liaison)
    with django_assert_max_num_queries(12):
        url = reverse("supervision:inbox_detail", args=[req.pk])
        assert client.get(url).status_code == 200
