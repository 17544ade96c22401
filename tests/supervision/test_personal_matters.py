"""个人有关事项: filings with due and returned dates; checks find 如实报告 (一致) or
漏报/瞒报 (不一致); 瞒报 becomes a concern (vetoing under 组织处理); the counts and
the 影响期 flag; staff only."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from pool.models import Veto
from supervision import selectors, services
from supervision.models import CheckFinding, CheckKind, Concern, Handling, PersonalMattersReport
from tests.factories import CadreFactory, PersonalReportFactory, PoolMembershipFactory

NOW = dt.datetime(2026, 7, 15, 10, 0)
TODAY = NOW.date()


def _check(staff, report, finding, handling="", affects_until=None, basis="房产未报告"):
    return services.record_report_check(
        staff,
        report,
        check_kind=CheckKind.RANDOM,
        checked_on=dt.date(2026, 6, 1),
        finding=finding,
        basis=basis,
        handling=handling,
        affects_until=affects_until,
    )


@time_machine.travel(NOW, tick=False)
def test_truthful_check_is_consistent_and_mismatch_needs_basis_and_handling(staff, units):
    report = PersonalReportFactory(cadre=CadreFactory(unit=units["qingshi"]))
    assert _check(staff, report, CheckFinding.TRUTHFUL).result_display == "一致"
    with pytest.raises(ValidationError) as error:
        _check(staff, report, CheckFinding.OMITTED, basis="")
    assert set(error.value.message_dict) == {"basis", "handling"}
    report = _check(staff, report, CheckFinding.OMITTED, Handling.CRITICISE, dt.date(2027, 6, 1))
    assert report.result_display == "不一致（漏报）"
    assert not Concern.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_concealment_is_recorded_as_a_concern_and_org_measure_vetoes(staff, units):
    cadre = CadreFactory(unit=units["qingshi"])
    PoolMembershipFactory(cadre=cadre)
    report = PersonalReportFactory(cadre=cadre)
    report = _check(
        staff, report, CheckFinding.CONCEALED, Handling.ORG_MEASURE, dt.date(2027, 6, 1)
    )
    concern = Concern.objects.get()
    assert report.concern == concern
    assert concern.source == "个人有关事项抽查核实" and "瞒报" in concern.summary
    assert Veto.objects.filter(cadre=cadre, active=True).exists()


@time_machine.travel(NOW, tick=False)
def test_a_report_not_yet_returned_cannot_be_checked(staff, units):
    report = PersonalReportFactory(cadre=CadreFactory(unit=units["qingshi"]), returned_on=None)
    with pytest.raises(ValidationError, match="尚未报送"):
        _check(staff, report, CheckFinding.TRUTHFUL)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("affects_until", "flagged"),
    [(TODAY, True), (TODAY - dt.timedelta(days=1), False), (TODAY + dt.timedelta(days=1), True)],
)
def test_effect_period_flag_ends_with_its_last_day(staff, units, affects_until, flagged):
    report = PersonalReportFactory(cadre=CadreFactory(unit=units["qingshi"]))
    _check(staff, report, CheckFinding.OMITTED, Handling.REMIND, affects_until)
    result = selectors.in_matters_effect_period([report.cadre_id], TODAY)
    assert (report.cadre_id in result) is flagged


@time_machine.travel(NOW, tick=False)
def test_counts_show_overdue_filings_and_findings(staff, units):
    q = units["qingshi"]
    PersonalReportFactory(cadre=CadreFactory(unit=q), returned_on=None, due_on=dt.date(2026, 7, 14))
    PersonalReportFactory(cadre=CadreFactory(unit=q), returned_on=None, due_on=TODAY)  # not late
    omitted = PersonalReportFactory(cadre=CadreFactory(unit=q))
    _check(staff, omitted, CheckFinding.OMITTED, Handling.REMIND, dt.date(2027, 1, 1))
    PersonalReportFactory(cadre=CadreFactory(unit=units["west_edu"]), returned_on=None)
    counts = selectors.personal_matters_counts(staff, 2026, TODAY)
    assert (counts.filings, counts.overdue, counts.checked, counts.omitted) == (3, 1, 1, 1)
    assert (counts.concealed, counts.in_effect) == (0, 1)


@time_machine.travel(NOW, tick=False)
def test_staff_file_and_check_on_the_pages(staff, units, as_user):
    cadre = CadreFactory(unit=units["qingshi"], name="报告人")
    client = as_user(staff)
    response = client.post(
        reverse("supervision:personal_matters"),
        {"cadre": cadre.pk, "year": 2026, "filing": "annual", "due_on": "2026-03-31",
         "returned_on": "2026-03-20"},
    )  # fmt: skip
    assert response.status_code == 302
    report = PersonalMattersReport.objects.get()
    response = client.post(
        reverse("supervision:personal_check", args=[report.pk]),
        {"check_kind": "focus", "checked_on": "2026-07-01", "finding": "concealed",
         "basis": "", "handling": ""},
    )  # fmt: skip
    assert response.status_code == 400
    assert "认定依据" in response.content.decode()
    page = client.get(reverse("supervision:personal_matters")).content.decode()
    assert "报告人" in page and "未抽查" in page


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("persona", ["leader", "unit_committee", "sector_dept"])
def test_no_other_role_reads_personal_matters(persona, staff, units, as_user, request):
    report = PersonalReportFactory(cadre=CadreFactory(unit=units["qingshi"]))
    _check(staff, report, CheckFinding.OMITTED, Handling.REMIND, dt.date(2027, 1, 1))
    user = request.getfixturevalue(persona)
    assert not selectors.personal_reports_for(user).exists()
    client = as_user(user)
    assert client.get(reverse("supervision:personal_matters")).status_code == 403
    if persona == "leader":
        page = client.get(reverse("pool:pool_timeline", args=[report.cadre_id])).content.decode()
        assert "个人事项影响期" not in page and "房产未报告" not in page


@pytest.mark.parametrize("n", [2, 12])
def test_personal_matters_page_does_not_grow_queries(
    n, staff, units, as_user, django_assert_max_num_queries
):
    for _ in range(n):
        PersonalReportFactory(cadre=CadreFactory(unit=units["qingshi"]))
    client = as_user(staff)
    with django_assert_max_num_queries(15):
        assert (
            client.get(reverse("supervision:personal_matters"), {"year": 2026}).status_code == 200
        )


def test_monthly_notice_lists_filings_past_due_once_per_unit_and_month(staff, units):
    from pool.models import Notice

    late = PersonalReportFactory(
        cadre=CadreFactory(unit=units["qingshi"], name="迟报人"),
        returned_on=None,
        due_on=dt.date(2026, 3, 31),
    )
    PersonalReportFactory(
        cadre=CadreFactory(unit=units["qingshi"], name="当日到期"),
        returned_on=None,
        due_on=dt.date(2026, 4, 1),
    )
    PersonalReportFactory(cadre=CadreFactory(unit=units["qingshi"], name="已报人"))
    assert services.notify_overdue_personal_reports(dt.date(2026, 4, 1)) == 1
    notice = Notice.objects.get(recipient=staff)
    assert "1人个人有关事项逾期未报" in notice.title
    assert late.cadre.name in notice.body
    assert "当日到期" not in notice.body and "已报人" not in notice.body
    assert services.notify_overdue_personal_reports(dt.date(2026, 4, 20)) == 0
    assert services.notify_overdue_personal_reports(dt.date(2026, 5, 1)) == 1
