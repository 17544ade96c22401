"""The 民主推荐测评 list, a closed round's result and the ballot page read a fixed number
of queries whatever the number of rounds, ballots and candidates."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pool.votes import services
from tests.factories import CadreFactory, make_voting_round


def _closed_round_with_ballots(units, staff, people, ballots):
    voting_round = make_voting_round(units["qingshi"], cadres=people, max_choices=2)
    pks = list(voting_round.candidates.values_list("pk", flat=True))
    for i, code in enumerate(services.generate_codes(staff, voting_round, "others", ballots)):
        services.cast_ballot(voting_round, code, pks[i % len(pks) : i % len(pks) + 2])
    services.close_round(staff, voting_round)
    return voting_round


def _count(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_round_list_queries_do_not_grow(units, staff, as_user, django_assert_max_num_queries):
    client = as_user(staff)
    make_voting_round(units["qingshi"])
    _count(client, reverse("votes:round_list"), django_assert_max_num_queries, 12)
    for _ in range(5):
        make_voting_round(units["beishan"])
    _count(client, reverse("votes:round_list"), django_assert_max_num_queries, 12)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_result_and_ballot_queries_do_not_grow(units, staff, as_user, client):
    small = _closed_round_with_ballots(units, staff, [CadreFactory(unit=units["qingshi"])], 3)
    people = [CadreFactory(unit=units["qingshi"]) for _ in range(8)]
    large = _closed_round_with_ballots(units, staff, people, 30)
    staff_client = as_user(staff)
    staff_client.get(reverse("votes:round_list"))  # the session's first request
    counts = [
        _queries(staff_client, reverse("votes:round_detail", args=[r.pk])) for r in (small, large)
    ]
    assert counts[0] == counts[1], counts
    client.logout()
    ballots = [
        _queries(
            client,
            reverse(
                "votes:ballot", args=[make_voting_round(units["qingshi"], cadres=c).ballot_key]
            ),
        )
        for c in ([people[0]], people)
    ]
    assert ballots[0] == ballots[1] <= 3, ballots
