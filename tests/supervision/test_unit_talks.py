"""A 单位党组织 records the talks its leaders hold with its own unit's young cadres
(issue #16): the staff ledger shrinks at once; another unit's people and the
组织部's own talker roles are refused; notes stay hidden from leaders."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from supervision import selectors, services
from supervision.models import Talk, TalkerRole, TalkKind
from tests.factories import CadreFactory, PoolMembershipFactory

NOW = dt.datetime(2026, 7, 15, 10, 0)
TODAY = NOW.date()
NOTE = "谈话要点：工作压力较大"


def _member(unit):
    return PoolMembershipFactory(cadre=CadreFactory(unit=unit)).cadre


def _post(client, cadres, role=TalkerRole.UNIT_HEAD):
    return client.post(
        reverse("supervision:talk_record"),
        {
            "cadres": [c.pk for c in cadres],
            "talker_name": "李书记",
            "talker_role": role,
            "kind": TalkKind.HEART,
            "date": "2026-07-10",
            "note": NOTE,
        },
    )


@time_machine.travel(NOW, tick=False)
def test_unit_committee_records_a_talk_and_the_staff_ledger_shrinks(
    unit_committee, staff, units, as_user
):
    mine = _member(units["qingshi"])
    assert [r.cadre for r in selectors.overdue(staff, TODAY, TalkerRole.UNIT_HEAD)] == [mine]
    client = as_user(unit_committee)
    page = client.get(reverse("supervision:talk_record")).content.decode()
    found = client.get(reverse("pool:person_search"), {"q": mine.name}).json()["results"]
    assert [p["name"] for p in found] == [mine.name]  # the picker finds the unit's people
    assert "组织部长" not in page  # the 组织部 records its own talks
    assert _post(client, [mine]).status_code == 302
    assert selectors.overdue(staff, TODAY, TalkerRole.UNIT_HEAD) == []
    talk = Talk.objects.get()
    assert talk.recorded_by == unit_committee
    listing = client.get(reverse("supervision:talk_list")).content.decode()
    assert NOTE in listing  # its own note
    ledger = client.get(reverse("supervision:overdue"), {"role": TalkerRole.UNIT_HEAD})
    assert ledger.status_code == 200 and mine.name not in ledger.content.decode()


@time_machine.travel(NOW, tick=False)
def test_unit_committee_cannot_record_for_another_units_people(unit_committee, units, as_user):
    other = _member(units["beishan"])
    response = _post(as_user(unit_committee), [other])
    assert response.status_code == 400
    assert not Talk.objects.exists()
    with pytest.raises(ValidationError, match="不在本单位"):
        services.record_talk(
            unit_committee, [other], talker_name="李", talker_role=TalkerRole.UNIT_HEAD,
            kind=TalkKind.HEART, date=TODAY,
        )  # fmt: skip


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (TalkerRole.UNIT_HEAD, True),
        (TalkerRole.DEPUTY_HEAD, True),
        (TalkerRole.PARTY_SECRETARY, True),
        (TalkerRole.ORG_DEPT, True),
        (TalkerRole.COUNTY_LEADER, False),
        (TalkerRole.MINISTER, False),
    ],
)
def test_unit_committee_records_its_own_leaders_talks_only(unit_committee, units, role, allowed):
    mine = _member(units["qingshi"])
    kwargs = {"talker_name": "李", "talker_role": role, "kind": TalkKind.HEART, "date": TODAY}
    if allowed:
        assert services.record_talk(unit_committee, [mine], **kwargs).pk
    else:
        with pytest.raises(ValidationError, match="由组织部门记录"):
            services.record_talk(unit_committee, [mine], **kwargs)


@time_machine.travel(NOW, tick=False)
def test_staff_note_is_hidden_from_the_unit_and_every_note_from_leaders(
    unit_committee, staff, leader, units, as_user
):
    mine = _member(units["qingshi"])
    services.record_talk(
        staff, [mine], talker_name="组织部", talker_role=TalkerRole.ORG_DEPT,
        kind=TalkKind.REMINDER, date=TODAY, note="组织部门掌握的情况",
    )  # fmt: skip
    services.record_talk(
        unit_committee, [mine], talker_name="李书记", talker_role=TalkerRole.UNIT_HEAD,
        kind=TalkKind.HEART, date=TODAY, note=NOTE,
    )  # fmt: skip
    unit_page = as_user(unit_committee).get(reverse("supervision:talk_list")).content.decode()
    assert NOTE in unit_page and "组织部门掌握的情况" not in unit_page
    staff_page = as_user(staff).get(reverse("supervision:talk_list")).content.decode()
    assert NOTE in staff_page and "组织部门掌握的情况" in staff_page
    leader_client = as_user(leader)
    assert leader_client.get(reverse("supervision:talk_list")).status_code == 403
    assert NOTE not in leader_client.get(reverse("supervision:overdue")).content.decode()


def test_other_roles_may_not_record_talks(leader, units):
    with pytest.raises(ValidationError, match="无权记录"):
        services.record_talk(
            leader, [_member(units["qingshi"])], talker_name="李",
            talker_role=TalkerRole.UNIT_HEAD, kind=TalkKind.HEART, date=dt.date(2026, 1, 5),
        )  # fmt: skip
