"""Pure rules of the 育 stage (docs/rules.md, defaults in ``TrainingRules``).

No ORM and no I/O. Boundaries: a 主体班 with exactly 1/5 young trainees passes; a
political training that ended exactly N years ago (same calendar day) still counts;
79 学时 against a target of 80 falls short, 80 meets it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# 领导职务 ranks: who may mentor (结对帮带导师 are leaders).
LEADER_RANKS = frozenset({"正处", "副处", "正科", "副科"})


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# --- 主体班: at least 1/5 young trainees ------------------------------------------------


@dataclass(frozen=True)
class Share:
    young: int
    total: int

    @property
    def ratio(self) -> Fraction | None:
        return Fraction(self.young, self.total) if self.total else None

    @property
    def percent(self) -> str:
        return f"{self.young / self.total:.0%}" if self.total else "—"

    def __str__(self) -> str:
        return f"{self.young}/{self.total}"


def young_share_ok(share: Share, minimum: Fraction) -> bool:
    """At least ``minimum`` of the trainees are young; a class with nobody yet passes
    (there is nothing to measure)."""
    if share.total == 0:
        return True
    return Fraction(share.young, share.total) >= minimum


def share_after(share: Share, add_young: int = 0, add_other: int = 0) -> Share:
    """The share once ``add_young`` young and ``add_other`` other trainees are added
    (negative numbers remove)."""
    return Share(share.young + add_young, share.total + add_young + add_other)


def young_share_warning(before: Share, after: Share, minimum: Fraction) -> str | None:
    """The Chinese warning shown before a change that leaves a 主体班 below the minimum,
    or None when the change keeps it at or above (or it was already below and does
    not get worse)."""
    if young_share_ok(after, minimum):
        return None
    worse = before.ratio is None or after.ratio is None or after.ratio <= before.ratio
    if not young_share_ok(before, minimum) and not worse:
        return None
    return (
        f"保存后本主体班年轻干部{after.young}人、学员共{after.total}人（占{after.percent}），"
        f"低于不少于{minimum.numerator}/{minimum.denominator}的要求"
    )


# --- pool members: political training, coverage, yearly hours ---------------------------


def counts_as_political(
    political: bool, off_the_job: bool, start: dt.date, end: dt.date, min_days: int
) -> bool:
    """A class counts as the political training when it is political, off the job and
    lasts at least ``min_days`` calendar days (start and end included)."""
    return political and off_the_job and (end - start).days + 1 >= min_days


def within_years(last: dt.date | None, today: dt.date, years: int) -> bool:
    """True when ``last`` falls on or after the same day ``years`` earlier."""
    return last is not None and last >= years_before(today, years)


def political_training_ok(last: dt.date | None, today: dt.date, years: int) -> bool:
    """每3年至少参加1次1周以上脱产政治训练: ``last`` is when the latest one ended."""
    return within_years(last, today, years)


def trained_within(last: dt.date | None, today: dt.date, years: int) -> bool:
    """5年内全覆盖: ``last`` is when the latest completed class ended."""
    return within_years(last, today, years)


def hours_ok(hours: Decimal | int | float, target: Decimal | int | float) -> bool:
    return Decimal(str(hours)) >= Decimal(str(target))


def hours_reminder_due(today: dt.date, from_month: int) -> bool:
    """Reminders about this year's hours start in ``from_month`` (earlier in the year
    nearly everyone is short)."""
    return today.month >= from_month


# --- postings ------------------------------------------------------------------------


def periods_overlap(
    a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None
) -> bool:
    """Closed periods (both ends included); a blank end runs on."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def may_mentor(rank: str) -> bool:
    """结对帮带导师 are leaders: a 领导职务 rank (正处, 副处, 正科, 副科)."""
    return rank in LEADER_RANKS


def training_score(hours: Decimal | float, yearly_hours: Decimal | int) -> float:
    """积分排序's 培训情况: the 学时 of the last finished year against the yearly
    requirement, 0..100 (80 of 80 学时 scores 100; more does not score more)."""
    if yearly_hours <= 0:
        return 100.0
    return round(min(100.0, float(hours) * 100 / float(yearly_hours)), 1)


# --- mentor coverage (结对帮带, issue #16) -------------------------------------------

NEW_RECRUIT_MONTHS = 36  # 新录用人员: within 3 years of 参加工作
MENTOR_CATEGORIES = ("选调生", "到村(社区)工作大学生")


def mentor_groups(category: str, work_start: dt.date | None, ref: dt.date) -> list[str]:
    """Why a young cadre should have a mentor: 新录用人员 (fewer than 36 months since
    参加工作, counted in months), 选调生, 到村(社区)工作大学生. [] when none applies."""
    groups = []
    if work_start is not None and new_recruit_since(ref) <= work_start <= ref:
        groups.append("新录用人员")
    if category in MENTOR_CATEGORIES:
        groups.append(category)
    return groups


def new_recruit_since(ref: dt.date) -> dt.date:
    """The earliest 参加工作 month (first of month) still "within 3 years" at ``ref``:
    started 2024.01 is new on 2026-12-07 (35 months), 2023.12 is not (36)."""
    index = ref.year * 12 + ref.month - 1 - NEW_RECRUIT_MONTHS + 1
    return dt.date(index // 12, index % 12 + 1, 1)
