"""结对帮带 (a leader mentors a young cadre, meetings logged; leaders do not read the
notes) and 一人一策 (goals, steps with due dates and status, yearly review) on the
person's page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import (
    CadreFactory,
    DevelopmentPlanFactory,
    MentorMeetingFactory,
    MentorshipFactory,
    PlanStepFactory,
)
from training import services
from training.models import DevelopmentPlan, PlanStep, StepStatus


@pytest.fixture
def mentee(units):
    return CadreFactory(unit=units["qingshi"], name="陈晨", birth_month=dt.date(1996, 5, 1))


def test_only_a_leader_may_mentor_and_not_themself(units, mentee, staff):
    clerk = CadreFactory(unit=units["qingshi"], rank="一级科员", name="科员甲")
    with pytest.raises(ValidationError) as caught:
        services.start_mentorship(staff, clerk, mentee, start_date=dt.date(2026, 1, 5))
    assert caught.value.message_dict["mentor"] == [
        "科员甲不是领导干部（职级一级科员），不能担任导师"
    ]
    leader = CadreFactory(unit=units["qingshi"], rank="正科", current_position="镇党委书记")
    with pytest.raises(ValidationError):
        services.start_mentorship(staff, leader, leader, start_date=dt.date(2026, 1, 5))
    pair = services.start_mentorship(staff, leader, mentee, start_date=dt.date(2026, 1, 5))
    assert pair.mentor_role == "镇党委书记"
    with pytest.raises(ValidationError, match="已在结对帮带中"):
        services.start_mentorship(staff, leader, mentee, start_date=dt.date(2026, 2, 5))


def test_a_meeting_before_the_pairing_is_refused(units, mentee, staff):
    pair = MentorshipFactory(mentee=mentee, mentor__unit=units["qingshi"])
    with pytest.raises(ValidationError) as caught:
        services.log_meeting(staff, pair, date=dt.date(2025, 1, 1), topic="谈心")
    assert caught.value.message_dict["date"] == ["日期不能早于结对日期"]
    services.log_meeting(staff, pair, date=dt.date(2025, 10, 1), topic="谈心")
    assert pair.meetings.count() == 1


def test_leaders_see_meetings_but_not_their_notes(units, mentee, leader, staff, as_user):
    meeting = MentorMeetingFactory(
        mentorship__mentee=mentee, mentorship__mentor__unit=units["qingshi"]
    )
    url = reverse("training:mentorship_detail", args=[meeting.mentorship_id])
    assert meeting.notes in as_user(staff).get(url).content.decode()
    page = as_user(leader).get(url).content.decode()
    assert meeting.topic in page and meeting.notes not in page


def test_staff_log_a_meeting_from_the_page(units, mentee, staff, as_user):
    pair = MentorshipFactory(mentee=mentee, mentor__unit=units["qingshi"])
    client = as_user(staff)
    url = reverse("training:meeting_add", args=[pair.pk])
    response = client.post(url, {"date": "2026-03-01", "topic": ""})
    assert response.status_code == 400 and "该字段是必填项" in response.content.decode()
    assert client.post(url, {"date": "2026-03-01", "topic": "复盘项目"}).status_code == 302
    assert pair.meetings.get().topic == "复盘项目"


def test_a_plan_per_person_and_year_with_steps_status_and_review(mentee, staff, as_user):
    client = as_user(staff)
    assert client.post(reverse("training:plan_create", args=[mentee.pk]),
                       {"year": 2026, "goals": "补齐基层经历"}).status_code == 302  # fmt: skip
    plan = DevelopmentPlan.objects.get(cadre=mentee)
    client.post(reverse("training:plan_create", args=[mentee.pk]), {"year": 2026, "goals": "再来"})
    assert DevelopmentPlan.objects.filter(cadre=mentee).count() == 1
    client.post(reverse("training:step_add", args=[plan.pk]),
                {"text": "到信访一线锻炼", "due_on": "2026-09-30"})  # fmt: skip
    step = PlanStep.objects.get(plan=plan)
    client.post(reverse("training:step_status", args=[step.pk]), {"status": "done"})
    step.refresh_from_db()
    assert step.status == StepStatus.DONE and step.done_on is not None
    client.post(reverse("training:plan_review", args=[plan.pk]),
                {"review": "措施全部落实", "reviewed_on": "2026-12-20"})  # fmt: skip
    plan.refresh_from_db()
    assert plan.reviewed_on == dt.date(2026, 12, 20)
    page = client.get(reverse("training:person", args=[mentee.pk])).content.decode()
    assert "补齐基层经历" in page and "到信访一线锻炼" in page and "措施全部落实" in page


def test_the_person_page_shows_each_rule_and_the_leader_gets_no_forms(
    units, mentee, leader, as_user
):
    PlanStepFactory(plan=DevelopmentPlanFactory(cadre=mentee))
    page = as_user(leader).get(reverse("training:person", args=[mentee.pk])).content.decode()
    assert "政治训练" in page and "培训覆盖" in page and "学时" in page
    assert "制定一人一策" not in page and "记录实践锻炼" not in page


def test_mentorship_list_queries_do_not_grow_with_rows(
    units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)

    def add(n):
        for _ in range(n):
            MentorMeetingFactory(
                mentorship__mentee=CadreFactory(unit=units["qingshi"]),
                mentorship__mentor__unit=units["qingshi"],
            )

    add(2)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("training:mentorship_list"))
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("training:mentorship_list")).status_code == 200


def test_person_page_queries_do_not_grow_with_records(
    units, mentee, staff, as_user, django_assert_max_num_queries
):
    from tests.factories import EnrollmentFactory, PostingFactory, TrainingClassFactory

    client = as_user(staff)
    url = reverse("training:person", args=[mentee.pk])

    def add(n, year):
        for _ in range(n):
            EnrollmentFactory(cadre=mentee, training_class=TrainingClassFactory(unit=units["east"]))
        PlanStepFactory(plan=DevelopmentPlanFactory(cadre=mentee, year=year))
        MentorMeetingFactory(mentorship__mentee=mentee, mentorship__mentor__unit=units["qingshi"])

    add(1, 2025)
    PostingFactory(cadre=mentee)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    add(5, 2026)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
