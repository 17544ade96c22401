"""双提醒: after a quarter's recalculation, every A and B team's unit committee and the
responsible 干部科 get one in-app notice per team and quarter; C teams none. When mail
is configured each of them also gets one email (per person, listing their teams),
sent by a worker task after commit."""

import datetime as dt
import os
import subprocess
import sys

import pytest

from pool.models import Notice
from pool.notify import tasks as notify_tasks
from staffing import services, tasks
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory

OLD, YOUNG = dt.date(1970, 1, 1), dt.date(1995, 1, 1)


def _team(unit, *births, quota=5):
    team = LeadershipTeamFactory(unit=unit)
    post = PostFactory(team=team, quota=quota)
    for birth in births:
        AppointmentFactory(post=post, cadre=CadreFactory(unit=unit, birth_month=birth))
    return team


@pytest.fixture
def quarter(units):
    _team(units["qingshi"], OLD, OLD)  # A
    _team(units["beishan"], YOUNG, OLD)  # C (5 seats: 1 required)
    _team(units["west_edu"], OLD)  # A, in 西县
    services.recalc_quarter("2026Q2")
    return "2026Q2"


def test_a_team_reminds_its_committee_and_the_responsible_staff(
    quarter, units, staff, unit_committee, leader
):
    assert services.send_dual_reminders(quarter) == 1  # 西县's team has nobody to tell here
    for user in (staff, unit_committee):
        notice = Notice.objects.get(recipient=user)
        assert notice.title == "青石镇领导班子2026年第二季度配备预警为A级（差额1名）"
        assert "任务量1名，实有年轻干部0名" in notice.body
    assert not Notice.objects.filter(recipient=leader).exists()


def test_reminders_are_sent_once_per_team_and_quarter(quarter, staff):
    services.send_dual_reminders(quarter)
    services.send_dual_reminders(quarter)
    assert Notice.objects.filter(recipient=staff).count() == 1


def test_the_quarterly_task_sends_them_after_recalculating(units, staff):
    _team(units["qingshi"], OLD)
    tasks.recalc_warnings("2026Q2")
    assert Notice.objects.filter(recipient=staff, kind="配备预警").count() == 1


# --- by email, when mail is configured ----------------------------------------------


@pytest.fixture
def mail_on(settings, monkeypatch):
    """EMAIL_URL set (the test runner keeps Django's locmem backend); the queued task
    runs in this process when the transaction commits."""
    settings.EMAIL_URL = "memorymail://"
    monkeypatch.setattr(
        notify_tasks.send_emails, "apply_async", lambda args, **_: notify_tasks.send_emails(*args)
    )


@pytest.fixture
def two_a_teams(units):
    _team(units["qingshi"], OLD, OLD)  # A
    _team(units["beishan"], OLD)  # A
    _team(units["east_edu"], YOUNG)  # C
    services.recalc_quarter("2026Q2")


def _with_emails(*users):
    for n, user in enumerate(users):
        user.email = f"user{n}@example.gov.cn"
        user.save()


def test_each_person_gets_one_email_listing_their_teams_after_commit(
    two_a_teams, staff, unit_committee, mail_on, mailoutbox, django_capture_on_commit_callbacks
):
    _with_emails(staff, unit_committee)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.send_dual_reminders("2026Q2")
    assert mailoutbox == []  # nothing leaves before the notices are committed
    for callback in queued:
        callback()
    by_address = {m.to[0]: m for m in mailoutbox}
    assert len(mailoutbox) == 2
    to_staff = by_address[staff.email]
    assert to_staff.subject == "【青干通】2026年第二季度领导班子配备预警（A级2个）"
    assert to_staff.body.startswith("小周：")
    assert (
        "- 青石镇领导班子：A级，核定职数5名，任务量1名，实有年轻干部0名，差额1名" in to_staff.body
    )
    assert "- 北山镇领导班子：A级" in to_staff.body and "东县教育局" not in to_staff.body
    to_committee = by_address[unit_committee.email]
    assert "青石镇领导班子" in to_committee.body and "北山镇" not in to_committee.body


@pytest.mark.parametrize(
    ("site", "ending"),
    [
        ("", "在“配备台账”中查看。"),
        ("https://qgt.example.gov.cn/", "查看：https://qgt.example.gov.cn/staffing/warnings/"),
    ],
)
def test_the_email_links_to_the_ledger_when_the_site_address_is_set(
    two_a_teams,
    staff,
    mail_on,
    settings,
    mailoutbox,
    django_capture_on_commit_callbacks,
    site,
    ending,
):
    settings.CADRE_SITE_URL = site.rstrip("/")
    _with_emails(staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_dual_reminders("2026Q2")
    assert ending in mailoutbox[0].body


def test_a_second_run_mails_nobody_again(
    two_a_teams, staff, mail_on, mailoutbox, django_capture_on_commit_callbacks
):
    _with_emails(staff)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.send_dual_reminders("2026Q2")
    assert len(mailoutbox) == 1


def test_people_without_an_address_get_the_notice_only(
    two_a_teams, staff, unit_committee, mail_on, mailoutbox, django_capture_on_commit_callbacks
):
    _with_emails(unit_committee)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_dual_reminders("2026Q2")
    assert [m.to for m in mailoutbox] == [[unit_committee.email]]
    assert Notice.objects.filter(recipient=staff).count() == 2


def test_without_mail_configured_nothing_is_queued(
    two_a_teams, staff, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_URL = ""
    _with_emails(staff)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        services.send_dual_reminders("2026Q2")
    assert queued == [] and mailoutbox == []
    assert Notice.objects.filter(recipient=staff).count() == 2


def test_the_quarterly_task_mails_through_the_worker_task(
    units, staff, mail_on, mailoutbox, django_capture_on_commit_callbacks
):
    _with_emails(staff)
    _team(units["qingshi"], OLD)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.recalc_warnings("2026Q2")
    assert [m.to for m in mailoutbox] == [[staff.email]]


def test_email_url_configures_the_smtp_backend():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_HOST_USER)"
    )
    env = {**os.environ, "EMAIL_URL": "smtp+tls://zzb:secret@smtp.example.gov.cn:587"}
    env["DJANGO_SETTINGS_MODULE"] = "cadre_portal.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.gov.cn",
        "587",
        "True",
        "zzb",
    ]
