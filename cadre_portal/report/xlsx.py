"""The report's figures as a workbook: a 概况 sheet (the periods and every section's
sentence) and one sheet per section with its table, numbers as numbers (shares as
percentages, their changes in percentage points) so staff can work on them further."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import xlsxwriter

from pool.web.xlsx import defuse

from .figures import HOURS, PERCENT, Figure, Report, Section, points

SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(section: Section) -> str:
    """``一、三张清单推荐情况``; Excel refuses some characters (A/B/C) and > 31."""
    return SHEET_FORBIDDEN.sub("·", section.heading)[:31]


class _Writer:
    def __init__(self, book) -> None:
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.heading = book.add_format({"bold": True, "font_size": 12})
        self.text = book.add_format({"text_wrap": True, "valign": "top"})
        self.note = book.add_format({"italic": True, "font_color": "#555555"})
        head = {"bold": True, "bg_color": "#E7E6E6", "border": 1, "align": "center"}
        self.head = book.add_format({**head, "valign": "vcenter", "text_wrap": True})
        self.formats: dict[tuple, object] = {}

    def cell_format(self, num_format: str = "", *, bold=False, left=False):
        key = (num_format, bold, left)
        if key not in self.formats:
            spec = {"border": 1, "bold": bold, "align": "left" if left else "center"}
            if num_format:
                spec["num_format"] = num_format
            self.formats[key] = self.book.add_format(spec)
        return self.formats[key]

    def value(self, ws, row: int, col: int, value, kind: str, *, change=False, bold=False):
        if value is None:
            ws.write_string(row, col, "—", self.cell_format(bold=bold))
            return
        if kind == PERCENT:
            number = points(value) if change else float(value)
            fmt = "+0.0;-0.0;0.0" if change else "0.0%"
        elif kind == HOURS:
            number, fmt = float(Decimal(value)), "+0.0;-0.0;0.0" if change else "0.0"
        else:
            number, fmt = value, "+0;-0;0" if change else "0"
        ws.write_number(row, col, number, self.cell_format(fmt, bold=bold))

    def figure(self, ws, row: int, col: int, figure: Figure, bold: bool) -> None:
        self.value(ws, row, col, figure.current, figure.kind, bold=bold)
        self.value(ws, row, col + 1, figure.previous, figure.kind, bold=bold)
        self.value(ws, row, col + 2, figure.change, figure.kind, change=True, bold=bold)


def _overview(w: _Writer, report: Report) -> None:
    ws = w.book.add_worksheet("概况")
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 90)
    ws.write_string(0, 0, defuse(report.title), w.title)
    ws.write_string(1, 0, defuse(report.periods_text + report.generated_text))
    for i, section in enumerate(report.sections, start=3):
        ws.write_string(i, 0, section.heading, w.heading)
        ws.write_string(i, 1, defuse(section.summary), w.text)


def _section(w: _Writer, report: Report, section: Section) -> None:
    ws = w.book.add_worksheet(sheet_name(section))
    last = 3 * len(section.metrics) + (1 if section.has_notes else 0)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 3 * len(section.metrics), 11)
    if section.has_notes:
        ws.set_column(last, last, 50)
    ws.write_string(0, 0, defuse(report.title), w.title)
    ws.write_string(1, 0, section.heading, w.heading)
    ws.merge_range(2, 0, 2, last, defuse(section.summary), w.text)
    ws.set_row(2, 45)
    top, sub = 4, 5
    ws.merge_range(top, 0, sub, 0, section.head, w.head)
    for i, metric in enumerate(section.metrics):
        col = 1 + 3 * i
        ws.merge_range(top, col, top, col + 2, metric.label, w.head)
        for j, label in enumerate(("本期", "上期", metric.change_label)):
            ws.write_string(sub, col + j, label, w.head)
    if section.has_notes:
        ws.merge_range(top, last, sub, last, "说明", w.head)
    row = sub
    for row, line in enumerate(section.rows, start=sub + 1):
        ws.write_string(row, 0, defuse(line.label), w.cell_format(bold=line.total, left=True))
        for i, figure in enumerate(line.figures):
            w.figure(ws, row, 1 + 3 * i, figure, line.total)
        if section.has_notes:
            ws.write_string(row, last, defuse(line.note), w.cell_format(left=True))
    if section.basis:
        ws.write_string(row + 1, 0, defuse(f"注：{section.basis}"), w.note)
    ws.freeze_panes(sub + 1, 1)


def report_xlsx(report: Report) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    writer = _Writer(book)
    _overview(writer, report)
    for section in report.sections:
        _section(writer, report, section)
    book.close()
    return buffer.getvalue()
