# Over 400 lines: ID numbers, months, ages, seat layers: the pure rules every stage shares.
"""Pure rules on plain values: ID numbers, months, ages, who counts as young.

No ORM and no I/O here, so every rule is unit-tested without a database.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from operator import mul

# GB 11643-1999: weights of the first 17 digits and the check characters.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_OFFSET = 48 * sum(_ID_WEIGHTS)  # ord("0") times each weight
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$", re.ASCII)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00a0\u3000 \t\r\n"), None)


class IdNumberError(ValueError):
    """An ID number that cannot be right; the message is Chinese, for the user."""


def id_check_char(first17: str) -> str:
    """The check character of 17 ASCII digits (GB 11643); the byte codes less 48 are the digits."""
    if len(first17) != 17 or not first17.isdigit() or not first17.isascii():
        raise ValueError("id_check_char needs 17 digits")
    return _ID_CHECK[(sum(map(mul, first17.encode(), _ID_WEIGHTS)) - _ID_OFFSET) % 11]


def normalize_id_number(raw: object) -> str:
    """Clean an ID number as people type or paste it; raise IdNumberError if it is wrong.

    Accepts full-width digits, a lowercase x, spaces and zero-width characters,
    numbers (an int read from a spreadsheet) and legacy 15-digit numbers, which
    are converted to 18 digits (century 19, check digit computed).
    """
    if raw is None:
        raise IdNumberError("身份证号为空")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.translate(_INVISIBLE).upper()
    if not text:
        raise IdNumberError("身份证号为空")
    if len(text) == 15 and text.isascii() and text.isdigit():
        first17 = text[:6] + "19" + text[6:]
        text = first17 + id_check_char(first17)
    if not _ID_SHAPE.match(text):
        raise IdNumberError(f"身份证号“{_shown(text)}”应为18位（前17位为数字，末位为数字或X）")
    try:
        birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise IdNumberError(f"身份证号“{_shown(text)}”中的出生日期（第7至14位）不存在") from None
    if not dt.date(1900, 1, 1) <= birth <= dt.date.today():
        raise IdNumberError(f"身份证号“{_shown(text)}”中的出生日期（第7至14位）不合理")
    expected = id_check_char(text[:17])
    if text[17] != expected:
        raise IdNumberError(f"身份证号“{_shown(text)}”校验位错误（应为{expected}）")
    return text


def _shown(text: str) -> str:
    """An ID number in a message, masked: messages reach pages, logs and import reports."""
    return mask_id_number(text) if len(text) >= 10 else "*" * len(text)


def birth_date_from_id(id_number: str) -> dt.date:
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def gender_from_id(id_number: str) -> str:
    return "男" if int(id_number[16]) % 2 else "女"


def mask_id_number(id_number: str) -> str:
    """``430181199001011234`` -> ``430181********1234``."""
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


def format_month(value: dt.date | None) -> str:
    """The way cadre files write months: ``1988.03``."""
    return f"{value.year}.{value.month:02d}" if value else ""


def age_at(birth_month: dt.date, ref: dt.date) -> int:
    """Whole years at ``ref`` counted from a year and month (docs/rules.md)."""
    return ref.year - birth_month.year - (1 if ref.month < birth_month.month else 0)


def young_cutoff(max_age: int, ref: dt.date) -> dt.date:
    """Born in this month or later (first-of-month dates) means age <= max_age at ``ref``.

    age <= N  <=>  months between birth and ref < (N + 1) * 12.
    """
    months = ref.year * 12 + ref.month - 1 - (max_age + 1) * 12 + 1
    return dt.date(months // 12, months % 12 + 1, 1)


# ---------------------------------------------------------------------------
# Young, judged two ways (docs/rules.md): a seat by its layer (SeatLayer), a
# person by their own rank (the pool ceilings). Never a person by their unit's kind.
# ---------------------------------------------------------------------------


class SeatLayer:
    """The layers a seat belongs to, as the policy names them (codes of ``SeatLayer``
    choices in ``pool.models``)."""

    CITY_DEPT = "city_dept"
    COUNTY_LEADERSHIP = "county_leadership"
    COUNTY_DEPT = "county_dept"
    TOWNSHIP = "township"
    CITY_BODY = "city_body"
    COUNTY_BODY = "county_body"


LAYER_LABELS = {
    SeatLayer.CITY_DEPT: "市党政工作部门",
    SeatLayer.COUNTY_LEADERSHIP: "县市区党政班子",
    SeatLayer.COUNTY_DEPT: "县市区党政工作部门",
    SeatLayer.TOWNSHIP: "乡镇(街道)",
    SeatLayer.CITY_BODY: "市内设机构",
    SeatLayer.COUNTY_BODY: "县乡内设机构",
}
# 处科级领导班子 (graded A/B/C, counted in the 正职/班子成员 targets) and 内设机构.
TEAM_LAYERS = (
    SeatLayer.CITY_DEPT,
    SeatLayer.COUNTY_LEADERSHIP,
    SeatLayer.COUNTY_DEPT,
    SeatLayer.TOWNSHIP,
)
BODY_LAYERS = (SeatLayer.CITY_BODY, SeatLayer.COUNTY_BODY)
DEFAULT_SEAT_AGES = {
    SeatLayer.CITY_DEPT: 40,
    SeatLayer.COUNTY_LEADERSHIP: 40,
    SeatLayer.COUNTY_DEPT: 35,
    SeatLayer.TOWNSHIP: 35,
    SeatLayer.CITY_BODY: 35,
    SeatLayer.COUNTY_BODY: 30,
}

# (unit kind, level, layer): the whole mapping from a unit to its seats' layer. For a
# 内设机构 the level is that of the unit it belongs to (its parent), so a 股室 of a
# county department or of a township is 县乡内设机构 whatever its own level says.
LAYER_RULES = (
    ("party_gov_dept", "city", SeatLayer.CITY_DEPT),
    ("party_gov_dept", "county", SeatLayer.COUNTY_DEPT),
    ("county_leadership", "county", SeatLayer.COUNTY_LEADERSHIP),
    ("township", "township", SeatLayer.TOWNSHIP),
    ("internal_body", "city", SeatLayer.CITY_BODY),
    ("internal_body", "county", SeatLayer.COUNTY_BODY),
    ("internal_body", "township", SeatLayer.COUNTY_BODY),
)
PARENT_LEVEL_KINDS = frozenset({"internal_body"})


def seat_layer(level: str, kind: str, parent_level: str | None = None) -> str | None:
    """The layer of the seats in a unit of ``level`` and ``kind`` (``parent_level``: the
    level of the unit above it, which decides for a 内设机构); None for units outside
    the six layers (事业单位, 国企, 群团, a city's or county's own node)."""
    if kind in PARENT_LEVEL_KINDS and parent_level:
        level = parent_level
    for rule_kind, rule_level, layer in LAYER_RULES:
        if rule_kind == kind and rule_level == level:
            return layer
    return None


def seat_max_age(thresholds: dict[str, int], layer: str | None) -> int | None:
    """A seat of ``layer`` is held by a young cadre up to this age (None: no layer)."""
    return thresholds.get(layer) if layer else None


# The pool ceilings by the person's own 职级: 处级 and 调研员 ranks 40, others 35. The
# blank rank stands for every rank without a row of its own (未填, 其他).
SENIOR_RANKS = ("正处", "副处", "一级调研员", "二级调研员", "三级调研员", "四级调研员")
DEFAULT_POOL_AGE = 35
DEFAULT_SENIOR_POOL_AGE = 40


def pool_max_age(ceilings: dict[str, int], rank: str | None) -> int | None:
    """The pool ceiling of a person of ``rank`` (its row, else the blank rank's row)."""
    if rank and rank in ceilings:
        return ceilings[rank]
    return ceilings.get("")


def is_young_person(
    birth_month: dt.date, rank: str | None, ceilings: dict[str, int], ref: dt.date
) -> bool:
    """A young cadre by their own rank (list eligibility, 超龄, 主体班, dashboards)."""
    limit = pool_max_age(ceilings, rank)
    return limit is not None and age_at(birth_month, ref) <= limit


_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})[.\-/年](\d{1,2})(?:[.\-/月](\d{1,2})日?|月)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})?$"),
)


class MonthError(ValueError):
    pass


def parse_month(raw: object) -> dt.date | None:
    """Read a year and month as cadre files write it; None for blank.

    ``1988.03``, ``1988.3``, ``1988年3月``, ``198803``, ``1988-03-15``, ``19880315``,
    and date/datetime values. Returns the first of that month.
    """
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date().replace(day=1)
    if isinstance(raw, dt.date):
        return raw.replace(day=1)
    text = unicodedata.normalize("NFKC", str(raw)).translate(_INVISIBLE)
    if not text:
        return None
    for pattern in _MONTH_PATTERNS:
        m = pattern.match(text)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            if 1900 <= year <= 2100 and 1 <= month <= 12:
                return dt.date(year, month, 1)
            break
    raise MonthError(f"“{text}”不是有效的年月（例如 1988.03）")


# ---------------------------------------------------------------------------
# Recommendation lists: status flow, what blocks a submission, attachments.
# Statuses are the plain values of ``pool.models.ListStatus``.
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Age-out: when a pool member passes the pool ceiling of their rank.
# ---------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; the 31st becomes the month's last day."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - a month always has a 28th


# ---------------------------------------------------------------------------
# 积分排序: item scores from 0 to 100 for what pool can compute itself.
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# 基层工作经历 (docs/rules.md): the one definition every stage uses.
# ---------------------------------------------------------------------------
#
# Work in a 乡镇(街道) or 村(社区) unit, or a 简历 line naming one (乡, 镇, 街道, 村,
# 社区, 驻村, 第一书记). County and city departments do not count, so the place words
# are not read where they are part of a department's name or business:
#   农村 / 乡村 (县农业农村局, 新农村建设办, 乡村振兴局), 城乡 / 城镇 (城乡建设局,
#   城镇化办公室), 村镇 (村镇建设股), 乡镇企业 (乡镇企业局);
#   and a place word after a department (县司法局社区矫正科, 县民政局社区建设股,
#   县教育局青石镇中心学校, 县发改委派驻青石镇工作组): the line is the department's.
# 驻村 and 第一书记 always count (a department's 驻村工作队 works in the village).

_PLACE = re.compile(
    r"(?<![城])(?<!村)镇(?!企业)"  # 镇, not 城镇, 村镇 or 乡镇企业
    r"|街道"
    r"|社区"
    r"|(?<![城])乡(?![村镇]振兴|镇企业)"  # 乡, not 城乡, 乡村振兴, 乡镇企业
    r"|(?<![农乡])村(?![镇振])"  # 村, not 农村, 乡村, 村镇, 村振兴
)
_ALWAYS = re.compile(r"驻村|第一书记|大学生村官")
_DEPARTMENT = re.compile(r"局|办公室|委|部(?!长)|院|厅")


def is_grassroots(description: str, township_names=()) -> bool:
    """Does a 简历 line (or a posting's host and post) describe work at a township,
    street, village or community? ``township_names``: township-level units on file
    (青石镇): a line naming one counts whatever follows it."""
    text = description or ""
    if _ALWAYS.search(text):
        return True
    if any(name and name in text for name in township_names):
        return True
    place = _PLACE.search(text)
    if place is None:
        return False
    department = _DEPARTMENT.search(text)
    return department is None or department.start() > place.start()


def unit_is_grassroots(level: str) -> bool:
    """A unit on file at 乡镇(街道) level (its internal bodies and villages included)."""
    return level == "township"


def months_between(start: dt.date, end: dt.date) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month)


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def covered_months(spans, ref: dt.date) -> int:
    """Months covered by the union of ``spans`` (start, end or None) up to ``ref``,
    both end months included, an open span up to ``ref``'s month; overlapping spans
    count once. Both ways of writing a 简历 agree: ``2014.07--2016.06`` then
    ``2016.07--``, or ``2014.07--2016.07`` then ``2016.07--`` (the shared month counts
    once). A posting's days fall in its months (2019-03-01..2022-02-28 is 36)."""
    last = _month(ref)
    intervals = sorted(
        (_month(start), min(_month(end) if end else last, last)) for start, end in spans
    )
    total, current_start, current_end = 0, None, None
    for start, end in intervals:
        if end < start:
            continue
        if current_end is None or start > current_end + 1:
            if current_end is not None:
                total += current_end - current_start + 1
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start + 1
    return total


def grassroots_months(entries, ref: dt.date, township_names=(), extra_spans=()) -> int:
    """Months of 基层工作经历 at ``ref``: the 简历 ``entries`` (start, end or None,
    description) judged by ``is_grassroots``, with ``extra_spans`` (start, end) known
    to be at the grassroots (postings), overlaps counted once."""
    spans = [
        (start, end)
        for start, end, description in entries
        if is_grassroots(description, township_names)
    ]
    return covered_months([*spans, *extra_spans], ref)


# Dashboards: age bands and birth cohorts.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeBand:
    """Ages ``low``..``high`` inclusive at a reference date; None = open-ended."""

    low: int | None
    high: int | None

    @property
    def label(self) -> str:
        if self.low is None:
            return f"{self.high}岁及以下"
        if self.high is None:
            return f"{self.low}岁及以上"
        return f"{self.low}—{self.high}岁"

    def birth_range(self, ref: dt.date) -> tuple[dt.date | None, dt.date | None]:
        """First-of-month birth dates ``(earliest, latest)`` of the people in this band
        at ``ref`` (None = unbounded): ``earliest <= birth_month <= latest``."""
        earliest = young_cutoff(self.high, ref) if self.high is not None else None
        latest = None
        if self.low is not None:
            first_too_young = young_cutoff(self.low - 1, ref)  # age <= low - 1 from here on
            latest = dt.date(
                first_too_young.year - (first_too_young.month == 1),
                (first_too_young.month - 2) % 12 + 1,
                1,
            )
        return earliest, latest

    def contains(self, age: int) -> bool:
        return (self.low is None or age >= self.low) and (self.high is None or age <= self.high)


# The age pyramid's five-year bands (youngest first).
AGE_BANDS = (
    AgeBand(None, 25), AgeBand(26, 30), AgeBand(31, 35), AgeBand(36, 40), AgeBand(41, 45),
    AgeBand(46, 50), AgeBand(51, 55), AgeBand(56, 60), AgeBand(61, None),
)  # fmt: skip


def age_band_of(age: int) -> AgeBand:
    return next(band for band in AGE_BANDS if band.contains(age))


@dataclass(frozen=True)
class Cohort:
    """A birth cohort such as 90后 (born 1990-1999), as the reports write it."""

    label: str
    first_year: int
    last_year: int

    @property
    def description(self) -> str:
        return f"{self.first_year}—{self.last_year}年出生"

    def contains(self, birth_month: dt.date) -> bool:
        return self.first_year <= birth_month.year <= self.last_year


# 90后 per docs/rules.md (born 1990-1999); 85后 as the five years before it, so the two
# counts never overlap.
COHORTS = (Cohort("90后", 1990, 1999), Cohort("85后", 1985, 1989))
