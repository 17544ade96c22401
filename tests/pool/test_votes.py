"""民主推荐测评 (issue #21): staff create a round, make codes, voters vote once by code,
staff close the round and read the result per voter group; paper ballots entered twice
count once both entries agree; every staff action is audited."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from pool.models import AuditEntry, Ballot, BallotCode, PaperEntry, VotingRound
from pool.votes import codes, results, services
from tests.conftest import _persona
from tests.factories import CadreFactory, make_voting_round


def _cast(client, voting_round, code, **data):
    return client.post(
        reverse("votes:ballot", args=[voting_round.ballot_key]), {"code": code, **data}
    )


def test_staff_create_a_round_with_candidates_and_voter_groups(units, staff, as_user):
    people = [CadreFactory(unit=units["qingshi"], name=n) for n in ("张三", "李四")]
    client = as_user(staff)
    response = client.post(
        reverse("votes:round_create"),
        {
            "kind": "recommend", "title": "青石镇党委副书记推荐", "unit": units["qingshi"].pk,
            "post_name": "青石镇党委副书记", "max_choices": 1,
            "opens_at": "2026-06-01T09:00", "closes_at": "2026-06-01T11:00",
            "cadres": [p.pk for p in people], "expected_leaders": 7, "expected_others": 30,
        },
    )  # fmt: skip
    voting_round = VotingRound.objects.get()
    assert response.status_code == 302
    assert [c.cadre.name for c in voting_round.candidates.all()] == ["张三", "李四"]
    assert dict(voting_round.rolls.values_list("group", "expected")) == {
        "leaders": 7, "others": 30
    }  # fmt: skip
    assert AuditEntry.objects.filter(action="create", detail__startswith="新建民主推荐").exists()


def test_round_form_refuses_bad_input_in_chinese(units, staff, as_user):
    outsider = CadreFactory(unit=units["west_edu"])
    response = as_user(staff).post(
        reverse("votes:round_create"),
        {"kind": "recommend", "title": "x", "unit": units["qingshi"].pk, "max_choices": 3,
         "opens_at": "2026-06-01T11:00", "closes_at": "2026-06-01T09:00",
         "cadres": [outsider.pk]},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert "截止时间须晚于开始时间" in html
    assert "候选人／测评对象" in html and VotingRound.objects.count() == 0


def test_code_sheet_shows_each_code_once_with_its_qr(units, staff, as_user):
    voting_round = make_voting_round(units["qingshi"])
    response = as_user(staff).post(
        reverse("votes:round_codes", args=[voting_round.pk]), {"group": "middle", "count": 3}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="code-card"') == 3 and html.count("<svg") == 3
    assert f"http://testserver/votes/ballot/{voting_round.ballot_key}/?code=" in html
    assert BallotCode.objects.filter(round=voting_round, group="middle").count() == 3
    assert AuditEntry.objects.filter(detail="生成投票码3个（中层正职）").exists()


def test_a_code_votes_once_and_a_reused_code_is_refused(units, staff, client):
    voting_round = make_voting_round(units["qingshi"])
    candidate = voting_round.candidates.first()
    code = services.generate_codes(staff, voting_round, "others", 1)[0]
    assert _cast(client, voting_round, codes.shown(code), choices=[candidate.pk]).status_code == 200
    again = _cast(client, voting_round, code, choices=[candidate.pk])
    assert again.status_code == 400
    assert "该投票码已使用，每个投票码只能投票一次" in again.content.decode()
    assert Ballot.objects.count() == 1
    wrong = _cast(client, voting_round, "ABCDE-FGHJK", choices=[candidate.pk])
    assert "投票码无效" in wrong.content.decode()


def test_a_code_of_another_round_is_refused(units, staff, client):
    first, second = make_voting_round(units["qingshi"]), make_voting_round(units["beishan"])
    code = services.generate_codes(staff, first, "others", 1)[0]
    response = _cast(client, second, code, choices=[second.candidates.first().pk])
    assert response.status_code == 400 and Ballot.objects.count() == 0
    assert not BallotCode.objects.filter(used=True).exists()


def test_ballot_page_shows_no_count_and_is_closed_outside_its_window(units, staff, client):
    voting_round = make_voting_round(units["qingshi"])
    codes_made = services.generate_codes(staff, voting_round, "others", 2)
    _cast(client, voting_round, codes_made[0], choices=[voting_round.candidates.first().pk])
    html = client.get(reverse("votes:ballot", args=[voting_round.ballot_key])).content.decode()
    for text in ("得票", "已投", "1票", "参与率"):
        assert text not in html
    voting_round.closes_at = timezone.now() - dt.timedelta(minutes=1)
    voting_round.save()
    closed = _cast(client, voting_round, codes_made[1], choices=[])
    assert "投票已结束" in closed.content.decode() and Ballot.objects.count() == 1


def test_over_the_allowed_number_is_a_spoilt_ballot(units, staff, client):
    voting_round = make_voting_round(units["qingshi"], max_choices=1)
    pks = list(voting_round.candidates.values_list("pk", flat=True))
    code = services.generate_codes(staff, voting_round, "others", 1)[0]
    _cast(client, voting_round, code, choices=pks[:2])
    assert Ballot.objects.get().spoilt


def test_recommendation_result_per_group_after_close_only(units, staff, as_user):
    voting_round = make_voting_round(
        units["qingshi"], max_choices=2, rolls={"leaders": 3, "others": 6}
    )
    a, b, c = voting_round.candidates.select_related("cadre")
    leaders = services.generate_codes(staff, voting_round, "leaders", 3)
    others = services.generate_codes(staff, voting_round, "others", 4)
    for code, chosen in zip(leaders, ([a.pk, b.pk], [a.pk], [a.pk, b.pk, c.pk]), strict=True):
        services.cast_ballot(voting_round, code, chosen)
    for code, chosen in zip(others, ([b.pk], [b.pk, c.pk], [a.pk], []), strict=True):
        services.cast_ballot(voting_round, code, chosen)
    client = as_user(staff)
    detail = reverse("votes:round_detail", args=[voting_round.pk])
    assert 'id="result-table"' not in client.get(detail).content.decode()
    assert client.get(reverse("votes:round_docx", args=[voting_round.pk])).status_code == 409
    client.post(reverse("votes:round_close", args=[voting_round.pk]))
    res = results.result(VotingRound.objects.get())
    leaders_tally, others_tally = res.groups
    assert (leaders_tally.ballots, leaders_tally.spoilt, leaders_tally.valid) == (3, 1, 2)
    assert (others_tally.ballots, others_tally.spoilt) == (4, 0)
    rows = {r.name: r for r in res.candidates}
    assert rows[a.cadre.name].votes == {"leaders": 2, "others": 1, "": 3}
    assert rows[b.cadre.name].votes == {"leaders": 1, "others": 2, "": 3}
    assert rows[c.cadre.name].votes == {"leaders": 0, "others": 1, "": 1}
    assert [rows[x.cadre.name].rank for x in (a, b, c)] == [1, 1, 3]
    assert str(rows[a.cadre.name].rates[""]) == "1/2"  # 3 of 6 valid ballots
    assert res.valid_round  # 7 of 9 present, at least 2/3
    html = client.get(detail).content.decode()
    assert 'id="result-table"' in html and "会议有效" in html
    assert AuditEntry.objects.filter(detail="结束投票").exists()
    document = client.get(reverse("votes:round_docx", args=[voting_round.pk]))
    text = "\n".join(
        cell.text
        for table in docx.Document(io.BytesIO(document.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "班子成员得票" in text and a.cadre.name in text and "50.0%" in text


def test_appraisal_result_grades_each_item_and_applies_the_half_rule(units, staff):
    person = CadreFactory(unit=units["qingshi"], name="王五")
    voting_round = make_voting_round(
        units["qingshi"], kind="appraise", cadres=[person], rolls={"middle": 4}
    )
    candidate = voting_round.candidates.get()
    items = ["de", "neng", "qin", "ji", "lian", "overall"]
    for code, grade in zip(
        services.generate_codes(staff, voting_round, "middle", 4),
        ["excellent", "competent", "basic", "incompetent"],
        strict=True,
    ):
        services.cast_ballot(voting_round, code, {candidate.pk: dict.fromkeys(items, grade)})
    services.close_round(staff, voting_round)
    row = results.result(voting_round).candidates[0]
    assert row.votes[""] == 2 and row.grades["de"] == {
        "excellent": 1, "competent": 1, "basic": 1, "incompetent": 1
    }  # fmt: skip
    assert row.passed is False  # exactly half is not more than half
    assert results.votes_of(person)[0].passed is False


def test_the_round_is_invalid_below_two_thirds(units, staff):
    voting_round = make_voting_round(units["qingshi"], rolls={"others": 3})
    code = services.generate_codes(staff, voting_round, "others", 1)[0]
    services.cast_ballot(voting_round, code, [])
    services.close_round(staff, voting_round)
    assert not results.result(voting_round).valid_round


def test_paper_ballots_count_only_when_two_entries_agree(units, staff, as_user):
    second_staff = _persona("xiaowu", "staff", units["east"], name="小吴")
    third = _persona("xiaozheng", "staff", units["east"], name="小郑")
    voting_round = make_voting_round(units["qingshi"], rolls={"others": 10})
    a = voting_round.candidates.first()
    url = reverse("votes:round_paper", args=[voting_round.pk])
    entry = {"group": "others", "ballots": 8, "spoilt": 1, f"n_{a.pk}": 5}
    assert as_user(staff).post(url, entry).status_code == 302
    assert as_user(second_staff).post(url, {**entry, f"n_{a.pk}": 6}).status_code == 302
    services.close_round(staff, voting_round)
    assert results.result(voting_round).total.ballots == 0
    page = as_user(staff).get(url).content.decode()
    assert "第一次 5，第二次 6" in page and "不一致，未计入" in page
    refused = as_user(third).post(url, entry)
    assert refused.status_code == 400 and "已由两人录入" in refused.content.decode()
    as_user(second_staff).post(url, entry)  # the second enterer corrects their entry
    res = results.result(voting_round)
    assert (res.total.ballots, res.total.spoilt) == (8, 1)
    assert next(r for r in res.candidates if r.pk == a.pk).votes[""] == 5
    assert PaperEntry.objects.count() == 2
    assert AuditEntry.objects.filter(detail__startswith="纸质票").count() == 3


def test_paper_entry_refuses_counts_above_the_valid_ballots(units, staff, as_user):
    voting_round = make_voting_round(units["qingshi"], rolls={"others": 10})
    a = voting_round.candidates.first()
    response = as_user(staff).post(
        reverse("votes:round_paper", args=[voting_round.pk]),
        {"group": "others", "ballots": 3, "spoilt": 4, f"n_{a.pk}": 1},
    )
    assert response.status_code == 400 and "废票数不能大于收回票数" in response.content.decode()
    assert not PaperEntry.objects.exists()


@pytest.mark.parametrize("name", ["round_detail", "round_paper", "round_docx"])
def test_staff_of_another_county_get_404(name, units, staff, as_user):
    west = make_voting_round(units["west_edu"], closed=True)
    assert as_user(staff).get(reverse(f"votes:{name}", args=[west.pk])).status_code == 404


@pytest.mark.parametrize("name", ["round_codes", "round_close"])
def test_staff_of_another_county_cannot_act_on_its_round(name, units, staff, as_user):
    west = make_voting_round(units["west_edu"])
    response = as_user(staff).post(
        reverse(f"votes:{name}", args=[west.pk]), {"group": "leaders", "count": 2}
    )
    assert response.status_code == 404
    assert not BallotCode.objects.exists() and VotingRound.objects.get().closed_at is None


def test_round_list_shows_only_the_jurisdiction(units, staff, as_user):
    make_voting_round(units["qingshi"], title="青石镇推荐")
    make_voting_round(units["west_edu"], title="西县推荐")
    html = as_user(staff).get(reverse("votes:round_list")).content.decode()
    assert "青石镇推荐" in html and "西县推荐" not in html


def test_ballot_page_is_rate_limited_per_ip_and_round(units, client, settings):
    settings.VOTE_RATE_REQUESTS = 3
    voting_round = make_voting_round(units["qingshi"])
    url = reverse("votes:ballot", args=[voting_round.ballot_key])
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    other = make_voting_round(units["beishan"])
    assert client.get(reverse("votes:ballot", args=[other.ballot_key])).status_code == 200
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_guessing_codes_is_stopped(units, client, settings):
    settings.VOTE_RATE_FAILURES = 2
    voting_round = make_voting_round(units["qingshi"])
    statuses = [_cast(client, voting_round, "ABCDE-FGHJK").status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


def test_ballot_post_without_csrf_token_is_refused(units, staff):
    from django.test import Client

    voting_round = make_voting_round(units["qingshi"])
    code = services.generate_codes(staff, voting_round, "others", 1)[0]
    response = Client(enforce_csrf_checks=True).post(
        reverse("votes:ballot", args=[voting_round.ballot_key]), {"code": code}
    )
    assert response.status_code == 403 and not Ballot.objects.exists()


def test_county_staff_read_but_may_not_change_the_voting_rules(units, staff, city_staff, as_user):
    url = reverse("votes:rules")
    data = {"turnout_numerator": 3, "turnout_denominator": 4, "pass_numerator": 1,
            "pass_denominator": 2}  # fmt: skip
    assert as_user(staff).get(url).status_code == 200
    assert as_user(staff).post(url, data).status_code == 403
    assert as_user(city_staff).post(url, data).status_code == 302
    assert AuditEntry.objects.filter(detail="修改民主推荐测评规则").exists()
    voting_round = make_voting_round(units["qingshi"], rolls={"others": 4})
    for code in services.generate_codes(city_staff, voting_round, "others", 3):
        services.cast_ballot(voting_round, code, [])
    services.close_round(city_staff, voting_round)
    assert results.result(voting_round).valid_round  # 3 of 4 is 3/4
    bad = as_user(city_staff).post(url, {**data, "pass_numerator": 3})
    assert bad.status_code == 400 and "分子不能大于分母" in bad.content.decode()


def test_appraisal_paper_entry_refuses_grades_adding_up_above_the_valid_ballots(
    units, staff, as_user
):
    voting_round = make_voting_round(units["qingshi"], kind="appraise", rolls={"middle": 5})
    pk = voting_round.candidates.first().pk
    response = as_user(staff).post(
        reverse("votes:round_paper", args=[voting_round.pk]),
        {"group": "middle", "ballots": 4, "spoilt": 0, f"n_{pk}:de:excellent": 3,
         f"n_{pk}:de:competent": 2},
    )  # fmt: skip
    assert response.status_code == 400
    assert "各等次票数之和不能大于有效票数" in response.content.decode()
    assert 'id="paper-counts"' in response.content.decode()
    assert not PaperEntry.objects.exists()
