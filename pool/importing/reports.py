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
    """The run's invalid rows as they are in the kept file, each with its errors."""
    by_row: dict[int, list[str]] = {}
    for e in run.errors:
        by_row.setdefault(e["row"], []).append(f"{e['column']}：{e['message']}")
    out = _Book()
    ws = out.book.add_worksheet("错误行")
    with run.file.open("rb") as stream:
        sheet = engine.get_kind(run.kind).open(stream)
        header: list = []
        r = 0
        for number, cells in sheet.rows:
            if number == run.header_row:
                header = cells
                for c, value in enumerate(cells):
                    ws.write_string(0, c, "" if value is None else str(value), out.head)
                ws.write_string(0, len(header), "错误说明", out.head)
                ws.write_string(0, len(header) + 1, "原行号", out.head)
                ws.set_column(len(header), len(header), 60, out.wrap)
            elif number in by_row:
                r += 1
                for c, value in enumerate(cells[: len(header)]):
                    out.cell(ws, r, c, value)
                ws.write_string(r, len(header), "；".join(by_row[number]), out.wrap)
                ws.write_number(r, len(header) + 1, number)
    ws.freeze_panes(1, 0)
    return out.close()


def report_name(run: ImportRun) -> str:
    stem = run.file_name.rsplit(".", 1)[0]
    return f"{stem}-错误报告.xlsx"


def template_name(kind: Kind) -> str:
    return f"{kind.title}导入模板.xlsx"
