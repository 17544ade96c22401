"""Spreadsheets the import hands out: the blank template of a kind and the error
report of a run (its invalid rows as they were in the file, plus 错误说明).

Cells beginning with = + - @ are written as strings with Excel's quote prefix:
shown and kept as text, never evaluated, and read back unchanged when the
corrected report is imported again.
"""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

from pool.exports import FORMULA_STARTS
from pool.importing import engine
from pool.importing.engine import Kind
from pool.importing.readers import Book
from pool.models import ImportRun


class _Book:
    def __init__(self):
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(
            self.buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        self.head = self.book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
        self.text = self.book.add_format({"num_format": "@"})
        self.quoted = self.book.add_format({"quote_prefix": True})
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
            text = str(value)
            ws.write_string(r, c, text, self.quoted if text.startswith(FORMULA_STARTS) else None)

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
        source = engine.get_kind(run.kind).open(stream)
        sheets = source.sheets if isinstance(source, Book) else [source]
        for sheet in sheets:
            name = sheet.name if run.sheets else ""
            if name not in headers or not any(key[0] == name for key in by_row):
                continue
            title = "错误行" if len(headers) == 1 else _sheet_title(out, sheet.name)
            _report_sheet(out, out.book.add_worksheet(title), sheet, name, headers[name], by_row)
    return out.close()


def _sheet_title(out: _Book, name: str) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique."""
    base = "".join("_" if c in "[]:*?/\\" else c for c in name)[:28] or "工作表"
    title, n = base, 1
    while out.book.get_worksheet_by_name(title) is not None:
        n += 1
        title = f"{base}{n}"
    return title


def _report_sheet(out: _Book, ws, sheet, name, header_rows: tuple[int, int], by_row) -> None:
    first, last = header_rows
    width = 0
    r = -1
    for number, cells in sheet.rows:
        if first <= number <= last:
            r += 1
            width = max(width, len(cells))
            for c, value in enumerate(cells):
                ws.write_string(r, c, "" if value is None else str(value), out.head)
            if number == last:
                ws.write_string(r, width, "错误说明", out.head)
                ws.write_string(r, width + 1, "原行号", out.head)
                ws.set_column(width, width, 60, out.wrap)
        elif number > last and (name, number) in by_row:
            r += 1
            for c, value in enumerate(cells[:width]):
                out.cell(ws, r, c, value)
            ws.write_string(r, width, "；".join(by_row[name, number]), out.wrap)
            ws.write_number(r, width + 1, number)
    ws.freeze_panes(last - first + 1, 0)


def report_name(run: ImportRun) -> str:
    stem = run.file_name.rsplit(".", 1)[0]
    return f"{stem}-错误报告.xlsx"


def template_name(kind: Kind) -> str:
    return f"{kind.title}导入模板.xlsx"
