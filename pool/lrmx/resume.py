"""The 简历 of an LRMX file: one line per period, ``2008.09--2012.07  XX大学XX专业学习``.

Real files write the months as 2008.09, 2008.9, 200809 or 2008年9月, separate them
with --, -, —, ——, ～, ~ or 至, and leave the end open (blank, 至今) for the current
post. A line that does not start with a period (an indented "（其间：……）", or a
long description wrapped onto the next line) belongs to the period above it and
is kept as a further line of that period's text. Pure functions, no ORM.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pool.people.rules import format_month

MAX_TEXT = 200  # CareerEntry.description
# Full-width digits and punctuation of the date part, mapped one to one so that
# positions in the line do not move (the text itself is kept as written).
_WIDTH = str.maketrans("０１２３４５６７８９．－～／　", "0123456789.-~/ ")
_MONTH = r"(\d{4})\s*(?:[./年-]\s*(\d{1,2})\s*月?|(\d{2})(?!\d))"
_SEP = r"(?:-{1,2}|—{1,2}|–{1,2}|―{1,2}|~|〜|至|到)"
_OPEN = r"(?:至今|今|现在)"
_LINE = re.compile(rf"^\s*{_MONTH}\s*{_SEP}\s*(?:{_MONTH}|({_OPEN}))?\s*")
_SPACES = " \t\u3000"
INDENT = " " * 18  # continuation lines line up under the text, as the national software does


class ResumeError(ValueError):
    """A 简历 that cannot be read into periods; the message is Chinese and names the line."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date | None  # None: to this day (或未写截止年月)
    text: str


def _month(year: str, month: str | None, compact: str | None, line_no: int) -> dt.date:
    y, m = int(year), int(month or compact)
    if not (1900 <= y <= 2100 and 1 <= m <= 12):
        written = f"{year}.{month or compact}"
        raise ResumeError(f"简历第{line_no}行：“{written}”不是有效的年月")
    return dt.date(y, m, 1)


def parse_resume(text: str, *, max_text: int = MAX_TEXT) -> list[Period]:
    """The periods of a 简历, in the order written. Raises ResumeError."""
    periods: list[list] = []  # [start, end, [lines], first line number]
    for line_no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if not raw.strip(_SPACES):
            continue
        m = _LINE.match(raw.translate(_WIDTH))
        if m is None:
            if not periods:
                shown = raw.strip(_SPACES)[:20]
                raise ResumeError(
                    f"简历第{line_no}行“{shown}”没有起止年月（应写作 2008.09--2012.07）"
                )
            periods[-1][2].append(raw.strip(_SPACES))
            continue
        start = _month(m.group(1), m.group(2), m.group(3), line_no)
        end = _month(m.group(4), m.group(5), m.group(6), line_no) if m.group(4) else None
        if end is not None and end < start:
            raise ResumeError(f"简历第{line_no}行：截止年月早于起始年月")
        rest = raw[m.end() :].strip(_SPACES)
        if not rest:
            raise ResumeError(f"简历第{line_no}行：只有起止年月，没有学习或工作经历")
        periods.append([start, end, [rest], line_no])
    result = []
    for start, end, lines, line_no in periods:
        body = "\n".join(lines)
        if len(body) > max_text:
            raise ResumeError(
                f"简历第{line_no}行起的一段过长（{len(body)}个字），每段最多{max_text}个字"
            )
        result.append(Period(start, end, body))
    return result


def format_resume(periods: list[Period]) -> str:
    """The 简历 text as the national software writes it; ``parse_resume`` reads it back."""
    lines = []
    for p in periods:
        first, *more = p.text.split("\n")
        lines.append(f"{format_month(p.start)}--{format_month(p.end):<7}  {first}")
        lines.extend(INDENT + line for line in more)
    return "\n".join(lines)


def in_order(periods: list[Period]) -> list[Period]:
    """By start month, keeping the written order among periods that start together."""
    return sorted(periods, key=lambda p: p.start)
