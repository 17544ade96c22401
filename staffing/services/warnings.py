"""The quarterly A/B/C warning: every team's record for a quarter, upserted."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from pool import audit
from pool.models import AuditAction, Role, RoleGrant, Unit
from pool.notify import mail, notices
from pool.people.rules import TEAM_LAYERS, seat_max_age
from pool.people.selectors import layer_expression, seat_thresholds
from staffing import rules
from staffing.models import (
    Appointment,
    LeadershipTeam,
    StaffingTarget,
    WarningPolicy,
    WarningRecord,
    WarningRun,
)


@dataclass
class RecalcSummary:
    quarter: rules.Quarter
    teams: int = 0
    levels: Counter = field(default_factory=Counter)

    def describe(self) -> str:
        text = (
            f"{self.quarter}：{self.teams}个班子，A级{self.levels['A']}个，"
            f"B级{self.levels['B']}个，C级{self.levels['C']}个"
        )
        if self.levels["none"]:
            text += f"，无核定职数不评级{self.levels['none']}个"
        return text


RECORD_FIELDS = [
    "ref_date",
    "approved_seats",
    "seated",
    "ratio_numerator",
    "ratio_denominator",
    "required",
    "actual",
    "gap",
    "level",
    "young_member_ids",
    "forecast_quarter",
    "forecast_level",
    "chiefs",
    "young_chiefs",
    "young_by_age",
]


def recalc_quarter(quarter: rules.Quarter | str, actor=None) -> RecalcSummary:
    """Every 领导班子's A/B/C record for ``quarter`` at its last day, upserted: running
    it twice gives the same rows. 内设机构 (and units outside the seat layers) get no
    record; a team without approved seats gets one with no level (无职数). A fixed
    number of queries whatever the number of teams (policy, thresholds, targets' fixed
    ages, teams with seats, serving members, one upsert, the audit row, the run's time)."""
    if isinstance(quarter, str):
        quarter = rules.Quarter.parse(quarter)
    ref = quarter.end
    policy = WarningPolicy.current()
    ratio = policy.member_ratio
    thresholds = seat_thresholds()
    teams = (
        LeadershipTeam.objects.annotate(
            seats=Coalesce(Sum("posts__quota"), 0), layer=layer_expression("unit__")
        )
        .filter(layer__in=TEAM_LAYERS)
        .values_list("pk", "layer", "seats")
        .order_by("pk")
    )
    fixed_ages = sorted(
        set(StaffingTarget.objects.exclude(max_age=None).values_list("max_age", flat=True))
    )
    members: dict[int, dict[int, dt.date]] = defaultdict(dict)
    chiefs_of: dict[int, set[int]] = defaultdict(set)
    serving = Appointment.objects.serving_on(ref).values_list(
        "post__team_id", "cadre_id", "cadre__birth_month", "post__is_chief"
    )
    for team_id, cadre_id, birth, chief in serving:
        members[team_id][cadre_id] = birth
        if chief:
            chiefs_of[team_id].add(cadre_id)
    summary = RecalcSummary(quarter)
    records = []
    for team_id, layer, seats in teams:
        limit = seat_max_age(thresholds, layer)
        people = members.get(team_id, {})
        now = rules.standing(seats, people, limit, ratio, ref)
        forecast = None
        if now.level not in (rules.Level.A, None):  # A cannot get worse
            forecast = rules.forecast_downgrade(
                [(birth, limit) for birth in people.values()], now.required, quarter
            )
        chiefs = chiefs_of.get(team_id, set())
        by_age = {  # the same test at the targets' fixed ages (35岁以下 ...)
            str(age): rules.standing(seats, people, age, ratio, ref).young for age in fixed_ages
        }
        records.append(
            WarningRecord(
                team_id=team_id,
                quarter=str(quarter),
                ref_date=ref,
                approved_seats=seats,
                seated=now.seated,
                ratio_numerator=ratio.numerator,
                ratio_denominator=ratio.denominator,
                required=now.required,
                actual=now.actual,
                gap=now.gap,
                level=now.level,
                young_member_ids=list(now.young),
                forecast_quarter=str(forecast.quarter) if forecast else "",
                forecast_level=forecast.level if forecast else "",
                chiefs=len(chiefs),
                young_chiefs=len(chiefs.intersection(now.young)),
                young_by_age={
                    age: [len(ids), len(chiefs.intersection(ids))] for age, ids in by_age.items()
                },
            )
        )
        summary.levels[now.level or "none"] += 1
    summary.teams = len(records)
    with transaction.atomic():
        WarningRecord.objects.bulk_create(
            records,
            update_conflicts=True,
            unique_fields=["team", "quarter"],
            update_fields=RECORD_FIELDS,
        )
        audit.record(
            actor, AuditAction.BULK_WRITE, detail=f"重新计算班子配备预警 {summary.describe()}"
        )
        run = WarningRun(
            quarter=str(quarter), finished_at=timezone.now(), actor=actor, teams=summary.teams
        )
        WarningRun.objects.bulk_create(
            [run],
            update_conflicts=True,
            unique_fields=["quarter"],
            update_fields=["finished_at", "actor", "teams"],
        )
    return summary


def notify_recalc_finished(summary: RecalcSummary, actor) -> None:
    """Tell the staff member who asked for a recalculation that it has finished."""
    quarter = summary.quarter
    notices.notify(
        [actor],
        kind="配备预警",
        title=f"{quarter.label}配备预警已重新计算完成",
        body=(
            f"共{summary.teams}个班子：A级{summary.levels['A']}个，"
            f"B级{summary.levels['B']}个，C级{summary.levels['C']}个。"
        ),
        url=f"{reverse('staffing:ledger')}?quarter={quarter}",
    )


def send_dual_reminders(quarter: rules.Quarter | str) -> int:
    """双提醒: for every A and B team of ``quarter``, an in-app notice to the unit's
    party committee (单位党组织 accounts of that unit) and to the 组织部 staff whose
    jurisdiction holds it; once per team and quarter. When mail is configured, each
    person reminded for the first time also gets one email listing their teams, sent
    after commit. Returns the teams reminded."""
    if isinstance(quarter, str):
        quarter = rules.Quarter.parse(quarter)
    records = list(
        WarningRecord.objects.filter(quarter=str(quarter), level__in=["A", "B"])
        .select_related("team__unit")
        .order_by("team_id")
    )
    if not records:
        return 0
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    grants = RoleGrant.objects.filter(
        role__in=[Role.STAFF, Role.UNIT_COMMITTEE], user__is_active=True
    ).select_related("user")
    staff_at: dict[int, list] = defaultdict(list)
    committee_at: dict[int, list] = defaultdict(list)
    for grant in grants:
        (staff_at if grant.role == Role.STAFF else committee_at)[grant.unit_id].append(grant.user)
    keys = {r.team_id: f"staffing-warning-{r.team_id}-{quarter}" for r in records}
    reminded = 0
    with transaction.atomic():
        sent = notices.already_sent(keys.values())
        fresh: dict[int, tuple] = {}  # user id -> (user, records new to them)
        for record in records:
            unit = record.team.unit
            recipients = list(committee_at.get(unit.pk, []))
            node: int | None = unit.pk
            while node is not None:  # staff of the unit or of any unit above it
                recipients += staff_at.get(node, [])
                node = parents.get(node)
            if not recipients:
                continue
            key = keys[record.team_id]
            notices.notify(
                recipients,
                kind="配备预警",
                title=f"{unit.name}领导班子{quarter.label}配备预警为{record.level}级"
                f"（差额{record.gap}名）",
                body=f"核定职数{record.approved_seats}名，任务量{record.required}名，"
                f"实有年轻干部{record.actual}名，差额{record.gap}名。请抓紧研究配备。",
                url=reverse("staffing:team_detail", args=[record.team_id]),
                key=key,
            )
            for user in recipients:
                if (user.pk, key) not in sent:
                    fresh.setdefault(user.pk, (user, []))[1].append(record)
            reminded += 1
        mail.queue([_email(user, quarter, mine) for user, mine in fresh.values() if user.email])
    return reminded


def _email(user, quarter: rules.Quarter, records: list[WarningRecord]) -> dict:
    """One person's 双提醒 email: every A or B team they are reminded of."""
    levels = Counter(r.level for r in records)
    counts = "、".join(f"{level}级{levels[level]}个" for level in ("A", "B") if levels[level])
    lines = [
        f"- {r.team.unit.name}领导班子：{r.level}级，核定职数{r.approved_seats}名，"
        f"任务量{r.required}名，实有年轻干部{r.actual}名，差额{r.gap}名"
        for r in records
    ]
    name = user.first_name or user.get_username()
    body = "\n".join(
        [
            f"{name}：",
            "",
            f"{quarter.label}领导班子配备预警已完成计算，以下班子为A级或B级，请抓紧研究配备：",
            "",
            *lines,
            "",
            "详情请登录青干通，在“配备台账”中查看"
            + (f"：{ledger}" if (ledger := mail.link(reverse("staffing:ledger"))) else "。"),
            "本邮件由系统自动发送，请勿回复。",
        ]
    )
    return mail.message(user.email, f"【青干通】{quarter.label}领导班子配备预警（{counts}）", body)
