"""Spreadsheets the import hands out: the blank template of a kind and the error
report of a run (its invalid rows as they were in the file, plus 错误说明).

Cells beginning with = + - @ are defused like in every other export (a leading
apostrophe, ``pool.web.xlsx.defuse``); the import reads such a cell back without
it, so a corrected report imports unchanged. ID numbers in an error report are
masked as the pages show them (430181********1234): the 身份证号 column and any
ID-shaped number in other cells.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import xlsxwriter

from pool.imports import cells, engine
from pool.imports.engine import Kind
from pool.imports.readers import Book
from pool.models import ImportRun
from pool.people import rules
from pool.web.xlsx import defuse


class _Book:
    def __init__(self):
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(
            self.buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        self.head = self.book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
        self.text = self.book.add_format({"num_format": "@"})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})

    def cell(self, ws, r: int, c: int, value: object) -> None:
        if value is None or value == "":
            return
        if isinstance(value, bool):
            ws.write_boolean(r, c, value)
        elif isinstance(value, int | float):
            ws.write_number(r, c, value)
        elif isinstance(value, dt.datetime | dt.date):
            if not isinstance(value, dt.datetime):
                value = dt.datetime(value.year, value.month, value.day)
            ws.write_datetime(r, c, value.replace(tzinfo=None), self.date)
        else:
            ws.write_string(r, c, defuse(str(value)))

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def template_xlsx(kind: Kind) -> bytes:
    """Chinese headers, one example row, ID columns formatted as text, and a sheet
    of instructions (which columns are required, what may be written)."""
    out = _Book()
    ws = out.book.add_worksheet(kind.title[:31])
    for c, col in enumerate(kind.columns):
        ws.set_column(c, c, col.width, out.text if col.as_text else None)
        ws.write_string(0, c, col.name, out.head)
        out.cell(ws, 1, c, col.example)
    ws.freeze_panes(1, 0)
    notes = out.book.add_worksheet("填写说明")
    notes.set_column(0, 0, 22)
    notes.set_column(1, 1, 10)
    notes.set_column(2, 2, 60)
    for c, title in enumerate(("列名", "是否必填", "也可写作")):
        notes.write_string(0, c, title, out.head)
    for r, col in enumerate(kind.columns, start=1):
        notes.write_string(r, 0, col.name)
        notes.write_string(r, 1, "必填" if col.required else "")
        notes.write_string(r, 2, "、".join(col.synonyms))
    for r, note in enumerate(kind.notes, start=len(kind.columns) + 2):
        notes.write_string(r, 0, note)
    return out.close()


def error_report_xlsx(run: ImportRun) -> bytes:
    """The run's invalid rows as they are in the kept file, each with its errors:
    one worksheet per sheet of the file that has errors (named like it), under
    that sheet's header, so the corrected report imports again."""
    by_row: dict[tuple, list[str]] = {}
    for e in run.errors:
        by_row.setdefault((e.get("sheet", ""), e["row"]), []).append(
            f"{e['column']}：{e['message']}"
        )
    # Runs recorded before sheets were, and LRMX: one sheet, errors without a sheet name.
    headers = {s["sheet"]: (s.get("header_from", s["header_row"]), s["header_row"])
               for s in run.sheets} or {"": (run.header_row, run.header_row)}  # fmt: skip
    out = _Book()
    with run.file.open("rb") as stream:
        kind = engine.get_kind(run.kind)
        source = kind.open(stream)
        sheets = source.sheets if isinstance(source, Book) else [source]
        for sheet in sheets:
            name = sheet.name if run.sheets else ""
            if name not in headers or not any(key[0] == name for key in by_row):
                continue
            title = "错误行" if len(headers) == 1 else _sheet_title(out, sheet.name)
            ws = out.book.add_worksheet(title)
            _report_sheet(out, ws, kind, sheet, name, headers[name], by_row)
    return out.close()


def _sheet_title(out: _Book, name: str) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique."""
    base = "".join("_" if c in "[]:*?/\\" else c for c in name)[:28] or "工作表"
    title, n = base, 1
    while out.book.get_worksheet_by_name(title) is not None:
        n += 1
        title = f"{base}{n}"
    return title


_ID_LIKE = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])")


def _id_headers(kind: Kind) -> set[str]:
    """The header keys of the kind's ID column (身份证号, 公民身份号码 ...)."""
    return {h for col in kind.columns if col.field == "id_number" for h in col.headers()}


def _masked(value: object, is_id: bool) -> object:
    """An ID number as the pages show it; in other text, ID-shaped numbers masked."""
    if value is None or value == "":
        return value
    if is_id:
        text = cells.as_text(value)
        return rules.mask_id_number(text) if len(text) >= 10 else "*" * len(text)
    if isinstance(value, bool | int | float | dt.date):
        return value
    return _ID_LIKE.sub(lambda m: rules.mask_id_number(m[0]), str(value))


def _report_sheet(
    out: _Book, ws, kind: Kind, sheet, name, header_rows: tuple[int, int], by_row
) -> None:
    first, last = header_rows
    width = 0
    r = -1
    ids = _id_headers(kind)
    id_columns: set[int] = set()
    for number, row in sheet.rows:
        if first <= number <= last:
            r += 1
            width = max(width, len(row))
            for c, value in enumerate(row):
                ws.write_string(r, c, defuse("" if value is None else str(value)), out.head)
                if engine.header_keys(value) & ids:
                    id_columns.add(c)
            if number == last:
                ws.write_string(r, width, "错误说明", out.head)
                ws.write_string(r, width + 1, "原行号", out.head)
                ws.set_column(width, width, 60, out.wrap)
        elif number > last and (name, number) in by_row:
            r += 1
            for c, value in enumerate(row[:width]):
                out.cell(ws, r, c, _masked(value, c in id_columns))
            ws.write_string(r, width, "；".join(by_row[name, number]), out.wrap)
            ws.write_number(r, width + 1, number)
    ws.freeze_panes(last - first + 1, 0)


def report_name(run: ImportRun) -> str:
    stem = run.file_name.rsplit(".", 1)[0]
    return f"{stem}-错误报告.xlsx"


def template_name(kind: Kind) -> str:
    return f"{kind.title}导入模板.xlsx"
