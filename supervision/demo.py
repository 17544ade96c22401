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
from pool.people.selectors import units_for
from supervision import rules, selectors, services
from supervision.models import (
    Assessment,
    AssessmentKind,
    AuditCategory,
    CheckFinding,
    CheckKind,
    Concern,
    Conclusion,
    FileAuditRecord,
    FileItem,
    FilingKind,
    Handling,
    IntegrityOpinion,
    IntegrityPurpose,
    IntegrityRequest,
    KeyTaskCategory,
    KeyTaskPerformance,
    PersonalMattersReport,
    PoliticalFileEntry,
    PoliticalSource,
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
    political: int = 0
    key_tasks: int = 0
    reports: int = 0
    mismatches: int = 0
    file_audits: int = 0

    def describe(self) -> list[str]:
        return [
            f"谈心谈话 {self.talks} 次（谈话对象 {self.participants} 人次），"
            f"今天逾期未谈 {self.overdue} 项",
            f"廉政意见 {self.opinions} 人，已回复 {self.answered} 人",
            f"问题线索 {self.concerns} 条（一票否决 {self.vetoes} 人），"
            f"考核结果 {self.assessments} 条",
            f"政治素质档案 {self.political} 条，重点工作表现 {self.key_tasks} 条，"
            f"个人有关事项报告 {self.reports} 份（漏报、瞒报 {self.mismatches} 份），"
            f"档案专项审核 {self.file_audits} 项",
        ]


def reset_supervision_demo() -> None:
    """Delete every talk, integrity request, concern and assessment (before pool's reset,
    which cannot delete cadres and accounts these rows point to)."""
    TalkParticipant.objects.all().delete()
    Talk.objects.all().delete()
    TalkerLink.objects.all().delete()
    PersonalMattersReport.objects.all().delete()
    FileAuditRecord.objects.all().delete()
    PoliticalFileEntry.objects.all().delete()
    KeyTaskPerformance.objects.all().delete()
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


FINDINGS = [
    "理想信念坚定，对党忠诚，在重大任务中旗帜鲜明讲政治",
    "政治敏锐性较强，能够自觉在思想上政治上行动上同党中央保持高度一致",
    "家访中了解到本人严格要求家属，家风良好",
    "巡察中未发现政治方面问题，群众评价较好",
]
KEY_TASKS = [
    (KeyTaskCategory.RURAL, "高标准农田建设", "牵头推进农田建设，按期完成任务"),
    (KeyTaskCategory.PETITION, "信访积案化解", "包案化解信访积案，稳控到位"),
    (KeyTaskCategory.MAJOR_PROJECT, "产业园区项目建设", "驻点协调征地拆迁，保障项目开工"),
    (KeyTaskCategory.INVESTMENT, "招商引资专班", "参与对接客商，促成项目签约"),
    (KeyTaskCategory.GOVERNANCE, "网格化治理", "完善网格员队伍，矛盾就地化解"),
    (KeyTaskCategory.EMERGENCY, "防汛抢险", "连续值守一线，转移群众及时"),
]


def _records(rng, members, staff, today, summary: SupervisionSummary) -> None:
    """政治素质档案, 重点工作表现 and this year's 个人有关事项 reports (a few checked)."""
    political, tasks, reports = [], [], []
    for cadre in members:
        if rng.random() < 0.4:
            political.append(
                PoliticalFileEntry(
                    cadre=cadre,
                    source=rng.choice(list(PoliticalSource)),
                    date=_ago(rng, today, (1, 18)),
                    finding=rng.choice(FINDINGS),
                    evaluator=rng.choice(["县委组织部考察组", "县委巡察组", "县委组织部家访组"]),
                )
            )
        for _ in range(rng.choice([0, 1, 1, 2])):
            category, name, text = rng.choice(KEY_TASKS)
            start = _ago(rng, today, (3, 24))
            tasks.append(
                KeyTaskPerformance(
                    cadre=cadre,
                    category=category,
                    task_name=name,
                    started_on=start,
                    ended_on=min(today, rules.add_months(start, rng.randint(2, 8))),
                    performance=text,
                    rating=rng.choices(["优秀", "良好", "一般", "较差"], [4, 8, 3, 1])[0],
                    unit_id=cadre.unit_id,
                )
            )
        due = dt.date(today.year, 3, 31)
        returned = due - dt.timedelta(days=rng.randint(0, 30)) if rng.random() < 0.9 else None
        reports.append(
            PersonalMattersReport(
                cadre=cadre,
                year=today.year,
                filing=FilingKind.ANNUAL,
                due_on=due,
                returned_on=min(returned, today) if returned else None,
            )
        )
    PoliticalFileEntry.objects.bulk_create(political)
    KeyTaskPerformance.objects.bulk_create(tasks)
    PersonalMattersReport.objects.bulk_create(reports)
    summary.political, summary.key_tasks, summary.reports = len(political), len(tasks), len(reports)
    if staff is None or today <= dt.date(today.year, 4, 1):
        return
    returned = [r for r in reports if r.returned_on]
    checked_on = min(today, dt.date(today.year, 6, 30))
    for i, report in enumerate(rng.sample(returned, min(len(returned), 8))):
        finding = (
            [CheckFinding.OMITTED, CheckFinding.CONCEALED][i] if i < 2 else (CheckFinding.TRUTHFUL)
        )
        mismatch = finding != CheckFinding.TRUTHFUL
        services.record_report_check(
            staff,
            report,
            check_kind=CheckKind.RANDOM,
            checked_on=checked_on,
            finding=finding,
            basis="经查询不动产登记信息，一处房产未报告" if mismatch else "",
            handling=(Handling.CRITICISE if i == 0 else Handling.ADMONISH) if mismatch else "",
            affects_until=rules.add_months(checked_on, 12) if mismatch else None,
        )
        summary.mismatches += mismatch


def _file_audits(rng, members, staff, summary: SupervisionSummary) -> None:
    """The first dozen pool members' 三龄 checked against their files: mostly
    consistent, one work-start month corrected, one party-entry date still pending."""
    if staff is None:
        return
    corrected = False
    for i, cadre in enumerate(members[:12]):
        for item in (FileItem.BIRTH, FileItem.WORK_START, FileItem.PARTY_JOIN):
            roster = services.roster_value(cadre, item)
            if not roster:
                continue
            category, found = AuditCategory.CONSISTENT, roster
            if i >= 3 and item == FileItem.WORK_START and not corrected:
                # One correction, of a work-start month (birth months match the IDs).
                found = rules_month_shift(cadre.work_start_month, 2)
                category, corrected = AuditCategory.DETERMINED, True
            elif i == 5 and item == FileItem.PARTY_JOIN:
                found, category = "档案中入党志愿书缺页", AuditCategory.PENDING
            services.record_file_audit(
                staff,
                cadre,
                item=item,
                file_value=found,
                source_document=rng.choice(["干部履历表", "招工登记表", "入党志愿书"]),
                document_date=None,
                decided_value=found if category == AuditCategory.DETERMINED else "",
                category=category,
            )
            summary.file_audits += 1


def rules_month_shift(month: dt.date, months: int) -> str:
    shifted = rules.add_months(month, months)
    return f"{shifted.year}.{shifted.month:02d}"


def load_supervision_demo(
    stdout=None, seed: int = DEFAULT_SEED, today: dt.date | None = None
) -> SupervisionSummary:
    """Create the demo links, talks, integrity opinions, concerns, assessments,
    political-file entries, key-task records and personal-matters reports."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    summary = SupervisionSummary()
    members = [
        m.cadre
        for m in PoolMembership.objects.filter(status__in=OPEN_POOL_STATUSES)
        .select_related("cadre__unit")
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
    _records(rng, members, staff, today, summary)
    _file_audits(rng, members, staff, summary)
    if staff is not None:
        summary.overdue = len(selectors.overdue(staff, today))
    _assessments(rng, members, today, summary)
    if stdout is not None:
        stdout.write(f"监督管理演示数据：谈话 {summary.talks} 次，考核 {summary.assessments} 条\n")
    return summary
