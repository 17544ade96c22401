"""联系点与分管: the 县级领导 (half-yearly) and 分管领导 (monthly) rules apply to the young
cadres of the units a talker is linked to or oversees, and the ledger names the talker."""

import datetime as dt

import pytest
from django.urls import reverse

from pool.models import AuditEntry
from supervision import selectors, services
from supervision.models import TalkerLink, TalkerRole
from tests.factories import (
    CadreFactory,
    PoolMembershipFactory,
    TalkerLinkFactory,
    TalkFactory,
    TalkParticipantFactory,
    UnitFactory,
)

TODAY = dt.date(2026, 7, 15)
COUNTY, DEPUTY = TalkerRole.COUNTY_LEADER, TalkerRole.DEPUTY_HEAD


def _member(unit):
    return PoolMembershipFactory(cadre=CadreFactory(unit=unit)).cadre


def _talk(cadre, role, date):
    TalkParticipantFactory(cadre=cadre, talk=TalkFactory(talker_role=role, date=date))


def _overdue_ids(user, role, **kwargs):
    return {r.cadre.pk for r in selectors.overdue(user, TODAY, role, **kwargs)}


def test_county_leader_rule_covers_only_linked_units_and_names_the_leader(staff, units):
    linked, other = _member(units["qingshi"]), _member(units["beishan"])
    TalkerLinkFactory(unit=units["qingshi"], talker_name="王副县长", talker_title="副县长")
    rows = selectors.overdue(staff, TODAY, COUNTY)
    assert [r.cadre.pk for r in rows] == [linked.pk]
    assert rows[0].talker_names == "王副县长（副县长）"
    assert other.pk not in _overdue_ids(staff, COUNTY)
    # The unlinked roles still cover everyone.
    assert _overdue_ids(staff, TalkerRole.UNIT_HEAD) == {linked.pk, other.pk}


@pytest.mark.parametrize(
    ("role", "last_talk", "overdue"),
    [
        # on 15 July the latest ended periods are 2026上半年 and June
        (COUNTY, dt.date(2026, 1, 1), False),  # the half-year's first day
        (COUNTY, dt.date(2025, 12, 31), True),
        (COUNTY, dt.date(2026, 6, 30), False),  # its last day
        (DEPUTY, dt.date(2026, 6, 1), False),
        (DEPUTY, dt.date(2026, 5, 31), True),
        (DEPUTY, dt.date(2026, 6, 30), False),
        (DEPUTY, dt.date(2026, 7, 2), False),  # 补谈 after June clears it
    ],
)
def test_linked_rules_at_the_period_boundary(staff, units, role, last_talk, overdue):
    cadre = _member(units["qingshi"])
    TalkerLinkFactory(unit=units["qingshi"], talker_role=role)
    _talk(cadre, role, last_talk)
    assert (cadre.pk in _overdue_ids(staff, role)) is overdue


def test_a_link_covers_the_units_below_it(staff, units):
    office = UnitFactory(name="青石镇党政办", parent=units["qingshi"], level="township")
    below = _member(office)
    TalkerLinkFactory(unit=units["qingshi"])
    assert below.pk in _overdue_ids(staff, COUNTY)


def test_deputy_over_a_field_covers_the_units_of_that_field_only(staff, units):
    teacher, townsman = _member(units["east_edu"]), _member(units["qingshi"])
    TalkerLinkFactory(
        unit=units["east"], sector="教育卫生", talker_role=DEPUTY, talker_name="分管教育的副县长"
    )
    assert _overdue_ids(staff, DEPUTY) == {teacher.pk}
    assert townsman.pk not in _overdue_ids(staff, DEPUTY)


def test_an_ended_or_future_link_covers_nobody(staff, units):
    cadre = _member(units["qingshi"])
    TalkerLinkFactory(unit=units["qingshi"], ended_on=dt.date(2026, 7, 14))
    TalkerLinkFactory(unit=units["qingshi"], started_on=dt.date(2026, 7, 16))
    assert cadre.pk not in _overdue_ids(staff, COUNTY)


def test_ledger_filtered_by_one_talker_lists_whom_that_talker_owes(staff, units):
    a, b = _member(units["qingshi"]), _member(units["beishan"])
    wang = TalkerLinkFactory(unit=units["qingshi"], talker_name="王")
    TalkerLinkFactory(unit=units["beishan"], talker_name="李")
    assert _overdue_ids(staff, "", link_id=wang.pk) == {a.pk}
    assert b.pk in _overdue_ids(staff, COUNTY)


def test_staff_link_a_leader_and_end_the_link_on_the_page(staff, units, as_user):
    client = as_user(staff)
    response = client.post(
        reverse("supervision:links"),
        {
            "talker_role": COUNTY,
            "talker_name": "王副县长",
            "unit": units["qingshi"].pk,
            "sector": "",
            "started_on": "2026-01-01",
        },
    )
    assert response.status_code == 302
    link = TalkerLink.objects.get()
    page = client.get(reverse("supervision:links")).content.decode()
    assert "王副县长" in page and "青石镇" in page
    again = client.post(
        reverse("supervision:links"),
        {"talker_role": COUNTY, "talker_name": "王副县长", "unit": units["qingshi"].pk,
         "started_on": "2026-02-01"},
    )  # fmt: skip
    assert again.status_code == 400
    assert "无需重复登记" in again.content.decode()
    assert client.post(reverse("supervision:link_end", args=[link.pk])).status_code == 302
    link.refresh_from_db()
    assert link.ended_on is not None
    assert AuditEntry.objects.filter(object_id=str(link.pk)).count() == 2


def test_staff_cannot_link_a_unit_outside_their_jurisdiction(staff, units, as_user):
    response = as_user(staff).post(
        reverse("supervision:links"),
        {"talker_role": COUNTY, "talker_name": "王", "unit": units["west_edu"].pk,
         "started_on": "2026-01-01"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not TalkerLink.objects.exists()


def test_linking_refuses_roles_that_are_not_linked(staff, units):
    with pytest.raises(Exception, match="县级领导或分管领导"):
        services.link_talker(
            staff,
            talker_role=TalkerRole.UNIT_HEAD,
            talker_name="王",
            unit=units["qingshi"],
            started_on=TODAY,
        )


@pytest.mark.parametrize("n", [2, 10])
def test_links_page_does_not_grow_queries(n, staff, units, as_user, django_assert_max_num_queries):
    for i in range(n):
        TalkerLinkFactory(unit=units["qingshi"], talker_name=f"县领导{i}")
    client = as_user(staff)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("supervision:links")).status_code == 200
