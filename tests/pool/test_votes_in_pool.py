"""民主推荐测评 results reach the pool: 推荐得票 is a 积分排序 item and the closed rounds
are listed on the person's 考察 record (the pool timeline), for staff only."""

import datetime as dt

from django.urls import reverse

from pool.selection import scoring
from pool.votes import services
from pool.votes.scoring import CODE, recommendation_votes
from tests.factories import CadreFactory, PoolMembershipFactory, make_voting_round


def _vote(staff, voting_round, choices_per_ballot, group="others"):
    made = services.generate_codes(staff, voting_round, group, len(choices_per_ballot))
    for code, choices in zip(made, choices_per_ballot, strict=True):
        services.cast_ballot(voting_round, code, choices)


def test_recommendation_votes_are_a_scoring_item(units, staff):
    a, b = (CadreFactory(unit=units["qingshi"]) for _ in range(2))
    voting_round = make_voting_round(units["qingshi"], cadres=[a, b], rolls={"others": 4})
    ca, cb = voting_round.candidates.order_by("position")
    _vote(staff, voting_round, [[ca.pk], [ca.pk], [ca.pk], [cb.pk]])
    assert recommendation_votes([a.pk, b.pk], dt.date.today()) == {}  # still open
    services.close_round(staff, voting_round)
    assert scoring.is_computed(CODE)
    assert recommendation_votes([a.pk, b.pk], dt.date.today()) == {a.pk: 75.0, b.pk: 25.0}


def test_an_invalid_round_gives_no_score(units, staff):
    a = CadreFactory(unit=units["qingshi"])
    voting_round = make_voting_round(units["qingshi"], cadres=[a], rolls={"others": 4})
    _vote(staff, voting_round, [[voting_round.candidates.get().pk]])  # 1 of 4 present
    services.close_round(staff, voting_round)
    assert recommendation_votes([a.pk], dt.date.today()) == {}


def test_appraisal_is_shown_on_the_inspection_record_for_staff(units, staff, leader, as_user):
    member = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"], name="王五"))
    voting_round = make_voting_round(
        units["qingshi"], kind="appraise", cadres=[member.cadre], rolls={"middle": 3},
        title="王五民主测评",
    )  # fmt: skip
    pk = voting_round.candidates.get().pk
    grades = ["excellent", "competent", "basic"]
    made = services.generate_codes(staff, voting_round, "middle", 3)
    for code, grade in zip(made, grades, strict=True):
        items = ["de", "neng", "qin", "ji", "lian", "overall"]
        services.cast_ballot(voting_round, code, {pk: dict.fromkeys(items, grade)})
    url = reverse("pool:pool_timeline", args=[member.cadre_id])
    assert "王五民主测评" not in as_user(staff).get(url).content.decode()  # not closed yet
    services.close_round(staff, voting_round)
    html = as_user(staff).get(url).content.decode()
    assert "王五民主测评" in html and "称职以上得票率过半" in html and "66.7%" in html
    assert "王五民主测评" not in as_user(leader).get(url).content.decode()
