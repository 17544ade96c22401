"""The database cannot tie a ballot to the code it was cast with: the codes table holds
only a keyed hash and a used flag, the ballots table a random UUID, the group and the
choices; neither has a time or a reference to the other (issue #21)."""

from django.db import models

from pool.models import AuditEntry, Ballot, BallotCode, BallotMark
from pool.votes import codes, services
from tests.factories import make_voting_round

BALLOT_FIELDS = {"id", "round", "group", "spoilt", "marks"}
MARK_FIELDS = {"id", "ballot", "candidate", "item", "grade"}
CODE_FIELDS = {"id", "round", "group", "code_hash", "used"}


def _fields(model):
    return {f.name for f in model._meta.get_fields()}


def test_tables_have_only_the_fields_that_cannot_link_a_ballot_to_its_code():
    assert _fields(Ballot) == BALLOT_FIELDS
    assert _fields(BallotMark) == MARK_FIELDS
    assert _fields(BallotCode) == CODE_FIELDS
    for model in (Ballot, BallotMark, BallotCode):
        kinds = [f for f in model._meta.concrete_fields if isinstance(f, models.DateField)]
        assert kinds == [], model  # no time of casting, of use, of creation
    # ids of ballots and marks are random, not a sequence that follows the codes' use
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    assert isinstance(BallotMark._meta.pk, models.UUIDField)
    # nothing in the codes table points at a ballot, nor a ballot at a code
    assert not [f for f in BallotCode._meta.get_fields() if f.related_model in (Ballot, BallotMark)]
    assert not [f for f in Ballot._meta.get_fields() if f.related_model is BallotCode]


def test_cast_ballots_keep_no_trace_of_their_code(units, staff):
    voting_round = make_voting_round(units["qingshi"])
    candidate = voting_round.candidates.first()
    made = services.generate_codes(staff, voting_round, "leaders", 5)
    audit_rows = AuditEntry.objects.count()
    for code in made:
        services.cast_ballot(voting_round, codes.shown(code).lower(), [candidate.pk])
    ballots = list(Ballot.objects.all())
    assert len(ballots) == 5
    assert all(b.id.version == 4 for b in ballots)  # random UUIDs
    # the codes are hashes only: no clear code anywhere in the row
    stored = list(BallotCode.objects.values_list("code_hash", flat=True))
    assert not {c for c in made if any(c in h.upper() for h in stored)}
    assert set(stored) == {codes.code_hash(voting_round.pk, c) for c in made}
    assert BallotCode.objects.filter(used=True).count() == 5
    # casting is not audited: an audit row's time and IP would tie voter and ballot
    assert AuditEntry.objects.count() == audit_rows
    # what is stored about a ballot is the same for all five
    assert {(b.round_id, b.group, b.spoilt) for b in ballots} == {
        (voting_round.pk, "leaders", False)
    }


def test_hash_depends_on_the_key_and_the_round(settings):
    first = codes.code_hash(1, "ABCDEFGHJK")
    assert first != codes.code_hash(2, "ABCDEFGHJK")
    settings.VOTE_CODE_KEY = "another key"
    assert first != codes.code_hash(1, "ABCDEFGHJK")
    assert len(first) == 64
