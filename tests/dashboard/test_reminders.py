"""预警提醒 on the staff home page: each counter counts its names in the jurisdiction and
opens them (an existing filtered page, or the generic list); the page's query count
does not grow with the data."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadre_portal import reminders
from pool.models import RecommendationList, RecommendationRound
from staffing.models import LeadershipTeam, WarningRecord
from tests.factories import (
    AppointmentFactory,
    CadreFactory,
    ConcernFactory,
    InspectionFactory,
    IntegrityOpinionFactory,
    IntegrityRequestFactory,
    LeadershipTeamFactory,
    PoolMembershipFactory,
    PostFactory,
    RecommendationFactory,
    RecommendationListFactory,
    RoundFactory,
    VetoFactory,
)

TODAY = dt.date(2026, 7, 15)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 7, 15, 10, 0), tick=False):
        yield


def _counts(user) -> dict[str, int]:
    return {c.reminder.key: c.count for c in reminders.reminders_for(user, TODAY)}


def _link(user, key) -> str:
    return next(c.url for c in reminders.reminders_for(user, TODAY) if c.reminder.key == key)


def _serve(unit, start, name):
    team = LeadershipTeam.objects.filter(unit=unit).first() or LeadershipTeamFactory(unit=unit)
    post = PostFactory(team=team, title=f"{name}的职位")
    return AppointmentFactory(cadre=CadreFactory(unit=unit, name=name), post=post, start_date=start)


def test_years_in_post_count_from_the_anniversary(units, staff, as_user):
    _serve(units["qingshi"], dt.date(2021, 7, 15), "满五年")  # exactly 5 years today
    _serve(units["beishan"], dt.date(2021, 7, 16), "差一天")
    _serve(units["west_edu"], dt.date(2010, 1, 1), "西县人")  # outside the jurisdiction
    ended = _serve(units["east_edu"], dt.date(2010, 1, 1), "已免职")
    ended.end_date = dt.date(2026, 1, 1)
    ended.save()
    counts = _counts(staff)
    assert (counts["serving_5"], counts["serving_8"], counts["serving_10"]) == (1, 0, 0)
    page = as_user(staff).get("/reminders/serving_5/")
    html = page.content.decode()
    assert "满五年" in html and "5年" in html
    assert "差一天" not in html and "西县人" not in html and "已免职" not in html


def test_warning_counters_open_the_ledger_of_the_latest_quarter(units, staff):
    for unit, level, forecast in (
        (units["qingshi"], "A", ""),
        (units["beishan"], "B", "2026Q3"),
        (units["east_edu"], "C", "2026Q4"),
        (units["west_edu"], "A", "2026Q3"),  # another county
    ):
        WarningRecord.objects.create(
            team=LeadershipTeamFactory(unit=unit), quarter="2026Q2", ref_date=dt.date(2026, 6, 30),
            approved_seats=5, required=1, actual=0 if level == "A" else 1, gap=0, level=level,
            forecast_quarter=forecast, forecast_level="A" if forecast else "",
        )  # fmt: skip
    counts = _counts(staff)
    assert (counts["teams_a"], counts["teams_b"], counts["teams_falling"]) == (1, 1, 2)
    assert _link(staff, "teams_a") == "/staffing/warnings/?quarter=2026Q2&level=A"
    assert _link(staff, "teams_falling") == "/reminders/teams_falling/"


def test_integrity_lists_candidates_and_vetoes_are_counted_in_scope(
    units, staff, discipline_liaison, as_user
):
    request = IntegrityRequestFactory(requested_by=staff, addressed_to=discipline_liaison)
    IntegrityOpinionFactory(request=request, cadre=CadreFactory(unit=units["qingshi"], name="待复"))
    IntegrityOpinionFactory(request=request, cadre=CadreFactory(unit=units["west_edu"]))
    round_ = RoundFactory()
    waiting = RecommendationListFactory(round=round_, unit=units["qingshi"], status="submitted")
    RecommendationListFactory(round=round_, unit=units["beishan"], status="draft")
    RecommendationListFactory(round=round_, unit=units["west_edu"], status="submitted")
    RecommendationFactory(rec_list=waiting)
    RecommendationFactory(rec_list=waiting)
    VetoFactory(cadre=CadreFactory(unit=units["beishan"], name="否决者"))
    member = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"], name="有线索"))
    ConcernFactory(cadre=member.cadre)
    ConcernFactory(cadre=member.cadre, handled_on=dt.date(2026, 4, 1))
    counts = _counts(staff)
    assert counts["opinions_pending"] == 1
    assert counts["lists_waiting"] == 1
    assert counts["candidates_pending"] == 2
    assert counts["vetoes_active"] == 1
    assert counts["concerns_open"] == 1
    client = as_user(staff)
    assert "待复" in client.get("/reminders/opinions_pending/").content.decode()
    assert f"/pool/lists/{waiting.pk}/" in client.get("/reminders/lists_waiting/").content.decode()
    assert "否决者" in client.get("/reminders/vetoes_active/").content.decode()
    assert "有线索" in client.get("/reminders/concerns_open/").content.decode()


def test_home_page_shows_counters_that_link_to_their_names(units, staff, as_user):
    _serve(units["qingshi"], dt.date(2015, 1, 1), "老同志")
    html = as_user(staff).get("/").content.decode()
    assert 'data-count="serving_10">1<' in html
    assert 'href="/reminders/serving_10/" data-reminder="serving_10"' in html


def test_leaders_get_no_reminders_and_unknown_ones_are_404(units, leader, staff, as_user):
    assert reminders.reminders_for(leader, TODAY) == []
    assert 'id="reminders"' not in as_user(leader).get("/").content.decode()
    assert as_user(staff).get("/reminders/nothing/").status_code == 404
    # a reminder with a page of its own has no generic list
    assert as_user(staff).get("/reminders/teams_a/").status_code == 404


def _more(units, n, tag):
    round_ = RecommendationRound.objects.first() or RoundFactory()
    for i in range(n):
        unit = units["qingshi" if i % 2 else "beishan"]
        _serve(unit, dt.date(2012, 1, 1 + i), f"{tag}{i}")
        VetoFactory(cadre=CadreFactory(unit=unit))
        rec_list, _ = RecommendationList.objects.get_or_create(
            round=round_, kind="unit", unit=unit, defaults={"status": "submitted"}
        )
        RecommendationFactory(rec_list=rec_list)
        PoolMembershipFactory(cadre=CadreFactory(unit=unit))
        InspectionFactory(membership__cadre__unit=unit, expires_on=dt.date(2026, 8, 1))


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_page_query_count_does_not_grow_with_data(
    units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    _more(units, 2, "甲")
    small = _home_queries(client)
    _more(units, 12, "乙")
    assert _home_queries(client) == small
    with django_assert_max_num_queries(48):  # a few per counter, fixed
        html = client.get("/").content.decode()
    assert int(re.search(r'data-count="vetoes_active">(\d+)<', html).group(1)) == 14


def test_ageing_out_and_training_shortfalls_are_counted_for_pool_members(units, staff):
    old = CadreFactory(unit=units["qingshi"], birth_month=dt.date(1980, 1, 1))
    PoolMembershipFactory(cadre=old)
    PoolMembershipFactory(
        cadre=CadreFactory(unit=units["west_edu"], birth_month=dt.date(1980, 1, 1))
    )
    counts = _counts(staff)
    assert counts["age_out"] == 1  # the 西县 member is outside the jurisdiction
    assert _link(staff, "age_out") == "/pool/age-out/"
    assert counts["training_political"] == 1  # never trained
    assert _link(staff, "training_political") == "/training/compliance/?rule=political"
    assert counts["training_hours"] == 0  # in July: hours are reminded from October


def test_training_hours_are_reminded_from_the_month_in_the_rules(units, staff):
    PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"]))
    october = dt.date(2026, 10, 1)
    counts = {c.reminder.key: c.count for c in reminders.reminders_for(staff, october)}
    assert counts["training_hours"] == 1


def test_probation_ending_within_30_days_and_open_publicity_are_counted(units, staff):
    from staffing.models import Publicity

    seat = _serve(units["qingshi"], dt.date(2025, 8, 1), "试用期将满")
    seat.probation_until = dt.date(2026, 8, 14)  # 30 days after TODAY
    seat.save()
    later = _serve(units["beishan"], dt.date(2025, 8, 20), "还早")
    later.probation_until = dt.date(2026, 8, 15)  # 31 days
    later.save()
    Publicity.objects.create(
        cadre=CadreFactory(unit=units["qingshi"]), post=seat.post,
        start_date=dt.date(2026, 7, 13), end_date=dt.date(2026, 7, 17), working_days=5,
    )  # fmt: skip
    counts = _counts(staff)
    assert (counts["probation_ending"], counts["publicity_open"]) == (1, 1)
    assert _link(staff, "probation_ending") == "/staffing/tenure/?tab=probation&days=30"


def test_inspections_expiring_within_30_days_are_counted_and_listed(units, staff, as_user):
    def inspection(unit, name, expires_on, **kwargs):
        return InspectionFactory(membership__cadre__unit=unit, membership__cadre__name=name,
                                 expires_on=expires_on, **kwargs)  # fmt: skip

    inspection(units["qingshi"], "三十天", dt.date(2026, 8, 14))  # 30 days after TODAY
    inspection(units["beishan"], "今天到期", TODAY)
    inspection(units["beishan"], "三十一天", dt.date(2026, 8, 15))
    inspection(units["west_edu"], "西县人", dt.date(2026, 7, 20))  # another county
    inspection(units["qingshi"], "已撤回", dt.date(2026, 7, 20), status="withdrawn",
               ended_on=dt.date(2026, 7, 1))  # fmt: skip
    assert _counts(staff)["inspections_expiring"] == 2
    link = _link(staff, "inspections_expiring")
    assert link == "/pool/inspections/?status=active&within=30"
    html = as_user(staff).get(link).content.decode()
    table = html[html.index('id="inspection-table"') :]
    assert table.index("今天到期") < table.index("三十天")  # soonest first
    for other in ("三十一天", "西县人", "已撤回"):
        assert other not in table
    assert '<option value="30" selected>' in html
