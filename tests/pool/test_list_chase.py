"""未报送 / 催报: units in the jurisdiction whose committee has not submitted this
round's list, one-click and batch reminders to the committee accounts, audited, with
when each unit was last reminded."""

import datetime as dt

import pytest
import time_machine

from pool.models import AuditEntry, ListReminder, ListStatus, Notice, Role
from pool.selection import chase
from tests.conftest import _persona
from tests.factories import RecommendationListFactory, RoundFactory

PAGE = "/pool/lists/unsubmitted/"
REMIND = "/pool/lists/unsubmitted/remind/"


@pytest.fixture
def round_(units):
    return RoundFactory(owner=units["east"], name="2026年度推荐")


@pytest.fixture
def committees(units, unit_committee):
    """青石镇 (the persona), 北山镇 and 东县教育局 have committee accounts; 西县教育局 too."""
    return {
        "qingshi": unit_committee,
        "beishan": _persona("beishan", Role.UNIT_COMMITTEE, units["beishan"]),
        "east_edu": _persona("dongjiao", Role.UNIT_COMMITTEE, units["east_edu"]),
        "west_edu": _persona("xijiao", Role.UNIT_COMMITTEE, units["west_edu"]),
    }


def test_units_without_a_submitted_list_are_listed_with_their_state(
    units, staff, as_user, round_, committees
):
    RecommendationListFactory(round=round_, unit=units["qingshi"], status=ListStatus.SUBMITTED)
    RecommendationListFactory(round=round_, unit=units["beishan"], status=ListStatus.DRAFT)
    rows = {r.unit.name: r.status for r in chase.unsubmitted(staff, round_)}
    assert rows == {"北山镇": "草稿", "东县教育局": "未开始"}
    page = as_user(staff).get(PAGE).content.decode()
    assert "北山镇" in page and "东县教育局" in page
    assert "西县教育局" not in page
    assert f'data-unit="{units["qingshi"].pk}"' not in page


def test_one_click_reminds_the_units_committee_and_is_audited(
    units, staff, as_user, round_, committees
):
    client = as_user(staff)
    with time_machine.travel(dt.datetime(2026, 11, 30, 1, 30, tzinfo=dt.UTC)):
        response = client.post(REMIND, {"round": round_.pk, "unit": [units["beishan"].pk]})
    assert response.status_code == 302
    [notice] = Notice.objects.filter(recipient=committees["beishan"])
    assert "请尽快报送2026年度推荐本单位推荐清单" in notice.title
    assert not Notice.objects.filter(recipient=committees["east_edu"]).exists()
    reminder = ListReminder.objects.get()
    assert (reminder.unit, reminder.sent_by, reminder.recipients) == (units["beishan"], staff, 1)
    assert AuditEntry.objects.filter(
        object_type="pool.ListReminder", detail__contains="催报2026年度推荐推荐清单：北山镇"
    ).exists()
    page = as_user(staff).get(PAGE).content.decode()  # the session timed out meanwhile
    row = page.split(f'data-unit="{units["beishan"].pk}"')[1].split("</tr>")[0]
    assert "2026-11-30 09:30" in row  # Beijing time


def test_batch_reminds_every_ticked_unit_and_a_second_reminder_is_recorded(
    units, staff, as_user, round_, committees
):
    client = as_user(staff)
    ticked = [units["beishan"].pk, units["east_edu"].pk, units["qingshi"].pk]
    client.post(REMIND, {"round": round_.pk, "unit": ticked})
    client.post(REMIND, {"round": round_.pk, "unit": [units["beishan"].pk]})
    assert ListReminder.objects.filter(unit=units["beishan"]).count() == 2
    assert Notice.objects.filter(recipient=committees["beishan"]).count() == 2
    assert Notice.objects.filter(recipient=committees["east_edu"]).count() == 1
    assert Notice.objects.filter(recipient=committees["qingshi"]).count() == 1


def test_a_unit_that_submitted_is_not_reminded(units, staff, round_, committees):
    RecommendationListFactory(round=round_, unit=units["beishan"], status=ListStatus.UNDER_REVIEW)
    sent = chase.remind(staff, round_, [units["beishan"].pk, units["east_edu"].pk])
    assert [r.unit for r in sent] == [units["east_edu"]]
    assert not Notice.objects.filter(recipient=committees["beishan"]).exists()


def test_reminding_a_unit_of_another_county_is_404(units, staff, as_user, round_, committees):
    response = as_user(staff).post(
        REMIND, {"round": round_.pk, "unit": [units["beishan"].pk, units["west_edu"].pk]}
    )
    assert response.status_code == 404
    assert not ListReminder.objects.exists()
    assert not Notice.objects.exists()


def test_ticking_nothing_is_an_error(units, staff, as_user, round_, committees):
    response = as_user(staff).post(REMIND, {"round": round_.pk}, follow=True)
    assert "请勾选要催报的单位" in response.content.decode()
    assert not ListReminder.objects.exists()


def test_the_page_reads_a_constant_number_of_queries(
    units, staff, as_user, round_, committees, django_assert_max_num_queries
):
    client = as_user(staff)
    chase.remind(staff, round_, [units["beishan"].pk])
    with django_assert_max_num_queries(18) as few:
        client.get(PAGE)
    first = len(few.captured_queries)
    for n in range(6):
        unit = units["qingshi"].__class__.objects.create(
            name=f"新单位{n}", parent=units["east"], level="township", kind="township"
        )
        _persona(f"c{n}", Role.UNIT_COMMITTEE, unit)
        chase.remind(staff, round_, [unit.pk])
    with django_assert_max_num_queries(first):
        assert "新单位5" in client.get(PAGE).content.decode()
