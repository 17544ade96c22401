"""The 配备台账 ledger, its 通报 export, the recalculation button and the team page:
scoped to the jurisdiction, read-only for leaders, query counts that do not grow."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from pool.models import (
    AccountSecurity,
    AuditAction,
    AuditEntry,
    Role,
    RoleGrant,
    UnitKind,
    UnitLevel,
)
from staffing import services, tasks
from tests.factories import (
    AppointmentFactory,
    CadreFactory,
    LeadershipTeamFactory,
    PostFactory,
    UnitFactory,
)

YOUNG = dt.date(1991, 6, 1)  # 35 on 2026-06-30, 36 from June 2027
OLD = dt.date(1975, 1, 1)


def seat(team, birth, *, title=None, quota=1, chief=False, name=None, start=dt.date(2020, 1, 1)):
    post = PostFactory(
        team=team, quota=quota, is_chief=chief, **({"title": title} if title else {})
    )
    cadre = CadreFactory(unit=team.unit, birth_month=birth, **({"name": name} if name else {}))
    return AppointmentFactory(post=post, cadre=cadre, start_date=start)


@pytest.fixture
def city_staff(units):
    """小林, 市委组织部干部科: the whole city."""
    user = get_user_model().objects.create_user("xiaolin", first_name="小林")
    RoleGrant.objects.create(user=user, role=Role.STAFF, unit=units["city"])
    AccountSecurity.objects.create(
        user=user, must_change_password=False, password_changed_at=timezone.now()
    )
    return user


@pytest.fixture
def teams(units):
    """青石镇 B, 北山镇 C (young member ages out in 2027Q2), 西县教育局 A (outside 东县)."""
    qingshi = LeadershipTeamFactory(unit=units["qingshi"])
    seat(qingshi, YOUNG, title="党委书记", chief=True, name="赵青")
    seat(qingshi, OLD, title="副镇长", quota=6, name="钱老")  # 7 seats: required 2, actual 1
    beishan = LeadershipTeamFactory(unit=units["beishan"])
    seat(beishan, YOUNG, title="镇长", chief=True)
    west = LeadershipTeamFactory(unit=units["west_edu"])
    seat(west, OLD, title="局长", chief=True, name="孙西")
    services.recalc_quarter("2026Q1")
    seat(beishan, OLD, title="副镇长", quota=4)  # still C in Q2
    services.recalc_quarter("2026Q2")
    return {"qingshi": qingshi, "beishan": beishan, "west": west}


def test_staff_sees_the_teams_of_their_county_with_levels_and_forecast(teams, staff, as_user):
    response = as_user(staff).get("/staffing/warnings/", {"quarter": "2026Q2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "青石镇" in html and "北山镇" in html
    assert "西县教育局" not in html
    assert 'class="badge text-bg-warning">B级' in html
    assert 'class="badge text-bg-success">C级' in html
    assert "预计2027Q2降为A" in html  # 北山镇's only young member turns 36 in June 2027
    assert "重新计算" in html


def test_region_completion_rate_is_shown_per_region(teams, staff, as_user):
    html = as_user(staff).get("/staffing/warnings/", {"quarter": "2026Q2"}).content.decode()
    table = html[html.index('id="region-table"') : html.index('id="ledger-table"')]
    # 东县: 青石镇 required 2 met 1, 北山镇 required 1 met 1 -> 2/3
    assert "东县" in table and "66.7%" in table
    assert "西县" not in table


def test_level_and_region_filters_narrow_the_list(teams, units, staff, as_user):
    client = as_user(staff)
    html = client.get("/staffing/warnings/", {"quarter": "2026Q2", "level": "B"}).content.decode()
    rows = html[html.index('id="ledger-table"') :]
    assert "青石镇" in rows and "北山镇" not in rows
    html = client.get(
        "/staffing/warnings/", {"quarter": "2026Q2", "region": units["west"].pk}
    ).content.decode()
    assert "没有符合条件的班子" in html


def test_previous_quarter_level_is_shown_beside_the_current_one(teams, staff, as_user):
    html = as_user(staff).get("/staffing/warnings/", {"quarter": "2026Q2"}).content.decode()
    assert 'text-bg-warning">B</span>' in html  # 青石镇 was B in 2026Q1 too
    assert "较上季度" not in html  # nobody changed level between Q1 and Q2
    first = as_user(staff).get("/staffing/warnings/", {"quarter": "2026Q1"}).content.decode()
    assert 'text-bg-warning">B</span>' not in first  # no 2025Q4 records


def test_trend_arrow_when_a_team_gets_worse(units, staff, as_user):
    team = LeadershipTeamFactory(unit=units["qingshi"])
    seat(team, dt.date(1990, 9, 1))  # 35 at 2026-06-30, 36 at 2026-09-30
    services.recalc_quarter("2026Q2")
    services.recalc_quarter("2026Q3")
    html = as_user(staff).get("/staffing/warnings/", {"quarter": "2026Q3"}).content.decode()
    assert "较上季度变差" in html


def test_leader_reads_the_ledger_but_cannot_recalculate(teams, leader, as_user):
    client = as_user(leader)
    html = client.get("/staffing/warnings/").content.decode()
    assert "青石镇" in html
    assert "重新计算" not in html
    assert client.post("/staffing/warnings/recalc/", {"quarter": "2026Q2"}).status_code == 403


@pytest.mark.parametrize("persona", ["unit_committee", "sector_dept", "sys_admin"])
def test_other_roles_are_refused(teams, persona, as_user, request):
    client = as_user(request.getfixturevalue(persona))
    assert client.get("/staffing/warnings/").status_code == 403
    assert client.get(f"/staffing/teams/{teams['qingshi'].pk}/").status_code == 403


def test_ledger_defaults_to_the_latest_computed_quarter(teams, staff, as_user):
    html = as_user(staff).get("/staffing/warnings/").content.decode()
    assert "2026年第二季度" in html


def test_bad_quarter_falls_back_with_a_message(teams, staff, as_user):
    html = as_user(staff).get("/staffing/warnings/", {"quarter": "2026Q9"}).content.decode()
    assert "不是有效的季度" in html
    assert "2026年第二季度" in html


def test_notice_export_lists_a_and_b_teams_and_is_audited(teams, units, city_staff, as_user):
    response = as_user(city_staff).get(
        "/staffing/warnings/", {"quarter": "2026Q2", "export": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "2026Q2.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "2026年第二季度优秀年轻干部配备预警通报（A级、B级班子）"
    assert rows[1][:4] == ("地区", "单位", "预警等级", "核定职数")
    body = [r[:8] for r in rows[2:]]
    assert body == [
        ("东县", "青石镇", "B级", 7, 2, 2, 1, 1),
        ("西县", "西县教育局", "A级", 1, 1, 1, 0, 1),
    ]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == city_staff
    assert "2026Q2配备预警通报，共2行" in entry.detail


def test_recalc_button_queues_the_task_after_commit(
    teams, staff, as_user, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(tasks.recalc_warnings, "apply_async", lambda args, **_: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(staff).post("/staffing/warnings/recalc/", {"quarter": "2026Q3"})
    assert response.status_code == 302
    assert response.url == "/staffing/warnings/?quarter=2026Q3"
    assert queued == [("2026Q3", staff.pk)]
    html = as_user(staff).get(response.url).content.decode()
    assert "已提交重新计算2026年第三季度的配备预警" in html


def test_team_page_shows_posts_quotas_holders_with_ages_and_vacancies(teams, staff, as_user):
    with time_machine.travel(dt.datetime(2026, 7, 15, 10, tzinfo=dt.UTC), tick=False):
        html = as_user(staff).get(f"/staffing/teams/{teams['qingshi'].pk}/").content.decode()
    assert "青石镇领导班子" in html
    assert "党委书记" in html and "副镇长" in html
    assert "赵青" in html and "钱老" in html
    assert "<td>35</td>" in html and "<td>51</td>" in html
    assert html.count("空缺") == 5  # 副镇长: 6 approved, 1 seated
    assert "年轻干部标准：35岁以下" in html
    assert "2026Q1" in html and "2026Q2" in html


def test_team_outside_the_jurisdiction_answers_404(teams, staff, leader, as_user):
    assert as_user(staff).get(f"/staffing/teams/{teams['west'].pk}/").status_code == 404
    assert as_user(leader).get(f"/staffing/teams/{teams['west'].pk}/").status_code == 404


def _towns(n, county, tag):
    for i in range(n):
        unit = UnitFactory(
            parent=county, name=f"{tag}镇{i}", level=UnitLevel.TOWNSHIP, kind=UnitKind.TOWNSHIP
        )
        team = LeadershipTeamFactory(unit=unit)
        seat(team, YOUNG, quota=2, chief=True)
        seat(team, OLD, quota=5)


def test_ledger_and_export_queries_do_not_grow_with_teams(
    units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    _towns(2, units["east"], "甲")
    services.recalc_quarter("2026Q1")
    services.recalc_quarter("2026Q2")
    for params in ({"quarter": "2026Q2"}, {"quarter": "2026Q2", "export": "xlsx"}):
        with django_assert_max_num_queries(20) as few:
            client.get("/staffing/warnings/", params)
        _towns(20, units["east"], f"乙{len(params)}")
        services.recalc_quarter("2026Q1")
        services.recalc_quarter("2026Q2")
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get("/staffing/warnings/", params)
        assert response.status_code == 200


def test_team_page_queries_do_not_grow_with_holders(
    units, staff, as_user, django_assert_max_num_queries
):
    team = LeadershipTeamFactory(unit=units["qingshi"])
    seat(team, YOUNG)
    client = as_user(staff)
    with django_assert_max_num_queries(20) as few:
        client.get(f"/staffing/teams/{team.pk}/")
    for _ in range(10):
        seat(team, OLD, quota=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/staffing/teams/{team.pk}/")


def test_quarter_picker_lists_each_computed_quarter_once(teams, staff, as_user):
    response = as_user(staff).get("/staffing/warnings/", {"quarter": "2026Q2"})
    assert response.context["quarters"] == ["2026Q2", "2026Q1"]
