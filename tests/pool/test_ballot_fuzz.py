"""The ballot form under arbitrary input: a clear Chinese refusal (400) or one ballot
for one fresh code, never a traceback, never a ballot without burning a code."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pool.models import Ballot, BallotCode
from pool.votes import codes, services
from tests.factories import make_voting_round

FUZZ = settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))
GRADES = ["excellent", "competent", "basic", "incompetent"]
ITEMS = ["de", "neng", "qin", "ji", "lian", "overall"]
text = st.text(max_size=60)


@settings(FUZZ, max_examples=300)
@given(text)
def test_normalise_gives_a_code_or_none(raw):
    code = codes.normalise(raw)
    assert code is None or (len(code) == codes.LENGTH and set(code) <= set(codes.ALPHABET))


@pytest.fixture
def generous(settings):
    settings.VOTE_RATE_REQUESTS = settings.VOTE_RATE_FAILURES = 10**6


@pytest.mark.parametrize("kind", ["recommend", "appraise"])
def test_any_ballot_input_is_taken_once_or_refused_in_chinese(kind, units, staff, client, generous):
    voting_round = make_voting_round(units["qingshi"], kind=kind)
    fresh = services.generate_codes(staff, voting_round, "others", 40)
    pks = [str(pk) for pk in voting_round.candidates.values_list("pk", flat=True)]
    url = reverse("votes:ballot", args=[voting_round.ballot_key])
    pool = iter(fresh)
    grade_keys = [f"g{pk}_{item}" for pk in pks for item in ITEMS]

    @settings(FUZZ, max_examples=60)
    @given(
        use_fresh=st.booleans(),
        raw_code=text,
        choices=st.lists(st.one_of(st.sampled_from(pks), text), max_size=5),
        grades=st.dictionaries(
            st.one_of(st.sampled_from(grade_keys), text),
            st.one_of(st.sampled_from(GRADES), text),
            max_size=len(grade_keys) + 2,
        ),
    )
    def vote(use_fresh, raw_code, choices, grades):
        code = next(pool, None) if use_fresh else raw_code
        before_ballots = Ballot.objects.count()
        before_used = BallotCode.objects.filter(used=True).count()
        response = client.post(url, {"code": code or "", "choices": choices, **grades})
        assert response.status_code in (200, 400), response.status_code
        added = Ballot.objects.count() - before_ballots
        burnt = BallotCode.objects.filter(used=True).count() - before_used
        assert added == burnt == (1 if response.status_code == 200 else 0)
        if response.status_code == 400:
            html = response.content.decode()
            assert "invalid-feedback" in html or "code-error" in html

    vote()
