"""The cadre profile's 育 records: training enrolments and postings on the timeline, the
training rules not met, 基层经历 from postings, and the scoring radar for pool members."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.factories import (
    CadreFactory,
    EnrollmentFactory,
    PoolMembershipFactory,
    PostingFactory,
    TrainingClassFactory,
)
from training.models import ClassKind, EnrollmentResult, PostingGrade, PostingKind

MAY = dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC)
NOVEMBER = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)
EVALUATION = "驻村期间带领村集体经济增收，群众评价高"


@pytest.fixture
def person(units):
    """A 青石镇 pool member with a class this year, a political training in 2022 and a
    village posting with its 期满鉴定."""
    cadre = CadreFactory(unit=units["qingshi"], name="周晓",
                         birth_month=dt.date(1994, 2, 1))  # fmt: skip
    PoolMembershipFactory(cadre=cadre, entered_on=dt.date(2025, 3, 1))
    EnrollmentFactory(
        cadre=cadre,
        hours=Decimal("32.5"),
        training_class=TrainingClassFactory(
            unit=units["east"], name="2026年东县中青年干部培训班", kind=ClassKind.YOUNG_CADRE,
            is_main_class=True, start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 6),
        ),
    )  # fmt: skip
    EnrollmentFactory(
        cadre=cadre,
        training_class=TrainingClassFactory(
            unit=units["city"], name="2022年市委党校党性教育专题班", kind=ClassKind.PARTY_SPIRIT,
            political=True, start_date=dt.date(2022, 4, 25), end_date=dt.date(2022, 5, 20),
        ),
    )  # fmt: skip
    PostingFactory(
        cadre=cadre, kind=PostingKind.VILLAGE_SECRETARY, host_name="青石镇石桥村",
        role="第一书记", start_date=dt.date(2019, 3, 1), end_date=dt.date(2022, 2, 28),
        grade=PostingGrade.EXCELLENT, evaluation=EVALUATION,
    )  # fmt: skip
    return cadre


def _page(client, cadre) -> str:
    response = client.get(f"/people/{cadre.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _timeline(html: str) -> str:
    return html[html.index('id="profile-timeline"') :]


def _panel(html: str) -> str:
    return html[html.index('id="profile-shortfalls"') : html.index('id="profile-sheet"')]


@time_machine.travel(MAY)
@pytest.mark.parametrize("persona", ["staff", "leader", "unit_committee"])
def test_classes_and_postings_are_on_the_timeline_for_every_reader(
    person, persona, request, as_user
):
    timeline = _timeline(_page(as_user(request.getfixturevalue(persona)), person))
    assert 'data-kind="培训"' in timeline
    assert "2026年东县中青年干部培训班" in timeline
    assert "中青年干部培训班·主体班·脱产，5天，获得32.5学时，结业" in timeline
    assert "2026.03--2026.03" not in timeline  # a class within one month shows one month
    assert "2022.04--2022.05" in timeline
    assert "党性教育·脱产·政治训练，26天，获得40学时，结业" in timeline
    assert 'data-kind="实践锻炼"' in timeline
    assert "驻村第一书记：青石镇石桥村（第一书记）" in timeline
    assert "2019.03--2022.02" in timeline
    assert "全脱产，计入基层经历" in timeline


@time_machine.travel(MAY)
def test_posting_evaluations_are_for_staff_and_leaders(person, leader, unit_committee, as_user):
    assert "驻村第一书记期满鉴定：优秀" in _page(as_user(leader), person)
    assert EVALUATION in _page(as_user(leader), person)
    committee = _page(as_user(unit_committee), person)
    assert "期满鉴定" not in committee
    assert EVALUATION not in committee


@time_machine.travel(MAY)
def test_an_unfinished_class_is_marked(person, units, staff, as_user):
    EnrollmentFactory(
        cadre=person, result=EnrollmentResult.NOT_COMPLETED,
        training_class=TrainingClassFactory(unit=units["east"], name="网络专题班",
                                            start_date=dt.date(2026, 1, 5),
                                            end_date=dt.date(2026, 2, 20)),
    )  # fmt: skip
    timeline = _timeline(_page(as_user(staff), person))
    assert "网络专题班" in timeline
    assert "未结业" in timeline


@time_machine.travel(MAY)
def test_political_training_older_than_three_years_is_a_shortfall(person, leader, as_user):
    panel = _panel(_page(as_user(leader), person))
    # it ended on 2022-05-20, before 2023-05-06
    assert "3年内未参加5天以上脱产政治训练" in panel
    assert "最近一次于2022-05-20结业" in panel
    assert "5年内未参加培训" not in panel  # trained this year
    assert "学时" not in panel  # hours are counted from October


@time_machine.travel(MAY)
def test_a_recent_political_training_meets_the_rule(person, units, leader, as_user):
    EnrollmentFactory(
        cadre=person,
        training_class=TrainingClassFactory(unit=units["city"], political=True,
                                            start_date=dt.date(2023, 5, 8),
                                            end_date=dt.date(2023, 5, 12)),
    )  # fmt: skip
    assert "政治训练" not in _panel(_page(as_user(leader), person))


@time_machine.travel(NOVEMBER)
def test_yearly_hours_short_show_from_the_reminder_month(person, staff, as_user):
    panel = _panel(_page(as_user(staff), person))
    assert "本年学时未达80学时" in panel
    assert "2026年已获32.5学时" in panel


@time_machine.travel(MAY)
def test_training_rules_apply_to_pool_members_only(units, staff, as_user):
    outside = CadreFactory(unit=units["qingshi"], birth_month=dt.date(1994, 2, 1))
    assert "政治训练" not in _panel(_page(as_user(staff), outside))


@time_machine.travel(MAY)
def test_grassroots_postings_count_for_the_tag_when_the_career_lacks_them(person, staff, as_user):
    html = _page(as_user(staff), person)
    tags = html[html.index('id="profile-tags"') : html.index('id="profile-shortfalls"')]
    assert "基层经历3年" in tags  # 2019.03.01--2022.02.28 in the village, no 简历 line


@time_machine.travel(MAY)
@pytest.mark.parametrize("persona", ["staff", "leader"])
def test_pool_members_have_the_radar_against_the_pool_average(person, persona, request, as_user):
    html = _page(as_user(request.getfixturevalue(persona)), person)
    assert 'id="profile-radar"' in html
    assert f'data-radar-url="/pool/ranking/{person.pk}/radar.json"' in html
    assert "vendor/echarts/echarts.min.js" in html


@time_machine.travel(MAY)
def test_no_radar_for_people_outside_the_pool_or_for_unit_committees(
    person, units, staff, unit_committee, as_user
):
    outside = CadreFactory(unit=units["qingshi"])
    assert 'id="profile-radar"' not in _page(as_user(staff), outside)
    assert 'id="profile-radar"' not in _page(as_user(unit_committee), person)
