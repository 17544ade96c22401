"""The import engine: find the header, parse and check every row, classify rows
against the database (new / updated / unchanged / invalid), then write the valid
ones in bulk inside the caller's transaction.

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
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils.module_loading import autodiscover_modules

from pool.importing import cells, readers
from pool.importing.readers import FileProblem, Sheet

logger = logging.getLogger(__name__)

HEADER_SCAN = 10  # the header is looked for in the first rows of the sheet
CHUNK = 2000  # rows classified (one database round trip) at a time

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
        "changes", "errors", "key", "label", "number", "payload", "status", "summary", "values"
    )  # fmt: skip

    def __init__(self, number: int, label: str = ""):
        self.number = number
        self.label = label  # where the row came from, when not a sheet row (a file in a .zip)
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

    def open(self, stream) -> Sheet:
        """The rows of the file. Spreadsheet kinds read the first worksheet; a kind
        reading other files (LRMX) returns a Sheet of its own: a header row naming
        the columns, then one row per record, each with a ``label`` (its file name)
        that prefixes the row's error messages."""
        return readers.open_sheet(stream)

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
    # importers (pool.lrmx uses pool.importers' tables) must not hide the others.
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
    row: int  # row number of the header in the sheet
    index: dict[str, int]  # field -> column index
    labels: list[str]  # the header cells as written, for the error report
    ignored: list[str]  # header cells that match no column
    raw: list = field(default_factory=list)  # the header row as read (repeated on each page)


def find_header(kind: Kind, head: list[tuple[int, list]]) -> Header:
    """The row among the first ones that names the most known columns; title rows
    above it are skipped. Missing required columns are a file problem."""
    best: tuple[int, int, list] | None = None
    for position, (_, cells_) in enumerate(head):
        keys = {header_key(c) for c in cells_}
        score = sum(1 for col in kind.columns if col.headers() & keys)
        if score and (best is None or score > best[0]):
            best = (score, position, cells_)
    if best is None:
        expected = "、".join(c.name for c in kind.columns if c.required)
        raise FileProblem(
            f"前{HEADER_SCAN}行中没有找到表头：请确认文件是{kind.title}，表头应包含{expected}等列"
        )
    _, position, header_cells = best
    index: dict[str, int] = {}
    ignored = []
    for i, cell in enumerate(header_cells):
        key = header_key(cell)
        if not key:
            continue
        col = next((c for c in kind.columns if key in c.headers()), None)
        if col is None:
            ignored.append(str(cell))
        elif col.field not in index:  # the first of two synonymous columns wins
            index[col.field] = i
    missing = [c.name for c in kind.columns if c.required and c.field not in index]
    if missing:
        raise FileProblem(f"第{head[position][0]}行表头缺少必需的列：{'、'.join(missing)}")
    labels = ["" if c is None else str(c) for c in header_cells]
    return Header(head[position][0], index, labels, ignored, header_cells)


@dataclass
class Result:
    kind: Kind
    format: str
    header: Header
    rows: list[Row]

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
        return [
            {"row": r.number, "column": column, "message": message}
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


def data_rows(header: Header, rows: Iterable[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    """The non-blank rows below the header, as (number, cells). A copy of the header
    further down (printed rosters repeat it on every page) is skipped too."""
    for number, raw in rows:
        if number > header.row and raw != header.raw and not _blank(raw):
            yield number, raw


def analyse(
    kind: Kind, sheet: Sheet, ctx: Context, progress: Callable[[int], None] | None = None
) -> Result:
    """Read, parse, check and classify every row. Writes nothing."""
    head = list(itertools.islice(sheet.rows, HEADER_SCAN))
    if not head:
        raise FileProblem("文件中没有任何数据")
    header = find_header(kind, head)
    kind.begin(ctx)
    parser = _Parser(kind, header)
    result = Result(kind, sheet.format, header, [])
    seen: dict[Any, int] = {}
    pending: list[Row] = []
    for number, raw in data_rows(header, itertools.chain(head, sheet.rows)):
        row = parser.row(number, raw, sheet.labels.get(number, ""))
        kind.check(row, ctx)
        if row.key is not None:
            first = seen.setdefault(row.key, number)
            if first != number:
                row.error(kind.key_column, f"与第{first}行重复（{kind.key_column}相同）")
        result.rows.append(row)
        if row.errors:
            _settle(row)
        elif row.status is None:
            pending.append(row)
        if len(pending) >= CHUNK:
            _classify(kind, pending, ctx)
            pending = []
            if progress:
                progress(len(result.rows), result.rows)
    _classify(kind, pending, ctx)
    for row in result.rows:
        if row.status is None or row.errors:
            _settle(row)
    return result


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
