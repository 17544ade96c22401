"""任前公示 (>= 5 working days, closed by the daily task), 试用期 reminders (30 days
ahead, once per appointment), who has served 5/8/10 years, the selectors the home page
calls, and the 任职管理 page (scoped, exported, constant queries)."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pool.models import AuditAction, AuditEntry, Notice
from staffing import selectors, services, tasks
from staffing.models import Holiday, Publicity, PublicityOutcome, PublicityStatus
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory

D = dt.date


@pytest.fixture
def team(units):
    return LeadershipTeamFactory(unit=units["qingshi"])


@pytest.fixture
def post(team):
    return PostFactory(team=team, title="副镇长", quota=3)


def test_a_publicity_of_exactly_five_working_days_is_accepted(staff, team, post):
    cadre = CadreFactory(unit=team.unit)
    made = services.start_publicity(staff, cadre, post, D(2026, 3, 4), D(2026, 3, 10), "副镇长")
    assert made.working_days == 5 and made.status == PublicityStatus.OPEN
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(made.pk)).exists()


def test_four_working_days_are_refused_with_the_earliest_end(staff, team, post):
    with pytest.raises(ValidationError) as error:
        services.start_publicity(
            staff, CadreFactory(unit=team.unit), post, D(2026, 3, 4), D(2026, 3, 9)
        )
    assert error.value.message_dict["end_date"] == [
        "任前公示不少于5个工作日，2026年3月4日至2026年3月9日只有4个工作日；结束日期最早为2026年3月10日"
    ]
    assert not Publicity.objects.exists()


def test_the_holiday_table_lengthens_a_publicity(staff, team, post):
    services.set_holiday(staff, D(2026, 3, 5), "测试假日")
    with pytest.raises(ValidationError, match="只有4个工作日；结束日期最早为2026年3月11日"):
        services.start_publicity(
            staff, CadreFactory(unit=team.unit), post, D(2026, 3, 4), D(2026, 3, 10)
        )
    services.set_holiday(staff, D(2026, 3, 7), "补班", is_workday=True)  # a Saturday worked
    made = services.start_publicity(
        staff, CadreFactory(unit=team.unit), post, D(2026, 3, 4), D(2026, 3, 10)
    )
    assert made.working_days == 5


def test_the_daily_task_closes_publicities_after_their_end_date(staff, team, post):
    quiet = services.start_publicity(
        staff, CadreFactory(unit=team.unit), post, D(2026, 3, 2), D(2026, 3, 6)
    )
    heard = services.start_publicity(
        staff, CadreFactory(unit=team.unit), post, D(2026, 3, 2), D(2026, 3, 6)
    )
    services.record_feedback(staff, heard, "群众来信反映")
    later = services.start_publicity(
        staff, CadreFactory(unit=team.unit), post, D(2026, 3, 3), D(2026, 3, 9)
    )
    assert services.close_due_publicities(D(2026, 3, 6)) == 0  # the last day is still open
    with time_machine.travel(dt.datetime(2026, 3, 7, 0, 10, tzinfo=dt.UTC)):
        assert tasks.close_publicities() == 2
    for p in (quiet, heard, later):
        p.refresh_from_db()
    assert (quiet.status, quiet.outcome) == (PublicityStatus.CLOSED, PublicityOutcome.NO_OBJECTION)
    assert heard.outcome == PublicityOutcome.OBJECTION
    assert later.status == PublicityStatus.OPEN
    assert services.close_due_publicities(D(2026, 3, 7)) == 0  # nothing twice


def test_appointing_waits_for_the_publicity_and_then_links_it(staff, team, post):
    cadre = CadreFactory(unit=team.unit, name="赵六")
    publicity = services.start_publicity(staff, cadre, post, D(2026, 3, 2), D(2026, 3, 6))
    with pytest.raises(ValidationError, match="赵六的任前公示至2026年3月6日结束"):
        services.appoint(staff, cadre, post, D(2026, 3, 6), "x")
    services.close_due_publicities(D(2026, 3, 7))
    made = services.appoint(staff, cadre, post, D(2026, 3, 9), "x", probation=True)
    publicity.refresh_from_db()
    assert publicity.appointment == made


def test_the_on_seated_hook_runs_in_the_same_transaction(staff, team, post):
    seen = []
    services.appoint(
        staff, CadreFactory(unit=team.unit), post, D(2026, 1, 1), "x", on_seated=seen.append
    )
    assert len(seen) == 1

    def refuse(appointment):
        raise ValidationError("考察对象已使用")

    with pytest.raises(ValidationError):
        services.appoint(
            staff, CadreFactory(unit=team.unit), post, D(2026, 1, 1), "x", on_seated=refuse
        )
    assert post.appointments.count() == 1  # the second seat was rolled back


def _probation(team, post, start, **kw):
    return AppointmentFactory(
        post=post, cadre=CadreFactory(unit=team.unit, **kw), start_date=start,
        probation_until=services.appointments.rules.probation_until(start),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("today", "reminded"),
    [
        (D(2026, 1, 29), False),
        (D(2026, 1, 30), True),
        (D(2026, 3, 1), True),
        (D(2026, 3, 2), False),
    ],
)  # the 试用期 of a 2025-03-02 appointment runs to 2026-03-01; 30 days before is 01-30
def test_probation_reminders_start_thirty_days_before_the_end(staff, team, post, today, reminded):
    _probation(team, post, D(2025, 3, 2))
    assert services.send_probation_reminders(today) == int(reminded)
    assert Notice.objects.filter(recipient=staff).count() == int(reminded)


def test_a_probation_reminder_is_sent_once(staff, team, post):
    held = _probation(team, post, D(2025, 3, 2), name="钱七")
    services.send_probation_reminders(D(2026, 2, 10))
    services.send_probation_reminders(D(2026, 2, 11))
    notice = Notice.objects.get(recipient=staff)
    assert notice.key == f"staffing-probation-{held.pk}"
    assert notice.title == "钱七（青石镇副镇长）试用期将于2026年3月1日期满"


def test_no_reminder_for_someone_who_left_the_post(staff, team, post):
    held = _probation(team, post, D(2025, 3, 2))
    services.end_appointment(staff, held, D(2026, 1, 5), "x")
    assert services.send_probation_reminders(D(2026, 2, 10)) == 0


def _publicity(unit, post, start, end):
    return Publicity.objects.create(
        cadre=CadreFactory(unit=unit), post=post, start_date=start, end_date=end, working_days=5
    )


@pytest.mark.parametrize("years", [5, 8, 10])
def test_long_serving_counts_from_the_anniversary(staff, team, post, years):
    exactly = AppointmentFactory(
        post=post, cadre=CadreFactory(unit=team.unit), start_date=D(2016 - years + 10, 6, 30)
    )
    AppointmentFactory(
        post=post, cadre=CadreFactory(unit=team.unit), start_date=D(2016 - years + 10, 7, 1)
    )
    found = selectors.long_serving(staff, D(2026, 6, 30), years)
    assert list(found) == [exactly]


def test_the_selectors_count_within_the_jurisdiction(staff, units, team, post):
    west = PostFactory(team=LeadershipTeamFactory(unit=units["west_edu"]), quota=3)
    for p, unit in ((post, team.unit), (west, units["west_edu"])):
        AppointmentFactory(post=p, cadre=CadreFactory(unit=unit), start_date=D(2015, 1, 1))
        AppointmentFactory(
            post=p,
            cadre=CadreFactory(unit=unit),
            start_date=D(2025, 12, 1),
            probation_until=D(2026, 11, 30),
        )
        _publicity(unit, p, D(2026, 11, 20), D(2026, 11, 26))
    ref = D(2026, 11, 24)
    assert selectors.probation_ending(staff, ref, 30).count() == 1
    assert selectors.publicity_open(staff, ref).count() == 1
    assert selectors.long_serving(staff, ref, 10).count() == 1


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_tenure_page_lists_exports_and_keeps_queries_flat(staff, team, post, as_user):
    client = as_user(staff)
    url = reverse("staffing:tenure")
    AppointmentFactory(
        post=post, cadre=CadreFactory(unit=team.unit, name="孙八"), start_date=D(2012, 1, 1)
    )
    with time_machine.travel(dt.datetime(2026, 6, 1, 4, tzinfo=dt.UTC)):
        tabs = [{"tab": "probation"}, {"tab": "publicity"}, {"tab": "long", "years": 10}]
        before = [_queries(client, url, params) for params in tabs]
        page = client.get(url, {"tab": "long", "years": 10}).content.decode()
        assert "孙八" in page
        response = client.get(url, {"tab": "long", "years": 10, "export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert [r[0] for r in sheet.iter_rows(min_row=3, values_only=True)] == ["孙八"]
        assert AuditEntry.objects.filter(action=AuditAction.EXPORT, actor=staff).exists()
        big = PostFactory(team=LeadershipTeamFactory(unit=team.unit.parent), quota=50)
        for _ in range(20):
            _probation(team, big, D(2025, 7, 1))
            AppointmentFactory(
                post=big, cadre=CadreFactory(unit=team.unit), start_date=D(2014, 1, 1)
            )
            _publicity(team.unit, big, D(2026, 5, 28), D(2026, 6, 3))
        page = client.get(url, {"tab": "probation"}).content.decode()
        assert page.count("2026.06.30") == 20  # the rows are there
        assert [_queries(client, url, params) for params in tabs] == before


def test_staff_start_a_publicity_from_the_team_page(staff, team, post, as_user):
    cadre = CadreFactory(unit=team.unit)
    response = as_user(staff).post(
        reverse("staffing:publicity_create", args=[team.pk]),
        {"post": post.pk, "cadre": cadre.pk, "start_date": "2026-03-04", "end_date": "2026-03-09"},
    )
    assert response.status_code == 400
    assert "只有4个工作日" in response.content.decode()
    response = as_user(staff).post(
        reverse("staffing:publicity_create", args=[team.pk]),
        {"post": post.pk, "cadre": cadre.pk, "start_date": "2026-03-04", "end_date": "2026-03-10"},
    )
    assert response.status_code == 302
    assert Publicity.objects.get().cadre == cadre


def test_staff_keep_the_holiday_table(staff, as_user):
    client = as_user(staff)
    client.post(reverse("staffing:holidays"), {"date": "2026-10-01", "name": "国庆节"})
    holiday = Holiday.objects.get()
    assert (holiday.name, holiday.is_workday) == ("国庆节", False)
    client.post(reverse("staffing:holiday_delete", args=[holiday.pk]))
    assert not Holiday.objects.exists()
