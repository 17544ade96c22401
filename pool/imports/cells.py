"""Parsing single cells as real files hold them. Every parser takes a non-blank
cell value (str, float, int, bool, date or datetime, as the readers give them)
and returns a Python value, or raises CellError with a Chinese message."""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pool.people import rules

# Zero-width and other invisible characters that survive copy and paste.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"\s+")
_ID_LIKE = re.compile(r"\d{6}[\dX]{8,}")


class CellError(ValueError):
    """A cell that cannot be right; the message is Chinese, for the user."""


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.translate(_INVISIBLE).strip()
    return False


def as_text(value: object) -> str:
    """A cell as text: NFKC (full-width letters, digits and punctuation to half-width),
    invisible characters removed, outer spaces stripped; 12.0 -> "12"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    text = unicodedata.normalize("NFKC", str(value)).translate(_INVISIBLE).strip()
    # Short values repeat down a column (民族, 职级, 单位): share one string object.
    return sys.intern(text) if len(text) <= 12 else text


def name_key(value: object) -> str:
    """How a name is compared in every lookup by name (units, training classes, posts,
    recommending units, people): NFKC (（第三期） and (第三期) are one), no spaces, no
    invisible characters. Apply it to both sides: the cell and the stored name."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(value)).translate(_INVISIBLE))


def text(max_length: int) -> Callable[[object], str]:
    """Free text, stored as written (a leading = + - @ is kept: nothing is evaluated)."""

    def parse(value: object) -> str:
        result = as_text(value)
        if len(result) > max_length:
            raise CellError(f"内容过长（{len(result)}个字），最多{max_length}个字")
        return result

    return parse


def prose(max_length: int) -> Callable[[object], str]:
    """Sentences (推荐理由, 主要实绩) kept as written: Chinese punctuation is not folded
    to half-width; only invisible characters and outer spaces go."""

    def parse(value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        result = str(value).translate(_INVISIBLE).strip()
        if len(result) > max_length:
            raise CellError(f"内容过长（{len(result)}个字），最多{max_length}个字")
        return result

    return parse


def person_name(value: object) -> str:
    """A person's name: also removes spaces inside (张　三 -> 张三); keeps the · of
    minority names."""
    result = _SPACES.sub("", as_text(value))
    if len(result) > 50:
        raise CellError(f"姓名过长（{len(result)}个字）")
    return result


def choice(options: dict[str, str], what: str) -> Callable[[object], str]:
    """One of a fixed set of values. ``options`` maps accepted spellings (after
    NFKC, spaces removed) to the stored value; the message lists the first of
    each stored value's spellings."""
    table = {_SPACES.sub("", unicodedata.normalize("NFKC", k)): v for k, v in options.items()}
    first: dict[str, str] = {}
    for spelling, stored in options.items():
        first.setdefault(stored, spelling)
    shown = "、".join(first.values())

    def parse(value: object) -> str:
        key = _SPACES.sub("", as_text(value))
        try:
            return table[key]
        except KeyError:
            raise CellError(f"“{key}”不是有效的{what}，可填：{shown}") from None

    return parse


@dataclass(frozen=True)
class AmbiguousMonth:
    """A number such as 1991.1: typed as 1991.1 (January) or as 1991.10 (October),
    Excel keeps only the float. Something else (the ID number) must decide."""

    written: str
    candidates: tuple[dt.date, dt.date]

    def message(self) -> str:
        a, b = self.candidates
        return (
            f"“{self.written}”是数字格式，无法确定是{a.month}月还是{b.month}月，"
            f"请写成 {rules.format_month(a)} 或 {rules.format_month(b)}（文本格式）"
        )


def _month_from_float(value: float) -> dt.date | AmbiguousMonth:
    written = repr(value)
    year, _, fraction = written.partition(".")
    if not year.isdigit() or not fraction.isdigit() or len(fraction) > 2:
        raise CellError(f"“{written}”不是有效的年月（例如 1988.03）")
    if fraction == "1":
        y = int(year)
        if not 1900 <= y <= 2100:
            raise CellError(f"“{written}”不是有效的年月（例如 1988.03）")
        return AmbiguousMonth(written, (dt.date(y, 1, 1), dt.date(y, 10, 1)))
    try:
        month = rules.parse_month(f"{year}.{fraction}")
    except rules.MonthError as exc:  # 1989.13, 0.05
        raise CellError(str(exc)) from None
    return _checked(month, written)


def _checked(month: dt.date, written: str) -> dt.date:
    today = dt.date.today()
    if month > today.replace(day=1):
        raise CellError(f"“{written}”晚于当前月份")
    return month


def month_or_ambiguous(value: object) -> dt.date | AmbiguousMonth:
    """A year and month in any of the ways cadre files write it (see rules.parse_month);
    a float such as 1991.1 comes back as AmbiguousMonth for the caller to decide."""
    if isinstance(value, bool):
        raise CellError("不是有效的年月（例如 1988.03）")
    if isinstance(value, float) and not value.is_integer():
        return _month_from_float(value)
    if isinstance(value, float | int):
        if not -1e8 < value < 1e8:  # longer than 19880315: 1e308, an ID number
            shown = repr(value) if isinstance(value, float) else str(value)[:20]
            raise CellError(f"“{shown}”不是有效的年月（例如 1988.03）")
        value = str(int(value))
    written = value if isinstance(value, dt.date) else as_text(value)
    try:
        month = rules.parse_month(written)
    except rules.MonthError as exc:
        raise CellError(str(exc)) from None
    return _checked(month, str(written))


def month(value: object) -> dt.date:
    """A year and month where nothing can settle an ambiguous float: that is an error."""
    result = month_or_ambiguous(value)
    if isinstance(result, AmbiguousMonth):
        raise CellError(result.message())
    return result


def id_number(value: object) -> str:
    """A national ID number, cleaned and checked (rules.normalize_id_number).

    An 18-digit ID stored as a number has already lost its last digits in Excel
    (15 significant digits), so it is refused rather than guessed."""
    if isinstance(value, float) and value >= 1e16:
        raise CellError(
            "身份证号被存成了数字，Excel只保留15位有效数字，后几位已经丢失；"
            "请把该列设为文本格式后重新填写"
        )
    try:
        return rules.normalize_id_number(value)
    except rules.IdNumberError as exc:
        # The message quotes the number: mask it, as everywhere else it is shown.
        raise CellError(_ID_LIKE.sub(lambda m: rules.mask_id_number(m[0]), str(exc))) from None


def number(lo: float, hi: float, what: str, *, places: int = 1) -> Callable[[object], Decimal]:
    """A number from ``lo`` to ``hi`` (学时 32、32.5、"32学时"), rounded to ``places``."""
    unit = re.compile(r"(学时|小时|年|个|次|人)$")

    def parse(value: object) -> Decimal:
        if isinstance(value, bool):
            raise CellError(f"“{value}”不是有效的{what}")
        written = unit.sub("", as_text(value).replace(",", ""))
        try:
            result = Decimal(written)
        except InvalidOperation:
            raise CellError(f"“{written}”不是有效的{what}，请填写数字") from None
        if not result.is_finite() or not lo <= result <= hi:
            raise CellError(f"{what}“{written}”超出范围（{lo:g}～{hi:g}）")
        return result.quantize(Decimal(1).scaleb(-places))

    return parse


def integer(lo: int, hi: int, what: str) -> Callable[[object], int]:
    """A whole number from ``lo`` to ``hi`` (年度 2026, "2026年", 2026.0)."""
    as_decimal = number(lo, hi, what, places=6)

    def parse(value: object) -> int:
        result = as_decimal(value)
        if result != result.to_integral_value():
            raise CellError(f"{what}应为整数，不能是“{result.normalize()}”")
        return int(result)

    return parse
