# Over 400 lines: the pure 用 rules (eligibility, tenure, warnings), one section each.
"""Pure rules of the quarterly A/B/C early warning (docs/rules.md).

No ORM and no I/O: quarters, 任务量 (required young members), 差额数 (gap), the
level, a region's completion rate and the age-drift forecast, all on plain values.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from fractions import Fraction

from pool.people.rules import TEAM_LAYERS, age_at

_QUARTER = re.compile(r"^\s*(\d{4})\s*[Qq]\s*([1-4])\s*$")


class QuarterError(ValueError):
    """A quarter that cannot be read; the message is Chinese, for the user."""


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, written ``2026Q2``; its reference date is its last day."""

    year: int
    number: int  # 1..4

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise QuarterError(f"季度应为1至4，不是{self.number}")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        m = _QUARTER.match(str(text or ""))
        if not m:
            raise QuarterError(f"“{text}”不是有效的季度（例如 2026Q2）")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        """The quarter ``day`` falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_finished(cls, today: dt.date) -> Quarter:
        """The quarter before the one ``today`` is in: on its last day a quarter is
        still running, so 2026-06-30 gives 2026Q1 and 2026-07-01 gives 2026Q2."""
        return cls.of(today).previous()

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.number - 1]}季度"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        """The reference date: 03-31, 06-30, 09-30 or 12-31."""
        if self.number == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.number + 1, 1) - dt.timedelta(days=1)

    def shift(self, quarters: int) -> Quarter:
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1)

    def next(self) -> Quarter:
        return self.shift(1)

    def previous(self) -> Quarter:
        return self.shift(-1)


class Level:
    """Warning levels, best to worst."""

    C = "C"
    B = "B"
    A = "A"
    SEVERITY = {"C": 0, "B": 1, "A": 2}


def required_young(approved_seats: int, ratio: Fraction) -> int:
    """任务量: ``max(1, ceil(seats * ratio))``; exact arithmetic, no floats. A team
    without approved seats has none (it is not graded: 无职数)."""
    if approved_seats < 0:
        raise ValueError("approved_seats must be >= 0")
    if approved_seats == 0:
        return 0
    return max(1, math.ceil(approved_seats * Fraction(ratio)))


def gap(required: int, actual: int) -> int:
    """差额数: how many young members are missing."""
    return max(0, required - actual)


def warning_level(actual: int, required: int) -> str:
    """C when the gap is 0; B when it is 1 and someone young is seated; A otherwise."""
    missing = gap(required, actual)
    if missing == 0:
        return Level.C
    if actual == 0 or missing >= 2:
        return Level.A
    return Level.B


def is_worse(level: str, than: str) -> bool:
    return Level.SEVERITY[level] > Level.SEVERITY[than]


@dataclass(frozen=True)
class Standing:
    """One team's warning inputs and result at a reference date."""

    approved_seats: int
    seated: int
    required: int
    young: tuple[int, ...]  # the young members' ids, sorted
    graded: bool = True  # False: not a 处科级领导班子 (a 内设机构) or no approved seats

    @property
    def actual(self) -> int:
        return len(self.young)

    @property
    def gap(self) -> int:
        return gap(self.required, self.actual)

    @property
    def level(self) -> str | None:
        """A, B or C; None for a team that is not graded."""
        if not self.graded:
            return None
        return warning_level(self.actual, self.required)


def is_team_layer(layer: str | None) -> bool:
    """A/B/C is for 处科级领导班子: the four 领导班子 layers, never 内设机构 (nor units
    outside the layers); such a team is still not graded without approved seats."""
    return layer in TEAM_LAYERS


def standing(
    approved_seats: int,
    members: dict[int, dt.date],
    max_age: int | None,
    ratio: Fraction,
    ref: dt.date,
    *,
    team: bool = True,
) -> Standing:
    """A team at ``ref``: ``members`` maps each seated person to their 出生年月 (one
    entry per person, however many seats they hold); young when the age at ``ref`` is
    within ``max_age`` (a seat without a threshold has nobody young). Not graded (level
    None, 任务量 0) when it is not a 领导班子 (``team`` False: ``is_team_layer``) or
    has no approved seats."""
    young = tuple(
        sorted(
            pk
            for pk, birth in members.items()
            if max_age is not None and age_at(birth, ref) <= max_age
        )
    )
    graded = team and approved_seats > 0
    required = required_young(approved_seats, ratio) if graded else 0
    return Standing(approved_seats, len(members), required, young, graded)


def needs_second_check(level: str | None, team_gap: int, age: int, max_age: int | None) -> bool:
    """双把关: seating someone in an A or B team with a gap, who is not young for the
    seat (older than ``max_age``, or the seat has no threshold), does not reduce it."""
    if level not in (Level.A, Level.B) or team_gap == 0:
        return False
    return max_age is None or age > max_age


def is_record(start: dt.date, today: dt.date) -> bool:
    """An appointment dated before today is a record of what happened (entered or
    imported late): the gates (动议/双把关, 凡提四必, veto) do not apply to it. One
    dated today or later is a decision being made, and they do."""
    return start < today


def needs_motion(level: str, team_gap: int, start: dt.date, today: dt.date) -> bool:
    """双把关 as a gate: an appointment dated today or later into a team whose latest
    grade is A or B (with a gap) starts as a 动议 that needs the 干部科's opinion."""
    return level in (Level.A, Level.B) and team_gap > 0 and not is_record(start, today)


# Levels of ranks and posts, to tell a promotion (提拔) from a lateral move.
# 职级 count at the level they correspond to (《公务员职务与职级并行规定》: 一级、二级
# 主任科员 乡科级正职; 三级、四级主任科员 乡科级副职).
RANK_LEVELS = {
    "正处": 6,
    "副处": 5,
    "正科": 4,
    "一级主任科员": 4,
    "二级主任科员": 4,
    "副科": 3,
    "三级主任科员": 3,
    "四级主任科员": 3,
    "一级科员": 2,
    "二级科员": 1,
}
LEVEL_NAMES = {8: "正厅级", 7: "副厅级", 6: "正处级", 5: "副处级", 4: "正科级", 3: "副科级"}


def rank_level(rank: str) -> int:
    """A person's 职级 as a level (0 when blank or 其他)."""
    return RANK_LEVELS.get(rank or "", 0)


def post_level(unit_level: str, unit_kind: str, is_chief: bool) -> int:
    """The level of a seat: 正职 one above 副职. A city region's own team is 厅级; a
    county's leadership team (or county region) and city departments are 处级;
    county departments, townships and city 内设机构 are 科级; county and township
    内设机构 (股室) carry no rank (0)."""
    if unit_kind == "region":
        base = 7 if unit_level == "city" else 5
    elif unit_kind == "county_leadership":
        base = 5
    elif unit_kind == "internal_body":
        if unit_level != "city":
            return 0
        base = 3
    elif unit_level == "city":
        base = 5
    else:
        base = 3
    return base + (1 if is_chief else 0)


def is_promotion(rank: str, held_levels: Iterable[int], seat_level: int) -> bool:
    """提拔: the seat's level is above the person's current level, the higher of their
    职级 and any seat they hold. A seat without rank is never a promotion."""
    current = max([rank_level(rank), *held_levels])
    return seat_level > 0 and seat_level > current


@dataclass(frozen=True)
class Completion:
    required: int
    met: int
    rate: float | None  # met / required rounded to 4 places; None without teams


def completion_rate(rows: Iterable[tuple[int, int]]) -> Completion:
    """A region's rate from its teams' ``(actual, required)``:
    ``sum(min(actual, required)) / sum(required)``, rounded to 4 places."""
    required = met = 0
    for actual, need in rows:
        required += need
        met += min(actual, need)
    rate = float(round(Fraction(met, required), 4)) if required else None
    return Completion(required=required, met=met, rate=rate)


@dataclass(frozen=True)
class Forecast:
    quarter: Quarter
    level: str
    actual: int


def forecast_downgrade(
    members: Iterable[tuple[dt.date, int]],
    required: int,
    quarter: Quarter,
    horizon: int = 12,
) -> Forecast | None:
    """If nobody changes, the first quarter after ``quarter`` (within ``horizon``) in
    which the team's level is worse than at ``quarter``, as members age past their
    thresholds. ``members`` are the seated people as ``(birth_month, max_age)``;
    a seat without a threshold (``max_age`` None) never counts as young."""
    seated = [(birth, limit) for birth, limit in members if limit is not None]

    def young_at(ref: dt.date) -> int:
        return sum(1 for birth, limit in seated if age_at(birth, ref) <= limit)

    now = warning_level(young_at(quarter.end), required)
    for step in range(1, horizon + 1):
        later = quarter.shift(step)
        actual = young_at(later.end)
        level = warning_level(actual, required)
        if is_worse(level, now):
            return Forecast(later, level, actual)
    return None


# --- 人岗相适: eligibility of a candidate for a vacant post --------------------------
# The conditions are data (staffing.EligibilityRule, seeded with the defaults of
# 《党政领导干部选拔任用工作条例》 in docs/rules.md); these functions apply them.


class Check:
    """The conditions a rule row can name."""

    NO_VETO = "no_veto"  # 无一票否决情形
    NO_FAILED_ASSESSMENT = "no_failed_assessment"  # 近N年年度考核无不称职
    LOWER_POST_YEARS = "lower_post_years"  # 由副职提任正职: 任下一级职务N年以上
    WORK_YEARS = "work_years"  # N年以上工龄
    GRASSROOTS_YEARS = "grassroots_years"  # N年以上基层工作经历


class AppliesTo:
    ALL = "all"  # 所有职位
    CHIEF = "chief"  # 由副职提任正职
    COUNTY = "county"  # 提任县处级职务


@dataclass(frozen=True)
class EligibilityRule:
    code: str
    applies_to: str
    years: int | None = None

    def applies(self, *, chief_post: bool, county_level: bool) -> bool:
        if self.applies_to == AppliesTo.CHIEF:
            return chief_post
        if self.applies_to == AppliesTo.COUNTY:
            return county_level
        return True

    @property
    def condition(self) -> str:
        """The condition in words: 任下一级职务满2年."""
        return {
            Check.NO_VETO: "无一票否决情形",
            Check.NO_FAILED_ASSESSMENT: f"近{self.years}年年度考核无不称职",
            Check.LOWER_POST_YEARS: f"任下一级职务满{self.years}年",
            Check.WORK_YEARS: f"工龄满{self.years}年",
            Check.GRASSROOTS_YEARS: f"基层工作经历满{self.years}年",
        }[self.code]


@dataclass(frozen=True)
class CandidateFacts:
    age: int
    max_age: int | None  # the seat's young threshold
    lower_post_months: int  # months held in 副职 seats (for a chief post)
    work_months: int | None  # None: 参加工作时间 unknown
    grassroots_months: int
    vetoed: bool
    failed_years: tuple[int, ...] = ()  # years of an annual 不称职
    year: int = 0  # the reference year the look-back counts from


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    young: bool
    passed: tuple[str, ...]
    failed: tuple[str, ...]


def _years(months: int) -> str:
    """24 -> 2年, 23 -> 1年11个月, 6 -> 6个月, 0 -> 0个月."""
    years, rest = divmod(months, 12)
    if not years:
        return f"{rest}个月"
    return f"{years}年" + (f"{rest}个月" if rest else "")


def _duration(months: int, what: str, years: int) -> tuple[bool, str]:
    text = f"{what}{_years(months)}"
    if months >= years * 12:
        return True, text
    return False, f"{text}，不满{years}年"


def _check(rule: EligibilityRule, facts: CandidateFacts) -> tuple[bool, str]:
    """One condition met or not, and how to say so."""
    if rule.code == Check.NO_VETO:
        return (False, "存在一票否决情形") if facts.vetoed else (True, "无一票否决情形")
    if rule.code == Check.NO_FAILED_ASSESSMENT:
        recent = [y for y in facts.failed_years if y >= facts.year - (rule.years or 0)]
        if recent:
            return False, f"{max(recent)}年度考核不称职"
        return True, f"近{rule.years}年无不称职"
    if rule.code == Check.LOWER_POST_YEARS:
        return _duration(facts.lower_post_months, "任副职", rule.years or 0)
    if rule.code == Check.WORK_YEARS:
        if facts.work_months is None:
            return False, "参加工作时间不详，无法核实工龄"
        return _duration(facts.work_months, "工龄", rule.years or 0)
    if rule.code == Check.GRASSROOTS_YEARS:
        return _duration(facts.grassroots_months, "基层工作经历", rule.years or 0)
    raise ValueError(f"unknown eligibility rule {rule.code!r}")


def eligibility(
    facts: CandidateFacts,
    conditions: Iterable[EligibilityRule],
    *,
    chief_post: bool,
    county_level: bool,
) -> Eligibility:
    """Which of the (active) ``conditions`` that apply to the post a candidate meets and
    which they fail, in Chinese; being young for the seat is a reason to rank first."""
    passed, failed = [], []
    for rule in conditions:
        if rule.applies(chief_post=chief_post, county_level=county_level):
            ok, text = _check(rule, facts)
            (passed if ok else failed).append(text)
    young = facts.max_age is not None and facts.age <= facts.max_age
    if young:
        passed.append(f"{facts.age}岁，在{facts.max_age}岁年轻干部标准内")
    return Eligibility(not failed, young, tuple(passed), tuple(failed))


# --- 任前公示, 试用期, 任现职年限 ---------------------------------------------------

PUBLICITY_MIN_WORKING_DAYS = 5
PROBATION_YEARS = 1
LONG_SERVICE_YEARS = (5, 8, 10)


def is_working_day(
    day: dt.date,
    holidays: frozenset[dt.date] = frozenset(),
    workdays: frozenset[dt.date] = frozenset(),
) -> bool:
    """Monday to Friday, except 法定节假日 (``holidays``); a Saturday or Sunday listed in
    ``workdays`` (调休上班) is a working day."""
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def working_days(
    start: dt.date,
    end: dt.date,
    holidays: frozenset[dt.date] = frozenset(),
    workdays: frozenset[dt.date] = frozenset(),
) -> int:
    """Working days from ``start`` to ``end``, both included (0 when end < start)."""
    count = 0
    day = start
    while day <= end:
        count += is_working_day(day, holidays, workdays)
        day += dt.timedelta(days=1)
    return count


def earliest_publicity_end(
    start: dt.date,
    holidays: frozenset[dt.date] = frozenset(),
    workdays: frozenset[dt.date] = frozenset(),
    minimum: int = PUBLICITY_MIN_WORKING_DAYS,
) -> dt.date:
    """The first end date that gives the 任前公示 ``minimum`` working days."""
    day, count = start, 0
    while True:
        count += is_working_day(day, holidays, workdays)
        if count >= minimum:
            return day
        day += dt.timedelta(days=1)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def probation_until(start: dt.date, years: int = PROBATION_YEARS) -> dt.date:
    """The last day of the 试用期 of one year from ``start`` (included): appointed on
    2026-03-01, the probation runs to 2027-02-28 and is over on 2027-03-01."""
    return add_years(start, years) - dt.timedelta(days=1)


def years_served(start: dt.date, ref: dt.date) -> int:
    """Whole years in the post at ``ref``: 任现职满N年 when ``start`` + N years <= ``ref``."""
    if ref < start:
        return 0
    years = ref.year - start.year
    if add_years(start, years) > ref:
        years -= 1
    return years


def served_since(ref: dt.date, years: int) -> dt.date:
    """The latest start date that has served ``years`` full years at ``ref``."""
    latest = add_years(ref, -years)
    # 29 Feb started: 满 on 28 Feb of a common year (add_years), so allow it.
    if ref.month == 2 and ref.day == 28 and latest.month == 2:
        leap = dt.date(latest.year, 3, 1) - dt.timedelta(days=1)
        return leap
    return latest


def missing_to_reach(count: int, total: int, ratio: Fraction) -> int:
    """People (or teams) missing for ``count`` of ``total`` to reach ``ratio``:
    ``max(0, ceil(total * ratio) - count)``, exact arithmetic."""
    return max(0, math.ceil(total * Fraction(ratio)) - count)


def quarters_up_to(ref: dt.date, count: int) -> list[Quarter]:
    """The ``count`` quarters ending on or before ``ref``, oldest first: on 2026-06-30
    the last is 2026Q2, on 2026-06-29 it is 2026Q1."""
    last = Quarter.of(ref)
    if last.end > ref:
        last = last.previous()
    return [last.shift(-i) for i in range(count - 1, -1, -1)]


def target_met(numerator: int, denominator: int, ratio: Fraction) -> bool | None:
    """A ratio target is met when numerator/denominator >= ratio (None without a base)."""
    if denominator == 0:
        return None
    return Fraction(numerator, denominator) >= ratio


# --- 配备目标 per layer ----------------------------------------------------------------
# Both ways of counting (``staffing.stats.targets`` in SQL for dashboards and reports,
# ``staffing.selectors.targets`` in Python for the targets page and 模拟调配) produce,
# for each layer, the same counts; these functions turn them into each target's figure.
#
# A layer's counts: ``teams``; seats held ``m`` (班子成员) and ``ch`` (正职); and for each
# young test ``v`` (0: each seat's threshold, then each fixed age a target names) the
# young holders ``y{v}``, young chiefs ``yc{v}`` and teams with anyone young ``ty{v}``.

YOUNG_CHIEFS = "young_chiefs"
YOUNG_MEMBERS = "young_members"


def young_tests(fixed_ages: Iterable[int | None]) -> list[int | None]:
    """The young tests the targets need: None (each seat's threshold), then the fixed
    ages in order."""
    return [None, *sorted({age for age in fixed_ages if age is not None})]


def target_figure(kind: str, counts: dict[str, int], test: int) -> tuple[int, int]:
    """``(numerator, denominator)`` of a target of ``kind`` from one layer's counts:
    young 正职 of 正职, young members of members, or teams with anyone young of teams."""
    if kind == YOUNG_CHIEFS:
        return counts.get(f"yc{test}", 0), counts.get("ch", 0)
    if kind == YOUNG_MEMBERS:
        return counts.get(f"y{test}", 0), counts.get("m", 0)
    return counts.get(f"ty{test}", 0), counts.get("teams", 0)


def layer_counts(
    teams: dict[int, Hashable],
    seated: Iterable[tuple[int, bool, dt.date]],
    limits: dict[Hashable, int | None],
    tests: list[int | None],
    ref: dt.date,
) -> dict[Hashable, dict[str, int]]:
    """The counts of each group at ``ref``: ``teams`` maps a team id to its group (its
    layer, or its layer and region), ``limits`` a group to its seat threshold, and
    ``seated`` lists the seats held (``(team id, 正职, 出生年月)``, one per appointment).
    The same figures per layer as the SQL of ``staffing.stats``."""
    out: dict[Hashable, dict[str, int]] = {}
    for group in set(teams.values()):
        out[group] = {"teams": 0, "m": 0, "ch": 0}
        for v in range(len(tests)):
            out[group].update({f"y{v}": 0, f"yc{v}": 0, f"ty{v}": 0})
    for group in teams.values():
        out[group]["teams"] += 1
    with_young: set[tuple[int, int]] = set()
    for team_id, chief, birth in seated:
        if team_id not in teams:
            continue
        key = teams[team_id]
        counts = out[key]
        counts["m"] += 1
        counts["ch"] += chief
        age = age_at(birth, ref)
        for v, fixed in enumerate(tests):
            limit = limits.get(key) if fixed is None else fixed
            if limit is not None and age <= limit:
                counts[f"y{v}"] += 1
                counts[f"yc{v}"] += chief
                if (team_id, v) not in with_young:
                    with_young.add((team_id, v))
                    counts[f"ty{v}"] += 1
    return out


def all_met(results: Iterable[bool | None]) -> bool | None:
    """A target is met only when every layer meets it: False if any layer falls
    short, None when no layer has anything to count, else True."""
    known = [r for r in results if r is not None]
    if not known:
        return None
    return all(known)
