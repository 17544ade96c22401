"""recalc_quarter and ``manage.py recalc_warnings``: who counts, idempotence, query
counts that do not grow with the number of teams, and the JSON the command prints."""

import datetime as dt
import io
import json
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command

from pool.models import AuditAction, AuditEntry, Notice, UnitKind, UnitLevel
from staffing import services, tasks
from staffing.models import WarningPolicy, WarningRecord, WarningRun
from tests.factories import (
    AppointmentFactory,
    CadreFactory,
    LeadershipTeamFactory,
    PostFactory,
    UnitFactory,
)

Q2 = "2026Q2"  # reference date 2026-06-30
YOUNG = dt.date(1990, 7, 1)  # 35 on 2026-06-30: "35岁以下" includes 35
OLD = dt.date(1990, 6, 1)  # 36 on 2026-06-30


def seat(team, birth, *, quota=1, start=dt.date(2020, 1, 1), end=None, chief=False):
    post = PostFactory(team=team, quota=quota, is_chief=chief)
    cadre = CadreFactory(unit=team.unit, birth_month=birth)
    return AppointmentFactory(post=post, cadre=cadre, start_date=start, end_date=end)


def record(team, quarter=Q2) -> WarningRecord:
    return WarningRecord.objects.get(team=team, quarter=quarter)


def test_member_exactly_at_the_threshold_on_the_reference_date_counts_as_young(units):
    team = LeadershipTeamFactory(unit=units["qingshi"])
    young = seat(team, YOUNG)
    seat(team, OLD)
    services.recalc_quarter(Q2)
    rec = record(team)
    assert (rec.approved_seats, rec.seated, rec.required, rec.actual) == (2, 2, 1, 1)
    assert (rec.gap, rec.level) == (0, "C")
    assert rec.young_member_ids == [young.cadre_id]
    assert rec.ref_date == dt.date(2026, 6, 30)


def test_township_team_without_young_member_is_level_a(units):
    team = LeadershipTeamFactory(unit=units["qingshi"])
    seat(team, OLD, quota=4)
    services.recalc_quarter(Q2)
    assert (record(team).actual, record(team).level) == (0, "A")


def test_team_with_no_approved_seats_is_not_graded(units):
    team = LeadershipTeamFactory(unit=units["beishan"])
    PostFactory(team=team, quota=0)
    services.recalc_quarter(Q2)
    rec = record(team)
    assert (rec.approved_seats, rec.required, rec.actual, rec.gap, rec.level) == (0, 0, 0, 0, None)
    assert rec.forecast_level == ""
    summary = services.recalc_quarter(Q2)
    assert "无核定职数不评级1个" in summary.describe() and "A级0个" in summary.describe()


def test_one_seat_is_enough_to_be_graded(units):
    team = LeadershipTeamFactory(unit=units["beishan"])
    PostFactory(team=team, quota=1)
    services.recalc_quarter(Q2)
    assert (record(team).required, record(team).level) == (1, "A")


def test_gap_of_exactly_one_with_someone_young_is_level_b(units):
    team = LeadershipTeamFactory(unit=units["qingshi"])
    seat(team, YOUNG, quota=6)  # 7 seats -> required ceil(7/5) = 2
    seat(team, OLD)
    services.recalc_quarter(Q2)
    rec = record(team)
    assert (rec.approved_seats, rec.required, rec.actual, rec.gap, rec.level) == (7, 2, 1, 1, "B")


def test_only_members_serving_on_the_reference_date_count(units):
    team = LeadershipTeamFactory(unit=units["qingshi"])
    seat(team, YOUNG, end=dt.date(2026, 6, 30))  # removed on the reference date
    seat(team, YOUNG, start=dt.date(2026, 7, 1))  # starts the day after
    seat(team, YOUNG, end=dt.date(2026, 7, 1))  # still serving on 06-30
    services.recalc_quarter(Q2)
    assert (record(team).seated, record(team).actual) == (1, 1)


@pytest.mark.parametrize(
    ("unit", "birth", "young"),
    [
        ("east", dt.date(1986, 1, 1), True),  # 县市区党政班子: 40 on 2026-06-30
        ("east", dt.date(1985, 6, 1), False),  # 41
        ("east_edu", dt.date(1991, 1, 1), True),  # 县市区党政工作部门: 35
        ("east_edu", dt.date(1990, 6, 1), False),  # 36
        ("qingshi", dt.date(1990, 7, 1), True),  # 乡镇(街道): exactly 35
    ],
)
def test_threshold_follows_the_seat_layer(units, unit, birth, young):
    team = LeadershipTeamFactory(unit=units[unit])
    seat(team, birth)
    services.recalc_quarter(Q2)
    assert record(team).actual == int(young)


def test_internal_bodies_get_no_grade_and_no_record(units):
    body = UnitFactory(
        parent=units["east_edu"], level=UnitLevel.COUNTY, kind=UnitKind.INTERNAL_BODY
    )
    body_team = LeadershipTeamFactory(unit=body)
    seat(body_team, dt.date(1980, 6, 1))  # nobody young: would have been A
    summary = services.recalc_quarter(Q2)
    assert not WarningRecord.objects.filter(team=body_team).exists()
    assert summary.teams == 0
    assert services.send_dual_reminders(Q2) == 0


def test_editable_policy_ratio_changes_required(units):
    team = LeadershipTeamFactory(unit=units["qingshi"])
    PostFactory(team=team, quota=4)
    services.recalc_quarter(Q2)
    assert record(team).required == 1
    WarningPolicy.objects.filter(pk=1).update(member_ratio_numerator=1, member_ratio_denominator=2)
    services.recalc_quarter(Q2)
    rec = record(team)
    assert (rec.required, rec.ratio_numerator, rec.ratio_denominator) == (2, 1, 2)


def _snapshot():
    return list(WarningRecord.objects.order_by("pk").values())


def test_recalculating_twice_gives_the_same_records_never_duplicates(units):
    for unit in ("qingshi", "beishan", "east_edu"):
        team = LeadershipTeamFactory(unit=units[unit])
        seat(team, YOUNG, quota=3)
        seat(team, OLD)
    services.recalc_quarter(Q2)
    first = _snapshot()
    services.recalc_quarter(Q2)
    assert _snapshot() == first
    assert len(first) == 3
    services.recalc_quarter("2026Q1")
    assert WarningRecord.objects.count() == 6


def test_recalc_is_audited(units):
    PostFactory(team=LeadershipTeamFactory(unit=units["qingshi"]))
    services.recalc_quarter(Q2)
    entry = AuditEntry.objects.get(action=AuditAction.BULK_WRITE)
    assert entry.actor_name == "系统"
    assert "2026Q2" in entry.detail and "A级1个" in entry.detail


def _teams(n, parent):
    for i in range(n):
        unit = UnitFactory(
            parent=parent,
            name=f"乡镇{parent.pk}-{i}",
            level=UnitLevel.TOWNSHIP,
            kind=UnitKind.TOWNSHIP,
        )
        team = LeadershipTeamFactory(unit=unit)
        seat(team, YOUNG, quota=2, chief=True)
        seat(team, OLD, quota=5)


def test_recalc_queries_do_not_grow_with_the_number_of_teams(units, django_assert_max_num_queries):
    _teams(3, units["east"])
    with django_assert_max_num_queries(14) as few:  # 14: the upsert of the WarningRun
        services.recalc_quarter(Q2)
    _teams(40, units["west"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        services.recalc_quarter(Q2)
    assert WarningRecord.objects.count() == 43


def _json(*args) -> dict:
    out = io.StringIO()
    call_command("recalc_warnings", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_command_prints_exactly_the_issue_json(units):
    qingshi = LeadershipTeamFactory(unit=units["qingshi"])
    seat(qingshi, YOUNG, quota=6)
    seat(qingshi, OLD)  # 7 seats, required 2, actual 1: B
    beishan = LeadershipTeamFactory(unit=units["beishan"])
    seat(beishan, YOUNG)  # C
    west_edu = LeadershipTeamFactory(unit=units["west_edu"])
    seat(west_edu, OLD, quota=10)  # required 2, actual 0: A
    county = LeadershipTeamFactory(unit=units["east"])  # 东县's own team: counted for 江州市
    seat(county, dt.date(1990, 1, 1))  # 36, young for a county team (40): C

    data = _json("--quarter", Q2)
    assert list(data) == ["quarter", "teams", "regions"]
    assert data["quarter"] == Q2
    assert data["teams"] == [
        {"unit": "东县", "approved_seats": 1, "required": 1, "actual": 1, "gap": 0, "level": "C"},
        {"unit": "青石镇", "approved_seats": 7, "required": 2, "actual": 1, "gap": 1, "level": "B"},
        {"unit": "北山镇", "approved_seats": 1, "required": 1, "actual": 1, "gap": 0, "level": "C"},
        {"unit": "西县教育局", "approved_seats": 10, "required": 2, "actual": 0, "gap": 2,
         "level": "A"},
    ]  # fmt: skip
    assert data["regions"] == [
        {"unit": "江州市", "required": 1, "met": 1, "completion_rate": 1.0},
        {"unit": "东县", "required": 3, "met": 2, "completion_rate": 0.6667},
        {"unit": "西县", "required": 2, "met": 0, "completion_rate": 0.0},
    ]
    assert _json("--quarter", Q2) == data
    assert WarningRecord.objects.count() == 4


def test_command_json_lists_teams_only_and_a_zero_seat_team_without_level(units):
    qingshi = LeadershipTeamFactory(unit=units["qingshi"])
    PostFactory(team=qingshi, quota=0)  # 无职数
    body = UnitFactory(
        name="东县教育局办公室",
        parent=units["east_edu"],
        level=UnitLevel.COUNTY,
        kind=UnitKind.INTERNAL_BODY,
    )
    seat(LeadershipTeamFactory(unit=body), OLD)
    data = _json("--quarter", Q2)
    assert data["teams"] == [
        {"unit": "青石镇", "approved_seats": 0, "required": 0, "actual": 0, "gap": 0, "level": None}
    ]
    assert data["regions"] == [{"unit": "东县", "required": 0, "met": 0, "completion_rate": None}]


def test_command_defaults_to_the_quarter_just_finished(units):
    PostFactory(team=LeadershipTeamFactory(unit=units["qingshi"]))
    with time_machine.travel(dt.datetime(2026, 7, 1, 1, 0, tzinfo=dt.UTC), tick=False):
        assert _json()["quarter"] == "2026Q2"
        out = io.StringIO()
        call_command("recalc_warnings", stdout=out)
    assert "2026年第二季度" in out.getvalue()
    assert "A级1个" in out.getvalue()


def test_command_refuses_a_bad_quarter_in_chinese(db):
    with pytest.raises(CommandError, match="不是有效的季度"):
        call_command("recalc_warnings", "--quarter", "2026Q5")


def test_task_recalculates_the_quarter_just_finished(units):
    team = LeadershipTeamFactory(unit=units["qingshi"])
    PostFactory(team=team)
    with time_machine.travel(dt.datetime(2026, 10, 1, 1, 0, tzinfo=dt.UTC), tick=False):
        message = tasks.recalc_warnings()
    assert record(team, "2026Q3").level == "A"
    assert "2026Q3" in message


def test_beat_runs_on_the_first_day_of_each_quarter_at_one():
    entry = settings.CELERY_BEAT_SCHEDULE["recalc-quarterly-warnings"]
    schedule = entry["schedule"]
    assert entry["task"] == "staffing.tasks.recalc_warnings"
    assert schedule.month_of_year == {1, 4, 7, 10}
    assert schedule.day_of_month == {1}
    assert (schedule.hour, schedule.minute) == ({1}, {0})


def test_a_requested_recalc_records_when_it_finished_and_tells_the_requester(units, staff, as_user):
    PostFactory(team=LeadershipTeamFactory(unit=units["qingshi"]), quota=3)  # no one young: A
    ledger = "/staffing/warnings/?quarter=2026Q2"
    assert "2026年第二季度尚未计算" in as_user(staff).get(ledger).content.decode()
    finished = dt.datetime(2026, 12, 7, 20, 15, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(finished, tick=False):
        tasks.recalc_warnings("2026Q2", staff.pk)
    run = WarningRun.objects.get(quarter="2026Q2")
    assert (run.actor, run.teams) == (staff, 1)
    html = as_user(staff).get(ledger).content.decode()
    assert "2026年第二季度 于 12月7日 20:15 计算完成" in html  # Beijing time, not 12:15 UTC
    notice = Notice.objects.get(recipient=staff, title="2026年第二季度配备预警已重新计算完成")
    assert notice.url == ledger and "A级1个" in notice.body


def test_the_scheduled_recalc_notifies_nobody_but_records_its_run(units, staff):
    LeadershipTeamFactory(unit=units["qingshi"])
    with time_machine.travel(dt.datetime(2026, 10, 1, 1, 0, tzinfo=dt.UTC), tick=False):
        tasks.recalc_warnings()
    run = WarningRun.objects.get(quarter="2026Q3")
    assert run.actor is None
    assert not Notice.objects.filter(title__contains="重新计算完成").exists()
