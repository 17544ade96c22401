"""Classes and enrolment: the young share of a 主体班 and its confirm step, picking
from the pool, results, and list pages that do not grow in queries with rows."""

import datetime as dt

import pytest
from django.urls import reverse

from pool.models import AuditEntry, Tier
from tests.factories import (
    CadreFactory,
    EnrollmentFactory,
    PoolMembershipFactory,
    TrainingClassFactory,
)
from training import rules, selectors, services
from training.models import Enrollment, EnrollmentResult, TrainingClass

START = dt.date(2026, 3, 2)
YOUNG = dt.date(1995, 1, 1)  # 31 at the start: young (no rank: <= 35)
OLDER = dt.date(1980, 1, 1)  # 46


@pytest.fixture
def main_class(units):
    return TrainingClassFactory(
        unit=units["east"], is_main_class=True, start_date=START, end_date=dt.date(2026, 3, 6)
    )


def _fill(training_class, unit, young: int, older: int):
    for birth, n in ((YOUNG, young), (OLDER, older)):
        for _ in range(n):
            EnrollmentFactory(
                training_class=training_class, cadre=CadreFactory(unit=unit, birth_month=birth)
            )


def test_young_share_counts_people_young_by_their_rank_at_the_class_start(units, main_class):
    _fill(main_class, units["qingshi"], 1, 3)
    # 36 at the class start, no rank (科级 and below): not young (ceiling 35).
    EnrollmentFactory(
        training_class=main_class,
        cadre=CadreFactory(unit=units["beishan"], birth_month=dt.date(1990, 1, 1)),
    )
    assert selectors.young_shares([main_class.pk])[main_class.pk] == rules.Share(1, 5)


def test_enrolling_an_older_cadre_into_a_main_class_at_one_fifth_asks_first(
    units, main_class, staff
):
    _fill(main_class, units["qingshi"], 1, 4)  # exactly 1/5
    older = CadreFactory(unit=units["qingshi"], birth_month=OLDER)
    with pytest.raises(services.YoungShareWarning) as caught:
        services.enrol(staff, main_class, [older], today=dt.date(2026, 6, 1))
    assert "低于不少于1/5的要求" in caught.value.messages[0]
    assert main_class.enrollments.count() == 5
    services.enrol(staff, main_class, [older], confirm=True, today=dt.date(2026, 6, 1))
    assert main_class.enrollments.count() == 6


def test_enrolling_a_young_and_an_older_cadre_keeps_one_fifth_without_asking(
    units, main_class, staff
):
    _fill(main_class, units["qingshi"], 1, 4)
    people = [
        CadreFactory(unit=units["qingshi"], birth_month=YOUNG),
        CadreFactory(unit=units["qingshi"], birth_month=OLDER),
    ]
    rows = services.enrol(staff, main_class, people, today=dt.date(2026, 6, 1))
    assert len(rows) == 2  # 2/7 >= 1/5
    assert {r.result for r in rows} == {EnrollmentResult.COMPLETED}  # the class has ended
    assert {r.hours for r in rows} == {main_class.hours}


def test_a_class_not_yet_finished_enrols_people_in_training_without_hours(units, staff):
    future = TrainingClassFactory(
        unit=units["east"], start_date=dt.date(2026, 9, 1), end_date=dt.date(2026, 9, 5)
    )
    (row,) = services.enrol(staff, future, [CadreFactory(unit=units["qingshi"])], today=START)
    assert (row.result, row.hours) == (EnrollmentResult.IN_TRAINING, 0)
    assert services.complete_all(staff, future) == 1
    row.refresh_from_db()
    assert (row.result, row.hours) == (EnrollmentResult.COMPLETED, future.hours)


def test_the_pick_page_shows_the_warning_and_saves_only_after_confirming(
    units, main_class, staff, as_user
):
    _fill(main_class, units["qingshi"], 1, 4)
    older = PoolMembershipFactory(cadre=CadreFactory(unit=units["beishan"], birth_month=OLDER))
    client = as_user(staff)
    url = reverse("training:class_pick", args=[main_class.pk])
    response = client.post(url, {"cadre": [older.cadre_id]})
    assert response.status_code == 200
    assert "低于不少于1/5的要求" in response.content.decode()
    assert main_class.enrollments.count() == 5
    response = client.post(url, {"cadre": [older.cadre_id], "confirm": "1"})
    assert response.status_code == 302
    assert main_class.enrollments.filter(cadre=older.cadre).exists()
    assert AuditEntry.objects.filter(detail__contains="已确认低于主体班年轻干部占比要求").exists()


def test_the_pick_page_lists_pool_members_not_yet_in_the_class_with_filters(
    units, main_class, staff, as_user
):
    inside = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"], name="已参训"))
    EnrollmentFactory(training_class=main_class, cadre=inside.cadre)
    PoolMembershipFactory(
        cadre=CadreFactory(unit=units["qingshi"], name="青石青年", birth_month=YOUNG)
    )
    PoolMembershipFactory(
        cadre=CadreFactory(unit=units["qingshi"], name="青石老将", birth_month=OLDER),
        tier=Tier.NEAR,
    )
    PoolMembershipFactory(
        cadre=CadreFactory(unit=units["beishan"], name="北山青年", birth_month=YOUNG)
    )
    PoolMembershipFactory(cadre=CadreFactory(unit=units["west_edu"], name="西县人员"))
    CadreFactory(unit=units["qingshi"], name="不在库")
    client = as_user(staff)
    url = reverse("training:class_pick", args=[main_class.pk])
    page = client.get(url).content.decode()
    assert all(n in page for n in ("青石青年", "青石老将", "北山青年"))
    assert not any(n in page for n in ("已参训", "西县人员", "不在库"))
    page = client.get(url, {"unit": units["qingshi"].pk, "young": "1"}).content.decode()
    assert "青石青年" in page and "青石老将" not in page and "北山青年" not in page
    page = client.get(url, {"tier": Tier.NEAR}).content.decode()
    assert "青石老将" in page and "青石青年" not in page


def test_people_outside_the_jurisdiction_cannot_be_enrolled(units, main_class, staff, as_user):
    west = CadreFactory(unit=units["west_edu"])
    response = as_user(staff).post(
        reverse("training:class_enrol", args=[main_class.pk]), {"cadre": [west.pk]}
    )
    assert response.status_code == 400
    assert not main_class.enrollments.exists()


def test_staff_create_a_class_for_their_jurisdiction_and_bad_dates_are_named(staff, as_user):
    client = as_user(staff)
    data = {
        "name": "2026年东县中青年干部培训班",
        "organiser": "东县县委组织部",
        "kind": "young_cadre",
        "is_main_class": "on",
        "off_the_job": "on",
        "start_date": "2026-05-10",
        "end_date": "2026-05-01",
        "hours": "40",
    }
    response = client.post(reverse("training:class_create"), data)
    assert response.status_code == 400
    assert "结业日期不能早于开班日期" in response.content.decode()
    data["end_date"] = "2026-05-20"
    assert client.post(reverse("training:class_create"), data).status_code == 302
    created = TrainingClass.objects.get()
    assert (created.unit, created.is_main_class, created.created_by) == (
        staff.grant.unit,
        True,
        staff,
    )


def test_recording_a_result_changes_hours_and_is_audited(units, staff, as_user):
    row = EnrollmentFactory(cadre=CadreFactory(unit=units["qingshi"]),
                            training_class=TrainingClassFactory(unit=units["east"]))  # fmt: skip
    response = as_user(staff).post(
        reverse("training:enrollment_result", args=[row.pk]),
        {"hours": "32.5", "result": "not_completed"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (str(row.hours), row.result) == ("32.5", "not_completed")
    assert AuditEntry.objects.filter(object_type="training.Enrollment", action="update").exists()


def test_a_leader_reads_the_class_without_the_forms(units, main_class, leader, as_user):
    _fill(main_class, units["qingshi"], 1, 1)
    page = as_user(leader).get(reverse("training:class_detail", args=[main_class.pk]))
    text = page.content.decode()
    assert "1/2" in text and "从年轻干部库选人" not in text and "移出" not in text


def test_staff_see_the_city_classes_and_only_their_own_trainees_in_them(units, staff, as_user):
    city_class = TrainingClassFactory(unit=units["city"], name="全市主体班")
    EnrollmentFactory(
        training_class=city_class, cadre=CadreFactory(unit=units["qingshi"], name="东县学员")
    )
    EnrollmentFactory(
        training_class=city_class, cadre=CadreFactory(unit=units["west_edu"], name="西县学员")
    )
    TrainingClassFactory(unit=units["west"], name="西县的班")
    client = as_user(staff)
    listing = client.get(reverse("training:class_list")).content.decode()
    assert "全市主体班" in listing and "西县的班" not in listing
    page = client.get(reverse("training:class_detail", args=[city_class.pk])).content.decode()
    assert "东县学员" in page and "西县学员" not in page
    # They may enrol their people, but not edit another region's class.
    assert client.get(reverse("training:class_edit", args=[city_class.pk])).status_code == 404


def _classes(units, n):
    for _ in range(n):
        c = TrainingClassFactory(unit=units["east"], is_main_class=True)
        _fill(c, units["qingshi"], 1, 1)


def test_class_list_queries_do_not_grow_with_rows(
    units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    _classes(units, 2)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("training:class_list"))
    _classes(units, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("training:class_list")).status_code == 200


def test_class_page_queries_do_not_grow_with_trainees(
    units, main_class, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    _fill(main_class, units["qingshi"], 1, 1)
    url = reverse("training:class_detail", args=[main_class.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    _fill(main_class, units["qingshi"], 5, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_removing_the_only_young_trainee_asks_first(units, main_class, staff):
    _fill(main_class, units["qingshi"], 0, 4)
    young = EnrollmentFactory(
        training_class=main_class, cadre=CadreFactory(unit=units["qingshi"], birth_month=YOUNG)
    )
    with pytest.raises(services.YoungShareWarning):
        services.remove_enrollment(staff, young)
    services.remove_enrollment(staff, young, confirm=True)
    assert not Enrollment.objects.filter(pk=young.pk).exists()


def test_the_database_refuses_a_class_ending_before_it_starts_or_negative_hours(units):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingClassFactory(unit=units["east"], end_date=START - dt.timedelta(days=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingClassFactory(unit=units["east"], hours=-1)
    row = EnrollmentFactory(training_class=TrainingClassFactory(unit=units["east"]))
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentFactory(training_class=row.training_class, cadre=row.cadre)


def test_pick_page_queries_do_not_grow_with_members(
    units, main_class, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    url = reverse("training:class_pick", args=[main_class.pk])

    def add(n):
        for _ in range(n):
            PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"]))

    add(2)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
