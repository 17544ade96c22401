# Over 400 lines: one import pipeline (header, rows, classification, bulk write) read top to bottom.
"""The import engine: find the header, parse and check every row, classify rows
against the database (new / updated / unchanged / invalid), then write the valid
ones in bulk inside the caller's transaction.

Files are read the way offices keep them: every worksheet whose header is
recognised (one sheet per unit), a header over one row or two (全日制教育 over
学历, 学位, 毕业院校系及专业), title rows above it; total rows (合计, 小计) and
the footer (填表人, 审核人, 填表日期 ...) are skipped and reported, and 同上 or 〃
in a cell repeats the value above it (``_SheetReader``).

A kind of import is a small declaration (a ``Kind`` subclass): its columns and
three hooks. ``check`` does the row's own cross-column checks and sets its key
(duplicates in the file are found by key); ``classify`` compares a chunk of
valid rows with what is stored; ``write`` stores the new and updated rows with
bulk operations. Kinds live in each app's ``importers.py`` and are found by
``kinds()``.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.utils.module_loading import autodiscover_modules

from pool.imports import cells, readers
from pool.imports.readers import Book, FileProblem, Sheet

logger = logging.getLogger(__name__)

HEADER_SCAN = 10  # the header is looked for in the first rows of the sheet
CHUNK = 2000  # rows classified (one database round trip) at a time
MAX_ROWS = 200_000  # default of settings.IMPORT_MAX_ROWS: data rows in one file

NEW, UPDATED, UNCHANGED, INVALID = "new", "updated", "unchanged", "invalid"
STATUS_LABELS = {NEW: "新增", UPDATED: "更新", UNCHANGED: "无变化", INVALID: "有错误"}


_TEXT = cells.text(100)


@dataclass(frozen=True)
class Column:
    """One column of a kind: its canonical Chinese header and the other headers
    real files use for it. ``required``: the header must be there and the cell
    filled. ``parse`` gets a non-blank cell and returns the value (or raises
    cells.CellError)."""

    name: str
    field: str
    parse: Callable[[object], Any] = _TEXT
    synonyms: tuple[str, ...] = ()
    required: bool = False
    example: object = ""
    as_text: bool = False  # the template formats this column as text (ID numbers)
    memo: bool = True  # False for columns whose values rarely repeat (names, IDs)
    width: int = 14
    # Line breaks inside a cell are Alt+Enter wrapping and are joined, except in
    # columns of sentences (推荐理由, 谈话要点) where they separate paragraphs.
    multiline: bool = False

    def headers(self) -> set[str]:
        return {header_key(h) for h in (self.name, *self.synonyms)}


def header_key(value: object) -> str:
    """How header cells are compared: NFKC, no spaces, no required-marks (*, 必填)."""
    text = "" if value is None else unicodedata.normalize("NFKC", str(value))
    for noise in ("*", "(必填)", "(选填)", "必填", " ", "\n", "\u3000", "\u200b", "\ufeff"):
        text = text.replace(noise, "")
    return text.strip()


class Row:
    """One data row: its number in the sheet, parsed values, errors, status."""

    __slots__ = (
        "changes", "errors", "key", "label", "number", "payload", "sheet", "status", "summary",
        "values",
    )  # fmt: skip

    def __init__(self, number: int, label: str = "", sheet: str = ""):
        self.number = number
        self.label = label  # where the row came from, when not a sheet row (a file in a .zip)
        self.sheet = sheet  # the worksheet's name ("" for CSV)
        self.values: dict[str, Any] = {}
        self.errors: list[tuple[str, str]] = []
        self.status: str | None = None
        self.key: Any = None
        self.summary: tuple[str, ...] = ()
        self.changes: tuple[str, ...] = ()
        self.payload: Any = None

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, f"《{self.label}》{message}" if self.label else message))


@dataclass
class Context:
    """Who imports (None: the system, unscoped) and what the kind loaded for it."""

    user: Any = None
    scope: frozenset[int] | None = None  # unit ids the user may write to; None: all
    cache: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)  # what the importer chose (Kind.options)


class Kind:
    """Declare a kind: ``name`` (CLI and URL), ``title``, ``columns``, ``key_column``
    (named in the duplicate message), ``summary_columns`` (shown in the preview)."""

    name: ClassVar[str]
    title: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    key_column: ClassVar[str]
    summary_columns: ClassVar[tuple[str, ...]] = ()
    notes: ClassVar[tuple[str, ...]] = ()  # printed under the template's example row
    template: ClassVar[bool] = True  # False: no .xlsx template (the kind reads other files)
    # Choices the importer makes on the upload form / command line (ctx.options),
    # for kinds whose files leave something out (LRMX carries no unit).
    options: ClassVar[tuple[str, ...]] = ()
    # The values ``classify`` reads. A row with errors that has them all (and a key)
    # is classified too, so its lookup errors (不在干部名册, 管辖范围) show together
    # with its cell errors; None: rows with errors are not classified.
    lookups: ClassVar[tuple[str, ...] | None] = None

    def open(self, stream) -> Book | Sheet:
        """The rows of the file. Spreadsheet kinds read every visible worksheet; a
        kind reading other files (LRMX) returns a Sheet of its own: a header row
        naming the columns, then one row per record, each with a ``label`` (its file
        name) that prefixes the row's error messages."""
        return readers.open_book(stream)

    def begin(self, ctx: Context) -> None:
        """Load what checking needs (lookups), once per import."""

    def check(self, row: Row, ctx: Context) -> None:
        """Cross-column checks; set ``row.key`` and ``row.summary``. May set the status."""

    def classify(self, rows: list[Row], ctx: Context) -> None:
        """Set the status (new / updated / unchanged) of valid rows; may add errors."""

    def write(self, rows: list[Row], ctx: Context) -> None:
        """Store the new and updated rows, in bulk. Runs inside the caller's transaction."""
        raise NotImplementedError


_KINDS: dict[str, Kind] = {}


def register(kind_class: type[Kind]) -> type[Kind]:
    """Class decorator for each app's ``importers.py``."""
    _KINDS[kind_class.name] = kind_class()
    return kind_class


@functools.cache
def _discover() -> None:
    # Once, whatever was registered before: a module that imports one app's
    # importers (pool.lrmx uses pool.imports.kinds' tables) must not hide the others.
    autodiscover_modules("importers")


def kinds() -> dict[str, Kind]:
    _discover()
    return _KINDS


def get_kind(name: str) -> Kind:
    try:
        return kinds()[name]
    except KeyError:
        known = "、".join(f"{k}（{v.title}）" for k, v in kinds().items())
        raise FileProblem(f"未知的导入类型“{name}”，可用：{known}") from None


@dataclass
class Header:
    row: int  # row number of the header in the sheet (its last row, if over two)
    index: dict[str, int]  # field -> column index
    labels: list[str]  # the header cells as read (two rows joined: 全日制教育/学历)
    ignored: list[str]  # header cells that match no column
    raw: list = field(default_factory=list)  # the header row as read (repeated on each page)
    above: list | None = None  # the upper row of a header over two rows


_PARENTHESES = re.compile(r"\([^()]*\)$")  # 出生年月(年龄), 身份证号(18位), after NFKC


def header_keys(value: object) -> set[str]:
    """A header cell's key, and without a trailing note: 身份证号（18位） -> 身份证号."""
    key = header_key(value)
    return {key, _PARENTHESES.sub("", key)} - {""}


def _lookup(kind: Kind, mapping: dict[str, str] | None = None) -> dict[str, Column]:
    """Header key -> column; of two columns naming the same header the first wins.
    ``mapping`` (header as written -> column name, chosen by the importer) adds
    headers the kind does not know, and overrides those it does."""
    table: dict[str, Column] = {}
    for col in kind.columns:
        for key in col.headers():
            table.setdefault(key, col)
    if mapping:
        by_name = {col.name: col for col in kind.columns}
        for written, name in mapping.items():
            if name in by_name:
                table[header_key(written)] = by_name[name]
    return table


def _match(table: dict[str, Column], keys: Iterable[str]) -> Column | None:
    for key in keys:
        if not key:
            continue
        col = table.get(key) or table.get(_PARENTHESES.sub("", key))
        if col is not None:
            return col
    return None


def _keys(top: str, group: str, bottom: str) -> list[str]:
    """The keys one header cell may be known by: over two rows, a group header
    (全日制教育) spanning several columns qualifies the cell under it (学历 ->
    全日制学历); a cell merged down both rows is read as the upper one."""
    if group and bottom:
        stem = group.removesuffix("教育").removesuffix("情况")
        return [group + bottom, stem + bottom, bottom, group]
    return [bottom or top]


def _two_rows(top: list, bottom: list) -> list[tuple[str, str, str]]:
    """(upper cell, its group, lower cell) per column of a header over two rows.
    An upper cell with a different cell under it is a group header; the empty
    upper cells right of it (merged across) belong to its group."""
    width = max(len(top), len(bottom))
    top = [header_key(c) for c in top] + [""] * (width - len(top))
    bottom = [header_key(c) for c in bottom] + [""] * (width - len(bottom))
    out, group = [], ""
    for t, b in zip(top, bottom, strict=True):
        if t:
            group = t if b and b != t else ""
            out.append((t, group, b))
        else:
            out.append(("", group, b))
    return out


def _read_header(table: dict[str, Column], cells_: list[tuple[str, str, str]]):
    """field -> column index, labels, ignored cells, (label, column) of the matched."""
    index: dict[str, int] = {}
    labels, ignored, matched = [], [], []
    for i, (top, group, bottom) in enumerate(cells_):
        labels.append(f"{group}/{bottom}" if group and bottom else bottom or top)
        if not (top or bottom):
            continue
        col = _match(table, _keys(top, group, bottom))
        if col is None:
            ignored.append(labels[-1])
            continue
        matched.append((labels[-1], col))
        if col.field not in index:  # the first of two synonymous columns wins
            index[col.field] = i
    return index, labels, ignored, matched


def find_header(
    kind: Kind, head: list[tuple[int, list]], mapping: dict[str, str] | None = None
) -> Header:
    """The row (or two rows, for a header with merged group cells) among the first
    ones that names the most known columns; title rows above it are skipped.
    Missing required columns are a file problem, and so is a mapped column whose
    field another column of the header already gives."""
    table = _lookup(kind, mapping)
    singles = [_read_header(table, [("", "", header_key(c)) for c in row]) for _, row in head]
    best = None  # (score, position, two rows?, (index, labels, ignored))
    for position, found in enumerate(singles):
        if found[0] and (best is None or len(found[0]) > best[0]):
            best = (len(found[0]), position, False, found)
    for position in range(len(head) - 1):
        found = _read_header(table, _two_rows(head[position][1], head[position + 1][1]))
        # Two rows win only by naming more columns than either row alone.
        alone = max(len(singles[position][0]), len(singles[position + 1][0]))
        if len(found[0]) > alone and len(found[0]) >= (best[0] if best else 0):
            best = (len(found[0]), position + 1, True, found)
    if best is None:
        expected = "、".join(c.name for c in kind.columns if c.required)
        raise FileProblem(
            f"前{HEADER_SCAN}行中没有找到表头：请确认文件是{kind.title}，表头应包含{expected}等列"
        )
    _, position, pair, (index, labels, ignored, matched) = best
    number, raw = head[position]
    if mapping:
        _mapped_twice(matched, mapping, number)
    missing = [c.name for c in kind.columns if c.required and c.field not in index]
    if missing:
        raise FileProblem(f"第{number}行表头缺少必需的列：{'、'.join(missing)}")
    above = head[position - 1][1] if pair else None
    return Header(number, index, labels, ignored, raw, above)


def _mapped_twice(matched: list[tuple[str, Column]], mapping: dict[str, str], number) -> None:
    """Two header cells giving one field, one of them by the importer's mapping."""
    mapped = {header_key(k) for k in mapping}
    by_field: dict[str, list[str]] = {}
    for label, col in matched:
        by_field.setdefault(col.name, []).append(label)
    for name, found in by_field.items():
        if len(found) > 1 and mapped & {header_key(f) for f in found}:
            shown = "和".join(f"“{f}”" for f in found)
            raise FileProblem(
                f"第{number}行表头中{shown}都对应“{name}”：两列不能对应同一字段，请修改列的对应设置"
            )


@dataclass
class Result:
    kind: Kind
    format: str
    header: Header  # of the first sheet read
    rows: list[Row]
    # Sheets read: sheet (name), header_row, header_from (its first row), rows.
    sheets: list[dict] = field(default_factory=list)
    skipped_sheets: list[dict] = field(default_factory=list)  # sheet, reason
    skipped_rows: list[dict] = field(default_factory=list)  # sheet, row, reason, text
    # Header cells of the sheets read that match no column (未导入的列), in order.
    ignored_columns: list[str] = field(default_factory=list)
    # The importer's mapping as applied: header as written -> column name.
    mapped_columns: dict[str, str] = field(default_factory=dict)
    # Columns the sheets read give by their own header (not mapped), by name.
    present_columns: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> dict[str, int]:
        invalid = self.count(INVALID)
        return {
            "rows_total": len(self.rows),
            "valid": len(self.rows) - invalid,
            "invalid": invalid,
            "created": self.count(NEW),
            "updated": self.count(UPDATED),
            "unchanged": self.count(UNCHANGED),
        }

    def errors(self) -> list[dict]:
        """Each error with its sheet and row; files that are no spreadsheet (LRMX,
        whose messages name the file) have no sheet."""
        if self.format not in readers.FORMATS:
            return [
                {"row": r.number, "column": column, "message": message}
                for r in self.rows
                for column, message in r.errors
            ]
        return [
            {"sheet": r.sheet, "row": r.number, "column": column, "message": message}
            for r in self.rows
            for column, message in r.errors
        ]


_BLANK = object()


class _Parser:
    """Parses the cells of one file. Most columns repeat a few values down the
    sheet (性别, 民族, 职级, 单位, months), so each column remembers what it made
    of a value; columns declared ``memo=False`` (names, ID numbers) do not."""

    def __init__(self, kind: Kind, header: Header):
        self.plan = [
            (col, header.index[col.field], {} if col.memo else None)
            for col in kind.columns
            if col.field in header.index
        ]

    def row(self, number: int, raw: list, label: str = "") -> Row:
        row = Row(number, label)
        width = len(raw)
        for col, i, memo in self.plan:
            value = raw[i] if i < width else None
            if value is None or value == "":
                outcome = _BLANK
            elif memo is None:
                outcome = self._parse(col, value)
            else:
                try:
                    outcome = memo[value]
                except KeyError:
                    outcome = memo[value] = self._parse(col, value)
                except TypeError:  # an unhashable cell value
                    outcome = self._parse(col, value)
            if outcome is _BLANK:
                if col.required:
                    row.error(col.name, f"{col.name}不能为空")
            elif isinstance(outcome, cells.CellError):
                row.error(col.name, str(outcome))
            else:
                row.values[col.field] = outcome
        return row

    @staticmethod
    def _parse(col: Column, value: object):
        if cells.is_blank(value):
            return _BLANK
        try:
            return col.parse(value)
        except cells.CellError as exc:
            return exc
        except Exception:  # a parser's bug must not abort the file: one row error, logged
            logger.exception("import parser %s failed on a %s cell", col.name, type(value).__name__)
            return cells.CellError(f"无法识别“{_shown(value)}”，请检查该单元格")


def _shown(value: object) -> str:
    """The start of a cell for a message (a cell may hold 32,767 characters)."""
    text = str(value).replace("\n", " ")
    return text if len(text) <= 20 else text[:20] + "…"


def _blank(raw: list) -> bool:
    for value in raw:
        if value is None or value == "":
            continue
        if not cells.is_blank(value):
            return False
    return True


# Cells meaning "the same as the row above"; 〃 (U+3003) and the quotes typed for it.
DITTO = frozenset({"同上", "同前", "〃", '"', '""', "“", "”", "“”", "″", "＂", "〃〃"})
# A cell _fill may change holds one of these.
_FILL_TRIGGER = re.compile("[同〃\"“”″＂'\r\n岁]")
_TOTALS = {"合计": "合计行", "小计": "小计行", "总计": "总计行", "共计": "合计行"}
_TOTAL = re.compile(r"^(合计|小计|总计|共计)")
# The lines under a table: who filled it in, checked it, when, how to call, notes.
_FOOTER = re.compile(
    r"^(填表人|填报人|审核人|复核人|制表人?|制表日期|填表日期|填报日期|填报时间|联系电话|联系人|"
    r"经办人|负责人|单位负责人|审批人|备注|注[:：]|说明[:：]|单位[(（]?盖章)"
)
_DEFUSED = frozenset("=+-@")  # a leading ' before these: pool.web.xlsx.defuse
_AGE = re.compile(r"^\s*(.*?\d)\s*[(（]\s*\d{1,3}\s*岁\s*[)）]\s*$")  # 1990.05(36岁)
_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")
_CJK_END = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _first_texts(raw: list, count: int) -> list[str]:
    """The first ``count`` non-blank cells of a row as text, spaces removed."""
    out = []
    for value in raw:
        if value is None or value == "":
            continue
        text = "".join(str(value).split())
        if text:
            out.append(text)
            if len(out) == count:
                break
    return out


def _row_text(raw: list) -> str:
    """What a skipped row says, for the preview: its cells, spaces collapsed."""
    texts = (" ".join(str(v).split()) for v in raw if v is not None and v != "")
    return " ".join(t for t in texts if t)[:80]


def _join_lines(text: str) -> str:
    """A cell wrapped with Alt+Enter reads as one line: Chinese joins without a
    space, other text with one."""

    def join(m: re.Match) -> str:
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        return "" if _CJK_END.match(before or "x") or _CJK_END.match(after or "x") else " "

    return _LINE_BREAK.sub(join, text.strip())


class _SheetReader:
    """Decides, row by row below the header, what a row is. ``take`` returns None
    for a data row (and fills in its ditto marks and wrapped or aged cells in
    place, and drops the apostrophe our exports put before = + - @), else why it
    is left out: "" for a blank row or a copy of the header
    (printed rosters repeat it on every page), or a reason the preview shows
    (合计行, 表尾). Everything after the first footer line is footer too, until
    the header comes again. Rows a kind makes itself (LRMX: one per file) are
    taken as they are (``as_is``)."""

    def __init__(
        self, header: Header, columns: dict[int, Column] | None = None, as_is: bool = False
    ):
        self.header = header
        self.as_is = as_is
        self.used = sorted(header.index.values())
        # column index -> joined lines? (False for columns of sentences)
        self.join = {i: not col.multiline for i, col in (columns or {}).items()}
        self.footer = False
        self.above: list | None = None  # the previous data row, ditto marks resolved
        self.unresolved: list[int] = []  # columns of the last row whose 同上 had nothing above

    def take(self, number: int, raw: list) -> str | None:
        header = self.header
        if number <= header.row:
            return ""
        if raw == header.raw or (header.above is not None and raw == header.above):
            self.footer = False
            return ""
        if _blank(raw):
            return ""
        if self.as_is:
            return None
        first = _first_texts(raw, 2)
        if self.footer or (first and _FOOTER.match(first[0])):
            self.footer = True
            return "表尾"
        for text in first:
            m = _TOTAL.match(text)
            if m:
                return _TOTALS[m[1]]
        width = len(raw)
        for i in self.used:
            if i < width and not (raw[i] is None or raw[i] == "" or cells.is_blank(raw[i])):
                break
        else:
            return ""  # only cells no column reads (a 序号 on an empty line)
        self.unresolved = []
        search = _FILL_TRIGGER.search  # most rows need nothing filled in
        for i in self.used:
            if i < width and raw[i].__class__ is str and search(raw[i]):
                self._fill(raw)
                break
        self.above = raw
        return None

    def _fill(self, raw: list) -> None:
        above, width = self.above, len(raw)
        for i in self.used:
            value = raw[i] if i < width else None
            if value.__class__ is not str:
                continue
            if len(value) <= 6 and value.strip() in DITTO:
                if above is not None and i < len(above) and not cells.is_blank(above[i]):
                    raw[i] = above[i]
                else:
                    raw[i] = None
                    self.unresolved.append(i)
                continue
            if value[:1] == "'" and value[1:2] in _DEFUSED:
                value = raw[i] = value[1:]  # written defused by our own export (error report)
            if ("\n" in value or "\r" in value) and self.join.get(i, True):
                value = raw[i] = _join_lines(value)
            if "岁" in value:
                m = _AGE.match(value)
                if m:
                    raw[i] = m[1]


def analyse(
    kind: Kind,
    source: Book | Sheet,
    ctx: Context,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Read, parse, check and classify every row of every sheet whose header is
    recognised. Writes nothing. A file where no sheet has one is a FileProblem."""
    book = source if isinstance(source, Book) else Book(source.format, [source])
    result = Result(kind, book.format, None, [])  # type: ignore[arg-type]
    result.skipped_sheets = [{"sheet": n, "reason": why} for n, why in book.skipped]
    problems: list[tuple[str, str]] = []  # (sheet, why it has no usable header)
    seen: dict[Any, tuple[str, int]] = {}
    pending: list[Row] = []
    begun = False
    max_rows = int(getattr(settings, "IMPORT_MAX_ROWS", MAX_ROWS))
    mapping = ctx.options.get("columns") or None
    lookups = None if kind.lookups is None else frozenset(kind.lookups)
    for sheet in book.sheets:
        name = sheet.name
        head = list(itertools.islice(sheet.rows, HEADER_SCAN))
        if not head or all(_blank(raw) for _, raw in head):
            result.skipped_sheets.append({"sheet": name, "reason": "空白工作表"})
            continue
        try:
            header = find_header(kind, head, mapping)
        except FileProblem as exc:
            problems.append((name, str(exc)))
            result.skipped_sheets.append({"sheet": name, "reason": str(exc)})
            continue
        if not begun:
            kind.begin(ctx)
            begun = True
            result.header = header
        _note_columns(result, header, mapping)
        parser = _Parser(kind, header)
        by_field = {col.field: col for col in kind.columns}
        columns = {i: by_field[f] for f, i in header.index.items()}
        reader = _SheetReader(header, columns, as_is=book.format not in readers.FORMATS)
        count = 0
        for number, raw in itertools.chain(head, sheet.rows):
            why = reader.take(number, raw)
            if why:
                entry = {"sheet": name, "row": number, "reason": why, "text": _row_text(raw)}
                result.skipped_rows.append(entry)
            if why is not None:
                continue
            count += 1
            if len(result.rows) >= max_rows:
                raise FileProblem(
                    f"文件的数据超过单次导入上限（{max_rows}行），请拆分为几个文件分别导入"
                )
            row = parser.row(number, raw, sheet.labels.get(number, ""))
            row.sheet = name
            for i in reader.unresolved:
                col = columns.get(i)
                if col is not None:
                    row.errors = [e for e in row.errors if e[0] != col.name]
                    row.error(col.name, f"{col.name}写的是“同上”，但上方没有可沿用的内容")
            kind.check(row, ctx)
            if row.key is not None:
                first = seen.setdefault(row.key, (name, number))
                if first != (name, number):
                    where = (
                        f"第{first[1]}行"
                        if first[0] == name
                        else f"工作表《{first[0]}》第{first[1]}行"
                    )
                    row.error(kind.key_column, f"与{where}重复（{kind.key_column}相同）")
                    row.key = None  # the key is the first row's: this one is not classified
            result.rows.append(row)
            if row.status is None and not (
                row.errors
                and (lookups is None or row.key is None or not lookups <= row.values.keys())
            ):
                pending.append(row)  # with errors: its lookup errors are wanted too
            elif row.errors:
                _settle(row)
            if len(pending) >= CHUNK:
                _classify(kind, pending, ctx)
                pending = []
                if progress:
                    progress(len(result.rows), result.rows)
        first_row = header.row - (header.above is not None)
        result.sheets.append(
            {"sheet": name, "header_row": header.row, "header_from": first_row, "rows": count}
        )
    if result.header is None:
        if not problems:
            raise FileProblem("文件中没有任何数据")
        if len(book.sheets) == 1:
            raise FileProblem(problems[0][1])
        raise FileProblem(
            "没有找到可导入的工作表："
            + "；".join(f"工作表《{name}》{why}" for name, why in problems)
        )
    _classify(kind, pending, ctx)
    for row in result.rows:
        if row.status is None or row.errors:
            _settle(row)
    return result


def _note_columns(result: Result, header: Header, mapping: dict[str, str] | None) -> None:
    """Record the sheet's 未导入的列, the mapped columns it has and the others."""
    for label in header.ignored:
        if label not in result.ignored_columns:
            result.ignored_columns.append(label)
    if mapping:
        written = {header_key(label): label for label in header.labels if label}
        for source, name in mapping.items():
            if header_key(source) in written:
                result.mapped_columns[written[header_key(source)]] = name
    mapped = set(result.mapped_columns.values())
    for col in result.kind.columns:
        if col.field in header.index and col.name not in mapped | set(result.present_columns):
            result.present_columns.append(col.name)


def _classify(kind: Kind, rows: list[Row], ctx: Context) -> None:
    if rows:
        kind.classify(rows, ctx)
    for row in rows:
        if row.errors or row.status == UNCHANGED:
            _settle(row)


def _settle(row: Row) -> None:
    """A row that will not be written keeps only what the preview shows."""
    if row.errors:
        row.status = INVALID
    row.values = {}
    row.payload = None


def write(result: Result, ctx: Context) -> None:
    """Store the new and updated rows; call inside ``transaction.atomic()``."""
    rows = [r for r in result.rows if r.status in (NEW, UPDATED)]
    if rows:
        result.kind.write(rows, ctx)
