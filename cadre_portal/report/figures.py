# Over 400 lines: every figure of the half-yearly report, one function each.
"""The figures of the half-yearly report: for the user's jurisdiction, each section's
rows with this period's value, the previous period's and the change, and one sentence
stating the main figures. Every number is read through an app's stats module (one or
two queries each, so the report runs a fixed number of queries whatever the data).

Two kinds of figure: what happened in the period (lists submitted, entries and exits,
training, postings, talks, opinions, appointments), counted from its first day to its
last (or to today while it runs); and the state on its last day (the pool by tier,
talk coverage, targets, and A/B/C from the last quarter computed inside it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from pool.models import ExitReason, ListKind, Rank, Tier, UnitKind, UnitLevel
from pool.selection import period_stats
from pool.selection.stats import Scope
from pool.web.documents import chinese_date
from staffing import rules as staffing_rules
from staffing import stats as staffing_stats
from supervision import stats as supervision_stats
from supervision.models import TalkerRole
from training import stats as training_stats
from training.models import ClassKind, PostingKind

from .rules import HalfYear

INT, PERCENT, HOURS = "int", "percent", "hours"
NUMERALS = "一二三四五六七八九十"


def show(value, kind: str = INT) -> str:
    """A value as the page, the .docx and the .xlsx's text show it."""
    if value is None:
        return "—"
    if kind == PERCENT:
        return f"{value:.1%}"
    if kind == HOURS:
        return f"{Decimal(value).normalize():f}"
    return str(value)


def points(change: float) -> float:
    """A change of a share in percentage points, to one decimal."""
    return round(change * 100, 1) + 0.0  # + 0.0: no "-0.0"


def show_change(value, kind: str = INT) -> str:
    """A change with its sign; a share's in percentage points (the column says so)."""
    if value is None:
        return "—"
    if kind == PERCENT:
        return f"{points(value):+.1f}" if points(value) else "0.0"
    if kind == HOURS:
        value = Decimal(value).normalize()
        return f"+{value:f}" if value > 0 else f"{value:f}"
    return f"{value:+d}" if value else "0"


@dataclass(frozen=True)
class Metric:
    label: str
    kind: str = INT

    @property
    def change_label(self) -> str:
        return "增减（百分点）" if self.kind == PERCENT else "增减"


@dataclass(frozen=True)
class Figure:
    current: object  # int, Decimal (学时), float (a share 0..1) or None (no data)
    previous: object
    kind: str = INT

    @property
    def change(self):
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def current_text(self) -> str:
        return show(self.current, self.kind)

    @property
    def previous_text(self) -> str:
        return show(self.previous, self.kind)

    @property
    def change_text(self) -> str:
        return show_change(self.change, self.kind)


@dataclass
class Row:
    label: str
    figures: list[Figure]
    note: str = ""
    total: bool = False  # a 合计 row


@dataclass
class Section:
    key: str
    title: str
    head: str  # the first column's header
    metrics: list[Metric]
    rows: list[Row]
    summary: str  # the sentence stating the main figures
    basis: str = ""  # how the figures are counted
    number: int = 0

    @property
    def heading(self) -> str:
        return f"{NUMERALS[self.number - 1]}、{self.title}"

    @property
    def has_notes(self) -> bool:
        return any(r.note for r in self.rows)


@dataclass(frozen=True)
class Span:
    """The days a period's figures count: its first day to its last, or to today."""

    half: HalfYear
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, half: HalfYear, today: dt.date) -> Span:
        return cls(half, half.start, half.counted_until(today))

    @property
    def text(self) -> str:
        return f"{_day(self.start)}至{_day(self.end)}"


@dataclass
class Report:
    place: str  # the jurisdiction: 北山县, 江州市
    now: Span
    before: Span
    today: dt.date
    sections: list[Section] = field(default_factory=list)

    @property
    def period(self) -> HalfYear:
        return self.now.half

    @property
    def title(self) -> str:
        return "".join(self.heading)

    @property
    def heading(self) -> tuple[str, str]:
        """The title in its two lines."""
        return f"{self.place}优秀年轻干部工作情况", f"（{self.period.label}）数据部分"

    @property
    def running(self) -> bool:
        return self.now.end < self.period.end

    @property
    def periods_text(self) -> str:
        now = f"本期为{self.period.label}（{self.now.text}"
        now += "，本半年尚未结束）" if self.running else "）"
        return f"{now}，上期为{self.before.half.label}（{self.before.text}）。"

    @property
    def generated_text(self) -> str:
        return f"本材料由系统根据{_day(self.today)}的数据生成。"

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)


@dataclass(frozen=True)
class Context:
    scope: Scope
    now: Span
    before: Span

    def both(self, read: Callable, *args):
        """``read(scope, start, end)`` for this period and for the previous one."""
        return tuple(read(self.scope, s.start, s.end, *args) for s in (self.now, self.before))


def _day(day: dt.date) -> str:
    return chinese_date(day)


def _change_words(current, previous, unit: str) -> str:
    """增加3人 / 减少2人 / 持平."""
    diff = current - previous
    if not diff:
        return "持平"
    number = show(abs(diff), HOURS if isinstance(diff, Decimal) else INT)
    return f"{'增加' if diff > 0 else '减少'}{number}{unit}"


def _versus(current, previous, unit: str, than: str = "上期") -> str:
    """比上期增加3人 / 比上期减少2人 / 与上期持平."""
    words = _change_words(current, previous, unit)
    return f"与{than}持平" if words == "持平" else f"比{than}{words}"


def _listing(pairs, unit: str) -> str:
    """、-joined ``name n unit`` for the non-zero pairs (empty when all are zero)."""
    return "、".join(f"{name}{n}{unit}" for name, n in pairs if n)


# --- the sections ------------------------------------------------------------------


def lists(ctx: Context) -> Section:
    now, before = ctx.both(period_stats.list_counts)

    def row(label: str, key: str, total: bool = False) -> Row:
        a, b = now[key], before[key]
        return Row(
            label,
            [Figure(a.lists, b.lists), Figure(a.people, b.people), Figure(a.accepted, b.accepted)],
            total=total,
        )

    t, p = now[""], before[""]
    by_kind = _listing(((ListKind(k).label, now[k].lists) for k in ListKind.values), "份")
    return Section(
        "lists",
        "三张清单推荐情况",
        "清单",
        [Metric("报送清单（份）"), Metric("推荐人选（人）"), Metric("其中已入库（人）")],
        [*(row(ListKind(k).label, k) for k in ListKind.values), row("合计", "", total=True)],
        f"本期报送推荐清单{t.lists}份" + (f"（{by_kind}）" if by_kind else "")
        + f"，推荐人选{t.people}人，其中已入库{t.accepted}人；"
        f"推荐人选{_versus(t.people, p.people, '人')}。",
        "按本期报送（退回后再次报送的以最后一次为准）且未被退回的清单统计；"
        "同一人被多份清单推荐的，合计中计1人。",
    )  # fmt: skip


def pool_tiers(ctx: Context) -> Section:
    now = period_stats.pool_by_tier(ctx.scope, ctx.now.end)
    before = period_stats.pool_by_tier(ctx.scope, ctx.before.end)
    total, previous = sum(now.values()), sum(before.values())
    rows = [Row(label, [Figure(now[tier], before[tier])]) for tier, label in Tier.choices]
    rows.append(Row("合计", [Figure(total, previous)], total=True))
    tiers = _listing(((label, now[tier]) for tier, label in Tier.choices), "人")
    return Section(
        "pool",
        "年轻干部库梯次结构",
        "梯次",
        [Metric("期末在库（人）")],
        rows,
        f"期末年轻干部库在库{total}人" + (f"，其中{tiers}" if tiers else "")
        + f"；在库人数{_versus(total, previous, '人', '上期末')}。",
        "按本期、上期最后一天在库的人员（含考察对象）及其当日所处梯次统计。",
    )  # fmt: skip


def pool_moves(ctx: Context) -> Section:
    now, before = ctx.both(period_stats.pool_moves)
    rows = [
        Row("入库（含重新入库）（人）", [Figure(now.entered, before.entered)]),
        Row("列为考察对象（人）", [Figure(now.inspected, before.inspected)]),
        Row("调整梯次（人次）", [Figure(now.tier_changes, before.tier_changes)]),
        Row("出库（人）", [Figure(now.exited, before.exited)], total=True),
        *(
            Row(f"其中：{label}", [Figure(now.exits[reason], before.exits[reason])])
            for reason, label in ExitReason.choices
        ),
    ]
    promoted = now.exits[ExitReason.PROMOTED]
    return Section(
        "moves",
        "年轻干部库进出情况",
        "事项",
        [Metric("人数")],
        rows,
        f"本期入库{now.entered}人，出库{now.exited}人（其中提拔使用{promoted}人），"
        f"列为考察对象{now.inspected}人；入库人数{_versus(now.entered, before.entered, '人')}。",
        "按入库、出库历史记录的日期统计。",
    )


def training(ctx: Context) -> Section:
    now, before = ctx.both(training_stats.trained_by_kind)
    empty = training_stats.Trained()

    def row(label: str, key: str, total: bool = False) -> Row:
        a, b = now.get(key, empty), before.get(key, empty)
        return Row(
            label, [Figure(a.people, b.people), Figure(a.hours, b.hours, HOURS)], total=total
        )

    t, p = now[""], before[""]
    kinds = _listing(((label, now.get(k, empty).people) for k, label in ClassKind.choices), "人")
    return Section(
        "training",
        "教育培训",
        "班次类别",
        [Metric("参训人数（人）"), Metric("学时", HOURS)],
        [*(row(label, k) for k, label in ClassKind.choices), row("合计", "", total=True)],
        f"本期参加培训{t.people}人" + (f"（{kinds}）" if kinds else "")
        + f"，共{show(t.hours, HOURS)}学时；参训人数{_versus(t.people, p.people, '人')}。",
        "按结业日期在本期的班次统计参训人员；一人参加多个班次的，合计中计1人。",
    )  # fmt: skip


def postings(ctx: Context) -> Section:
    now, before = ctx.both(training_stats.postings_by_kind)
    empty = training_stats.Posted()

    def row(label: str, key: str, total: bool = False) -> Row:
        a, b = now.get(key, empty), before.get(key, empty)
        return Row(label, [Figure(a.people, b.people), Figure(a.started, b.started)], total=total)

    t, p = now[""], before[""]
    kinds = _listing(((label, now.get(k, empty).people) for k, label in PostingKind.choices), "人")
    return Section(
        "postings",
        "实践锻炼",
        "锻炼方式",
        [Metric("期内在岗锻炼（人）"), Metric("其中本期派出（人）")],
        [*(row(label, k) for k, label in PostingKind.choices), row("合计", "", total=True)],
        f"本期在实践锻炼岗位{t.people}人" + (f"（{kinds}）" if kinds else "")
        + f"，其中本期新派出{t.started}人；在岗锻炼人数{_versus(t.people, p.people, '人')}。",
        "期内任一时间处于锻炼期的人员均计入；一人有多段锻炼的，合计中计1人。",
    )  # fmt: skip


def talks(ctx: Context) -> Section:
    now, before = ctx.both(supervision_stats.talks_by_role)
    coverage_now = {
        c.rule.talker_role: c for c in supervision_stats.talk_coverage(ctx.scope, ctx.now.end)
    }
    coverage_before = {
        c.rule.talker_role: c for c in supervision_stats.talk_coverage(ctx.scope, ctx.before.end)
    }  # fmt: skip
    empty = supervision_stats.TalksHeld()
    rows = []
    for role, label in TalkerRole.choices:
        a, b = now.get(role, empty), before.get(role, empty)
        c, d = coverage_now.get(role), coverage_before.get(role)
        rate = Figure(c.rate if c else None, d.rate if d else None, PERCENT)
        note = c.rule.frequency_text if c else "未设谈话频次"
        rows.append(Row(label, [Figure(a.times, b.times), rate], note=note))
    times = sum(h.times for h in now.values())
    before_times = sum(h.times for h in before.values())
    rows.append(Row("合计", [Figure(times, before_times), Figure(None, None, PERCENT)], total=True))
    rated = [c for c in coverage_now.values() if c.rate is not None]
    lowest = min(rated, key=lambda c: c.rate, default=None)
    sentence = f"本期与干部谈心谈话{times}人次，{_versus(times, before_times, '人次')}"
    if lowest is not None:
        sentence += (
            f"；按谈话频次规定，期末在库{lowest.members}人中，覆盖率最低的是"
            f"{lowest.role_label}谈话（{show(lowest.rate, PERCENT)}）"
        )
    return Section(
        "talks",
        "谈心谈话",
        "谈话人身份",
        [Metric("谈话人次"), Metric("期末覆盖率", PERCENT)],
        rows,
        sentence + "。",
        "谈话人次按谈话日期统计；覆盖率 = 期末在库人员中，在规定周期内与该身份谈话人谈过话的"
        "人数 ÷ 期末在库人数。只统计人数，不含谈话内容。",
    )


def opinions(ctx: Context) -> Section:
    now, before = ctx.both(supervision_stats.opinion_counts)
    rows = [
        Row("征求廉政意见", [Figure(now.asked, before.asked)]),
        Row("已回复", [Figure(now.answered, before.answered)], total=True),
        Row("其中：无问题", [Figure(now.clear, before.clear)]),
        Row("其中：有问题线索", [Figure(now.clues, before.clues)]),
        Row("其中：正在核查", [Figure(now.checking, before.checking)]),
        Row("期末待回复", [Figure(now.pending, before.pending)]),
    ]
    return Section(
        "opinions",
        "廉政意见",
        "事项",
        [Metric("人次")],
        rows,
        f"本期征求廉政意见{now.asked}人次，收到回复{now.answered}人次（无问题{now.clear}、"
        f"有问题线索{now.clues}、正在核查{now.checking}），期末待回复{now.pending}人次；"
        f"征求人次{_versus(now.asked, before.asked, '人次')}。",
        "征求按征求时间、回复按回复时间统计；只统计人次，不含具体情况。",
    )


def appointments(ctx: Context) -> Section:
    now, before = ctx.both(staffing_stats.young_appointed_by_rank)
    order = [*Rank.values, "未填"]
    ranks = [r for r in order if now.get(r) or before.get(r)]
    rows = [Row(rank, [Figure(now.get(rank, 0), before.get(rank, 0))]) for rank in ranks]
    total, previous = sum(now.values()), sum(before.values())
    rows.append(Row("合计", [Figure(total, previous)], total=True))
    by_rank = _listing(((rank, now.get(rank, 0)) for rank in ranks), "人次")
    return Section(
        "appointments",
        "年轻干部任用",
        "职级",
        [Metric("任职人次")],
        rows,
        f"本期任用年轻干部{total}人次" + (f"（{by_rank}）" if by_rank else "")
        + f"，{_versus(total, previous, '人次')}。",
        "按任职时间在本期、任职当日按该职位所在岗位层次的年龄标准为年轻干部的任职统计，"
        "职级为本人现职级。",
    )  # fmt: skip


def targets(ctx: Context) -> Section:
    progress = staffing_stats.target_progress(ctx.scope, ctx.now.end, quarters=3)
    rows = []
    for r in progress:
        now = r.current
        then = next((p for p in r.points if p.ref == ctx.before.end), None)
        met = {True: "已达标", False: "未达标", None: "无可计算对象"}[r.met]
        if r.missing:
            met += f"，还差{r.missing}{'个' if r.target.counts_teams else '人'}"
        rows.append(
            Row(
                r.name,
                [Figure(now.value, then.value if then else None, PERCENT)],
                note=f"目标{r.ratio_label}，时限{_day(r.target.deadline)}；"
                f"期末{now.numerator}/{now.denominator}，{met}",
            )
        )
    overall = staffing_stats.targets_met(progress)
    reached = sum(1 for _, met in overall if met)
    short = [f"{r.target.name}（{r.layer_name}）" for r in progress if r.met is False]
    sentence = f"期末{len(overall)}项配备目标（各层次均达到才算达标）中已达标{reached}项"
    sentence += f"，未达标的层次有：{'、'.join(short)}。" if short else "。"
    return Section(
        "targets",
        "配备目标完成情况",
        "配备目标",
        [Metric("期末比例", PERCENT)],
        rows,
        sentence,
        "按本期、上期最后一天在任人员和当日年龄计算；年轻正职、年轻班子成员按人数计算，"
        "其余按班子（机构）个数计算；每个目标分层次计算，内设机构只计入内设机构目标。",
    )


def _quarter_in(span: Span) -> staffing_rules.Quarter | None:
    """The latest quarter with warning results whose reference date lies in ``span``."""
    quarter = staffing_stats.latest_quarter_on(span.end)
    return quarter if quarter is not None and quarter.end >= span.start else None


@dataclass
class _Levels:
    """A/B/C team counts of a group in one quarter, with its 任务量 and how much is met."""

    levels: Counter = field(default_factory=Counter)
    required: int = 0
    met: int = 0

    @property
    def rate(self) -> float | None:
        return self.met / self.required if self.required else None


def warnings(ctx: Context) -> Section:
    """A/B/C of the last quarter computed inside each period: by county for a city, by
    the kind of unit for a county (its townships, departments, institutions ...)."""
    scope = ctx.scope
    quarter, previous = _quarter_in(ctx.now), _quarter_in(ctx.before)
    by_region = scope.root is not None and scope.root.level == UnitLevel.CITY
    if by_region:
        groups = {r.pk: r.name for r in scope.regions}
        group_of = scope.region_of
    else:
        groups = dict(UnitKind.choices)

        def group_of(unit_id: int) -> str:
            return scope.units[unit_id].kind

    which = {str(q): w for w, q in (("now", quarter), ("before", previous)) if q is not None}
    tally: dict[tuple, _Levels] = {}  # (group or None for all, "now"/"before")
    rows = staffing_stats.warning_rows(scope, [q for q in (quarter, previous) if q is not None])
    for q, unit_id, level, n, required, met in rows:
        for key in (group_of(unit_id), None):
            cell = tally.setdefault((key, which[q]), _Levels())
            cell.levels[level] += n
            cell.required += required
            cell.met += met

    def figures(key) -> list[Figure]:
        a = tally.get((key, "now"), _Levels()) if quarter else None
        b = tally.get((key, "before"), _Levels()) if previous else None
        return [
            *(Figure(a.levels[lvl] if a else None, b.levels[lvl] if b else None) for lvl in "ABC"),
            Figure(a.rate if a else None, b.rate if b else None, PERCENT),
        ]

    keys = [k for k in groups if (k, "now") in tally or (k, "before") in tally]
    table = [Row(groups[k], figures(k)) for k in keys]
    table.append(Row("合计", figures(None), total=True))
    if quarter is None:
        sentence = "本期内尚未计算配备预警。"
    else:
        now = tally.get((None, "now"), _Levels())
        sentence = (
            f"{quarter.label}共{sum(now.levels.values())}个班子，A级{now.levels['A']}个、"
            f"B级{now.levels['B']}个、C级{now.levels['C']}个，完成率{show(now.rate, PERCENT)}"
        )
        if previous is not None:
            before = tally.get((None, "before"), _Levels())
            change = _change_words(now.levels["A"], before.levels["A"], "个")
            sentence += f"；A级班子与{previous.label}相比{change}"
        sentence += "。"
    basis = f"本期按{quarter.label}（基准日{_day(quarter.end)}）" if quarter else "本期内无预警结果"
    basis += f"、上期按{previous.label}的预警结果统计" if previous else "，上期内无预警结果"
    basis += "；完成率 = 各班子min(实有, 任务量)之和 ÷ 任务量之和。"
    return Section(
        "warnings",
        "班子配备预警（A/B/C）" + ("按地区" if by_region else "按单位类别"),
        "地区" if by_region else "单位类别",
        [Metric("A级（个）"), Metric("B级（个）"), Metric("C级（个）"), Metric("完成率", PERCENT)],
        table,
        sentence,
        basis,
    )


SECTIONS: list[Callable[[Context], Section]] = [
    lists,
    pool_tiers,
    pool_moves,
    training,
    postings,
    talks,
    opinions,
    appointments,
    targets,
    warnings,
]


def build(user, period: HalfYear, today: dt.date) -> Report:
    """The report for ``user``'s jurisdiction: ``period`` against the half-year before."""
    scope = Scope.for_user(user)
    now = Span.of(period, today)
    before = Span.of(period.previous(), today)
    ctx = Context(scope, now, before)
    report = Report(scope.root.name if scope.root else "", now, before, today)
    for number, section in enumerate(SECTIONS, 1):
        built = section(ctx)
        built.number = number
        report.sections.append(built)
    return report
