"""Demo data for 考察对象, 超龄 and 积分排序 (called by ``manage.py load_demo`` after
``pool.demo_lists``): a few members near or past their young threshold who entered the
pool last year, inspections in every state (running, one expiring soon, withdrawn,
lapsed, appointed), 任现职级时间 from the 简历, and hand scores for the pool's
members on the items the system cannot compute. Drawn from ``random.Random(seed)``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from pool.demo import HOME_COUNTY
from pool.models import (
    Cadre,
    CareerEntry,
    ManualScore,
    PoolEvent,
    PoolEventKind,
    PoolMembership,
    PoolStatus,
    RecommendationRound,
    Tier,
    Unit,
    Veto,
)
from pool.people import rules, selectors
from pool.selection import age_out, inspections, scoring
from pool.selection import rules as selection_rules

DEFAULT_SEED = 2026
HAND_SCORED = {  # item code -> (low, high) of plausible demo scores
    "political": (82, 98),
    "moral": (80, 98),
    "integrity": (85, 100),
    "performance": (68, 97),
    "special_assessment": (70, 95),
}
POSTS = ["党委副书记", "党委委员、副镇长", "副局长", "党组成员、副主任", "纪委书记"]


@dataclass
class SelectSummary:
    age_out_over: int = 0
    age_out_soon: int = 0
    inspections: dict[str, int] | None = None
    scored: int = 0

    def describe(self) -> list[str]:
        states = "，".join(f"{k} {v}" for k, v in (self.inspections or {}).items())
        return [
            f"超龄提醒：已超龄 {self.age_out_over} 人，6个月内将超龄 {self.age_out_soon} 人；"
            f"考察对象：{states}；积分排序人工评分 {self.scored} 人"
        ]


def _fill_rank_since() -> None:
    """任现职级时间: the start of the latest line of each person's 简历."""
    latest = CareerEntry.objects.filter(cadre=OuterRef("pk")).order_by("-start_month", "-id")
    Cadre.objects.exclude(rank="").update(rank_since=Subquery(latest.values("start_month")[:1]))


def _admit_ageing(rng, county: Unit, today: dt.date, entered: dt.date) -> list[PoolMembership]:
    """Two members already past their threshold and three passing it within six
    months, admitted last year when they were still young."""
    ceilings = selectors.pool_ceilings()
    taken = set(PoolMembership.objects.values_list("cadre_id", flat=True))
    taken |= set(Veto.objects.values_list("cadre_id", flat=True))
    over, soon = [], []
    tree = Unit.objects.descendants(county, include_self=False)
    for cadre in Cadre.objects.filter(unit__in=tree, is_active=True).select_related("unit"):
        if cadre.pk in taken:
            continue
        limit = rules.pool_max_age(ceilings, cadre.rank)
        if limit is None or cadre.age_at(entered) > limit:
            continue  # was not young when the pool took last year's people
        state = selection_rules.age_out_state(cadre.birth_month, limit, today)
        if state == "over":
            over.append(cadre)
        elif state == "soon":
            soon.append(cadre)
    rng.shuffle(over)
    rng.shuffle(soon)
    chosen = over[:2] + soon[:3]
    round_ = RecommendationRound.objects.filter(name=f"{entered.year}年度").first()
    members = [
        PoolMembership(
            cadre=c, round=round_, tier=rng.choice([Tier.NEAR, Tier.MID]), entered_on=entered
        )
        for c in chosen
    ]
    PoolMembership.objects.bulk_create(members)
    PoolEvent.objects.bulk_create(
        PoolEvent(
            membership=m,
            kind=PoolEventKind.ENTRY,
            to_value=m.tier,
            happened_on=entered,
            reason=f"{entered.year}年度推荐",
        )
        for m in members
    )
    return members


def _inspections(rng, staff, members: list[PoolMembership], today: dt.date) -> None:
    """Running (one expiring within ten days), withdrawn, lapsed and appointed."""

    def post(m):
        return f"{m.cadre.unit.name}{rng.choice(POSTS)}"

    def day(m, days_ago):
        return max(m.entered_on + dt.timedelta(days=1), today - dt.timedelta(days=days_ago))

    plan = members[:7]
    for n, m in enumerate(plan):
        start = day(m, [25, 40, 12, 150, 200, 90, 30][n])
        if n in (0, 1, 2, 6):  # running; the first expires within ten days
            expires = today + dt.timedelta(days=[8, 60, 85, 45][(0, 1, 2, 6).index(n)])
            inspections.start_inspection(
                staff, m, proposed_post=post(m), expires_on=expires, on=start
            )
        elif n == 3:  # withdrawn
            i = inspections.start_inspection(
                staff, m, proposed_post=post(m), expires_on=start + dt.timedelta(days=90), on=start
            )
            inspections.withdraw_inspection(
                staff, i, "经研究，该职位另有更合适人选", min(today, start + dt.timedelta(days=40))
            )
        elif n == 4:  # lapses: its expiry passed
            expires = min(today - dt.timedelta(days=1), start + dt.timedelta(days=60))
            inspections.start_inspection(
                staff, m, proposed_post=post(m), expires_on=max(start, expires), on=start
            )
        else:  # appointed
            i = inspections.start_inspection(
                staff, m, proposed_post=post(m), expires_on=today + dt.timedelta(days=30), on=start
            )
            used_on = min(today, start + dt.timedelta(days=45))
            inspections.mark_used(
                i, None, f"东组干〔{used_on.year}〕{rng.randint(10, 60)}号", used_on, user=staff
            )
    inspections.lapse_expired(today)


def _hand_scores(rng, staff, members: list[PoolMembership]) -> int:
    items = {i.code for i in scoring.scheme_items(scoring.active_scheme())}
    codes = [c for c in HAND_SCORED if c in items and not scoring.is_computed(c)]
    ManualScore.objects.bulk_create(
        ManualScore(
            cadre_id=m.cadre_id,
            code=code,
            score=round(rng.uniform(*HAND_SCORED[code]) * 2) / 2,
            recorded_by=staff,
        )
        for m in members
        for code in codes
    )
    return len(members)


@transaction.atomic
def load_select_demo(stdout=None, seed: int = DEFAULT_SEED) -> SelectSummary:
    rng = random.Random(seed * 7 + 6)
    today = timezone.localdate()
    county = Unit.objects.get(name=HOME_COUNTY)
    staff = get_user_model().objects.get(username="zuzhibu")
    _fill_rank_since()
    entered = dt.date(today.year - 1, 9, 1)
    ageing = _admit_ageing(rng, county, today, entered)
    open_members = list(
        PoolMembership.objects.filter(exited_on__isnull=True)
        .exclude(pk__in=[m.pk for m in ageing])
        .select_related("cadre__unit")
        .order_by("tier", "pk")
    )
    rng.shuffle(open_members)
    _inspections(rng, staff, [m for m in open_members if m.entered_on < today], today)
    still_open = list(PoolMembership.objects.filter(exited_on__isnull=True).select_related("cadre"))
    summary = SelectSummary(scored=_hand_scores(rng, staff, still_open))
    summary.inspections = {
        label: n
        for label, n in (
            ("考察中", PoolMembership.objects.filter(status=PoolStatus.INSPECTION).count()),
            ("已任用", PoolMembership.objects.filter(appointment_document__gt="").count()),
            ("撤回/到期", PoolEvent.objects.filter(
                kind__in=[PoolEventKind.WITHDRAWAL, PoolEventKind.LAPSED]).count()),
        )
    }  # fmt: skip
    review = age_out.review(staff, today)
    summary.age_out_over, summary.age_out_soon = len(review.over), len(review.soon)
    if stdout is not None:
        for line in summary.describe():
            stdout.write("  " + line + "\n")
    return summary
