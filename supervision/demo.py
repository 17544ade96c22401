"""Demo supervision records for 江州市 (called by ``manage.py load_demo`` after the
staffing demo, once the pool has members).

Over the last year each unit's young cadres were talked to in bulk after meetings by
the unit's head, the 组织人事部门 and the party secretary, and one by one by their
分管领导, with gaps drawn at random so the 谈话提醒台账 shows overdue people. One
integrity batch from the county 组织部 to the demo 纪委 liaison is partly answered;
a few concerns (one handled with 组织处理, which vetoes that person) and last year's
annual and last quarter's 平时考核 grades complete the picture.
Everything is drawn from ``random.Random(seed)``: one seed, one result.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from pool.models import OPEN_POOL_STATUSES, Cadre, PoolMembership
from pool.selectors import units_for
from supervision import rules, selectors, services
from supervision.models import (
    Assessment,
    AssessmentKind,
    Concern,
    Conclusion,
    Handling,
    IntegrityOpinion,
    IntegrityPurpose,
    IntegrityRequest,
    Talk,
    TalkerLink,
    TalkerRole,
    TalkKind,
    TalkParticipant,
)

DEFAULT_SEED = 2026
STAFF_USERNAME = "zuzhibu"
LIAISON_USERNAME = "jiwei"
# For each bulk role: the chance a unit held such a meeting, and how many months ago.
BULK_TALKS = [
    (TalkerRole.UNIT_HEAD, "单位主要领导", 0.8, (0, 5)),
    (TalkerRole.ORG_DEPT, "县委组织部干部科", 0.75, (1, 8)),
    (TalkerRole.PARTY_SECRETARY, "党委书记", 0.85, (2, 14)),
    (TalkerRole.COUNTY_LEADER, "联系县领导", 0.6, (1, 9)),
]
COUNTY_LEADERS = [
    ("王建国", "县委副书记"),
    ("刘芳", "县委常委、组织部部长"),
    ("陈立新", "副县长"),
    ("赵海峰", "县委常委、宣传部部长"),
]
NOTES = [
    "交流近期思想和工作情况，本人表示愿到基层一线多锻炼",
    "提醒注意工作方法，加强与群众沟通",
    "了解家庭困难情况，协调解决子女入学问题",
    "肯定近期工作成绩，指出统筹协调能力有待提高",
]


@dataclass
class SupervisionSummary:
    talks: int = 0
    participants: int = 0
    overdue: int = 0
    opinions: int = 0
    answered: int = 0
    concerns: int = 0
    vetoes: int = 0
    assessments: int = 0

    def describe(self) -> list[str]:
        return [
            f"谈心谈话 {self.talks} 次（谈话对象 {self.participants} 人次），"
            f"今天逾期未谈 {self.overdue} 项",
            f"廉政意见 {self.opinions} 人，已回复 {self.answered} 人",
            f"问题线索 {self.concerns} 条（一票否决 {self.vetoes} 人），"
            f"考核结果 {self.assessments} 条",
        ]


def reset_supervision_demo() -> None:
    """Delete every talk, integrity request, concern and assessment (before pool's reset,
    which cannot delete cadres and accounts these rows point to)."""
    TalkParticipant.objects.all().delete()
    Talk.objects.all().delete()
    TalkerLink.objects.all().delete()
    IntegrityOpinion.objects.all().delete()
    IntegrityRequest.objects.all().delete()
    Concern.objects.all().delete()
    Assessment.objects.all().delete()


def _ago(rng, today: dt.date, months: tuple[int, int]) -> dt.date:
    day = rules.add_months(today, -rng.randint(*months))
    return min(today, day - dt.timedelta(days=rng.randint(0, 20)))


def _links(members: list[Cadre], today: dt.date) -> None:
    """Each unit with pool members is some 县级领导's 联系点 (in turn) and has a 分管领导."""
    units = {c.unit_id: c.unit for c in members}
    start = dt.date(today.year - 1, 1, 1)
    links = []
    for i, unit in enumerate(units.values()):
        name, title = COUNTY_LEADERS[i % len(COUNTY_LEADERS)]
        links.append(
            TalkerLink(
                talker_role=TalkerRole.COUNTY_LEADER,
                talker_name=name,
                talker_title=title,
                unit=unit,
                started_on=start,
            )
        )
        links.append(
            TalkerLink(
                talker_role=TalkerRole.DEPUTY_HEAD,
                talker_name=f"{unit.name}分管领导",
                talker_title="分管组织工作",
                unit=unit,
                started_on=start,
            )
        )
    TalkerLink.objects.bulk_create(links)


def _talks(rng, members: list[Cadre], today: dt.date, summary: SupervisionSummary):
    by_unit: dict[int, list[Cadre]] = defaultdict(list)
    for cadre in members:
        by_unit[cadre.unit_id].append(cadre)
    planned: list[tuple[Talk, list[Cadre]]] = []
    for people in by_unit.values():
        for role, talker, chance, months in BULK_TALKS:
            for _ in range(2):  # up to two meetings a year per role
                if rng.random() < chance:
                    date = _ago(rng, today, months)
                    talk = Talk(
                        talker_name=talker,
                        talker_role=role,
                        kind=rng.choice([TalkKind.HEART, TalkKind.CARE]),
                        date=date,
                        note=rng.choice(NOTES),
                    )
                    planned.append((talk, people))
        for cadre in people:  # 分管领导, one by one, often but not every month
            if rng.random() < 0.5:
                talk = Talk(
                    talker_name="分管领导",
                    talker_role=TalkerRole.DEPUTY_HEAD,
                    kind=rng.choice(list(TalkKind)),
                    date=_ago(rng, today, (0, 2)),
                    note=rng.choice(NOTES),
                )
                planned.append((talk, [cadre]))
    Talk.objects.bulk_create([t for t, _ in planned])
    rows = [
        TalkParticipant(talk=t, cadre=c, talker_role=t.talker_role, date=t.date)
        for t, people in planned
        for c in people
    ]
    TalkParticipant.objects.bulk_create(rows)
    summary.talks, summary.participants = len(planned), len(rows)


def _integrity(rng, members, staff, liaison, summary: SupervisionSummary) -> None:
    mine = set(units_for(staff).values_list("pk", flat=True))
    people = [c for c in members if c.unit_id in mine][:10]
    if not people or liaison is None:
        return
    req = services.request_integrity_opinions(staff, people, IntegrityPurpose.YEARLY, liaison)
    opinions = list(req.opinions.select_related("cadre"))
    for opinion in opinions[: max(1, len(opinions) * 2 // 3)]:
        conclusion = Conclusion.CHECKING if rng.random() < 0.1 else Conclusion.CLEAR
        services.answer_opinion(liaison, opinion, conclusion, "郑承办", "陈审核")
        summary.answered += 1
    summary.opinions = len(opinions)


def _concerns(rng, members, staff, today, summary: SupervisionSummary) -> None:
    if not members:
        return
    picked = rng.sample(members, min(4, len(members)))
    handlings = [Handling.VERIFY, Handling.REMIND, Handling.CRITICISE, Handling.ORG_MEASURE]
    for cadre, handling in zip(picked, handlings, strict=False):
        received = _ago(rng, today, (2, 10))
        services.record_concern(
            staff,
            cadre,
            source=rng.choice(["信访举报", "巡察反馈", "审计发现"]),
            summary=rng.choice(["反映工作作风漂浮", "反映违规使用公车", "反映对群众态度生硬"]),
            handling=handling,
            received_on=received,
            handled_on=min(today, received + dt.timedelta(days=30)),
        )
        summary.concerns += 1
        summary.vetoes += handling in (Handling.ORG_MEASURE, Handling.DISCIPLINE)


def _assessments(rng, members, today, summary: SupervisionSummary) -> None:
    rows = []
    quarter = (today.month - 1) // 3  # the last finished quarter (0 = last year's Q4)
    q_year, q_number = (today.year, quarter) if quarter else (today.year - 1, 4)
    for cadre in members:
        grade = rng.choices(["优秀", "称职", "基本称职"], [3, 12, 1])[0]
        rows.append(
            Assessment(cadre=cadre, year=today.year - 1, kind=AssessmentKind.ANNUAL, grade=grade)
        )
        if rng.random() < 0.6:
            grade = rng.choices(["好", "较好", "一般", "较差"], [5, 8, 2, 1])[0]
            rows.append(
                Assessment(
                    cadre=cadre,
                    year=q_year,
                    kind=AssessmentKind.QUARTERLY,
                    quarter=q_number,
                    grade=grade,
                )
            )
    Assessment.objects.bulk_create(rows)
    summary.assessments = len(rows)


def load_supervision_demo(
    stdout=None, seed: int = DEFAULT_SEED, today: dt.date | None = None
) -> SupervisionSummary:
    """Create the demo talks, integrity opinions, concerns and assessments."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    summary = SupervisionSummary()
    members = [
        m.cadre
        for m in PoolMembership.objects.filter(status__in=OPEN_POOL_STATUSES)
        .select_related("cadre")
        .order_by("cadre__unit_id", "cadre_id")
    ]
    users = get_user_model().objects.in_bulk(
        [STAFF_USERNAME, LIAISON_USERNAME], field_name="username"
    )
    staff, liaison = users.get(STAFF_USERNAME), users.get(LIAISON_USERNAME)
    _links(members, today)
    _talks(rng, members, today, summary)
    if staff is not None:
        _integrity(rng, members, staff, liaison, summary)
        _concerns(rng, members, staff, today, summary)
        summary.overdue = len(selectors.overdue(staff, today))
    _assessments(rng, members, today, summary)
    if stdout is not None:
        stdout.write(f"监督管理演示数据：谈话 {summary.talks} 次，考核 {summary.assessments} 条\n")
    return summary
