"""培训合规: pool members short of each rule, by unit, with an audited export, and the
monthly reminder to the responsible staff (once per rule, person and year)."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from pool.models import AuditAction, AuditEntry, Notice, PoolStatus
from pool.people.selectors import units_for
from tests.factories import (
    CadreFactory,
    EnrollmentFactory,
    PoolMembershipFactory,
    TrainingClassFactory,
)
from training import selectors, services

TODAY = dt.date(2026, 6, 15)


def _political_class(unit, end, days=5, **extra):
    return TrainingClassFactory(
        unit=unit,
        political=True,
        off_the_job=True,
        start_date=end - dt.timedelta(days=days - 1),
        end_date=end,
        hours=40,
        **extra,
    )


@pytest.fixture
def member(units):
    return PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"], name="周敏"))


def _failing(user, today=TODAY):
    rows, counts, checked = selectors.compliance(user, today)
    # the figures the dashboard and the reminders count in SQL agree with the rows
    in_scope = units_for(user).values("pk")
    assert selectors.compliance_counts(in_scope, today) == (counts, checked)
    return {r.cadre.name: r.failing for r in rows}, counts


@pytest.mark.parametrize(
    ("ended", "short"),
    [(dt.date(2023, 6, 15), False), (dt.date(2023, 6, 14), True)],
)
def test_political_training_exactly_three_years_ago_still_counts(
    units, member, staff, ended, short
):
    EnrollmentFactory(cadre=member.cadre, training_class=_political_class(units["east"], ended))
    failing, _ = _failing(staff)
    assert (selectors.POLITICAL in failing.get("周敏", [])) is short


@pytest.mark.parametrize(("days", "short"), [(5, False), (4, True)])
def test_a_political_class_shorter_than_a_week_does_not_count(units, member, staff, days, short):
    klass = _political_class(units["east"], dt.date(2026, 5, 29), days=days)
    EnrollmentFactory(cadre=member.cadre, training_class=klass)
    failing, _ = _failing(staff)
    assert (selectors.POLITICAL in failing.get("周敏", [])) is short


def test_a_class_not_completed_counts_neither_as_training_nor_political(units, member, staff):
    klass = _political_class(units["east"], dt.date(2026, 5, 29))
    EnrollmentFactory(cadre=member.cadre, training_class=klass, result="not_completed", hours=10)
    failing, _ = _failing(staff)
    assert set(failing["周敏"]) == {selectors.POLITICAL, selectors.COVERAGE, selectors.HOURS}


@pytest.mark.parametrize(("hours", "short"), [(79, True), (80, False)])
def test_seventy_nine_hours_fall_short_and_eighty_do_not(units, member, staff, hours, short):
    klass = TrainingClassFactory(unit=units["east"], end_date=dt.date(2026, 3, 6), hours=hours)
    EnrollmentFactory(cadre=member.cadre, training_class=klass)
    failing, _ = _failing(staff)
    assert (selectors.HOURS in failing.get("周敏", [])) is short


def test_last_years_hours_do_not_count_this_year(units, member, staff):
    last_year = TrainingClassFactory(
        unit=units["east"],
        start_date=dt.date(2025, 12, 1),
        end_date=dt.date(2025, 12, 20),
        hours=120,
    )
    EnrollmentFactory(cadre=member.cadre, training_class=last_year)
    failing, _ = _failing(staff)
    assert selectors.HOURS in failing["周敏"] and selectors.COVERAGE not in failing["周敏"]


@pytest.mark.parametrize(
    ("ended", "short"), [(dt.date(2021, 6, 15), False), (dt.date(2021, 6, 14), True)]
)
def test_trained_exactly_five_years_ago_is_still_covered(units, member, staff, ended, short):
    klass = TrainingClassFactory(
        unit=units["east"], start_date=ended - dt.timedelta(days=2), end_date=ended
    )
    EnrollmentFactory(cadre=member.cadre, training_class=klass)
    failing, _ = _failing(staff)
    assert (selectors.COVERAGE in failing.get("周敏", [])) is short


def test_only_current_pool_members_in_the_jurisdiction_are_checked(units, staff):
    PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"], name="在库"))
    PoolMembershipFactory(
        cadre=CadreFactory(unit=units["qingshi"], name="已出库"),
        status=PoolStatus.EXITED,
        exited_on=dt.date(2026, 2, 1),
        exit_reason="transferred",
    )
    PoolMembershipFactory(cadre=CadreFactory(unit=units["west_edu"], name="西县"))
    CadreFactory(unit=units["qingshi"], name="不在库")
    failing, counts = _failing(staff)
    assert set(failing) == {"在库"}
    assert counts == {selectors.POLITICAL: 1, selectors.COVERAGE: 1, selectors.HOURS: 1}


@time_machine.travel(dt.datetime(2026, 6, 15, 10, 0), tick=False)
def test_the_page_groups_by_unit_and_the_export_is_audited(units, member, staff, as_user):
    PoolMembershipFactory(cadre=CadreFactory(unit=units["beishan"], name="北山人"))
    client = as_user(staff)
    page = client.get(reverse("training:compliance")).content.decode()
    assert "青石镇（1人）" in page and "北山镇（1人）" in page and "周敏" in page
    response = client.get(
        reverse("training:compliance"), {"unit": units["beishan"].pk, "export": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("所在单位", "姓名")
    assert [r[1] for r in rows[2:]] == ["北山人"]
    assert "3年内未参加5天以上脱产政治训练" in rows[2][8]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert "培训合规，共1行" in entry.detail and f"unit={units['beishan'].pk}" in entry.detail


def test_compliance_page_queries_do_not_grow_with_members(
    units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)

    def add(n):
        for _ in range(n):
            m = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"]))
            EnrollmentFactory(
                cadre=m.cadre, training_class=TrainingClassFactory(unit=units["east"])
            )

    add(2)
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("training:compliance"))
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("training:compliance")).status_code == 200


def test_reminders_go_to_the_responsible_staff_once_per_rule_person_and_year(
    units, member, staff, leader
):
    before_october = dt.date(2026, 6, 1)
    assert services.notify_shortfalls(before_october) == 2  # political and coverage
    assert services.notify_shortfalls(before_october) == 2
    notices = Notice.objects.filter(recipient=staff)
    assert notices.count() == 2  # the second run wrote nothing new
    assert not Notice.objects.filter(recipient=leader).exists()
    titles = sorted(n.title for n in notices)
    assert titles[0] == "培训提醒：青石镇周敏3年内未参加5天以上脱产政治训练"
    assert notices.first().url == reverse("training:person", args=[member.cadre_id])
    services.notify_shortfalls(dt.date(2026, 10, 1))  # hours are reminded from October
    assert Notice.objects.filter(recipient=staff).count() == 3
    assert Notice.objects.filter(recipient=staff, key__startswith="training:hours:").exists()


def test_staff_elsewhere_are_not_reminded(units, member):
    from django.contrib.auth import get_user_model

    from pool.models import Role, RoleGrant

    west = get_user_model().objects.create_user("west_staff")
    RoleGrant.objects.create(user=west, role=Role.STAFF, unit=units["west"])
    services.notify_shortfalls(TODAY)
    assert not Notice.objects.filter(recipient=west).exists()


def test_coverage_is_the_share_of_members_trained_this_year(units, member, staff):
    PoolMembershipFactory(cadre=CadreFactory(unit=units["beishan"]))
    EnrollmentFactory(cadre=member.cadre, training_class=TrainingClassFactory(unit=units["east"]))
    result = selectors.coverage(staff, 2026)
    assert (result.members, result.trained, result.share) == (2, 1, 0.5)


def test_editing_the_rules_changes_the_check_and_is_audited(
    units, member, staff, city_staff, as_user
):
    klass = TrainingClassFactory(unit=units["east"], end_date=dt.date(2026, 3, 6), hours=60)
    EnrollmentFactory(cadre=member.cadre, training_class=klass)
    assert selectors.HOURS in _failing(staff)[0]["周敏"]
    data = {
        "young_share_numerator": 1, "young_share_denominator": 5, "political_years": 3,
        "political_min_days": 5, "coverage_years": 5, "yearly_hours": "60",
        "hours_reminder_month": 10,
    }  # fmt: skip
    assert as_user(city_staff).post(reverse("training:rules"), data).status_code == 302
    assert selectors.HOURS not in _failing(staff)[0].get("周敏", [])
    entry = AuditEntry.objects.get(object_type="training.TrainingRules")
    assert entry.before["yearly_hours"] == "80.0" and entry.after["yearly_hours"] == "60"


def test_a_share_above_one_is_refused_with_the_field_named(city_staff, as_user):
    data = {
        "young_share_numerator": 6, "young_share_denominator": 5, "political_years": 3,
        "political_min_days": 5, "coverage_years": 5, "yearly_hours": "80",
        "hours_reminder_month": 10,
    }  # fmt: skip
    response = as_user(city_staff).post(reverse("training:rules"), data)
    assert response.status_code == 400
    assert "年轻干部占比的分子不能大于分母" in response.content.decode()


def test_the_monthly_beat_entry_runs_the_reminder_task(settings, units, member, staff):
    from training.tasks import notify_training_shortfalls

    entry = settings.CELERY_BEAT_SCHEDULE["notify-training-shortfalls"]
    assert entry["task"] == "training.tasks.notify_training_shortfalls"
    with time_machine.travel(dt.datetime(2026, 11, 1, 2, 0), tick=False):
        assert notify_training_shortfalls() == 3  # November: hours are reminded too
    assert Notice.objects.filter(recipient=staff, kind="training").count() == 3
