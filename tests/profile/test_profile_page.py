"""The cadre profile (立体画像): what each role sees, tags, the timeline, the rules
not met, and a page whose query count does not grow with the person's history."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from pool.models import AuditAction, AuditEntry, CareerEntry, PoolEvent, PoolEventKind
from supervision.models import Conclusion, TalkerRole
from tests.factories import (
    AppointmentFactory,
    AssessmentFactory,
    CadreFactory,
    ConcernFactory,
    EnrollmentFactory,
    IntegrityOpinionFactory,
    IntegrityRequestFactory,
    LeadershipTeamFactory,
    PoolMembershipFactory,
    PostFactory,
    PostingFactory,
    TalkFactory,
    TalkParticipantFactory,
    TrainingClassFactory,
    VetoFactory,
)

TALK_NOTE = "谈话要点：近期家庭困难，情绪低落"
INTEGRITY_DETAIL = "反映其在项目验收中收受礼品，正在核查"
CONCERN_SUMMARY = "信访反映其违规操办婚宴"
VETO_REASON = "受到党内严重警告处分"


@pytest.fixture
def person(units, staff, discipline_liaison):
    """A young 青石镇 cadre in the pool, with records from every stage."""
    cadre = CadreFactory(
        unit=units["qingshi"],
        name="李明远",
        birth_month=dt.date(1996, 6, 1),
        category="选调生",
        current_position="青石镇党委委员",
    )
    CareerEntry.objects.create(
        cadre=cadre, start_month=dt.date(2018, 8, 1), end_month=dt.date(2021, 7, 1),
        description="青石镇党政办科员",
    )  # fmt: skip
    CareerEntry.objects.create(
        cadre=cadre, start_month=dt.date(2021, 8, 1), description="东县县委办公室科员"
    )
    membership = PoolMembershipFactory(cadre=cadre, entered_on=dt.date(2025, 3, 1))
    PoolEvent.objects.create(
        membership=membership, kind=PoolEventKind.ENTRY, to_value="mid",
        happened_on=dt.date(2025, 3, 1),
    )  # fmt: skip
    team = LeadershipTeamFactory(unit=units["qingshi"])
    AppointmentFactory(cadre=cadre, post=PostFactory(team=team, title="党委委员"))
    AssessmentFactory(cadre=cadre, year=2025, grade="优秀")
    talk = TalkFactory(note=TALK_NOTE, talker_role=TalkerRole.ORG_DEPT, date=dt.date(2026, 1, 5))
    TalkParticipantFactory(talk=talk, cadre=cadre)
    request = IntegrityRequestFactory(requested_by=staff, addressed_to=discipline_liaison)
    IntegrityOpinionFactory(
        request=request, cadre=cadre, conclusion=Conclusion.CHECKING, detail=INTEGRITY_DETAIL,
        answered_at=timezone.now(), first_signatory="甲", second_signatory="乙",
    )  # fmt: skip
    ConcernFactory(cadre=cadre, summary=CONCERN_SUMMARY)
    VetoFactory(cadre=cadre, reason=VETO_REASON, active=False, lifted_at=timezone.now())
    return cadre


def _page(client, cadre) -> str:
    response = client.get(f"/people/{cadre.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@time_machine.travel(dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC))
def test_staff_see_talk_notes_and_integrity_items_on_the_timeline(person, staff, as_user):
    html = _page(as_user(staff), person)
    assert 'data-kind="谈心谈话"' in html
    assert TALK_NOTE in html
    assert INTEGRITY_DETAIL in html
    assert CONCERN_SUMMARY in html
    assert VETO_REASON in html
    assert "2025年度考核：优秀" in html
    assert "任青石镇党委委员" in html
    assert "青石镇党政办科员" in html


@time_machine.travel(dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC))
def test_leaders_never_see_talk_notes_or_integrity_details(person, leader, as_user):
    html = _page(as_user(leader), person)
    for secret in (TALK_NOTE, INTEGRITY_DETAIL, CONCERN_SUMMARY, VETO_REASON, "廉政意见"):
        assert secret not in html, secret
    timeline = html[html.index('id="profile-timeline"') :]
    assert 'data-kind="谈心谈话"' not in timeline
    assert 'data-kind="廉政"' not in timeline
    # what leaders do read: the form, the career, pool, appointments and assessments
    assert "青石镇党政办科员" in html
    assert "年轻干部库" in html
    assert "2025年度考核：优秀" in html
    assert "谈心谈话和廉政情况仅组织部门可见" in html


@time_machine.travel(dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC))
def test_unit_committees_see_the_form_and_career_but_not_the_pool(person, unit_committee, as_user):
    html = _page(as_user(unit_committee), person)
    assert "青石镇党政办科员" in html
    assert "年轻干部库" not in html
    assert TALK_NOTE not in html


@time_machine.travel(dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC))
def test_tags_name_generation_category_grassroots_years_and_pool_tier(person, staff, as_user):
    tags = as_user(staff).get(f"/people/{person.pk}/").content.decode()
    tags = tags[tags.index('id="profile-tags"') : tags.index('id="profile-shortfalls"')]
    assert "95后" in tags
    assert "90后" in tags
    assert "选调生" in tags
    assert "基层经历3年" in tags  # 2018.08--2021.07 at 青石镇: 36 months
    assert "在库·中期培养" in tags
    assert "年轻干部（本职级≤35岁）" in tags  # no rank: the ceiling of 科级 and below


@time_machine.travel(dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC))
def test_the_panel_lists_overdue_talks_for_pool_members(person, leader, as_user):
    html = _page(as_user(leader), person)
    panel = html[html.index('id="profile-shortfalls"') : html.index('id="profile-sheet"')]
    assert "单位主要领导谈话逾期" in panel  # never talked to by the unit head
    assert "组织人事部门谈话逾期" not in panel  # talked on 2026-01-05, every 6 months
    assert "任免审批表信息不完整" not in panel  # staff only


@time_machine.travel(dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC))
def test_staff_see_missing_form_data_and_active_vetoes(units, staff, as_user):
    cadre = CadreFactory(unit=units["qingshi"], birth_month=dt.date(1992, 1, 1))
    VetoFactory(cadre=cadre)
    html = _page(as_user(staff), cadre)
    assert "存在一票否决情形" in html
    assert "缺少：照片、简历、籍贯、出生地、参加工作时间、家庭主要成员" in html


@time_machine.travel(dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC))
def test_pool_members_over_the_age_line_are_flagged(units, staff, as_user):
    cadre = CadreFactory(unit=units["qingshi"], birth_month=dt.date(1990, 4, 1))  # 36
    PoolMembershipFactory(cadre=cadre)
    assert "超过年轻干部年龄上限" in _page(as_user(staff), cadre)


def test_opening_a_profile_is_audited(person, leader, as_user):
    _page(as_user(leader), person)
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).latest("id")
    assert entry.object_id == str(person.pk)
    assert entry.actor == leader


def test_profiles_outside_the_jurisdiction_answer_404_and_other_roles_403(
    units, staff, audit_admin, as_user
):
    west = CadreFactory(unit=units["west_edu"])
    assert as_user(staff).get(f"/people/{west.pk}/").status_code == 404
    mine = CadreFactory(unit=units["qingshi"])
    assert as_user(audit_admin).get(f"/people/{mine.pk}/").status_code == 403


def test_the_cadre_list_links_to_the_profile(person, leader, as_user):
    html = as_user(leader).get("/pool/cadres/").content.decode()
    assert f'href="/people/{person.pk}/"' in html


def _grow_history(cadre, numbers, staff, liaison):
    membership = cadre.pool_memberships.get()
    for i in numbers:
        CareerEntry.objects.create(
            cadre=cadre, start_month=dt.date(2000 + i, 1, 1), end_month=dt.date(2000 + i, 6, 1),
            description=f"青石镇第{i}岗位",
        )  # fmt: skip
        PoolEvent.objects.create(
            membership=membership, kind=PoolEventKind.TIER_CHANGE, from_value="mid",
            to_value="near", happened_on=dt.date(2025, 4, 1),
        )  # fmt: skip
        AppointmentFactory(
            cadre=cadre, start_date=dt.date(2000 + i, 1, 1), end_date=dt.date(2000 + i, 6, 1)
        )
        AssessmentFactory(cadre=cadre, year=1990 + i, grade="称职")
        TalkParticipantFactory(cadre=cadre, talk=TalkFactory(date=dt.date(2024, 1, 1 + i)))
        IntegrityOpinionFactory(
            request=IntegrityRequestFactory(requested_by=staff, addressed_to=liaison), cadre=cadre
        )
        ConcernFactory(cadre=cadre)
        EnrollmentFactory(
            cadre=cadre,
            training_class=TrainingClassFactory(
                unit=cadre.unit, name=f"第{i}期培训班", start_date=dt.date(2000 + i, 3, 1),
                end_date=dt.date(2000 + i, 3, 5),
            ),
        )  # fmt: skip
        PostingFactory(
            cadre=cadre, host_name=f"第{i}村", start_date=dt.date(2000 + i, 7, 1),
            end_date=dt.date(2000 + i, 12, 31), grade="good",
        )  # fmt: skip


@pytest.mark.parametrize("persona", ["staff", "leader"])
def test_profile_queries_do_not_grow_with_the_timeline(
    person, persona, staff, discipline_liaison, request, as_user, django_assert_max_num_queries
):
    client = as_user(request.getfixturevalue(persona))
    _grow_history(person, range(2), staff, discipline_liaison)
    with django_assert_max_num_queries(48) as few:  # 基层: postings, township names
        _page(client, person)
    _grow_history(person, range(2, 14), staff, discipline_liaison)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = _page(client, person)
    assert "青石镇第13岗位" in html
    assert "第13期培训班" in html
    assert "驻村第一书记：第13村" in html
