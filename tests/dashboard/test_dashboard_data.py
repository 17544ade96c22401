"""The 领导驾驶舱's JSON endpoints: what each panel counts, only within the user's
jurisdiction, at the chosen date; the drill-down page; the audited .xlsx export; and a
query count that does not grow with the data."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from cadre_portal.dashboard.registry import PANELS
from pool.models import AuditAction, AuditEntry, Role, RoleGrant, UnitKind, UnitLevel
from pool.selection.stats import Scope
from staffing import services
from staffing import stats as staffing_stats
from staffing.models import WarningRecord
from tests.conftest import _persona
from tests.factories import (
    AppointmentFactory,
    CadreFactory,
    LeadershipTeamFactory,
    PoolMembershipFactory,
    PostFactory,
    RecommendationFactory,
    RecommendationListFactory,
    RoundFactory,
    TalkFactory,
    TalkParticipantFactory,
    UnitFactory,
)

TODAY = dt.date(2026, 7, 15)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 7, 15, 10, 0), tick=False):
        yield


def _seat(unit, cadre, *, chief=False, start=dt.date(2020, 1, 1), title=None):
    team = getattr(unit, "_team", None) or LeadershipTeamFactory(unit=unit)
    unit._team = team
    post = PostFactory(team=team, is_chief=chief, title=title or f"职位{cadre.pk}")
    return AppointmentFactory(cadre=cadre, post=post, start_date=start)


@pytest.fixture
def city(units):
    """东县: 青石镇 with a young 选调生 deputy (1995) and an older chief (1970); 北山镇 with a
    chief born 1991 (35 at the end of 2026Q2, 35 still on TODAY); 西县教育局 with a young
    deputy that no 东县 user may ever count."""
    people = {
        "young_deputy": CadreFactory(
            name="青石甲", unit=units["qingshi"], gender="女", birth_month=dt.date(1995, 1, 1),
            category="选调生", fulltime_education="硕士研究生",
        ),
        "old_chief": CadreFactory(
            name="青石乙", unit=units["qingshi"], birth_month=dt.date(1970, 3, 1)
        ),
        "beishan_chief": CadreFactory(
            name="北山丙", unit=units["beishan"], birth_month=dt.date(1991, 1, 1)
        ),
        "west": CadreFactory(
            name="西县丁", unit=units["west_edu"], birth_month=dt.date(1996, 1, 1)
        ),
    }  # fmt: skip
    _seat(units["qingshi"], people["old_chief"], chief=True, title="党委书记")
    _seat(units["qingshi"], people["young_deputy"], start=dt.date(2026, 5, 10), title="副镇长")
    _seat(units["beishan"], people["beishan_chief"], chief=True, title="镇长")
    _seat(units["west_edu"], people["west"], title="副局长")
    for quarter in ("2026Q1", "2026Q2"):
        services.recalc_quarter(quarter)
    return people


def _panel(client, key, date=None):
    url = f"/api/dashboard/{key}/" + (f"?date={date}" if date else "")
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def _rows(data) -> dict:
    return {row[0]: row[1:] for row in data["rows"]}


def test_a_county_is_grouped_into_its_townships_and_departments(units, staff):
    scope = Scope.for_user(staff)
    assert [r.name for r in scope.regions] == ["东县本级", "青石镇", "北山镇", "东县教育局"]
    assert set(scope.units) == {units[k].pk for k in ("east", "qingshi", "beishan", "east_edu")}


def test_a_city_is_grouped_into_its_counties_and_its_own_units(units):
    city_dept = UnitFactory(name="市委组织部", parent=units["city"], level=UnitLevel.CITY)
    body = UnitFactory(
        name="干部科", parent=city_dept, level=UnitLevel.CITY, kind=UnitKind.INTERNAL_BODY
    )
    leader = _persona("shiwei", Role.LEADER, units["city"])
    scope = Scope.for_user(leader)
    assert [r.name for r in scope.regions] == ["江州市本级", "东县", "西县"]
    assert scope.region_of(body.pk) == units["city"].pk
    assert scope.region_of(units["qingshi"].pk) == units["east"].pk
    assert scope.label(body.pk) == "市委组织部干部科"


def test_young_cadres_by_region_count_only_the_jurisdiction(city, leader, as_user):
    data = _panel(as_user(leader), "young_by_region")
    assert "西县" not in str(data)
    rows = _rows(data)
    # 青石镇: 2 cadres, the 1995 deputy young (township threshold 35); 北山镇: 1991 is 35.
    assert rows["青石镇"][:2] == [2, 1]
    assert rows["北山镇"][:2] == [1, 1]
    assert data["chart"]["categories"] == ["东县本级", "青石镇", "北山镇", "东县教育局"]
    assert (
        data["chart"]["links"][1]
        == f"/dashboard/regions/{city['young_deputy'].unit_id}/?date=2026-07-15"
    )


def test_a_chosen_date_moves_the_ages(city, leader, as_user):
    client = as_user(leader)
    # On 2005-06-30 the chief born 1970.03 was 35: young for a township seat then.
    earlier = _rows(_panel(client, "young_by_region", "2005-06-30"))
    assert earlier["青石镇"][:2] == [2, 2]
    data = _panel(client, "summary", "2026-07-15")
    assert _rows(data)["年轻干部"] == [2, "按本人职级的入库年龄上限"]


def test_age_pyramid_counts_by_band_and_sex(city, leader, as_user):
    rows = _rows(_panel(as_user(leader), "age_structure"))
    assert rows["31—35岁"] == [1, 1, 2]  # 1991.01 (35, a man) and 1995.01 (31, a woman)
    assert rows["56—60岁"] == [1, 0, 1]  # 1970.03 is 56
    assert rows["26—30岁"] == [0, 0, 0]
    assert rows["31—35岁"] != rows["36—40岁"]
    assert _rows(_panel(as_user(leader), "summary"))["90后"][0] == 2  # 1995 and 1991


def test_education_and_source_describe_the_young(city, leader, as_user):
    client = as_user(leader)
    assert _rows(_panel(client, "education"))["硕士研究生"] == [1, 0]
    source = _rows(_panel(client, "source"))
    assert source["选调生"] == [1, 1, 1.0]
    assert source["公务员"] == [1, 2, 0.5]


def test_warnings_by_region_show_the_change_from_the_previous_quarter(city, leader, as_user):
    data = _panel(as_user(leader), "warnings")
    assert data["subtitle"].startswith("2026年第二季度")
    rows = _rows(data)
    # 青石镇: nobody young seated at 2026-03-31 (A), the deputy seated in May (C in Q2).
    assert rows["青石镇"][:3] == [0, 0, 1]
    assert rows["青石镇"][3:6] == [-1, 0, 1]
    assert "西县" not in rows


def test_targets_trend_by_quarter_and_now(city, leader, as_user):
    data = _panel(as_user(leader), "targets")
    rows = {row[0]: row for row in data["rows"]}
    every = rows["每个乡镇（街道）班子配备35岁以下干部·乡镇(街道)"]
    assert every[3] == "2/2"  # both township teams have someone aged 35 or under today
    assert every[5] == "已达标"
    columns = [c["label"] for c in data["columns"]]
    assert every[columns.index("2026Q1")] == 0.5  # 青石镇's deputy came in May
    chiefs = rows["年轻正职占正职总数（分层次）·乡镇(街道)"]
    assert chiefs[3] == "1/2"
    assert data["chart"]["categories"][-1] == "统计日"


def test_pool_funnel_counts_people_of_the_year(city, units, leader, as_user):
    round_ = RoundFactory(opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 4, 1))
    rec_list = RecommendationListFactory(round=round_, unit=units["qingshi"], status="accepted")
    RecommendationFactory(rec_list=rec_list, cadre=city["young_deputy"], decision="accepted")
    RecommendationFactory(rec_list=rec_list, cadre=city["old_chief"])
    other = RecommendationListFactory(round=round_, unit=units["west_edu"], status="accepted")
    RecommendationFactory(rec_list=other, cadre=city["west"], decision="accepted")
    membership = PoolMembershipFactory(cadre=city["young_deputy"], entered_on=dt.date(2026, 4, 2))
    membership.events.create(kind="entry", to_value="mid", happened_on=dt.date(2026, 4, 2))
    rows = _rows(_panel(as_user(leader), "funnel"))
    assert [rows[k][0] for k in ("推荐人选", "审核采纳", "入库", "提拔使用")] == [2, 1, 1, 0]


def test_talk_coverage_counts_people_and_never_shows_a_note(city, leader, as_user):
    PoolMembershipFactory(cadre=city["young_deputy"], entered_on=dt.date(2026, 1, 1))
    PoolMembershipFactory(cadre=city["beishan_chief"], entered_on=dt.date(2026, 1, 1))
    talk = TalkFactory(talker_role="unit_head", date=dt.date(2026, 7, 1), note="家庭困难需关心")
    TalkParticipantFactory(talk=talk, cadre=city["young_deputy"])
    # The calendar quarter holding the reference date (15 July) is Q3: June does not count.
    before = TalkFactory(talker_role="unit_head", date=dt.date(2026, 6, 30))
    TalkParticipantFactory(talk=before, cadre=city["beishan_chief"])
    data = _panel(as_user(leader), "talks")
    rows = _rows(data)
    assert rows["单位主要领导"][1:4] == [2, 1, 0.5]
    assert rows["分管领导"][1:4] == [2, 0, 0.0]
    assert "家庭困难" not in str(data)


def test_young_appointments_by_quarter_and_rank(city, leader, as_user):
    city["young_deputy"].rank = "副科"
    city["young_deputy"].save()
    data = _panel(as_user(leader), "appointments")
    rows = _rows(data)
    assert rows["2026Q2"] == [1, 1]  # 副科, total
    assert rows["2026Q1"] == [0, 0]
    assert [c["label"] for c in data["columns"]] == ["季度", "副科", "合计"]


def test_a_bad_date_is_refused_in_chinese(city, leader, as_user):
    response = as_user(leader).get("/api/dashboard/summary/?date=2026-13-01")
    assert response.status_code == 400
    assert "统计日期" in response.json()["date"][0]
    assert as_user(leader).get("/api/dashboard/nothing/").status_code == 404


def test_export_is_the_table_as_xlsx_and_is_audited(city, leader, as_user):
    response = as_user(leader).get("/dashboard/warnings/export/?date=2026-07-15")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:4] == ["地区", "A级", "B级", "C级"]
    assert values[3][:4] == ["青石镇", 0, 0, 1]
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert "领导驾驶舱·班子配备预警" in entry.detail
    assert entry.actor == leader


def test_region_page_lists_its_teams_and_young_cadres(city, units, leader, as_user):
    client = as_user(leader)
    page = client.get(f"/dashboard/regions/{units['qingshi'].pk}/?date=2026-07-15")
    html = page.content.decode()
    assert page.status_code == 200
    assert "青石镇" in html and "青石甲" in html and "北山丙" not in html
    assert f"/staffing/teams/{units['qingshi']._team.pk}/" in html
    assert f"/people/{city['young_deputy'].pk}/" in html  # the 立体画像, not the thin page
    assert not re.search(r"/pool/cadres/\d+/", html)
    assert client.get(f"/dashboard/regions/{units['west_edu'].pk}/").status_code == 404


def _young_in(unit, n):
    for i in range(n):
        CadreFactory(unit=unit, name=f"青年{i:03d}", birth_month=dt.date(1996, 1 + i % 12, 1))


def _region_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_region_young_list_is_paged_with_a_constant_query_count(units, leader, as_user):
    client = as_user(leader)
    url = f"/dashboard/regions/{units['beishan'].pk}/?date=2026-07-15"
    _young_in(units["beishan"], 3)
    few = _region_queries(client, url)
    _young_in(units["beishan"], 120)
    assert _region_queries(client, url) == few
    first = client.get(url).content.decode()
    assert "共 123 名" in first and "第 1 / 3 页" in first
    assert first.count('href="/people/') == 50
    last = client.get(url + "&page=3").content.decode()
    assert last.count('href="/people/') == 23
    assert "?date=2026-07-15&page=2" in last


def test_region_young_list_exports_every_name_and_is_audited(units, leader, as_user):
    _young_in(units["beishan"], 320)
    CadreFactory(unit=units["west_edu"], name="西县青年", birth_month=dt.date(1996, 1, 1))
    client = as_user(leader)
    url = f"/dashboard/regions/{units['beishan'].pk}/?date=2026-07-15"
    assert "export=xlsx" in client.get(url).content.decode()
    response = client.get(url + "&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    values = [
        [c.value for c in row]
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
    ]
    assert values[1][:4] == ["姓名", "性别", "出生年月", "年龄"]
    names = {row[0] for row in values[2:]}
    assert len(names) == 320 and "西县青年" not in names
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert entry.actor == leader and "北山镇年轻干部，共320行" in entry.detail
    west = client.get(f"/dashboard/regions/{units['west_edu'].pk}/?export=xlsx")
    assert west.status_code == 404


def _more_data(units, n):
    """``n`` more townships in 东县, each with a team, seats and pool members."""
    for i in range(n):
        town = UnitFactory(
            name=f"新镇{i}", parent=units["east"], level=UnitLevel.TOWNSHIP,
            kind=UnitKind.TOWNSHIP,
        )  # fmt: skip
        for j in range(3):
            cadre = CadreFactory(unit=town, birth_month=dt.date(1985 + j * 5, 1, 1))
            _seat(town, cadre, chief=j == 0, start=dt.date(2025, 1 + j, 1))
            PoolMembershipFactory(cadre=cadre)
    for quarter in ("2026Q1", "2026Q2"):
        services.recalc_quarter(quarter)


def _counts(client) -> dict[str, int]:
    counts = {}
    for panel in PANELS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/dashboard/{panel.key}/").status_code == 200
        counts[panel.key] = len(queries)
    return counts


def test_each_endpoint_runs_a_fixed_number_of_queries(
    city, units, leader, as_user, django_assert_max_num_queries
):
    # one pool member already, so no panel skips its queries for an empty pool
    PoolMembershipFactory(cadre=city["young_deputy"], entered_on=dt.date(2026, 1, 1))
    client = as_user(leader)
    small = _counts(client)
    _more_data(units, 6)
    assert _counts(client) == small
    for panel in PANELS:
        with django_assert_max_num_queries(14):
            client.get(f"/api/dashboard/{panel.key}/")


def test_only_leaders_and_staff_open_the_dashboard(units, unit_committee, as_user):
    RoleGrant.objects.filter(user=unit_committee).update(role=Role.UNIT_COMMITTEE)
    client = as_user(unit_committee)
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/api/dashboard/summary/").status_code == 403


@pytest.mark.parametrize("persona", ["staff", "leader"])
def test_scope_holds_the_same_units_as_units_for(units, persona, request):
    from pool.people.selectors import units_for

    user = request.getfixturevalue(persona)
    UnitFactory(name="青石镇党政办", parent=units["qingshi"], kind=UnitKind.INTERNAL_BODY)
    scope = Scope.for_user(user)
    assert set(scope.units) == set(units_for(user).values_list("pk", flat=True))
    assert scope.subtree


def test_training_panel_counts_pool_members_meeting_each_rule(city, units, leader, as_user):
    from tests.factories import EnrollmentFactory, TrainingClassFactory

    PoolMembershipFactory(cadre=city["young_deputy"], entered_on=dt.date(2026, 1, 1))
    PoolMembershipFactory(cadre=city["beishan_chief"], entered_on=dt.date(2026, 1, 1))
    political = TrainingClassFactory(
        unit=units["east"], political=True, off_the_job=True, hours=80,
        start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 6),
    )  # fmt: skip
    EnrollmentFactory(cadre=city["young_deputy"], training_class=political)
    data = _panel(as_user(leader), "training")
    rows = list(data["rows"])
    assert [r[1:5] for r in rows[:3]] == [[2, 1, 1, 0.5], [2, 1, 1, 0.5], [2, 1, 1, 0.5]]
    assert rows[3][0] == "导师帮带覆盖"  # tests/training/test_mentor_coverage.py pins it
    assert rows[2][0] == "本年学时达80学时"
    assert data["row_links"][0] == "/training/compliance/?rule=political"


def _trend(scope):
    return {
        row.name: [(p.label, p.numerator, p.denominator) for p in row.points]
        for row in staffing_stats.target_progress(scope, TODAY)
    }


def test_targets_trend_of_recalculated_quarters_is_read_from_the_records(city, leader):
    scope = Scope.for_user(leader)
    counted = _trend(scope)
    quarters = [label for label, _, _ in next(iter(counted.values()))[:-1]]
    for quarter in quarters:
        services.recalc_quarter(quarter)
    assert _trend(scope) == counted  # the records hold the same figures as the appointments

    # they are read, not recounted: a record changed by hand shows in that quarter only
    WarningRecord.objects.filter(quarter="2026Q1").update(chiefs=F("chiefs") + 1)
    changed = _trend(scope)["年轻正职占正职总数（分层次）·乡镇(街道)"]
    before = counted["年轻正职占正职总数（分层次）·乡镇(街道)"]
    assert [p[2] - b[2] for p, b in zip(changed, before, strict=True)][-3:] == [2, 0, 0]

    # records written before they held these figures are recounted from the appointments
    WarningRecord.objects.filter(quarter="2026Q1").update(chiefs=None)
    assert _trend(scope) == counted
    # and so are records without a fixed age a target uses
    WarningRecord.objects.filter(quarter="2025Q4").update(young_by_age={})
    assert _trend(scope) == counted
