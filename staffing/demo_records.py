"""Demo records around the demo's appointments (called by ``staffing.demo``): 任免文件
for the last quarter, 任前公示 running and closed, and the fixed statutory holidays."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from pool.models import Rank, Role, RoleGrant, UnitKind
from pool.web.documents import org_department
from staffing import rules
from staffing.models import (
    Appointment,
    AppointmentDocument,
    Holiday,
    Publicity,
    PublicityOutcome,
    PublicityStatus,
)
from staffing.rules import Quarter
from staffing.selectors import UnitTree

# Young staff who may be promoted into (or proposed for) a vacant deputy seat.
JUNIOR_RANKS = {Rank.STAFF_2, Rank.STAFF_1}


def _region_staff() -> dict[int, object]:
    """The demo's 组织部 staff account of each region (county or city), by unit id."""
    return {
        g.unit_id: g.user
        for g in RoleGrant.objects.filter(role=Role.STAFF).select_related("user").order_by("pk")
    }


def documents(rng, tree: UnitTree, last: Quarter, recent, left) -> int:
    """One 任免文件 per region for the last quarter's 任免: the 任命 and 免职 of that
    region entered under it. All but one are 已复核; the last region's stays 待复核
    with one more 任命 stated than entered (a seat still to be keyed in)."""
    by_region: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for a in recent:
        by_region[tree.region_of(a.post.team.unit_id).pk][0].append(a)
    for a in left:
        by_region[tree.region_of(a.post.team.unit_id).pk][1].append(a)
    staff = _region_staff()
    regions = sorted(by_region, key=tree.sort_key)
    for i, region_id in enumerate(regions):
        seated, removed = by_region[region_id]
        region = tree.nodes[region_id]
        # issued before the first 任免 it carries
        first = min([a.start_date for a in seated] + [a.end_date for a in removed])
        issued = max(last.start, first - dt.timedelta(days=rng.randrange(1, 6)))
        pending = i == len(regions) - 1
        reviewer = staff.get(region_id) or next(iter(staff.values()), None)
        document = AppointmentDocument.objects.create(
            unit_id=region_id,
            number=f"{region.name[0]}组任〔{issued.year}〕{rng.randint(61, 99)}号",
            title=f"关于{region.name}部分领导干部职务任免的通知",
            issued_on=issued,
            issuer=org_department(region.name),
            appointments_stated=len(seated) + (1 if pending else 0),
            removals_stated=len(removed),
            reviewed_at=None if pending or reviewer is None else timezone.now(),
            reviewed_by=None if pending else reviewer,
        )
        for a in seated:
            a.document = document
            a.document_number = document.number
        for a in removed:
            a.end_document = document
            a.end_document_number = document.number
    Appointment.objects.bulk_update(recent, ["document", "document_number"], batch_size=500)
    Appointment.objects.bulk_update(left, ["end_document", "end_document_number"], batch_size=500)
    return len(regions)


def publicities(rng, today: dt.date, free, planned, appointments) -> int:
    """任前公示 for a few young staff proposed for vacant deputy seats of townships: some
    running now, some closed last month (期满无异议, one with 反映情况)."""
    seated = defaultdict(int)
    for a in appointments:
        if a.serving_on(today):
            seated[a.post_id] += 1
    vacant = [
        post
        for post, _ in planned
        if not post.is_chief
        and seated[post.pk] < post.quota
        and post.team.unit.kind == UnitKind.TOWNSHIP
        and any(c.rank in JUNIOR_RANKS for c in free[post.team.unit_id])
    ]
    rng.shuffle(vacant)
    holidays = frozenset(Holiday.objects.filter(is_workday=False).values_list("date", flat=True))
    rows = []
    for post in vacant:
        juniors = [c for c in free[post.team.unit_id] if c.rank in JUNIOR_RANKS]
        if not juniors:
            continue  # the unit's young staff are already proposed for another seat
        cadre = rng.choice(juniors)
        free[post.team.unit_id].remove(cadre)
        i = len(rows)
        running = i < 5
        start = today - dt.timedelta(days=rng.randrange(0, 4) if running else rng.randrange(25, 40))
        end = rules.earliest_publicity_end(start, holidays)
        heard = not running and i == 7
        rows.append(
            Publicity(
                cadre=cadre,
                post=post,
                proposed_title=post.title,
                start_date=start,
                end_date=end,
                working_days=rules.working_days(start, end, holidays),
                status=PublicityStatus.OPEN if end >= today else PublicityStatus.CLOSED,
                outcome=""
                if end >= today
                else (PublicityOutcome.OBJECTION if heard else PublicityOutcome.NO_OBJECTION),
                feedback="有干部群众来电反映其工作作风问题，已转交核查" if heard else "",
                closed_at=None if end >= today else timezone.now(),
            )
        )
        if len(rows) == 8:
            break
    Publicity.objects.bulk_create(rows)
    return len(rows)


def holidays(today: dt.date) -> None:
    """The statutory holidays fixed by date (元旦 1 day, 劳动节 2, 国庆节 3) for this year
    and the next; staff add 春节, 清明, 端午, 中秋 and the 调休 days each year."""
    fixed = [((1, 1), "元旦"), ((5, 1), "劳动节"), ((5, 2), "劳动节"),
             ((10, 1), "国庆节"), ((10, 2), "国庆节"), ((10, 3), "国庆节")]  # fmt: skip
    Holiday.objects.bulk_create(
        [
            Holiday(date=dt.date(year, month, day), name=name)
            for year in (today.year, today.year + 1)
            for (month, day), name in fixed
        ],
        ignore_conflicts=True,
    )
