# Over 400 lines: the 立体画像 reads of every stage for one page; a split by stage is left for #17.
"""Reads of the cadre profile (立体画像): one person's records from every stage,
through each app's selectors, and what a role may see of them.

The timeline is a list of sources and the "rules not met" panel a list of checks:
adding a kind of record is one function and one line in each list. Training and
postings (育) come through ``training.selectors``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from cadre_portal.profile import rules
from pool.models import (
    Cadre,
    CadreCategory,
    CareerEntry,
    FamilyMember,
    PoolEventKind,
    PoolMembership,
    Role,
)
from pool.people import data_gaps
from pool.people import selectors as pool_selectors
from pool.selection import selectors as selection_selectors
from staffing import selectors as staffing_selectors
from supervision import rules as supervision_rules
from supervision import selectors as supervision_selectors
from training import selectors as training_selectors
from training.models import EnrollmentResult, PostingGrade

STAFF = frozenset({Role.STAFF})
STAFF_AND_LEADERS = frozenset({Role.STAFF, Role.LEADER})
ALL_READERS = frozenset({Role.STAFF, Role.LEADER, Role.UNIT_COMMITTEE, Role.SECTOR_DEPT})


def profile_queryset(user) -> QuerySet[Cadre]:
    """People ``user`` may open, with what the page shows loaded in two queries:
    the person with unit, 审批表 and photo (without its bytes), then 简历 and family."""
    return (
        pool_selectors.cadres_for(user)
        .select_related("approval_form", "photo")
        .defer("photo__image")
        .prefetch_related(
            Prefetch("career", queryset=CareerEntry.objects.order_by("start_month", "id")),
            Prefetch("family", queryset=FamilyMember.objects.order_by("position", "id")),
        )
    )


def has_photo(cadre: Cadre) -> bool:
    try:
        return cadre.photo is not None
    except Cadre.photo.RelatedObjectDoesNotExist:
        return False


def approval_form_of(cadre: Cadre):
    try:
        return cadre.approval_form
    except Cadre.approval_form.RelatedObjectDoesNotExist:
        return None


class Records:
    """One person's records, each read once and shared by the timeline, the tags and
    the checks. Every property is one query (or none), whatever its length."""

    def __init__(self, cadre: Cadre, today: dt.date, user=None) -> None:
        self.cadre = cadre
        self.today = today
        self.user = user  # the reader: the 政治素质档案 is read through their scope

    @cached_property
    def political(self):
        """政治素质档案 entries ([] unless the reader is 组织部 staff)."""
        if self.user is None:
            return []
        return supervision_selectors.political_file_of(self.user, self.cadre)

    @cached_property
    def career(self) -> list[CareerEntry]:
        return list(self.cadre.career.all())

    @cached_property
    def memberships(self) -> list[PoolMembership]:
        return list(self.cadre.pool_memberships.order_by("entered_on", "id"))

    @cached_property
    def open_membership(self) -> PoolMembership | None:
        return next((m for m in self.memberships if m.is_open), None)

    @cached_property
    def pool_events(self):
        return selection_selectors.pool_history(self.cadre)

    @cached_property
    def vetoes(self):
        return list(selection_selectors.vetoes_of(self.cadre))

    @cached_property
    def appointments(self):
        return staffing_selectors.appointments_of(self.cadre)

    @cached_property
    def assessments(self):
        return supervision_selectors.assessments_of(self.cadre)

    @cached_property
    def talks(self):
        return supervision_selectors.talks_of(self.cadre)

    @cached_property
    def opinions(self):
        return supervision_selectors.opinions_of(self.cadre)

    @cached_property
    def concerns(self):
        return supervision_selectors.concerns_of(self.cadre)

    @cached_property
    def talk_dues(self):
        return supervision_selectors.talk_dues_of(self.cadre, self.today)

    @cached_property
    def enrollments(self):
        return training_selectors.enrollments_of(self.cadre)

    @cached_property
    def postings(self):
        return training_selectors.postings_of(self.cadre)

    @cached_property
    def training_shortfalls(self):
        return training_selectors.shortfalls_of(self.cadre, self.today)

    @cached_property
    def young_max_age(self) -> int | None:
        """The pool ceiling of the person's own 职级."""
        return pool_selectors.person_max_age(self.cadre)

    @cached_property
    def grassroots_months(self) -> int:
        """基层工作经历 as every stage counts it (``training.selectors.grassroots_months``:
        the 简历 lines and postings at the grassroots, overlaps once)."""
        return training_selectors.grassroots_months([self.cadre.pk], self.today)[self.cadre.pk]

    @property
    def annual_grades(self) -> dict[int, str]:
        return {a.year: a.grade for a in self.assessments if a.kind == "annual"}


# ---------------------------------------------------------------------------
# Tags
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Tag:
    text: str
    style: str = "secondary"  # a Bootstrap colour


def tags_for(records: Records, role: str) -> list[Tag]:
    cadre, today = records.cadre, records.today
    tags = [Tag(t, "primary") for t in rules.generation_tags(cadre.birth_month)]
    max_age = records.young_max_age
    if max_age is not None and cadre.age_at(today) <= max_age:
        tags.append(Tag(f"年轻干部（{cadre.rank or '本职级'}≤{max_age}岁）", "success"))
    if cadre.category == CadreCategory.SELECTED_GRADUATE:
        tags.append(Tag("选调生", "info"))
    elif cadre.category in (CadreCategory.TALENT, CadreCategory.VILLAGE_GRADUATE):
        tags.append(Tag(cadre.category, "info"))
    years = rules.grassroots_years(records.grassroots_months)
    if years:
        tags.append(Tag(f"基层经历{years}年", "warning"))
    if cadre.gender == "女":
        tags.append(Tag("女干部"))
    if cadre.ethnicity and cadre.ethnicity != "汉族":
        tags.append(Tag("少数民族"))
    if cadre.fulltime_education in ("博士研究生", "硕士研究生"):
        tags.append(Tag(f"全日制{cadre.fulltime_education}"))
    if role in STAFF_AND_LEADERS and records.open_membership is not None:
        m = records.open_membership
        tags.append(Tag(f"{m.get_status_display()}·{m.get_tier_display()}", "danger"))
    return tags


# ---------------------------------------------------------------------------
# Timeline: each source turns one kind of record into items; a role sees the sources
# listed for it. Talks and integrity items are for the 组织部 only.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    date: dt.date
    kind: str  # the source's label: 简历, 年轻干部库, 任免 ...
    title: str
    detail: str = ""
    end: dt.date | None = None
    ongoing: bool = False
    style: str = "secondary"


def _career_items(records: Records) -> list[Item]:
    return [
        Item(e.start_month, "简历", e.description, end=e.end_month, ongoing=e.end_month is None)
        for e in records.career
    ]


def _pool_items(records: Records) -> list[Item]:
    items = []
    for event in records.pool_events:
        detail = event.change_display
        style = "danger" if event.kind == PoolEventKind.EXIT else "success"
        items.append(
            Item(event.happened_on, "年轻干部库", event.get_kind_display(), detail, style=style)
        )
    return items


def _appointment_items(records: Records) -> list[Item]:
    items = []
    for a in records.appointments:
        post = a.post
        where = post.team.unit.name
        detail = f"任职文号：{a.document_number}" if a.document_number else ""
        items.append(
            Item(
                a.start_date,
                "任免",
                f"任{where}{post.title}",
                detail,
                end=a.end_date,
                ongoing=a.end_date is None,
                style="primary",
            )
        )
    return items


def _assessment_items(records: Records) -> list[Item]:
    items = []
    for a in records.assessments:
        if a.kind == "annual":
            day, title = dt.date(a.year, 12, 31), f"{a.year}年度考核：{a.grade}"
        else:
            day = dt.date(a.year, a.quarter * 3, 1)
            title = f"{a.year}年第{a.quarter}季度平时考核：{a.grade}"
        bad = a.grade in ("基本称职", "不称职", "较差")
        items.append(Item(day, "考核", title, style="danger" if bad else "info"))
    return items


def _training_items(records: Records) -> list[Item]:
    items = []
    for e in records.enrollments:
        c = e.training_class
        flags = (("主体班", c.is_main_class), ("脱产", c.off_the_job), ("政治训练", c.political))
        marks = [c.get_kind_display(), *(m for m, on in flags if on)]
        hours = f"获得{e.hours.normalize():f}学时"
        detail = "，".join(("·".join(marks), f"{c.days}天", hours, e.get_result_display()))
        # A class within one month shows one month, not 2026.03--2026.03.
        same_month = (c.start_date.year, c.start_date.month) == (c.end_date.year, c.end_date.month)
        style = "danger" if e.result == EnrollmentResult.NOT_COMPLETED else "info"
        end = None if same_month else c.end_date
        items.append(Item(c.start_date, "培训", c.name, detail, end=end, style=style))
    return items


def _posting_items(records: Records) -> list[Item]:
    items = []
    for p in records.postings:
        title = f"{p.get_kind_display()}：{p.host_name}" + (f"（{p.role}）" if p.role else "")
        marks = [
            f"一线领域：{p.get_area_display()}" if p.area else "",
            "全脱产" if p.full_time else "不脱产",
            "计入基层经历" if p.grassroots else "",
        ]
        detail = "，".join(m for m in marks if m)
        items.append(
            Item(
                p.start_date,
                "实践锻炼",
                title,
                detail,
                end=p.end_date,
                ongoing=p.end_date is None,
                style="success",
            )
        )
    return items


def _posting_grade_items(records: Records) -> list[Item]:
    """期满鉴定: an evaluation, read like assessments (staff and leaders)."""
    items = []
    for p in records.postings:
        if not p.grade or p.end_date is None:
            continue
        title = f"{p.get_kind_display()}期满鉴定：{p.get_grade_display()}"
        style = "danger" if p.grade == PostingGrade.POOR else "info"
        items.append(Item(p.end_date, "实践锻炼", title, p.evaluation, style=style))
    return items


def _talk_items(records: Records) -> list[Item]:
    items = []
    for t in records.talks:
        role = t.get_talker_role_display()
        who = role if t.talker_name == role else f"{t.talker_name}，{role}"
        items.append(Item(t.date, "谈心谈话", f"{t.get_kind_display()}谈话（{who}）", t.note))
    return items


def _integrity_items(records: Records) -> list[Item]:
    items = []
    for o in records.opinions:
        asked = timezone.localdate(o.request.created)
        if o.is_answered:
            title = f"{o.request.get_purpose_display()}廉政意见：{o.get_conclusion_display()}"
            day = timezone.localdate(o.answered_at)
        else:
            title, day = f"{o.request.get_purpose_display()}廉政意见：待回复", asked
        style = "danger" if o.conclusion == "clues" else "secondary"
        items.append(Item(day, "廉政", title, o.detail, style=style))
    for c in records.concerns:
        title = f"问题线索（{c.source}）：{c.get_handling_display()}"
        items.append(Item(c.received_on, "廉政", title, c.summary, style="danger"))
    for v in records.vetoes:
        state = "有效" if v.active else "已解除"
        items.append(
            Item(
                timezone.localdate(v.recorded_at),
                "廉政",
                f"一票否决（{state}）",
                v.reason,
                style="danger",
            )
        )
    return items


def _political_items(records: Records) -> list[Item]:
    return [
        Item(
            e.date,
            "政治素质",
            f"政治素质档案（{e.get_source_display()}，{e.evaluator}）",
            e.finding,
            style="danger" if e.adverse else "secondary",
        )
        for e in records.political
    ]


@dataclass(frozen=True)
class TimelineSource:
    key: str
    roles: frozenset
    items: Callable[[Records], list[Item]]


TIMELINE_SOURCES: list[TimelineSource] = [
    TimelineSource("career", ALL_READERS, _career_items),
    TimelineSource("pool", STAFF_AND_LEADERS, _pool_items),
    TimelineSource("appointments", ALL_READERS, _appointment_items),
    TimelineSource("assessments", STAFF_AND_LEADERS, _assessment_items),
    TimelineSource("training", ALL_READERS, _training_items),
    TimelineSource("postings", ALL_READERS, _posting_items),
    TimelineSource("posting_grades", STAFF_AND_LEADERS, _posting_grade_items),
    TimelineSource("talks", STAFF, _talk_items),
    TimelineSource("integrity", STAFF, _integrity_items),
    TimelineSource("political", STAFF, _political_items),
]


def timeline(records: Records, role: str) -> list[Item]:
    """Every item the role may see, newest first."""
    items = [i for s in TIMELINE_SOURCES if role in s.roles for i in s.items(records)]
    return sorted(items, key=lambda i: (i.date, i.end or dt.date.max), reverse=True)


# ---------------------------------------------------------------------------
# Rules currently not met: each check returns what the person falls short of.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Shortfall:
    title: str
    detail: str = ""


def _talks_overdue(records: Records) -> list[Shortfall]:
    """Talk rules apply to current pool members (the overdue ledger's population)."""
    if records.open_membership is None:
        return []
    out = []
    for due in records.talk_dues:
        if not due.status.overdue:
            continue
        rule, status = due.rule, due.status
        period = supervision_rules.period_label(status.period_start, rule.period)
        detail = f"{rule.frequency_text}；{period}已谈{status.held}次，" + (
            f"上次{status.last_talk:%Y-%m-%d}" if status.last_talk else "尚无谈话记录"
        )
        out.append(Shortfall(f"{rule.get_talker_role_display()}谈话逾期", detail))
    return out


def _over_age(records: Records) -> list[Shortfall]:
    max_age = records.young_max_age
    age = records.cadre.age_at(records.today)
    if records.open_membership is None or max_age is None or age <= max_age:
        return []
    rank = records.cadre.rank or "本职级"
    return [Shortfall("超过年轻干部年龄上限", f"现年{age}岁，{rank}上限为{max_age}岁以下")]


def _assessment_shortfalls(records: Records) -> list[Shortfall]:
    grades = records.annual_grades
    recent = {y: g for y, g in grades.items() if records.today.year - 3 <= y < records.today.year}
    unfit = sorted(y for y, g in recent.items() if g == "不称职")
    if not unfit:
        return []
    years = "、".join(f"{y}年度" for y in unfit)
    return [Shortfall("近三年年度考核有不称职", f"{years}考核不称职，暂不符合提拔条件")]


def _integrity_shortfalls(records: Records) -> list[Shortfall]:
    out = []
    if any(v.active for v in records.vetoes):
        out.append(Shortfall("存在一票否决情形", "不能入库，不能提拔使用"))
    pending = [o for o in records.opinions if not o.is_answered]
    if pending:
        asked = timezone.localdate(pending[0].request.created)
        out.append(Shortfall("廉政意见待回复", f"{asked:%Y-%m-%d}征求，纪委监委尚未回复"))
    return out


def _training_shortfalls(records: Records) -> list[Shortfall]:
    """Training rules apply to current pool members (as on the 培训合规 page)."""
    if records.open_membership is None:
        return []
    out = []
    for check in records.training_shortfalls:
        if check.key == training_selectors.HOURS:
            detail = f"{records.today.year}年已获{check.value.normalize():f}学时"
        elif check.value:
            detail = f"最近一次于{check.value:%Y-%m-%d}结业"
        else:
            detail = "尚无结业记录"
        out.append(Shortfall(check.label, detail))
    return out


def _form_incomplete(records: Records) -> list[Shortfall]:
    cadre = records.cadre
    missing = [
        label
        for label, present in (
            ("照片", has_photo(cadre)),
            ("简历", bool(records.career)),
            ("籍贯", bool(cadre.native_place)),
            ("出生地", bool(cadre.birthplace)),
            ("参加工作时间", cadre.work_start_month is not None),
            ("家庭主要成员", bool(list(cadre.family.all()))),
        )
        if not present
    ]
    if not missing:
        return []
    return [Shortfall("任免审批表信息不完整", "缺少：" + "、".join(missing))]


def _data_gaps(records: Records) -> list[Shortfall]:
    """What the source file left out (no 干部类别 column): shown to fill in, not an error."""
    missing = data_gaps.gaps_of(records.cadre)
    if not missing:
        return []
    return [Shortfall("干部信息待补充", "未填：" + "、".join(missing))]


@dataclass(frozen=True)
class Check:
    key: str
    roles: frozenset
    run: Callable[[Records], list[Shortfall]]


CHECKS: list[Check] = [
    Check("talks_overdue", STAFF_AND_LEADERS, _talks_overdue),
    Check("over_age", STAFF_AND_LEADERS, _over_age),
    Check("assessments", STAFF_AND_LEADERS, _assessment_shortfalls),
    Check("training", STAFF_AND_LEADERS, _training_shortfalls),
    Check("integrity", STAFF, _integrity_shortfalls),
    Check("form", STAFF, _form_incomplete),
    Check("data_gaps", STAFF, _data_gaps),
]


def shortfalls(records: Records, role: str) -> list[Shortfall]:
    return [s for c in CHECKS if role in c.roles for s in c.run(records)]


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


@dataclass
class Profile:
    cadre: Cadre
    role: str
    today: dt.date
    records: Records
    tags: list[Tag] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)

    @property
    def age(self) -> int:
        return self.cadre.age_at(self.today)

    @property
    def form(self):
        return approval_form_of(self.cadre)

    @property
    def has_photo(self) -> bool:
        return has_photo(self.cadre)

    @property
    def shows_radar(self) -> bool:
        """积分排序's radar against the pool average: for current pool members, to the
        roles that read the ranking (the chart loads its own JSON)."""
        return self.role in STAFF_AND_LEADERS and self.records.open_membership is not None

    @property
    def annual_results(self) -> str:
        return self.cadre.annual_results or rules.annual_results_text(
            self.records.annual_grades, self.form_age_reference
        )

    @property
    def form_age_reference(self) -> dt.date:
        form = self.form
        return (form.age_reference if form and form.age_reference else None) or self.today


def profile(user, cadre: Cadre, today: dt.date) -> Profile:
    """``cadre`` comes from ``profile_queryset(user)``."""
    grant = pool_selectors.grant_of(user)
    role = grant.role if grant else ""
    records = Records(cadre, today, user)
    return Profile(
        cadre,
        role,
        today,
        records,
        tags=tags_for(records, role),
        items=timeline(records, role),
        shortfalls=shortfalls(records, role),
    )
