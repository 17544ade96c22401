"""双把关 as a gate: an appointment dated today or later into a team graded A or B
starts as a 动议; the 干部科's opinion (同意 / 不同意 with a reason / 建议) is recorded
by someone other than the proposer before the appointment can be entered; 不同意
stops it; after entry the 备案关 records whether the gap closed. Past-dated entries
are records and pass as they are."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from pool.models import AuditAction, AuditEntry, Role
from staffing import rules, services
from staffing.models import Appointment, SecondSignOff
from tests.conftest import _persona
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory

D = dt.date
OLD = D(1974, 1, 1)  # 52 in 2026


def _soon(days=3):
    return timezone.localdate() + dt.timedelta(days=days)


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


def _person(team, birth=OLD, name="钱五十二"):
    # 副科 already: 副镇长 is not a promotion, only the 双把关 gate applies
    return CadreFactory(unit=team.unit, birth_month=birth, name=name, rank="副科")


def _appoint(staff, team, cadre, on):
    return services.appoint(staff, cadre, team.posts.get(), on, "东组任〔2026〕20号")


@pytest.mark.parametrize(
    ("level", "gap", "offset", "needed"),
    [
        ("A", 1, 0, True),  # today is a decision, not a record
        ("A", 1, 1, True),
        ("A", 1, -1, False),  # yesterday: a record of what happened
        ("B", 1, 0, True),
        ("B", 0, 0, False),  # no gap left
        ("C", 0, 5, False),
    ],
)
def test_which_appointments_need_a_motion(level, gap, offset, needed):
    today = D(2026, 12, 7)
    start = today + dt.timedelta(days=offset)
    assert rules.needs_motion(level, gap, start, today) is needed


def test_an_appointment_into_an_a_team_without_a_motion_is_refused(staff, team):
    with pytest.raises(ValidationError, match="任职须先提出动议，经干部科双把关签署意见后才能录入"):
        _appoint(staff, team, _person(team), _soon())
    assert Appointment.objects.count() == 1


def test_pending_and_rejected_motions_stop_the_appointment(staff, colleague, team):
    cadre = _person(team)
    motion = services.propose_motion(staff, cadre, team.posts.get(), _soon())
    assert motion.reason == (
        f"青石镇领导班子2026Q1为A级（差额1名），钱五十二任职时{cadre.age_at(_soon())}岁，"
        "超过35岁的年轻干部标准，任职后差额不减少"
    )
    with pytest.raises(ValidationError, match="尚待干部科签署双把关意见"):
        _appoint(staff, team, cadre, _soon())
    services.sign_off(colleague, motion, "rejected", "建议改配年轻干部")
    with pytest.raises(
        ValidationError, match=r"双把关不同意（建议改配年轻干部），钱五十二任副镇长不能录入"
    ):
        _appoint(staff, team, cadre, _soon())
    assert Appointment.objects.count() == 1


@pytest.mark.parametrize("decision", ["approved", "suggested"])
def test_an_approved_or_advised_motion_lets_the_appointment_in_and_is_tied_to_it(
    staff, colleague, team, decision
):
    cadre = _person(team)
    motion = services.propose_motion(staff, cadre, team.posts.get(), _soon())
    services.sign_off(colleague, motion, decision, "同意", suggested_name="李青年")
    made = _appoint(staff, team, cadre, _soon(5))  # the date may move
    motion.refresh_from_db()
    assert motion.appointment == made
    assert motion.stage == "已任职，待备案"


def test_a_past_dated_appointment_is_a_record_and_needs_no_motion(staff, team):
    made = _appoint(staff, team, _person(team), timezone.localdate() - dt.timedelta(days=1))
    assert not SecondSignOff.objects.exists()
    assert made.pk


def test_a_motion_is_refused_in_the_past_for_a_c_team_and_twice(staff, colleague, team, units):
    cadre = _person(team)
    with pytest.raises(ValidationError, match="已发生的任职请直接录入任职记录"):
        services.propose_motion(
            staff, cadre, team.posts.get(), timezone.localdate() - dt.timedelta(1)
        )
    services.propose_motion(staff, cadre, team.posts.get(), _soon())
    with pytest.raises(ValidationError, match="已有未办结的动议"):
        services.propose_motion(staff, cadre, team.posts.get(), _soon())
    c_team = LeadershipTeamFactory(unit=units["beishan"])
    post = PostFactory(team=c_team, title="副镇长", quota=1)
    AppointmentFactory(post=post, cadre=CadreFactory(unit=c_team.unit, birth_month=D(1996, 1, 1)))
    services.recalc_quarter("2026Q1")
    with pytest.raises(ValidationError, match="最新预警为C级，任职无需动议"):
        services.propose_motion(staff, cadre, post, _soon())


def test_the_sign_off_is_by_someone_else_needs_reasons_and_is_audited(staff, colleague, team):
    motion = services.propose_motion(staff, _person(team), team.posts.get(), _soon())
    with pytest.raises(ValidationError, match="双把关须由提出动议以外的同志签署"):
        services.sign_off(staff, motion, "approved")
    with pytest.raises(ValidationError, match="不同意时请在“说明”中写明理由"):
        services.sign_off(colleague, motion, "rejected", "  ")
    with pytest.raises(ValidationError, match="建议时请填写建议人选"):
        services.sign_off(colleague, motion, "suggested", " ", " ")
    services.sign_off(colleague, motion, "suggested", "", "李青年")
    motion.refresh_from_db()
    assert (motion.decision, motion.suggested_name, motion.signed_by) == (
        "suggested",
        "李青年",
        colleague,
    )
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_id=str(motion.pk), actor=colleague
    ).exists()
    with pytest.raises(ValidationError, match="已完成双把关签署"):
        services.sign_off(colleague, motion, "approved")


@pytest.mark.parametrize(
    ("birth", "gap_after", "closed"),
    [(D(1996, 1, 1), 0, True), (OLD, 1, False)],
)
def test_filing_records_whether_the_gap_closed(staff, colleague, team, birth, gap_after, closed):
    cadre = _person(team, birth)
    motion = services.propose_motion(staff, cadre, team.posts.get(), _soon())
    with pytest.raises(ValidationError, match="任职尚未录入，不能备案"):
        services.file_motion(colleague, motion)
    services.sign_off(colleague, motion, "approved")
    _appoint(staff, team, cadre, _soon())
    done = services.file_motion(colleague, motion, "已报市委组织部")
    assert (done.gap_after, done.gap_closed, done.filing_note) == (
        gap_after,
        closed,
        "已报市委组织部",
    )
    with pytest.raises(ValidationError, match="已备案"):
        services.file_motion(colleague, motion)


def test_pages_walk_motion_sign_appoint_and_file(staff, colleague, team, as_user):
    cadre = _person(team, D(1996, 1, 1), name="李青年")
    post = team.posts.get()
    start = _soon().isoformat()
    client = as_user(staff)
    refused = client.post(
        reverse("staffing:appoint", args=[team.pk]),
        {"post": post.pk, "cadre": cadre.pk, "start_date": start, "document_number": "x"},
    )
    assert refused.status_code == 400
    assert "任职须先提出动议" in refused.content.decode()
    response = client.post(
        reverse("staffing:motion_new", args=[team.pk]),
        {"post": post.pk, "cadre": cadre.pk, "start_date": start},
    )
    motion = SecondSignOff.objects.get()
    assert response.url == reverse("staffing:motion_detail", args=[motion.pk])
    page = client.get(response.url).content.decode()
    assert "待其他同志签署" in page and "待双把关" in page
    colleague_client = as_user(colleague)
    colleague_client.post(
        reverse("staffing:second_check_sign", args=[motion.pk]),
        {"decision": "approved", "next": "detail"},
    )
    page = colleague_client.get(
        reverse("staffing:motion_detail", args=[motion.pk])
    ).content.decode()
    assert 'id="enter-appointment"' in page
    colleague_client.post(
        reverse("staffing:appoint", args=[team.pk]),
        {"post": post.pk, "cadre": cadre.pk, "start_date": start, "document_number": "x"},
    )
    colleague_client.post(reverse("staffing:motion_file", args=[motion.pk]), {"note": ""})
    motion.refresh_from_db()
    assert motion.gap_closed is True
    ledger = colleague_client.get(
        reverse("staffing:ledger"), {"quarter": "2026Q1"}
    ).content.decode()
    assert "差额由1名补齐" in ledger and "李青年" in ledger
    docx = colleague_client.get(reverse("staffing:ledger"), {"quarter": "2026Q1", "export": "docx"})
    text = "\n".join(
        cell.text
        for table in Document(io.BytesIO(docx.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "李青年" in text and "差额由1名补齐" in text


def test_the_motion_list_queries_do_not_grow(staff, team, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(staff)
    services.propose_motion(staff, _person(team, name="甲"), team.posts.get(), _soon())
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("staffing:second_checks"), {"state": "all"})
    for n in range(10):
        services.propose_motion(staff, _person(team, name=f"乙{n}"), team.posts.get(), _soon())
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("staffing:second_checks"), {"state": "all"}).content.decode()
    assert page.count("任职后差额不减少") == 11
    assert len(many) == len(few)
