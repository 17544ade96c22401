"""The 谈话提醒台账 by calendar period (issue #16): the demo's complaints reproduced
(two talks in January and February are not overdue on 1 September; a member admitted
today owes nothing), 即将到期 rows, and the 任职廉政谈话 after a new appointment."""

import datetime as dt

import time_machine
from django.urls import reverse

from pool.models import Tier
from supervision import selectors, services
from supervision.models import TalkerRole, TalkKind
from tests.factories import (
    AppointmentFactory,
    CadreFactory,
    PoolMembershipFactory,
    PostingFactory,
    TalkerLinkFactory,
    TalkFactory,
    TalkParticipantFactory,
)
from training.models import PostingKind

COUNTY = TalkerRole.COUNTY_LEADER


def _member(unit, entered=dt.date(2026, 1, 1)):
    return PoolMembershipFactory(
        cadre=CadreFactory(unit=unit), entered_on=entered, tier=Tier.MID
    ).cadre


def _talk(cadre, role, date, kind=TalkKind.HEART):
    TalkParticipantFactory(cadre=cadre, talk=TalkFactory(talker_role=role, date=date, kind=kind))


def test_talks_in_january_and_february_are_not_overdue_on_1_september(staff, units):
    cadre = _member(units["qingshi"])
    TalkerLinkFactory(unit=units["qingshi"], talker_role=COUNTY)
    _talk(cadre, COUNTY, dt.date(2026, 1, 12))
    _talk(cadre, COUNTY, dt.date(2026, 2, 26))
    assert selectors.talk_ledger(staff, dt.date(2026, 9, 1), COUNTY) == []
    # Without the talks the first half-year is overdue from 1 July.
    other = _member(units["qingshi"])
    (row,) = selectors.overdue(staff, dt.date(2026, 9, 1), COUNTY)
    assert row.cadre == other and row.due_by == dt.date(2026, 6, 30)


def test_a_member_admitted_today_is_overdue_on_nothing(staff, units):
    TalkerLinkFactory(unit=units["qingshi"], talker_role=COUNTY, started_on=dt.date(2020, 1, 1))
    TalkerLinkFactory(
        unit=units["qingshi"], talker_role=TalkerRole.DEPUTY_HEAD, started_on=dt.date(2020, 1, 1)
    )
    for today in (dt.date(2026, 9, 1), dt.date(2026, 9, 17), dt.date(2026, 12, 31)):
        cadre = _member(units["qingshi"], entered=today)
        assert [r for r in selectors.overdue(staff, today) if r.cadre == cadre] == []


def test_a_link_started_mid_period_owes_from_the_next_full_period(staff, units):
    cadre = _member(units["qingshi"], entered=dt.date(2025, 1, 1))
    TalkerLinkFactory(unit=units["qingshi"], talker_role=COUNTY, started_on=dt.date(2026, 3, 1))
    assert selectors.overdue(staff, dt.date(2026, 7, 2), COUNTY) == []
    assert [r.cadre for r in selectors.overdue(staff, dt.date(2027, 1, 1), COUNTY)] == [cadre]


def test_due_soon_rows_are_listed_apart_from_overdue(staff, units):
    cadre = _member(units["qingshi"])
    today = dt.date(2026, 9, 20)  # Q3 ends on 30 September: 11 days left
    _talk(cadre, TalkerRole.UNIT_HEAD, dt.date(2026, 5, 1))  # Q2 met
    _talk(cadre, TalkerRole.MINISTER, dt.date(2026, 6, 1))
    rows = selectors.talk_ledger(staff, today, TalkerRole.UNIT_HEAD)
    assert [(r.cadre, r.status.state) for r in rows] == [(cadre, "due_soon")]
    assert rows[0].since_text.startswith("2026年第三季度应谈1次，未谈话，2026-09-30前到期")
    assert selectors.overdue(staff, today, TalkerRole.UNIT_HEAD) == []


def test_org_dept_twice_a_year_reads_as_two_talks_in_the_calendar_year(staff, units):
    cadre = _member(units["qingshi"], entered=dt.date(2025, 6, 1))
    _talk(cadre, TalkerRole.ORG_DEPT, dt.date(2026, 3, 1))
    (row,) = selectors.overdue(staff, dt.date(2027, 1, 5), TalkerRole.ORG_DEPT)
    assert row.since_text.startswith("2026年应谈2次，已谈1次，自2027-01-01起逾期")
    _talk(cadre, TalkerRole.ORG_DEPT, dt.date(2026, 11, 1))
    assert selectors.overdue(staff, dt.date(2027, 1, 5), TalkerRole.ORG_DEPT) == []


def test_new_appointment_owes_an_integrity_talk_within_30_days(staff, units):
    cadre = _member(units["qingshi"])
    AppointmentFactory(
        cadre=cadre, start_date=dt.date(2026, 6, 1), post__team__unit=units["qingshi"]
    )
    ledger = selectors.talk_ledger(staff, dt.date(2026, 6, 20), selectors.AFTER_APPOINTMENT)
    assert [(r.cadre, r.status.state) for r in ledger] == [(cadre, "due_soon")]
    (row,) = selectors.overdue(staff, dt.date(2026, 7, 2), selectors.AFTER_APPOINTMENT)
    assert row.talker_role_label == "任职廉政谈话"
    assert "应于2026-07-01前进行任职廉政谈话，自2026-07-02起逾期" in row.since_text
    _talk(cadre, TalkerRole.ORG_DEPT, dt.date(2026, 6, 25), kind=TalkKind.HEART)  # not the kind
    assert selectors.overdue(staff, dt.date(2026, 7, 2), selectors.AFTER_APPOINTMENT)
    _talk(cadre, TalkerRole.ORG_DEPT, dt.date(2026, 6, 25), kind=TalkKind.INTEGRITY)
    assert selectors.overdue(staff, dt.date(2026, 7, 2), selectors.AFTER_APPOINTMENT) == []


def test_exchange_posting_owes_an_integrity_talk_and_old_appointments_do_not(staff, units):
    cadre = _member(units["qingshi"])
    PostingFactory(
        cadre=cadre, kind=PostingKind.EXCHANGE, host_name="东县发改局", role="副局长",
        start_date=dt.date(2026, 3, 1), end_date=None, grassroots=False,
    )  # fmt: skip
    AppointmentFactory(cadre=cadre, start_date=dt.date(2024, 1, 1))  # history, not a reminder
    (row,) = selectors.overdue(staff, dt.date(2026, 7, 2), selectors.AFTER_APPOINTMENT)
    assert "交流任职（东县发改局副局长）" in row.since_text
    outsider = _member(units["west_edu"])
    AppointmentFactory(cadre=outsider, start_date=dt.date(2026, 6, 1))
    rows = selectors.overdue(staff, dt.date(2026, 7, 2), selectors.AFTER_APPOINTMENT)
    assert [r.cadre for r in rows] == [cadre]


@time_machine.travel(dt.datetime(2026, 9, 20, 10, 0), tick=False)
def test_ledger_page_shows_states_and_filters_them(staff, units, as_user):
    late = _member(units["qingshi"])
    soon = _member(units["qingshi"])
    _talk(soon, TalkerRole.UNIT_HEAD, dt.date(2026, 5, 1))
    client = as_user(staff)
    url = reverse("supervision:overdue")
    page = client.get(url, {"role": TalkerRole.UNIT_HEAD}).content.decode()
    assert late.name in page and soon.name in page
    assert "逾期 1 项，即将到期 1 项" in page
    page = client.get(url, {"role": TalkerRole.UNIT_HEAD, "state": "due_soon"}).content.decode()
    assert soon.name in page and late.name not in page
    page = client.get(url, {"role": TalkerRole.UNIT_HEAD, "state": "overdue"}).content.decode()
    assert late.name in page and soon.name not in page
    assert "每季度至少1次" in page


@time_machine.travel(dt.datetime(2026, 7, 15, 10, 0), tick=False)
def test_profile_shortfall_names_the_period(staff, units, as_user):
    cadre = _member(units["qingshi"])
    services.record_talk(
        staff, [cadre], talker_name="部长", talker_role=TalkerRole.MINISTER,
        kind=TalkKind.HEART, date=dt.date(2026, 7, 1),
    )  # fmt: skip
    dues = {d.rule.subject: d for d in selectors.talk_dues_of(cadre, dt.date(2026, 7, 15))}
    assert dues["单位主要领导"].status.overdue
    assert "组织部长" not in dues  # made up on 1 July
