"""Demo leadership teams for 江州市 (called by ``manage.py load_demo`` after pool's demo).

Every township, county department, county internal body and county leadership
gets a team with posts and 核定职数, and the demo cadres of that unit are seated
in the posts their ``current_position`` names (chiefs from 正科/正处, deputies
from 副科/副处). Some vacant deputy seats went to young staff during the last
quarter (a recent 提拔), a few seats stay vacant and a few deputies left during
the last quarter, so the ledger shows an A/B/C mix and movement between quarters.
Everything is drawn from ``random.Random(seed)``: one seed, one result.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q

from pool.models import Cadre, CareerEntry, Rank, Unit, UnitKind, UnitLevel
from staffing import demo_records, rules
from staffing.demo_records import JUNIOR_RANKS
from staffing.models import (
    Appointment,
    AppointmentDocument,
    Holiday,
    LeadershipTeam,
    Post,
    Publicity,
    WarningRecord,
)
from staffing.rules import Quarter
from staffing.selectors import UnitTree

DEFAULT_SEED = 2026
# Shares of the seeded draws (tuned so the demo shows some A, more B and C).
PROMOTE_JUNIOR = 0.7  # a vacant deputy seat given to a young staff member
PROMOTED_LAST_QUARTER = 0.4  # ... during the last finished quarter (else 6-30 months ago)
LEFT_LAST_QUARTER = 0.06  # a deputy who left during the last finished quarter
LEFT_VACANT = 0.04  # a deputy seat never filled


@dataclass(frozen=True)
class PostSpec:
    title: str
    is_chief: bool
    quota: int
    pattern: str  # matches the holder's position after the unit's name


@dataclass
class StaffingSummary:
    teams: int = 0
    posts: int = 0
    seats: int = 0
    appointments: int = 0
    vacant: int = 0
    documents: int = 0
    publicities: int = 0
    probations: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def _township_posts(name: str) -> list[PostSpec]:
    if name.endswith("街道"):
        return [
            PostSpec("党工委书记", True, 1, r"^党工委书记$"),
            PostSpec("办事处主任", True, 1, r"^党工委副书记、办事处主任$"),
            PostSpec("党工委副书记", False, 1, r"^党工委副书记$"),
            PostSpec("党工委委员", False, 3, r"^党工委委员、"),
            PostSpec("武装部部长", False, 1, r"^武装部部长$"),
            PostSpec("办事处副主任", False, 2, r"^办事处副主任$"),
        ]
    c = name[-1]  # 镇 / 乡
    return [
        PostSpec("党委书记", True, 1, r"^党委书记$"),
        PostSpec(f"{c}长", True, 1, rf"^党委副书记、{c}长$"),
        PostSpec("党委副书记", False, 1, r"^党委副书记$"),
        PostSpec("党委委员", False, 3, r"^党委委员、"),
        PostSpec("武装部部长", False, 1, r"^武装部部长$"),
        PostSpec(f"副{c}长", False, 2, rf"^副{c}长$"),
    ]


def _department_posts(name: str) -> list[PostSpec]:
    if name.endswith("政法委"):
        chief, deputy = "常务副书记", "副书记"
    elif name.endswith("部"):
        chief, deputy = "常务副部长", "副部长"
    elif name.endswith("局"):
        chief, deputy = "局长", "副局长"
    else:
        chief, deputy = "主任", "副主任"
    member = "部务委员" if name.endswith("部") else "党组成员"
    return [
        PostSpec(chief, True, 1, rf"^{chief}$"),
        PostSpec(deputy, False, 4, rf"^{deputy}$"),
        PostSpec(member, False, 1, rf"^{member}$"),
    ]


def _body_posts(name: str) -> list[PostSpec]:
    head = {"科": "科长", "股": "股长"}.get(name[-1], "主任")
    return [PostSpec(head, True, 1, rf"^{head}$"), PostSpec("副" + head, False, 2, rf"^副{head}$")]


def _county_posts(name: str) -> list[PostSpec]:
    s = name[-1]  # 县 / 区
    return [
        PostSpec(f"{s}委书记", True, 1, r"^委书记$"),
        PostSpec(f"{s}长", True, 1, rf"^{s}长$"),
        PostSpec(f"{s}委副书记", False, 1, r"^委副书记$"),
        PostSpec(f"{s}委常委", False, 5, r"^委常委、"),
        PostSpec(f"副{s}长", False, 3, rf"^副{s}长$"),
    ]


def _team_units() -> list[Unit]:
    """Townships, county departments and their internal bodies, county leaderships."""
    wanted = Q(kind__in=[UnitKind.TOWNSHIP, UnitKind.COUNTY_LEADERSHIP]) | Q(
        level=UnitLevel.COUNTY, kind__in=[UnitKind.PARTY_GOV_DEPT, UnitKind.INTERNAL_BODY]
    )
    return list(Unit.objects.filter(wanted).select_related("parent").order_by("pk"))


def _specs(unit: Unit) -> tuple[list[PostSpec], str]:
    """The posts of ``unit`` and the prefix its people's positions start with."""
    if unit.kind == UnitKind.TOWNSHIP:
        return _township_posts(unit.name), unit.name
    if unit.kind == UnitKind.COUNTY_LEADERSHIP:
        return _county_posts(unit.name), unit.name
    if unit.kind == UnitKind.INTERNAL_BODY:
        return _body_posts(unit.name), unit.parent.name + unit.name
    return _department_posts(unit.name), unit.name


CHIEF_RANKS = {Rank.SECTION_CHIEF, Rank.DIVISION_CHIEF}
DEPUTY_RANKS = {Rank.SECTION_DEPUTY, Rank.DIVISION_DEPUTY}


@dataclass
class Seat:
    cadre: Cadre
    promoted: bool = False  # a young staff member given a vacant deputy seat
    recent: bool = False  # ... during the last finished quarter


def _document(rng: random.Random, issuer: str, year: int) -> str:
    return f"{issuer}组任〔{year}〕{rng.randint(1, 60)}号"


def reset_staffing_demo() -> None:
    """Delete every warning record, appointment, post and team (before pool's reset,
    which cannot delete units and cadres these rows point to)."""
    WarningRecord.objects.all().delete()
    Publicity.objects.all().delete()
    Appointment.objects.all().delete()
    AppointmentDocument.objects.all().delete()
    Holiday.objects.all().delete()
    Post.objects.all().delete()
    LeadershipTeam.objects.all().delete()


def load_staffing_demo(stdout=None, seed: int = DEFAULT_SEED, today: dt.date | None = None):
    """Create the demo teams, posts and appointments; returns a StaffingSummary."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    rng = random.Random(seed)
    today = today or dt.date.today()
    last = Quarter.last_finished(today)
    units = _team_units()
    tree = UnitTree()
    unit_ids = [u.pk for u in units]
    free: dict[int, list[Cadre]] = defaultdict(list)  # people of each unit not yet seated
    for cadre in Cadre.objects.filter(unit__in=unit_ids, is_active=True).order_by("pk"):
        free[cadre.unit_id].append(cadre)
    bodies: dict[int, list[int]] = defaultdict(list)
    for unit in units:
        if unit.kind == UnitKind.INTERNAL_BODY:
            bodies[unit.parent_id].append(unit.pk)
    since = dict(
        CareerEntry.objects.filter(end_month__isnull=True, cadre__unit__in=unit_ids)
        .values("cadre_id")
        .annotate(start=Max("start_month"))
        .values_list("cadre_id", "start")
    )
    summary = StaffingSummary()
    with transaction.atomic():
        teams = LeadershipTeam.objects.bulk_create([LeadershipTeam(unit=u) for u in units])
        planned: list[tuple[Post, list[Seat]]] = []
        for team, unit in zip(teams, units, strict=True):
            specs, prefix = _specs(unit)
            seats = _seat_by_position(rng, specs, prefix, free[unit.pk])
            # A vacant deputy seat is often given to a young staff member of the unit
            # (or of a department's internal bodies): a 提拔, some during the last quarter.
            juniors = [free[unit.pk], *[free[b] for b in bodies.get(unit.pk, [])]]
            _promote(rng, seats, juniors)
            for position, (spec, holders) in enumerate(seats):
                post = Post(
                    team=team,
                    title=spec.title,
                    is_chief=spec.is_chief,
                    quota=spec.quota,
                    position=position,
                )
                planned.append((post, holders))
                summary.seats += spec.quota
            summary.by_kind[unit.kind] = summary.by_kind.get(unit.kind, 0) + 1
        Post.objects.bulk_create([post for post, _ in planned])
        # 任免文号 of the appointing region: 江组任 for county leaderships, 北组任 in 北山县
        issuers = {u.pk: tree.region_of(u.pk).name[0] for u in units}
        appointments = []
        recent: list[Appointment] = []  # seated during the last finished quarter
        left_last_quarter: list[Appointment] = []
        for post, holders in planned:
            issuer = issuers[post.team.unit_id]
            for seat in holders:
                if seat.recent:
                    start = last.start + dt.timedelta(days=rng.randrange(85))
                elif seat.promoted:
                    start = _months_ago(rng, today, 6, 30)
                else:
                    start = min(since.get(seat.cadre.pk) or _months_ago(rng, today, 6, 48), today)
                appointment = Appointment(
                    cadre=seat.cadre,
                    post=post,
                    start_date=start,
                    document_number=_document(rng, issuer, start.year),
                    # a 提拔 into a deputy seat: one year of 试用期
                    probation_until=rules.probation_until(start) if seat.promoted else None,
                )
                if seat.recent:
                    recent.append(appointment)
                if not post.is_chief and not seat.recent and rng.random() < LEFT_LAST_QUARTER:
                    left = last.start + dt.timedelta(days=rng.randrange(85))
                    if left > start:
                        appointment.end_date = left
                        appointment.end_document_number = _document(rng, issuer, left.year).replace(
                            "任", "免"
                        )
                        left_last_quarter.append(appointment)
                appointments.append(appointment)
        Appointment.objects.bulk_create(appointments)
        summary.documents = demo_records.documents(rng, tree, last, recent, left_last_quarter)
        demo_records.holidays(today)
        summary.publicities = demo_records.publicities(rng, today, free, planned, appointments)
    summary.teams = len(teams)
    summary.posts = len(planned)
    summary.appointments = len(appointments)
    serving = sum(1 for a in appointments if a.end_date is None)
    summary.vacant = summary.seats - serving
    summary.probations = sum(1 for a in appointments if a.probation_until)
    say(
        f"领导班子 {summary.teams} 个，职位 {summary.posts} 个，核定职数 {summary.seats} 名，"
        f"在任 {serving} 名，空缺 {summary.vacant} 名"
    )
    say(
        f"任免文件 {summary.documents} 份，任前公示 {summary.publicities} 人，"
        f"实行试用期的提拔任职 {summary.probations} 人"
    )
    return summary


def _seat_by_position(rng, specs: list[PostSpec], prefix: str, free: list[Cadre]):
    """Seat the unit's people in the posts their positions name, then by rank (chiefs
    from 正科/正处, deputies from 副科/副处). Returns ``[(spec, seats)]`` in post order."""
    seats: list[tuple[PostSpec, list[Seat]]] = [(spec, []) for spec in specs]
    for spec, holders in seats:
        pattern = re.compile(spec.pattern)
        for cadre in list(free):
            rest = cadre.current_position.removeprefix(prefix)
            if len(holders) < spec.quota and pattern.search(rest):
                free.remove(cadre)
                if spec.is_chief or rng.random() >= LEFT_VACANT:
                    holders.append(Seat(cadre))  # else the seat stays unfilled
    for spec, holders in seats:
        ranks = CHIEF_RANKS if spec.is_chief else DEPUTY_RANKS
        for cadre in [c for c in free if c.rank in ranks]:
            if len(holders) < spec.quota:
                holders.append(Seat(cadre))
                free.remove(cadre)
    return seats


def _promote(rng, seats, juniors: list[list[Cadre]]) -> None:
    for spec, holders in seats:
        if spec.is_chief or len(holders) >= spec.quota or rng.random() >= PROMOTE_JUNIOR:
            continue
        pools = [pool for pool in juniors if any(c.rank in JUNIOR_RANKS for c in pool)]
        if pools:
            pool = rng.choice(pools)
            cadre = rng.choice([c for c in pool if c.rank in JUNIOR_RANKS])
            pool.remove(cadre)
            holders.append(Seat(cadre, True, rng.random() < PROMOTED_LAST_QUARTER))


def _months_ago(rng, today: dt.date, low: int, high: int) -> dt.date:
    months = today.year * 12 + today.month - 1 - rng.randint(low, high)
    return dt.date(months // 12, months % 12 + 1, 1)
