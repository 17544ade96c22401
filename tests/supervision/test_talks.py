"""Talks: a bulk talk is one talk with many cadres and shrinks the overdue ledger;
leaders read the ledger but never a talk note; list pages keep their query count."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from pool.models import AuditAction, AuditEntry
from supervision import selectors, services
from supervision.models import Talk, TalkerRole, TalkKind, TalkParticipant, TalkRule
from tests.factories import (
    CadreFactory,
    PoolMembershipFactory,
    TalkerLinkFactory,
    TalkFactory,
    TalkParticipantFactory,
)

TODAY = dt.datetime(2026, 7, 15, 10, 0)
NOTE = "谈话要点：家庭困难需组织关心"


def _members(unit, n):
    return [PoolMembershipFactory(cadre=CadreFactory(unit=unit)).cadre for _ in range(n)]


def test_default_talk_rules_are_seeded(db):
    rules = {r.subject: r.frequency_text for r in TalkRule.objects.all()}
    assert rules == {
        "县级领导": "每半年至少1次",
        "单位主要领导": "每季度至少1次",
        "分管领导": "每月至少1次",
        "党委(党组)主要负责同志": "每年至少1次",
        "组织人事部门": "每年至少2次",
        "组织部长": "每季度至少1次",
        "任职廉政谈话": "任职后30日内",
    }
    assert all(r.note for r in TalkRule.objects.all())  # each names its basis


@time_machine.travel(TODAY, tick=False)
def test_bulk_talk_is_one_talk_and_shrinks_the_overdue_list(staff, units):
    people = _members(units["qingshi"], 3)
    today = dt.date(2026, 7, 15)
    before = selectors.overdue(staff, today, TalkerRole.UNIT_HEAD)
    assert {r.cadre.pk for r in before} == {c.pk for c in people}

    talk = services.record_talk(
        staff,
        people[:2],
        talker_name="李镇长",
        talker_role=TalkerRole.UNIT_HEAD,
        kind=TalkKind.HEART,
        date=today,
        note=NOTE,
    )

    assert Talk.objects.count() == 1
    assert TalkParticipant.objects.filter(talk=talk).count() == 2
    after = selectors.overdue(staff, today, TalkerRole.UNIT_HEAD)
    assert [r.cadre.pk for r in after] == [people[2].pk]
    # Other roles are still due for everyone.
    assert len(selectors.overdue(staff, today, TalkerRole.MINISTER)) == 3
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(talk.pk)).exists()


@time_machine.travel(TODAY, tick=False)
def test_overdue_row_says_since_when(staff, units):
    (cadre,) = _members(units["qingshi"], 1)
    TalkerLinkFactory(unit=units["qingshi"], talker_role=TalkerRole.DEPUTY_HEAD)
    TalkParticipantFactory(
        cadre=cadre,
        talk=TalkFactory(talker_role=TalkerRole.DEPUTY_HEAD, date=dt.date(2026, 5, 20)),
    )
    (row,) = selectors.overdue(staff, dt.date(2026, 7, 15), TalkerRole.DEPUTY_HEAD)
    assert row.last_talk == dt.date(2026, 5, 20)
    assert row.due_by == dt.date(2026, 6, 30)
    assert row.since_text == "2026年6月应谈1次，未谈话，自2026-07-01起逾期；上次谈话2026-05-20"


def test_overdue_list_covers_pool_members_in_jurisdiction_only(staff, units):
    mine = _members(units["qingshi"], 1)[0]
    _members(units["west_edu"], 1)
    for role in (TalkerRole.COUNTY_LEADER, TalkerRole.DEPUTY_HEAD):
        TalkerLinkFactory(unit=units["city"], talker_role=role)
    CadreFactory(unit=units["qingshi"])  # not in the pool
    rows = selectors.overdue(staff, dt.date(2026, 7, 15))
    assert {r.cadre.pk for r in rows} == {mine.pk}
    # Entered 1 January: the quarterly, half-yearly and monthly rules have an ended
    # period; the yearly ones (党委主要负责同志, 组织人事部门) do not yet.
    assert {r.rule.subject for r in rows} == {"县级领导", "分管领导", "单位主要领导", "组织部长"}
    assert len(rows) == 4


@time_machine.travel(TODAY, tick=False)
def test_talk_in_the_future_or_without_cadres_is_refused(staff, units):
    cadre = CadreFactory(unit=units["qingshi"])
    kwargs = {"talker_name": "李", "talker_role": TalkerRole.UNIT_HEAD, "kind": TalkKind.CARE}
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.record_talk(staff, [cadre], date=dt.date(2026, 7, 16), **kwargs)
    with pytest.raises(ValidationError, match="至少选择一名"):
        services.record_talk(staff, [], date=dt.date(2026, 7, 1), **kwargs)


@time_machine.travel(TODAY, tick=False)
def test_bulk_talk_form_records_several_cadres_of_one_unit(staff, units, as_user):
    people = _members(units["qingshi"], 2)
    client = as_user(staff)
    url = reverse("supervision:talk_record")
    page = client.get(url, {"cadre": people[0].pk})  # preselected, as from the profile
    assert people[0].name in page.content.decode()
    response = client.post(
        url,
        {
            "cadres": [c.pk for c in people],
            "talker_name": "李镇长",
            "talker_role": TalkerRole.UNIT_HEAD,
            "kind": TalkKind.HEART,
            "date": "2026-07-10",
            "note": NOTE,
        },
    )
    assert response.status_code == 302
    assert TalkParticipant.objects.filter(talk__talker_name="李镇长").count() == 2


def test_talk_form_refuses_a_cadre_outside_the_jurisdiction(staff, units, as_user):
    outsider = CadreFactory(unit=units["west_edu"])
    response = as_user(staff).post(
        reverse("supervision:talk_record"),
        {
            "cadres": [outsider.pk],
            "talker_name": "李",
            "talker_role": TalkerRole.UNIT_HEAD,
            "kind": TalkKind.HEART,
            "date": "2026-01-10",
        },
    )
    assert response.status_code == 400
    assert not Talk.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_leader_sees_the_overdue_ledger_but_no_talk_note(leader, staff, units, as_user):
    people = _members(units["qingshi"], 2)
    services.record_talk(
        staff,
        people,
        talker_name="李镇长",
        talker_role=TalkerRole.UNIT_HEAD,
        kind=TalkKind.REMINDER,
        date=dt.date(2026, 7, 1),
        note=NOTE,
        follow_up="每月回访",
    )
    client = as_user(leader)
    ledger = client.get(reverse("supervision:overdue"))
    assert ledger.status_code == 200
    assert people[0].name in ledger.content.decode()
    assert NOTE not in ledger.content.decode()
    for name in ("talk_list", "talk_record", "integrity_list", "concerns", "assessments"):
        assert client.get(reverse(f"supervision:{name}")).status_code == 403
    home = client.get(reverse("home")).content.decode()
    assert NOTE not in home


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("n", [2, 12])
def test_talk_pages_do_not_grow_queries(n, staff, units, as_user, django_assert_max_num_queries):
    people = _members(units["qingshi"], n)
    for cadre in people:
        TalkParticipantFactory(cadre=cadre, talk=TalkFactory(date=dt.date(2026, 3, 1)))
    client = as_user(staff)
    # with the unit and talker filters, links and the new posts of the 任职廉政谈话 rule
    with django_assert_max_num_queries(21):
        assert client.get(reverse("supervision:overdue")).status_code == 200
    with django_assert_max_num_queries(14):
        page = client.get(reverse("supervision:talk_list"))
    assert page.status_code == 200
    assert people[0].name in page.content.decode()


def test_talk_list_names_only_the_cadres_in_the_jurisdiction(staff, units, as_user):
    mine, theirs = CadreFactory(unit=units["qingshi"]), CadreFactory(unit=units["west_edu"])
    talk = TalkFactory(date=dt.date(2026, 3, 1))
    TalkParticipantFactory(talk=talk, cadre=mine)
    TalkParticipantFactory(talk=talk, cadre=theirs)
    TalkParticipantFactory(cadre=CadreFactory(unit=units["west_edu"]))  # not theirs at all
    page = as_user(staff).get(reverse("supervision:talk_list")).content.decode()
    assert mine.name in page
    assert theirs.name not in page
    assert page.count("<tr>") == 2  # header and the one talk
