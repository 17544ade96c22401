"""重点工作表现登记 and the 工作实绩 score: a unit's party committee registers its own
people only; staff everyone in scope; the score is the mean of the rating points."""

import datetime as dt

import pytest
from django.urls import reverse

from supervision import rules, selectors
from supervision.models import KeyTaskCategory, KeyTaskPerformance
from tests.factories import CadreFactory

REF = dt.date(2026, 7, 15)


def _data(cadre, **extra):
    return {
        "cadre": cadre.pk,
        "category": KeyTaskCategory.RURAL,
        "task_name": "高标准农田建设",
        "started_on": "2026-01-01",
        "ended_on": "2026-06-30",
        "performance": "牵头完成3000亩建设任务",
        "rating": "优秀",
        **extra,
    }


def _record(cadre, rating, started, ended=None):
    return KeyTaskPerformance.objects.create(
        cadre=cadre,
        category=KeyTaskCategory.EMERGENCY,
        task_name="防汛",
        started_on=started,
        ended_on=ended,
        performance="表现",
        rating=rating,
    )


@pytest.mark.parametrize(
    ("ratings", "score"),
    [
        (["优秀"], 100.0),
        (["良好"], 80.0),
        (["一般"], 60.0),
        (["较差"], 30.0),
        (["优秀", "良好"], 90.0),
        (["优秀", "一般", "较差"], 63.3),
        ([], None),
    ],
)
def test_performance_score_is_the_mean_of_rating_points(ratings, score):
    assert rules.performance_score(ratings) == score


def test_unit_committee_registers_its_own_people_only(unit_committee, units, as_user):
    own, other = CadreFactory(unit=units["qingshi"]), CadreFactory(unit=units["beishan"])
    client = as_user(unit_committee)
    assert client.post(reverse("supervision:key_tasks"), _data(own)).status_code == 302
    record = KeyTaskPerformance.objects.get()
    assert (record.cadre, record.unit, record.rating) == (own, units["qingshi"], "优秀")
    assert client.post(reverse("supervision:key_tasks"), _data(other)).status_code == 400
    assert KeyTaskPerformance.objects.count() == 1


def test_staff_register_anyone_in_scope_and_see_every_unit(staff, unit_committee, units, as_user):
    beishan = CadreFactory(unit=units["beishan"], name="北山人")
    assert as_user(staff).post(reverse("supervision:key_tasks"), _data(beishan)).status_code == 302
    page = as_user(staff).get(reverse("supervision:key_tasks")).content.decode()
    assert "北山人" in page
    assert (
        "北山人"
        not in as_user(unit_committee).get(reverse("supervision:key_tasks")).content.decode()
    )


def test_end_before_start_is_refused_naming_the_field(staff, units, as_user):
    cadre = CadreFactory(unit=units["qingshi"])
    response = as_user(staff).post(
        reverse("supervision:key_tasks"), _data(cadre, ended_on="2025-12-31")
    )
    assert response.status_code == 400
    assert "结束日期不能早于起始日期" in response.content.decode()


def test_work_performance_score_counts_the_last_three_years(units):
    a, b, none = (CadreFactory(unit=units["qingshi"]) for _ in range(3))
    _record(a, "优秀", dt.date(2025, 3, 1), dt.date(2025, 9, 1))
    _record(a, "良好", dt.date(2026, 3, 1))  # still running
    _record(a, "较差", dt.date(2022, 1, 1), dt.date(2023, 7, 14))  # ended a day too early
    _record(b, "一般", dt.date(2022, 1, 1), dt.date(2023, 7, 15))  # exactly three years
    _record(b, "优秀", dt.date(2026, 7, 16))  # starts after the reference date
    scores = selectors.work_performance_scores([a.pk, b.pk, none.pk], REF)
    assert scores == {a.pk: 90.0, b.pk: 60.0}


@pytest.mark.parametrize("n", [2, 12])
def test_key_task_page_does_not_grow_queries(
    n, staff, units, as_user, django_assert_max_num_queries
):
    for _ in range(n):
        _record(CadreFactory(unit=units["qingshi"]), "良好", dt.date(2026, 1, 1))
    client = as_user(staff)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("supervision:key_tasks")).status_code == 200
