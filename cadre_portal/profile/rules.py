"""Pure rules of the cadre profile and the 干部任免审批表: generation tags, whole years
of 基层工作经历 (judged by ``pool.people.rules.is_grassroots``), the form's text formats,
photo checks and export file names.
No ORM and no I/O."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from pool.people.rules import age_at, format_month

# ---------------------------------------------------------------------------
# Tags
# ---------------------------------------------------------------------------

# (label, first year, last year): "90后" is born 1990-1999, "85后" 1985-1989.
GENERATIONS = (
    ("00后", 2000, 2009),
    ("95后", 1995, 1999),
    ("90后", 1990, 1994),
    ("85后", 1985, 1989),
)


def generation_tags(birth_month: dt.date) -> list[str]:
    """``["95后", "90后"]`` for someone born in 1996: 95后 people are also 90后."""
    year = birth_month.year
    tags = [label for label, first, last in GENERATIONS if first <= year <= last]
    if "95后" in tags:
        tags.append("90后")
    return tags


def grassroots_years(months: int) -> int:
    """Whole years of grassroots experience: 23 months is 1 year, 24 is 2."""
    return months // 12


# ---------------------------------------------------------------------------
# The 审批表's text
# ---------------------------------------------------------------------------

CAREER_SEPARATOR = "--"
_OPEN_END = " " * 7  # "2015.06" is 7 characters: an open line keeps the text aligned


def career_line(start: dt.date, end: dt.date | None, text: str) -> str:
    """``2012.08--2015.06  青石镇党政办科员``; an open line ends ``2021.03--         text``."""
    end_text = format_month(end) if end else _OPEN_END
    return f"{format_month(start)}{CAREER_SEPARATOR}{end_text}  {text}"


def birth_with_age(birth_month: dt.date, ref: dt.date) -> str:
    """``1990.06(35岁)``: the 出生年月(岁) cell, age at the form's 计算年龄时间."""
    return f"{format_month(birth_month)}({age_at(birth_month, ref)}岁)"


ANNUAL_YEARS = 3


def annual_results_text(grades: dict[int, str], ref: dt.date, years: int = ANNUAL_YEARS) -> str:
    """The 年度考核结果 sentence from annual grades of the ``years`` years before
    ``ref``'s year: ``2023年度、2025年度考核均为称职；2024年度考核为优秀。``

    Years with the same grade are grouped, groups in order of their first year."""
    wanted = sorted(y for y in grades if ref.year - years <= y < ref.year)
    if not wanted:
        return ""
    groups: dict[str, list[int]] = {}
    for year in wanted:
        groups.setdefault(grades[year], []).append(year)
    parts = []
    for grade, group in groups.items():
        names = "、".join(f"{y}年度" for y in group)
        parts.append(f"{names}考核{'均为' if len(group) > 1 else '为'}{grade}")
    return "；".join(parts) + "。"


# ---------------------------------------------------------------------------
# Photos
# ---------------------------------------------------------------------------

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def photo_type(head: bytes) -> str | None:
    """``image/jpeg`` or ``image/png`` from the file's first bytes, whatever its name."""
    if head.startswith(JPEG_MAGIC):
        return "image/jpeg"
    if head.startswith(PNG_MAGIC):
        return "image/png"
    return None


def photo_problem(size: int, head: bytes, max_bytes: int) -> str | None:
    """Why an upload cannot be a 审批表 photo, in Chinese; None when it can."""
    if size == 0:
        return "请选择照片文件"
    if size > max_bytes:
        return f"照片不能超过{max_bytes // (1024 * 1024)}MB（当前{size / 1024 / 1024:.1f}MB）"
    if photo_type(head) is None:
        return "照片只能是JPG或PNG图片"
    return None


# ---------------------------------------------------------------------------
# Export file names
# ---------------------------------------------------------------------------

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_name(text: str) -> str:
    return _UNSAFE.sub("_", text).strip(" ._") or "未命名"


def unique_file_names(stems: Iterable[str], suffix: str) -> list[str]:
    """``姓名_单位.docx`` for each stem; a repeated stem gets ``(2)``, ``(3)`` ..."""
    taken: set[str] = set()
    names = []
    for raw in stems:
        stem = safe_name(raw)
        name, n = f"{stem}{suffix}", 1
        while name in taken:
            n += 1
            name = f"{stem}({n}){suffix}"
        taken.add(name)
        names.append(name)
    return names
