"""Demo recommendation lists and pool for the home county of the demo city (called by
``manage.py load_demo`` after ``pool.demo.load_demo``).

Two rounds: last year's (closed; its accepted people form most of the pool, with a
year of history: tier changes, promotions, an age-out, a transfer and re-entry, one
veto) and this year's, open, with lists from most townships and departments in every
status (three returned because 推荐理由过于笼统), two sector lists and the 组织部门's
own list that name some people a second time. 青石镇's list is left as a short draft
for the demo login to finish. Everything is drawn from ``random.Random(seed)``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from pool.demo import HOME_COUNTY
from pool.models import (
    Cadre,
    Decision,
    ExitReason,
    ListKind,
    ListStatus,
    PoolEvent,
    PoolEventKind,
    PoolMembership,
    PoolStatus,
    Recommendation,
    RecommendationList,
    RecommendationRound,
    RecommendMethod,
    Tier,
    Unit,
    UnitKind,
    UnitLevel,
    Veto,
)
from pool.people import rules, selectors
from pool.selection import selectors as selection_selectors

DEFAULT_SEED = 2026
UNIT_CAP = 5
VAGUE_REASON = "推荐理由过于笼统，请补充具体事例和工作实绩"
STRENGTHS = [
    "政治立场坚定，工作作风扎实",
    "敢于担当、善于攻坚",
    "熟悉基层情况，群众工作能力强",
    "专业素养好，学习能力强",
    "组织协调能力强，肯吃苦",
]
FIELDS = [
    "乡村振兴", "防汛救灾", "招商引资", "信访维稳", "重点项目建设", "基层党建",
    "人居环境整治", "营商环境优化", "森林防火", "耕地保护",
]  # fmt: skip
SECTOR_FIELDS = {"教育卫生": ["教育质量提升", "医共体建设", "校园安全"], "经济": ["园区建设"]}
ACHIEVEMENTS = [
    "牵头完成{n}个村的人居环境整治，相关做法被县委改革办推介",
    "年度考核连续{n}年被评为优秀",
    "协调解决重点项目征地拆迁问题{n}个，项目按期开工",
    "化解信访积案{n}件，所在片区连续两年零越级上访",
    "引进项目{n}个，合同金额累计超过{m}亿元",
    "参与编制{n}项县级专项规划",
]
VAGUE = ["表现良好，工作积极。", "工作认真负责，能力较强。", "同志们反映较好，建议推荐。"]
# Shares of this year's unit lists by status (three more are returned, one is 青石镇's draft).
STATUS_WEIGHTS = [
    (ListStatus.DRAFT, 1),
    (ListStatus.SUBMITTED, 3),
    (ListStatus.UNDER_REVIEW, 2),
    (ListStatus.ACCEPTED, 4),
]
RETURNED_LISTS = 3
# What became of some of last year's members (by position in the list): a year of history.
EXITS = {
    0: (ExitReason.PROMOTED, "任乡镇党委副书记"),
    1: (ExitReason.PROMOTED, "任县直单位副局长"),
    2: (ExitReason.OVER_AGE, "已超过本职级年轻干部年龄上限"),
    3: (ExitReason.TRANSFERRED, "调往市直单位工作"),
    4: (ExitReason.VETO, "受到党内警告处分，影响期内不得提拔"),
}
TRANSFERRED_INDEX = 3
TAKE_SHARE = 0.85  # units that have a list this year


@dataclass
class ListsSummary:
    rounds: list[str] = field(default_factory=list)
    lists_by_status: dict[str, int] = field(default_factory=dict)
    recommendations: int = 0
    two_sources: int = 0
    members_by_tier: dict[str, int] = field(default_factory=dict)
    events: int = 0
    vetoes: int = 0

    def describe(self) -> list[str]:
        labels = dict(ListStatus.choices)
        statuses = "，".join(f"{labels[s]} {n}" for s, n in self.lists_by_status.items() if n)
        tiers = dict(Tier.choices)
        pool = "，".join(f"{tiers[t]} {n}" for t, n in self.members_by_tier.items())
        return [
            f"推荐批次：{'、'.join(self.rounds)}；本年度清单 {sum(self.lists_by_status.values())}"
            f" 份（{statuses}），推荐人选 {self.recommendations} 人次，"
            f"其中 {self.two_sources} 人被两份以上清单推荐",
            f"年轻干部库在库 {sum(self.members_by_tier.values())} 人（{pool}），"
            f"入库历史 {self.events} 条，一票否决 {self.vetoes} 人",
        ]


class _Builder:
    """Collects rows in memory and writes them in a few bulk inserts."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng = rng
        self.today = today
        self.now = timezone.now()

    def reason(self, cadre: Cadre, vague: bool = False) -> str:
        if vague:
            return self.rng.choice(VAGUE)
        fields = SECTOR_FIELDS.get(cadre.unit.sector, []) + FIELDS
        return (
            f"{self.rng.choice(STRENGTHS)}，在{self.rng.choice(fields)}工作中"
            f"{self.rng.choice(['冲锋在前', '主动担当', '表现突出', '成效明显'])}，"
            f"{self.rng.choice(['群众公认度高', '班子成员评价好', '具备进一步培养的潜力'])}。"
        )

    def achievements(self) -> str:
        return self.rng.choice(ACHIEVEMENTS).format(
            n=self.rng.randint(2, 6), m=self.rng.randint(2, 9)
        )

    def recommendation(self, rec_list, cadre, vague=False, decision=Decision.PENDING):
        method = self.rng.choices(
            [RecommendMethod.MEETING, RecommendMethod.DEMOCRATIC, RecommendMethod.INDIVIDUAL],
            [5, 3, 2],
        )[0]
        votes_total = votes_for = None
        if method == RecommendMethod.DEMOCRATIC:
            votes_total = self.rng.randint(25, 60)
            votes_for = votes_total - self.rng.randint(0, 8)
        return Recommendation(
            rec_list=rec_list,
            cadre=cadre,
            reason=self.reason(cadre, vague),
            achievements="" if vague else self.achievements(),
            method=method,
            votes_for=votes_for,
            votes_total=votes_total,
            decision=decision,
            decided_at=self.now if decision != Decision.PENDING else None,
        )

    def stamp(self, days_ago: int) -> dt.datetime:
        return self.now - dt.timedelta(days=days_ago, hours=self.rng.randint(0, 8))


def reset_lists_demo() -> None:
    """Delete every round, list, recommendation, pool stay and veto (demo reset)."""
    PoolEvent.objects.all().delete()
    PoolMembership.objects.all().delete()
    Veto.objects.all().delete()
    Recommendation.objects.all().delete()
    RecommendationList.objects.all().delete()
    RecommendationRound.objects.all().delete()


def _young_people(county: Unit, today: dt.date):
    """The county's units (townships and departments, each with its internal bodies)
    and, for each, its people who are young for their seat, youngest last."""
    tree = list(Unit.objects.descendants(county, include_self=False))
    top = [
        u
        for u in tree
        if u.parent_id == county.pk and u.kind in (UnitKind.TOWNSHIP, UnitKind.PARTY_GOV_DEPT)
    ]
    top.sort(key=lambda u: (u.kind != UnitKind.TOWNSHIP, u.position, u.pk))
    owner = {u.pk: u.pk for u in top}
    for unit in tree:  # internal bodies belong to their department's list
        if unit.parent_id in owner and unit.pk not in owner:
            owner[unit.pk] = owner[unit.parent_id]
    ceilings = selectors.pool_ceilings()
    people: dict[int, list[Cadre]] = defaultdict(list)
    sector_people: dict[str, list[Cadre]] = defaultdict(list)
    for cadre in Cadre.objects.filter(unit__in=tree, is_active=True).select_related("unit"):
        if not rules.is_young_person(cadre.birth_month, cadre.rank, ceilings, today):
            continue
        if cadre.unit_id in owner:
            people[owner[cadre.unit_id]].append(cadre)
        if cadre.unit.sector:
            sector_people[cadre.unit.sector].append(cadre)
    return top, people, sector_people


@transaction.atomic
def load_lists_demo(stdout=None, seed: int = DEFAULT_SEED) -> ListsSummary:
    """Build the demo rounds, lists and pool for the home county; see the module doc."""
    summary = ListsSummary()
    county = Unit.objects.filter(name=HOME_COUNTY, level=UnitLevel.COUNTY).first()
    if county is None:
        return summary
    rng = random.Random(seed * 7 + 6)
    today = timezone.localdate()
    b = _Builder(rng, today)
    top, people, sector_people = _young_people(county, today)
    for pool in people.values():
        rng.shuffle(pool)

    previous = RecommendationRound.objects.create(
        name=f"{today.year - 1}年度",
        opens_on=dt.date(today.year - 1, 6, 1),
        closes_on=dt.date(today.year - 1, 7, 15),
        unit_cap=UNIT_CAP,
        is_open=False,
    )
    current = RecommendationRound.objects.create(
        name=f"{today.year}年度",
        opens_on=today - dt.timedelta(days=40),
        closes_on=today + dt.timedelta(days=40),
        unit_cap=UNIT_CAP,
        is_open=True,
    )
    summary.rounds = [previous.name, current.name]

    # Last year: 1-2 people per unit, all accepted into the pool in September; at least
    # two young people stay for this year's list (small demo scales have few).
    last_lists, last_recs, last_people = [], [], []
    for unit in top:
        pool = people[unit.pk]
        chosen = [pool.pop() for _ in range(max(0, min(len(pool) - 2, rng.choice((1, 2, 2)))))]
        if not chosen:
            continue
        rec_list = RecommendationList(
            round=previous,
            kind=ListKind.UNIT,
            unit=unit,
            status=ListStatus.ACCEPTED,
            submitted_at=b.stamp(400),
            reviewed_at=b.stamp(380),
        )
        last_lists.append(rec_list)
        for cadre in chosen:
            last_recs.append(b.recommendation(rec_list, cadre, decision=Decision.ACCEPTED))
            last_people.append(cadre)
    RecommendationList.objects.bulk_create(last_lists)
    Recommendation.objects.bulk_create(last_recs)

    # This year's unit lists.
    qingshi = next((u for u in top if u.name == "青石镇"), None)
    others = [u for u in top if u is not qingshi and people[u.pk]]
    taking = [u for u in others if rng.random() < TAKE_SHARE]
    returned = set(rng.sample(range(len(taking)), min(RETURNED_LISTS, len(taking))))
    lists, recs = [], []
    on_lists: dict[int, list[RecommendationList]] = defaultdict(list)
    for i, unit in enumerate(taking):
        if i in returned:
            status = ListStatus.RETURNED
        else:
            status = rng.choices([s for s, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS])[0]
        rec_list = RecommendationList(round=current, kind=ListKind.UNIT, unit=unit, status=status)
        if status != ListStatus.DRAFT:
            rec_list.submitted_at = b.stamp(rng.randint(5, 30))
        if status in (ListStatus.ACCEPTED, ListStatus.RETURNED):
            rec_list.reviewed_at = b.stamp(rng.randint(1, 4))
        if status == ListStatus.RETURNED:
            rec_list.return_reason = VAGUE_REASON
        lists.append(rec_list)
        pool = people[unit.pk]
        for cadre in [pool.pop() for _ in range(min(len(pool), rng.randint(2, 4)))]:
            recs.append(b.recommendation(rec_list, cadre, vague=status == ListStatus.RETURNED))
            on_lists[cadre.pk].append(rec_list)
    if qingshi is not None and people[qingshi.pk]:
        draft = RecommendationList(round=current, kind=ListKind.UNIT, unit=qingshi)
        lists.append(draft)
        for cadre in people[qingshi.pk][:2]:
            recs.append(b.recommendation(draft, cadre))

    # Sector lists and the 组织部门's own list: partly the same people, a second source.
    visible = {
        r.cadre.pk: r.cadre
        for r in recs
        if r.rec_list.status not in (ListStatus.DRAFT, ListStatus.RETURNED)
    }
    in_pool = {c.pk for c in last_people}
    for sector, status in (("教育卫生", ListStatus.SUBMITTED), ("经济", ListStatus.UNDER_REVIEW)):
        again = [c for c in visible.values() if c.unit.sector == sector]
        fresh = [c for c in sector_people[sector] if c.pk not in on_lists and c.pk not in in_pool]
        chosen = rng.sample(again, min(2, len(again))) + rng.sample(fresh, min(2, len(fresh)))
        if not chosen:
            continue
        rec_list = RecommendationList(
            round=current,
            kind=ListKind.SECTOR,
            unit=county,
            sector=sector,
            status=status,
            submitted_at=b.stamp(rng.randint(3, 12)),
        )
        lists.append(rec_list)
        for cadre in chosen:
            recs.append(b.recommendation(rec_list, cadre))
            on_lists[cadre.pk].append(rec_list)
    org_people = rng.sample(list(visible.values()), min(3, len(visible)))
    # Last year's member who transferred away came back and is recommended again (re-entry).
    returning = last_people[TRANSFERRED_INDEX] if len(last_people) > TRANSFERRED_INDEX else None
    if returning is not None:
        org_people.append(returning)
    if org_people:
        org = RecommendationList(
            round=current,
            kind=ListKind.ORG,
            unit=county,
            status=ListStatus.ACCEPTED,
            submitted_at=b.stamp(10),
            reviewed_at=b.stamp(8),
        )
        lists.append(org)
        for cadre in org_people:
            recs.append(b.recommendation(org, cadre))
            on_lists[cadre.pk].append(org)
    RecommendationList.objects.bulk_create(lists)
    Recommendation.objects.bulk_create(recs)
    summary.recommendations = len(recs)
    summary.two_sources = sum(1 for ls in on_lists.values() if len(ls) > 1)
    summary.lists_by_status = {
        s: sum(1 for rl in lists if rl.status == s) for s in ListStatus.values
    }

    # The pool: last year's people with a year of history, then this year's admissions.
    memberships, events, vetoes = [], [], []
    entered = dt.date(today.year - 1, 9, 1)

    def event(m, kind, on, to="", before="", reason=""):
        events.append(
            PoolEvent(
                membership=m,
                kind=kind,
                from_value=before,
                to_value=to,
                happened_on=on,
                reason=reason,
            )
        )

    tiers = [Tier.NEAR, Tier.MID, Tier.MID, Tier.LONG]
    later = min(today - dt.timedelta(days=60), dt.date(today.year, 3, 15))
    for n, cadre in enumerate(last_people):
        tier = rng.choice(tiers)
        m = PoolMembership(cadre=cadre, round=previous, tier=tier, entered_on=entered)
        memberships.append(m)
        event(m, PoolEventKind.ENTRY, entered, to=tier, reason=f"{previous.name}推荐")
        if tier != Tier.NEAR and rng.random() < 0.3:
            new = Tier.NEAR if tier == Tier.MID else Tier.MID
            event(m, PoolEventKind.TIER_CHANGE, later, to=new, before=tier, reason="年度考核优秀")
            m.tier = new
        if n in EXITS:
            why, note = EXITS[n]
            m.exited_on = min(later + dt.timedelta(days=30 + n), today - dt.timedelta(days=1))
            m.exit_reason, m.exit_note = why, note
            m.status = PoolStatus.USED if why == ExitReason.PROMOTED else PoolStatus.EXITED
            kind = PoolEventKind.USED if why == ExitReason.PROMOTED else PoolEventKind.EXIT
            event(m, kind, m.exited_on, to=why, before=PoolStatus.IN_POOL, reason=note)
            if why == ExitReason.VETO:
                vetoes.append(
                    Veto(
                        cadre=cadre,
                        reason=note,
                        source="县纪委监委党纪处分决定",
                        recorded_at=timezone.make_aware(
                            dt.datetime.combine(m.exited_on, dt.time(10))
                        ),
                    )
                )
    accepted = [
        r for r in recs if r.rec_list.status == ListStatus.ACCEPTED and r.cadre_id not in in_pool
    ]
    admitted: dict[int, PoolMembership] = {}
    for r in accepted[:26]:
        if r.cadre_id in admitted:
            continue
        tier = rng.choices([Tier.NEAR, Tier.MID, Tier.LONG], [2, 5, 3])[0]
        on = today - dt.timedelta(days=rng.randint(2, 6))
        m = PoolMembership(cadre=r.cadre, round=current, tier=tier, entered_on=on)
        admitted[r.cadre_id] = m
        event(m, PoolEventKind.ENTRY, on, to=tier, reason=f"{current.name}推荐")
    if returning is not None:
        m = PoolMembership(cadre=returning, round=current, tier=Tier.MID, entered_on=today)
        admitted[returning.pk] = m
        event(m, PoolEventKind.RE_ENTRY, today, to=Tier.MID, reason="调回本县后重新推荐入库")
    memberships += admitted.values()
    PoolMembership.objects.bulk_create(memberships)
    for e in events:
        e.membership_id = e.membership.pk
    PoolEvent.objects.bulk_create(events)
    Veto.objects.bulk_create(vetoes)
    Recommendation.objects.filter(
        rec_list__round=current,
        rec_list__status__in=selection_selectors.CANDIDATE_LIST_STATUSES,
        cadre_id__in=list(admitted),
    ).update(decision=Decision.ACCEPTED, decided_at=b.now)

    open_members = [m for m in memberships if m.exited_on is None]
    summary.members_by_tier = {t: sum(1 for m in open_members if m.tier == t) for t in Tier.values}
    summary.events = len(events)
    summary.vetoes = len(vetoes)
    if stdout is not None:
        for line in summary.describe():
            stdout.write("  " + line + "\n")
    return summary
