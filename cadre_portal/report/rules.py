"""Half-years, the report's periods: ``2026H1`` is 1 January to 30 June 2026 (上半年),
``2026H2`` 1 July to 31 December (下半年). Pure; no ORM."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

EARLIEST_YEAR = 2000
_HALF = re.compile(r"^\s*(\d{4})\s*[Hh]\s*([12])\s*$")


class PeriodError(ValueError):
    """A half-year the report cannot use; the message is Chinese, for the user."""


@dataclass(frozen=True, order=True)
class HalfYear:
    year: int
    half: int  # 1 上半年, 2 下半年

    def __post_init__(self) -> None:
        if self.half not in (1, 2):
            raise PeriodError(f"半年应为1（上半年）或2（下半年），不是{self.half}")

    @classmethod
    def parse(cls, text: str) -> HalfYear:
        m = _HALF.match(str(text or ""))
        if not m:
            raise PeriodError(f"“{text}”不是有效的统计期（例如 2026H1 表示2026年上半年）")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> HalfYear:
        """The half-year ``day`` falls in: 30 June in the first, 1 July in the second."""
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def last_finished(cls, today: dt.date) -> HalfYear:
        """The half-year before the one ``today`` is in (on 31 December the second
        half is still running)."""
        return cls.of(today).previous()

    def __str__(self) -> str:
        return f"{self.year}H{self.half}"

    @property
    def label(self) -> str:
        return f"{self.year}年{'上' if self.half == 1 else '下'}半年"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    def shift(self, halves: int) -> HalfYear:
        index = self.year * 2 + self.half - 1 + halves
        return HalfYear(index // 2, index % 2 + 1)

    def previous(self) -> HalfYear:
        return self.shift(-1)

    def counted_until(self, today: dt.date) -> dt.date:
        """The last day with figures: the half's end, or ``today`` while it runs."""
        return min(self.end, today)


def choosable(today: dt.date, count: int = 10) -> list[HalfYear]:
    """The half-years offered on the page, newest (the running one) first."""
    current = HalfYear.of(today)
    return [current.shift(-i) for i in range(count) if current.shift(-i).year >= EARLIEST_YEAR]


def parse_period(raw: str | None, today: dt.date) -> HalfYear:
    """``?period=`` as a half-year between 2000H1 and the running one; the last
    finished half-year when absent."""
    raw = (raw or "").strip()
    if not raw:
        return HalfYear.last_finished(today)
    period = HalfYear.parse(raw)
    current = HalfYear.of(today)
    if period.year < EARLIEST_YEAR or period > current:
        raise PeriodError(
            f"统计期应在{HalfYear(EARLIEST_YEAR, 1).label}至本半年（{current.label}）之间"
        )
    return period
