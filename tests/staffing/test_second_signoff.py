"""双把关: an appointment to an A or B team that does not reduce its gap is flagged when
entered; another staff member records the decision (audited); young appointees and
C teams are not flagged."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pool.models import AuditAction, AuditEntry, Role
from staffing import services
from staffing.models import SecondSignOff
from tests.conftest import _persona
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory

D = dt.date
OLD = D(1974, 1, 1)  # 52 in 2026
EXACTLY_35 = D(1991, 3, 1)  # 35 on 2026-03-02


@pytest.fixture
def team(units):
    """青石镇: 5 seats, nobody young: A in 2026Q1 (gap 1)."""
    team = LeadershipTeamFactory(unit=units["qingshi"])
    post = PostFactory(team=team, title="副镇长", quota=5)
    AppointmentFactory(post=post, cadre=CadreFactory(unit=team.unit, birth_month=OLD))
    services.recalc_quarter("2026Q1")
    return team


@pytest.fixture
def colleague(units):
    return _persona("xiaowang", Role.STAFF, units["east"], name="小王")


def _seat(staff, team, birth, name="钱五十二"):
    post = team.posts.get()
    cadre = CadreFactory(unit=team.unit, birth_month=birth, name=name)
    return services.appoint(staff, cadre, post, D(2026, 3, 2), "东组任〔2026〕20号")


def test_an_old_appointee_to_an_a_team_is_flagged(staff, team):
    made = _seat(staff, team, OLD)
    check = SecondSignOff.objects.get(appointment=made)
    assert (check.level, check.gap, check.quarter, check.flagged_by) == ("A", 1, "2026Q1", staff)
    assert check.reason == (
        "青石镇领导班子2026Q1为A级（差额1名），钱五十二任职时52岁，超过35岁的年轻干部标准，任职后差额不减少"
    )


def test_a_young_appointee_exactly_at_the_threshold_is_not_flagged(staff, team):
    made = _seat(staff, team, EXACTLY_35)
    assert not SecondSignOff.objects.filter(appointment=made).exists()


def test_a_c_team_is_not_flagged(staff, team):
    _seat(staff, team, D(1996, 1, 1), name="小青年")
    services.recalc_quarter("2026Q2")  # now C
    made = services.appoint(
        staff, CadreFactory(unit=team.unit, birth_month=OLD), team.posts.get(), D(2026, 7, 1), "x"
    )
    assert not SecondSignOff.objects.filter(appointment=made).exists()


def test_the_second_sign_off_is_by_someone_else_and_audited(staff, colleague, team):
    check = SecondSignOff.objects.get(appointment=_seat(staff, team, OLD))
    with pytest.raises(ValidationError, match="双把关须由录入该任职以外的同志签署"):
        services.sign_off(staff, check, "approved")
    services.sign_off(colleague, check, "rejected", "建议改配年轻干部")
    check.refresh_from_db()
    assert (check.decision, check.signed_by, check.note) == (
        "rejected",
        colleague,
        "建议改配年轻干部",
    )
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_id=str(check.pk), actor=colleague
    ).exists()
    with pytest.raises(ValidationError, match="已完成双把关签署"):
        services.sign_off(colleague, check, "approved")


def test_a_rejection_needs_its_reason(staff, colleague, team, as_user):
    check = SecondSignOff.objects.get(appointment=_seat(staff, team, OLD))
    with pytest.raises(ValidationError, match="不同意时请在“说明”中写明理由"):
        services.sign_off(colleague, check, "rejected", "  ")
    response = as_user(colleague).post(
        reverse("staffing:second_check_sign", args=[check.pk]),
        {"decision": "rejected"},
        follow=True,
    )
    assert "不同意时请在“说明”中写明理由" in response.content.decode()
    check.refresh_from_db()
    assert check.decision == ""


def test_pages_warn_on_entry_and_list_pending_checks(staff, colleague, team, as_user):
    client = as_user(staff)
    response = client.post(
        reverse("staffing:appoint", args=[team.pk]),
        {"post": team.posts.get().pk, "cadre": CadreFactory(unit=team.unit, birth_month=OLD).pk,
         "start_date": "2026-03-02", "document_number": "x"},
        follow=True,
    )  # fmt: skip
    assert "双把关提示" in response.content.decode()
    check = SecondSignOff.objects.get()
    page = as_user(colleague).get(reverse("staffing:second_checks")).content.decode()
    assert check.reason in page
    sign_url = reverse("staffing:second_check_sign", args=[check.pk])
    assert sign_url in page  # a colleague may sign; who entered it sees why not
    own = as_user(staff).get(reverse("staffing:second_checks")).content.decode()
    assert sign_url not in own and "录入人不能自签" in own
    as_user(colleague).post(
        reverse("staffing:second_check_sign", args=[check.pk]), {"decision": "approved"}
    )
    check.refresh_from_db()
    assert check.decision == "approved"
    assert (
        check.reason
        not in as_user(colleague).get(reverse("staffing:second_checks")).content.decode()
    )


def test_the_check_list_queries_do_not_grow(staff, team, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(staff)
    _seat(staff, team, OLD, name="甲")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("staffing:second_checks"), {"state": "all"})
    team.posts.update(quota=30)
    for n in range(10):
        _seat(staff, team, OLD, name=f"乙{n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("staffing:second_checks"), {"state": "all"}).content.decode()
    assert page.count("任职后差额不减少") == 11
    assert len(many) == len(few)
