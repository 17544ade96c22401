"""Demo 育 records for 江州市 (called by ``manage.py load_demo`` after the pool has
members).

Five years of classes: the city's 中青年干部培训班 (a 主体班 with political training)
and 党性教育 course, the home county's own 主体班 and 选调生 course, and the 网络学院
year-long course. Pool members attend some of them, so the 培训合规 page shows a mix:
people never trained, people whose last political training is more than three years
old, and people short of this year's 80 学时. One county 主体班 is mostly older
cadres, below the 1/5 young share. Some members have postings (驻村第一书记, 挂职,
一线锻炼), a leader of their unit as mentor with logged meetings, and a 一人一策.
Everything is drawn from ``random.Random(seed)``: one seed, one result.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from pool.models import OPEN_POOL_STATUSES, Cadre, PoolMembership, Tier, Unit, UnitLevel
from pool.people import selectors as pool_selectors
from training import rules, selectors
from training.models import (
    ClassKind,
    DevelopmentPlan,
    Enrollment,
    EnrollmentResult,
    FrontlineArea,
    MentorMeeting,
    Mentorship,
    PlanStep,
    Posting,
    PostingGrade,
    PostingKind,
    StepStatus,
    TrainingClass,
)

DEFAULT_SEED = 2026
STAFF_USERNAME = "zuzhibu"
TOPICS = [
    "谈如何做好群众工作",
    "交流重大项目推进中的协调方法",
    "分析信访案件处置得失",
    "研读党的创新理论，交流学习体会",
    "复盘乡村振兴项目申报",
]
GOALS = [
    "补齐基层一线经历，提升统筹协调和群众工作能力",
    "加强经济工作历练，熟悉招商引资和项目建设",
    "提升依法行政能力，积累信访维稳和应急处突经验",
]
STEPS = [
    "参加全市中青年干部培训班",
    "到乡镇挂职锻炼一年",
    "牵头一个重大项目的协调推进",
    "参与一次信访积案化解",
    "完成在职研究生学习",
]


@dataclass
class TrainingSummary:
    classes: int = 0
    enrollments: int = 0
    postings: int = 0
    mentorships: int = 0
    meetings: int = 0
    plans: int = 0
    short: dict | None = None

    def describe(self) -> list[str]:
        lines = [
            f"培训班次 {self.classes} 个，参训 {self.enrollments} 人次；"
            f"实践锻炼 {self.postings} 条，结对帮带 {self.mentorships} 对"
            f"（帮带 {self.meetings} 次），一人一策 {self.plans} 份"
        ]
        if self.short:
            lines.append(
                "培训合规（今天）：" + "，".join(f"{k} {v} 人" for k, v in self.short.items())
            )
        return lines


def reset_training_demo() -> None:
    """Delete every 育 record (before pool's reset, which cannot delete cadres these
    rows point to)."""
    MentorMeeting.objects.all().delete()
    Mentorship.objects.all().delete()
    PlanStep.objects.all().delete()
    DevelopmentPlan.objects.all().delete()
    Posting.objects.all().delete()
    Enrollment.objects.all().delete()
    TrainingClass.objects.all().delete()


def _class(name, unit, kind, start, days, hours, **flags) -> TrainingClass:
    return TrainingClass(
        name=name,
        organiser=flags.pop("organiser"),
        unit=unit,
        kind=kind,
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
        hours=Decimal(hours),
        **flags,
    )


def _monday(rng, year: int, months: tuple[int, int]) -> dt.date:
    day = dt.date(year, rng.randint(*months), rng.randint(1, 20))
    return day - dt.timedelta(days=day.weekday())


def _classes(rng, city: Unit, county: Unit, today: dt.date) -> list[TrainingClass]:
    out = []
    for year in range(today.year - 5, today.year + 1):
        spring = _monday(rng, year, (3, 5))
        autumn = _monday(rng, year, (9, 10))
        out += [
            _class(f"{year}年全市中青年干部培训班", city, ClassKind.YOUNG_CADRE, spring, 12, 96,
                   organiser="市委组织部、市委党校", is_main_class=True, political=True),
            _class(f"{year}年{county.name}中青年干部培训班", county, ClassKind.YOUNG_CADRE, autumn,
                   5, 40, organiser=f"{county.name}委组织部", is_main_class=True),
            _class(f"{year}年{county.name}选调生专题培训班", county, ClassKind.SELECTED_GRADUATE,
                   autumn + dt.timedelta(days=21), 3, 24, organiser=f"{county.name}委组织部"),
            _class(f"{year}年网络学院专题学习", city, ClassKind.ONLINE, dt.date(year, 1, 1), 365
                   if year % 4 else 366, 50, organiser="江州干部网络学院", off_the_job=False),
        ]  # fmt: skip
        if year % 2 == 0:
            out.append(
                _class(
                    f"{year}年全市年轻干部党性教育专题班",
                    city,
                    ClassKind.PARTY_SPIRIT,
                    _monday(rng, year, (6, 7)),
                    5,
                    40,
                    organiser="市委组织部",
                    political=True,
                )
            )
    # A county 主体班 next month: enrolment is under way.
    nxt = today + dt.timedelta(days=30)
    out.append(
        _class(
            f"{nxt.year}年{county.name}年轻干部能力提升班",
            county,
            ClassKind.PROFESSIONAL,
            nxt - dt.timedelta(days=nxt.weekday()),
            5,
            40,
            organiser=f"{county.name}委组织部",
            is_main_class=True,
        )
    )
    TrainingClass.objects.bulk_create(out)
    return out


def _enrol(rng, classes, members: list[Cadre], others: list[Cadre], today, summary):
    rows = []
    # About one member in ten (new arrivals, long secondments) has no training on file.
    members = [c for c in members if rng.random() > 0.1]
    for klass in classes:
        finished = klass.end_date <= today
        if klass.kind == ClassKind.ONLINE:
            chance = 0.3
        elif klass.is_main_class and klass.unit.level == UnitLevel.CITY:
            chance = 0.18
        elif klass.kind == ClassKind.PARTY_SPIRIT:
            chance = 0.2
        else:
            chance = 0.12
        people = [c for c in members if rng.random() < chance]
        if klass.is_main_class:
            # Older cadres fill most seats of a 主体班; one county class falls below 1/5.
            low = klass.name.startswith(str(today.year - 1)) and klass.unit.level != UnitLevel.CITY
            extra = len(people) * (6 if low else 3) + rng.randint(2, 6)
            people = people[: 2 if low else None] + rng.sample(others, min(extra, len(others)))
        for cadre in people:
            if not finished:
                result, hours = EnrollmentResult.IN_TRAINING, Decimal(0)
            elif rng.random() < 0.06:
                result, hours = EnrollmentResult.NOT_COMPLETED, klass.hours / 2
            else:
                result, hours = EnrollmentResult.COMPLETED, klass.hours
            if klass.kind == ClassKind.ONLINE and finished is False and klass.start_date <= today:
                # The year's online course: hours accrue as people study.
                result, hours = EnrollmentResult.IN_TRAINING, Decimal(rng.randint(5, 45))
            rows.append(Enrollment(cadre=cadre, training_class=klass, hours=hours, result=result))
    Enrollment.objects.bulk_create(rows)
    summary.enrollments = len(rows)


def _postings(rng, members, towns, today, summary):
    rows = []
    for cadre in members:
        if rng.random() > 0.3:
            continue
        kind = rng.choice(list(PostingKind))
        start = today - dt.timedelta(days=rng.randint(60, 1500))
        months = {PostingKind.VILLAGE_SECRETARY: 24, PostingKind.SECONDMENT: 12}.get(kind, 6)
        end = start + dt.timedelta(days=months * 30)
        host = rng.choice(towns)
        village = kind == PostingKind.VILLAGE_SECRETARY
        rows.append(
            Posting(
                cadre=cadre,
                kind=kind,
                area=rng.choice(list(FrontlineArea)[:4]) if kind == PostingKind.FRONTLINE else "",
                host_unit=host,
                host_name=f"{host.name}{rng.choice('东西南北')}山村" if village else host.name,
                role="第一书记"
                if village
                else rng.choice(["党委委员", "副镇长（挂职）", "工作人员"]),
                start_date=start,
                end_date=None if end > today else end,
                full_time=kind != PostingKind.FRONTLINE,
                purpose=rng.choice(["补齐基层经历", "在重大任务中历练", "熟悉经济工作"]),
                evaluation="" if end > today else rng.choice(["工作扎实，群众认可", "表现良好"]),
                grade="" if end > today else rng.choice(list(PostingGrade)[:2]),
            )
        )
    names = pool_selectors.township_names()
    for posting in rows:
        posting.grassroots = selectors.posting_is_grassroots(posting, names)
    Posting.objects.bulk_create(rows)
    summary.postings = len(rows)


def _mentoring(rng, members, leaders_by_unit, today, summary):
    pairs, meetings = [], []
    for cadre in members:
        leaders = [c for c in leaders_by_unit.get(cadre.unit_id, []) if c.pk != cadre.pk]
        if not leaders or rng.random() > 0.35:
            continue
        mentor = rng.choice(leaders)
        start = today - dt.timedelta(days=rng.randint(90, 700))
        pairs.append(
            Mentorship(
                mentor=mentor,
                mentee=cadre,
                mentor_role=mentor.current_position,
                start_date=start,
                goals=rng.choice(GOALS),
            )
        )
    Mentorship.objects.bulk_create(pairs)
    for pair in pairs:
        for _ in range(rng.randint(0, 4)):
            day = pair.start_date + dt.timedelta(
                days=rng.randint(10, (today - pair.start_date).days)
            )
            note = "本人思想稳定，工作积极，需在统筹协调上多历练"
            meetings.append(
                MentorMeeting(mentorship=pair, date=day, topic=rng.choice(TOPICS), notes=note)
            )
    MentorMeeting.objects.bulk_create(meetings)
    summary.mentorships, summary.meetings = len(pairs), len(meetings)


def _plans(rng, memberships, today, summary):
    plans, steps = [], []
    for m in memberships:
        if m.tier == Tier.LONG or rng.random() > 0.6:
            continue
        for year in (today.year - 1, today.year):
            reviewed = year < today.year
            plan = DevelopmentPlan(
                cadre=m.cadre,
                year=year,
                goals=rng.choice(GOALS),
                reviewed_on=dt.date(year, 12, 20) if reviewed else None,
                review="年度措施基本落实，下一年度重点补齐基层经历" if reviewed else "",
            )
            plans.append(plan)
            for text in rng.sample(STEPS, 3):
                due = dt.date(year, rng.randint(3, 12), 28)
                status = (
                    StepStatus.DONE
                    if reviewed or (due < today and rng.random() < 0.7)
                    else rng.choice([StepStatus.PLANNED, StepStatus.IN_PROGRESS])
                )
                done = min(due, today) if status == StepStatus.DONE else None
                steps.append(
                    PlanStep(plan=plan, text=text, due_on=due, status=status, done_on=done)
                )
    DevelopmentPlan.objects.bulk_create(plans)
    PlanStep.objects.bulk_create(steps)
    summary.plans = len(plans)


def load_training_demo(
    stdout=None, seed: int = DEFAULT_SEED, today: dt.date | None = None
) -> TrainingSummary:
    """Create the demo classes, enrolments, postings, mentoring pairs and plans."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    summary = TrainingSummary()
    staff = get_user_model().objects.filter(username=STAFF_USERNAME).select_related("grant").first()
    city = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    if staff is None or city is None:
        return summary
    county = staff.grant.unit
    memberships = list(
        PoolMembership.objects.filter(status__in=OPEN_POOL_STATUSES)
        .select_related("cadre__unit")
        .order_by("cadre__unit_id", "cadre_id")
    )
    members = [m.cadre for m in memberships]
    member_ids = {c.pk for c in members}
    in_county = Unit.objects.descendants(county, include_self=True)
    others = list(
        Cadre.objects.filter(unit__in=in_county, birth_month__lt=dt.date(today.year - 40, 1, 1))
        .exclude(pk__in=member_ids)
        .order_by("pk")[:400]
    )
    classes = _classes(rng, city, county, today)
    summary.classes = len(classes)
    _enrol(rng, classes, members, others, today, summary)
    towns = list(in_county.filter(level=UnitLevel.TOWNSHIP).order_by("pk"))
    if towns:
        _postings(rng, members, towns, today, summary)
    leaders_by_unit: dict[int, list[Cadre]] = {}
    for cadre in Cadre.objects.filter(
        unit_id__in={c.unit_id for c in members}, rank__in=rules.LEADER_RANKS
    ).order_by("pk"):
        leaders_by_unit.setdefault(cadre.unit_id, []).append(cadre)
    _mentoring(rng, members, leaders_by_unit, today, summary)
    _plans(rng, memberships, today, summary)
    _, counts, _ = selectors.compliance(staff, today)
    labels = selectors.rule_labels(selectors.current_rules())
    summary.short = {labels[k]: v for k, v in counts.items()}
    if stdout is not None:
        stdout.write(
            f"培养锻炼演示数据：班次 {summary.classes} 个，参训 {summary.enrollments} 人次\n"
        )
    return summary
