"""Issue 16: targets per seat layer, computed twice (``staffing.selectors.targets`` in
Python for the page and 模拟调配, ``staffing.stats.targets`` in SQL for the dashboard and
the report): every case here is checked against both, and against the quarter's warning
records once recalculated. Boundaries: a layer at exactly 1/8, the 30th/31st year in a
county 内设机构 seat, a target met only when every layer is."""

import datetime as dt
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pool.models import Role, RoleGrant, UnitKind, UnitLevel
from pool.selection.stats import Scope
from staffing import selectors, services
from staffing import stats as staffing_stats
from tests.factories import (
    AppointmentFactory,
    CadreFactory,
    LeadershipTeamFactory,
    PostFactory,
    UnitFactory,
)

D = dt.date
REF = D(2026, 6, 30)  # a quarter end, so the recorded path can be compared too


def age(years: int) -> dt.date:
    """A birth month that is ``years`` old on REF, its last day at that age: one more
    the day after (2026-07-01)."""
    return D(REF.year - years - 1, REF.month + 1, 1)


@pytest.fixture
def city_staff(units):
    user = get_user_model().objects.create_user("city_staff")
    RoleGrant.objects.create(user=user, role=Role.STAFF, unit=units["city"])
    return user


def unit(units, kind, parent="east", level=None, name=None):
    levels = {
        UnitKind.TOWNSHIP: UnitLevel.TOWNSHIP,
        UnitKind.PARTY_GOV_DEPT: UnitLevel.COUNTY,
        UnitKind.INTERNAL_BODY: UnitLevel.COUNTY,
    }
    parent_unit = units[parent] if isinstance(parent, str) else parent
    return UnitFactory(
        parent=parent_unit,
        level=level or levels.get(kind, UnitLevel.COUNTY),
        kind=kind,
        **({"name": name} if name else {}),
    )


def team(where, chief=None, *deputies, chief_quota=1, deputy_quota=4):
    """A team with a chief seat (held when ``chief`` is a birth month) and deputies."""
    t = LeadershipTeamFactory(unit=where)
    post = PostFactory(team=t, title="正职", is_chief=True, quota=chief_quota)
    if chief is not None:
        AppointmentFactory(post=post, cadre=CadreFactory(unit=where, birth_month=chief))
    if deputies or deputy_quota:
        deputy = PostFactory(team=t, title="副职", quota=max(deputy_quota, len(deputies)))
        for birth in deputies:
            AppointmentFactory(post=deputy, cadre=CadreFactory(unit=where, birth_month=birth))
    return t


def python_figures(user, ref=REF):
    """{(target code, layer): (numerator, denominator, met)} and {code: met} (page)."""
    rows, met = {}, {}
    for block in selectors.target_progress(user, ref):
        met[block.target.code] = block.met
        for r in block.layer_rows:
            rows[(block.target.code, r.layer)] = (r.count, r.total, r.met)
    return rows, met


def sql_figures(user, ref=REF, quarters=1):
    """The same from the SQL of the dashboard and the report."""
    progress = staffing_stats.target_progress(Scope.for_user(user), ref, quarters=quarters)
    rows = {
        (r.target.code, r.layer): (r.current.numerator, r.current.denominator, r.met)
        for r in progress
    }
    met = {t.code: m for t, m in staffing_stats.targets_met(progress)}
    return rows, met


def both(user, ref=REF):
    (rows, met), (sql_rows, sql_met) = python_figures(user, ref), sql_figures(user, ref)
    assert rows == sql_rows
    assert sql_met == {code: met[code] for code in sql_met}  # the SQL lists targets with rows
    return rows, met


# --- a layer at exactly 1/8 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("young", "chiefs", "met"),
    [
        (1, 8, True),  # exactly 1/8
        (1, 9, False),  # just under
        (2, 16, True),
        (0, 1, False),
        (1, 1, True),
    ],
)
def test_young_chiefs_of_one_layer_at_the_ratio_boundary(units, city_staff, young, chiefs, met):
    for i in range(chiefs):
        team(unit(units, UnitKind.PARTY_GOV_DEPT), age(35) if i < young else age(36))
    rows, overall = both(city_staff)
    assert rows[("young-chiefs", "county_dept")] == (young, chiefs, met)
    assert overall["young-chiefs"] is met


def test_threshold_is_the_seat_layers_at_exactly_35_and_40(units, city_staff):
    team(units["east"], age(40))  # 县市区党政班子 chief: young at exactly 40
    team(unit(units, UnitKind.PARTY_GOV_DEPT), age(36))  # 县直部门 chief: not at 36
    team(units["qingshi"], age(35))  # 乡镇 chief: young at exactly 35
    city_dept = unit(units, UnitKind.PARTY_GOV_DEPT, "city", UnitLevel.CITY)
    team(city_dept, age(41))  # 市直部门: not at 41
    rows, _ = both(city_staff)
    assert rows[("young-chiefs", "county_leadership")] == (1, 1, True)
    assert rows[("young-chiefs", "county_dept")] == (0, 1, False)
    assert rows[("young-chiefs", "township")] == (1, 1, True)
    assert rows[("young-chiefs", "city_dept")] == (0, 1, False)


def test_a_target_is_met_only_when_every_layer_meets_it(units, city_staff):
    team(units["east"], age(45))  # county leadership: 0/1
    for _ in range(8):
        team(unit(units, UnitKind.PARTY_GOV_DEPT), age(30))  # county depts: 8/8
    rows, met = both(city_staff)
    assert rows[("young-chiefs", "county_dept")][2] is True
    assert rows[("young-chiefs", "county_leadership")][2] is False
    assert met["young-chiefs"] is False


# --- 内设机构: their own target only, judged by their seat layer --------------------------


@pytest.mark.parametrize(("years", "young"), [(30, True), (31, False)])
def test_county_internal_body_seat_at_the_31st_birthday(units, city_staff, years, young):
    dept = unit(units, UnitKind.PARTY_GOV_DEPT, name="东县教育局机关")
    body = unit(units, UnitKind.INTERNAL_BODY, dept, name="办公室")
    team(body, age(years), deputy_quota=0)
    rows, _ = both(city_staff)
    assert rows[("bodies-with-young", "county_body")] == (int(young), 1, young)
    # 内设机构 never count in the 正职 / 班子成员 targets
    assert not [key for key in rows if key[0] in ("young-chiefs", "young-members")]


def test_internal_bodies_of_city_and_county_are_separate_layers(units, city_staff):
    city_dept = unit(units, UnitKind.PARTY_GOV_DEPT, "city", UnitLevel.CITY)
    city_body = unit(units, UnitKind.INTERNAL_BODY, city_dept, UnitLevel.CITY)
    team(city_body, age(35), deputy_quota=0)  # 市内设机构: 35 is young
    township_body = unit(units, UnitKind.INTERNAL_BODY, "qingshi", UnitLevel.TOWNSHIP)
    team(township_body, None, age(31), deputy_quota=1)  # 县乡内设机构 deputy: 31 is not
    rows, met = both(city_staff)
    assert rows[("bodies-with-young", "city_body")] == (1, 1, True)
    assert rows[("bodies-with-young", "county_body")] == (0, 1, False)
    assert met["bodies-with-young"] is False


def test_dept_teams_with_young_for_city_and_county_separately(units, city_staff):
    city_dept = unit(units, UnitKind.PARTY_GOV_DEPT, "city", UnitLevel.CITY)
    team(city_dept, age(50), age(40))  # a 40-year-old deputy is young in a city dept
    team(unit(units, UnitKind.PARTY_GOV_DEPT), age(50), age(36))
    team(unit(units, UnitKind.PARTY_GOV_DEPT), age(50), age(35))
    rows, _ = both(city_staff)
    assert rows[("dept-teams-with-young", "city_dept")] == (1, 1, True)
    assert rows[("dept-teams-with-young", "county_dept")] == (1, 2, True)  # exactly 1/2
    assert ("dept-teams-with-young", "township") not in rows


def test_every_township_team_with_someone_35_or_under(units, city_staff):
    team(units["qingshi"], age(50), age(35))
    team(units["beishan"], age(50), age(36))
    rows, met = both(city_staff)
    assert rows[("township-every-team", "township")] == (1, 2, False)
    assert met["township-every-team"] is False


def test_units_outside_the_layers_count_nowhere(units, city_staff):
    team(unit(units, UnitKind.INSTITUTION), age(30))
    rows, met = both(city_staff)
    assert rows == {}
    assert set(met.values()) == {None}


# --- the recorded path (dashboard trend from the quarter's warning records) -------------


def test_recorded_quarter_gives_the_same_figures_as_counting(units, city_staff):
    team(units["east"], age(40), age(41))
    team(unit(units, UnitKind.PARTY_GOV_DEPT), age(36), age(35))
    team(units["qingshi"], age(35))
    body = unit(units, UnitKind.INTERNAL_BODY, "east_edu")
    team(body, age(30), deputy_quota=0)
    services.recalc_quarter("2026Q2")
    day_after = REF + dt.timedelta(days=1)
    progress = staffing_stats.target_progress(Scope.for_user(city_staff), day_after, quarters=2)
    at_quarter_end = {
        (r.target.code, r.layer): (p.numerator, p.denominator)
        for r in progress
        for p in r.points
        if p.label == "2026Q2"
    }
    python, _ = python_figures(city_staff, REF)
    assert at_quarter_end == {key: (n, d) for key, (n, d, _) in python.items()}
    assert ("bodies-with-young", "county_body") in at_quarter_end


# --- the page, the command ------------------------------------------------------------


def test_targets_page_shows_each_layer_and_the_overall_state(units, staff, as_user):
    team(units["east"], age(45))
    team(unit(units, UnitKind.PARTY_GOV_DEPT), age(30))
    page = as_user(staff).get("/staffing/targets/").content.decode()
    assert "县市区党政班子" in page and "县市区党政工作部门" in page
    assert "未达标（须各层次均达标）" in page
    filtered = as_user(staff).get("/staffing/targets/?layer=county_dept").content.decode()
    tables = filtered.split('aria-label="筛选"', 1)[1].split("</form>", 1)[1]
    assert "县市区党政工作部门" in tables and "县市区党政班子" not in tables


def _targets_json(*args) -> dict:
    out = io.StringIO()
    call_command("targets", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_targets_command_prints_one_entry_per_target_and_layer(units):
    team(units["east"], age(45))  # 东县 leadership chief: not young
    for i in range(8):
        team(unit(units, UnitKind.PARTY_GOV_DEPT), age(35) if i == 0 else age(50))
    data = _targets_json("--date", "2026-06-30", "--unit", "东县")
    assert list(data) == ["date", "unit", "targets", "met"]
    assert (data["date"], data["unit"], data["met"]) == ("2026-06-30", "东县", False)
    chiefs = [e for e in data["targets"] if e["target"] == "年轻正职占正职总数（分层次）"]
    assert chiefs == [
        {"target": "年轻正职占正职总数（分层次）", "layer": "县市区党政班子", "numerator": 0,
         "denominator": 1, "ratio": 0.0, "required_ratio": 0.125, "met": False},
        {"target": "年轻正职占正职总数（分层次）", "layer": "县市区党政工作部门",
         "numerator": 1, "denominator": 8, "ratio": 0.125, "required_ratio": 0.125,
         "met": True},
    ]  # fmt: skip
    assert all(set(e) == set(chiefs[0]) for e in data["targets"])
    # a month later the only young chief is 36
    later = _targets_json("--date", "2026-07-01", "--unit", "东县")
    county_dept = next(e for e in later["targets"] if e["layer"] == "县市区党政工作部门")
    assert (county_dept["numerator"], county_dept["met"]) == (0, False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-13-01"], "不是有效的日期"),
        (["--unit", "没有这个单位"], "找不到单位"),
    ],
)
def test_targets_command_refuses_bad_input_in_chinese(units, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("targets", *args, "--json")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=20))
def test_any_date_text_is_a_date_or_a_clear_chinese_error(db, text):
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        with pytest.raises(CommandError, match="不是有效的日期"):
            call_command("targets", date=text, as_json=True, stdout=io.StringIO())
