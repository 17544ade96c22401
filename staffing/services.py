"""Writes of the 用 stage: one function per thing a user does. Each validates, writes
in a transaction and records the audit entry in that same transaction."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from pool import audit
from pool.models import AuditAction, Cadre
from pool.rules import age_at, young_max_age
from pool.selectors import young_rules
from staffing import rules
from staffing.models import Appointment, LeadershipTeam, Post, WarningPolicy, WarningRecord

APPOINTMENT_FIELDS = ["cadre_id", "post_id", "start_date", "end_date", "document_number"]


def _fmt(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _peak_holders(holders: list[Appointment], start: dt.date) -> int:
    """The most people holding the post at once on or after ``start`` (the new
    appointment is open-ended, so every later start is a moment to check)."""
    moments = {start} | {a.start_date for a in holders if a.start_date > start}
    return max(sum(1 for a in holders if a.serving_on(day)) for day in moments)


def appoint(
    actor, cadre: Cadre, post: Post, start_date: dt.date, document_number: str = ""
) -> Appointment:
    """任职: seat ``cadre`` in ``post`` from ``start_date``. Refuses 超职数配备 (more
    holders than the post's 核定职数 at any time from that date) and a second seat
    for the same person in the same team."""
    if start_date is None:
        raise ValidationError("请填写任职时间", code="start_date")
    with transaction.atomic():
        # One appointment at a time per team: the checks below then see every holder.
        team = (
            LeadershipTeam.objects.select_for_update().select_related("unit").get(pk=post.team_id)
        )
        post = Post.objects.get(pk=post.pk)
        live = list(
            Appointment.objects.filter(post__team=team)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=start_date))
            .select_related("post")
        )
        mine = [a for a in live if a.cadre_id == cadre.pk]
        if mine:
            held = mine[0]
            raise ValidationError(
                f"{cadre.name}自{_fmt(held.start_date)}起已任{team.unit.name}{held.post.title}，"
                "同一人不能在同一领导班子中同时担任两个职位；如需调整，请先免去原职务",
                code="second_seat",
            )
        holders = _peak_holders([a for a in live if a.post_id == post.pk], start_date)
        if holders + 1 > post.quota:
            raise ValidationError(
                f"超职数配备：{team.unit.name}{post.title}核定职数{post.quota}名，"
                f"{_fmt(start_date)}起已有{holders}名在任，不能再任命",
                code="over_quota",
            )
        appointment = Appointment.objects.create(
            cadre=cadre,
            post=post,
            start_date=start_date,
            document_number=(document_number or "").strip(),
        )
        audit.record(
            actor,
            AuditAction.CREATE,
            appointment,
            detail=f"任命{cadre.name}为{team.unit.name}{post.title}",
            after=audit.model_values(appointment, APPOINTMENT_FIELDS),
        )
    return appointment


def end_appointment(
    actor, appointment: Appointment, end_date: dt.date, document_number: str = ""
) -> Appointment:
    """免职: the holder leaves the post on ``end_date`` (a successor may start that day)."""
    if end_date is None:
        raise ValidationError("请填写免职时间", code="end_date")
    with transaction.atomic():
        current = (
            Appointment.objects.select_for_update()
            .select_related("cadre", "post__team__unit")
            .get(pk=appointment.pk)
        )
        if current.end_date is not None:
            raise ValidationError(
                f"{current.cadre.name}已于{_fmt(current.end_date)}免去{current.post.title}",
                code="already_ended",
            )
        if end_date < current.start_date:
            raise ValidationError(
                f"免职时间{_fmt(end_date)}不能早于任职时间{_fmt(current.start_date)}",
                code="end_before_start",
            )
        before = audit.model_values(current, APPOINTMENT_FIELDS)
        current.end_date = end_date
        current.end_document_number = (document_number or "").strip()
        current.save(update_fields=["end_date", "end_document_number"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"免去{current.cadre.name}{current.post.team.unit.name}{current.post.title}",
            before=before,
            after=audit.model_values(current, APPOINTMENT_FIELDS),
        )
    return current


@dataclass
class RecalcSummary:
    quarter: rules.Quarter
    teams: int = 0
    levels: Counter = field(default_factory=Counter)

    def describe(self) -> str:
        return (
            f"{self.quarter}：{self.teams}个班子，A级{self.levels['A']}个，"
            f"B级{self.levels['B']}个，C级{self.levels['C']}个"
        )


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
]


def recalc_quarter(quarter: rules.Quarter | str, actor=None) -> RecalcSummary:
    """Every team's A/B/C record for ``quarter`` at its last day, upserted: running it
    twice gives the same rows. A fixed number of queries whatever the number of teams
    (policy, thresholds, teams with seats, serving members, one upsert, the audit row)."""
    if isinstance(quarter, str):
        quarter = rules.Quarter.parse(quarter)
    ref = quarter.end
    policy = WarningPolicy.current()
    ratio = policy.member_ratio
    thresholds = young_rules()
    limits: dict[tuple[str, str], int | None] = {}
    teams = (
        LeadershipTeam.objects.annotate(seats=Coalesce(Sum("posts__quota"), 0))
        .values_list("pk", "unit__level", "unit__kind", "seats")
        .order_by("pk")
    )
    members: dict[int, dict[int, dt.date]] = defaultdict(dict)
    serving = Appointment.objects.serving_on(ref).values_list(
        "post__team_id", "cadre_id", "cadre__birth_month"
    )
    for team_id, cadre_id, birth in serving:
        members[team_id][cadre_id] = birth
    summary = RecalcSummary(quarter)
    records = []
    for team_id, level, kind, seats in teams:
        if (level, kind) not in limits:
            limits[(level, kind)] = young_max_age(thresholds, level, kind)
        limit = limits[(level, kind)]
        people = members.get(team_id, {})
        young = sorted(
            cid
            for cid, birth in people.items()
            if limit is not None and age_at(birth, ref) <= limit
        )
        required = rules.required_young(seats, ratio)
        actual = len(young)
        level_now = rules.warning_level(actual, required)
        forecast = None
        if level_now != rules.Level.A:  # A cannot get worse
            forecast = rules.forecast_downgrade(
                [(birth, limit) for birth in people.values()], required, quarter
            )
        records.append(
            WarningRecord(
                team_id=team_id,
                quarter=str(quarter),
                ref_date=ref,
                approved_seats=seats,
                seated=len(people),
                ratio_numerator=ratio.numerator,
                ratio_denominator=ratio.denominator,
                required=required,
                actual=actual,
                gap=rules.gap(required, actual),
                level=level_now,
                young_member_ids=young,
                forecast_quarter=str(forecast.quarter) if forecast else "",
                forecast_level=forecast.level if forecast else "",
            )
        )
        summary.levels[level_now] += 1
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
    return summary
