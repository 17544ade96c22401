"""Concerns: 组织处理 and 党纪政务处分 veto the person (out of the pool, no re-entry);
assessments: the grade fits the kind, one per period, 不称职 proposes exit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from pool.models import ExitReason, PoolMembership, Veto
from pool.selection import services as pool_services
from supervision import services
from supervision.models import Assessment, AssessmentKind, Handling
from tests.factories import AssessmentFactory, CadreFactory, ConcernFactory, PoolMembershipFactory


def _concern(staff, cadre, handling):
    return services.record_concern(
        staff,
        cadre,
        source="巡察反馈",
        summary="违规发放津贴补贴",
        handling=handling,
        received_on=dt.date(2026, 3, 1),
    )


@pytest.mark.parametrize("handling", [Handling.ORG_MEASURE, Handling.DISCIPLINE])
def test_concern_with_heavy_handling_vetoes_and_blocks_admission(staff, units, handling):
    membership = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"]))
    cadre = membership.cadre
    _concern(staff, cadre, handling)
    veto = Veto.objects.get(cadre=cadre, active=True)
    assert "违规发放津贴补贴" in veto.reason
    membership.refresh_from_db()
    assert membership.exit_reason == ExitReason.VETO
    with pytest.raises(ValidationError, match="一票否决"):
        pool_services.admit_to_pool(staff, cadre, "mid")
    assert not PoolMembership.objects.filter(cadre=cadre, exited_on__isnull=True).exists()


@pytest.mark.parametrize(
    "handling", [Handling.VERIFY, Handling.REMIND, Handling.CRITICISE, Handling.ADMONISH]
)
def test_lighter_handling_does_not_veto(staff, units, handling):
    membership = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"]))
    _concern(staff, membership.cadre, handling)
    assert not Veto.objects.exists()
    membership.refresh_from_db()
    assert membership.is_open


def test_concern_page_records_and_tells_about_the_veto(staff, units, as_user):
    cadre = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"])).cadre
    client = as_user(staff)
    response = client.post(
        reverse("supervision:concerns"),
        {
            "cadre": cadre.pk,
            "source": "信访举报",
            "summary": "反映其违规收受礼金",
            "handling": Handling.DISCIPLINE,
            "received_on": "2026-03-01",
            "handled_on": "2026-05-01",
        },
        follow=True,
    )
    assert "一票否决" in response.content.decode()
    assert Veto.objects.filter(cadre=cadre).exists()


def test_concern_form_refuses_outsiders(staff, units, as_user):
    outsider = CadreFactory(unit=units["west_edu"])
    response = as_user(staff).post(
        reverse("supervision:concerns"),
        {
            "cadre": outsider.pk,
            "source": "信访",
            "summary": "x",
            "handling": Handling.DISCIPLINE,
            "received_on": "2026-03-01",
        },
    )
    assert response.status_code == 400
    assert not Veto.objects.exists()


@pytest.mark.parametrize(
    ("kind", "quarter", "grade"),
    [
        (AssessmentKind.ANNUAL, None, "好"),
        (AssessmentKind.QUARTERLY, 2, "称职"),
        (AssessmentKind.QUARTERLY, None, "好"),
        (AssessmentKind.ANNUAL, 1, "称职"),
    ],
)
def test_database_refuses_a_grade_that_does_not_fit_the_kind(db, kind, quarter, grade):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentFactory(kind=kind, quarter=quarter, grade=grade)


def test_one_assessment_per_period(staff, units):
    cadre = CadreFactory(unit=units["qingshi"])
    services.record_assessment(staff, cadre, year=2025, kind=AssessmentKind.ANNUAL, grade="称职")
    with pytest.raises(ValidationError, match="已录入"):
        services.record_assessment(
            staff, cadre, year=2025, kind=AssessmentKind.ANNUAL, grade="优秀"
        )
    assert Assessment.objects.count() == 1


def test_unfit_proposes_exit_and_repeated_weak_quarters_raise_a_flag(staff, units):
    cadre = CadreFactory(unit=units["qingshi"])
    _, note = services.record_assessment(
        staff, cadre, year=2025, kind=AssessmentKind.ANNUAL, grade="不称职"
    )
    assert "出库" in note
    _, first = services.record_assessment(
        staff, cadre, year=2026, kind=AssessmentKind.QUARTERLY, quarter=1, grade="一般"
    )
    _, second = services.record_assessment(
        staff, cadre, year=2026, kind=AssessmentKind.QUARTERLY, quarter=2, grade="较差"
    )
    assert first == ""
    assert "2次" in second


@pytest.mark.parametrize("n", [2, 12])
def test_concern_and_assessment_pages_do_not_grow_queries(
    n, staff, units, as_user, django_assert_max_num_queries
):
    for _ in range(n):
        cadre = CadreFactory(unit=units["qingshi"])
        ConcernFactory(cadre=cadre)
        AssessmentFactory(cadre=cadre)
    client = as_user(staff)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("supervision:concerns")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("supervision:assessments")).status_code == 200
