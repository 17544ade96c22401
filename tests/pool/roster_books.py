"""Workbooks shaped like the rosters offices keep, built in the tests: several
sheets, merged title and group-header cells, hidden rows and columns, date cells
in any number format. ``Cell`` carries a value with its number format or merge."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import xlsxwriter
import xlwt


@dataclass(frozen=True)
class Cell:
    """A value written with a number format, or merged ``across`` columns to its right
    and ``down`` rows below (the value sits in the first cell, as Excel keeps it)."""

    value: object
    num_format: str = ""
    across: int = 0
    down: int = 0


@dataclass
class SheetSpec:
    name: str
    rows: list[list]
    hidden_rows: tuple[int, ...] = ()  # 0-based
    hidden_columns: tuple[int, ...] = ()
    hidden: bool = False


def xlsx_book(sheets: list[SheetSpec], *, numbers_as_text: bool = True) -> bytes:
    """Strings are written as strings (an ID stays text), numbers as numbers."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    formats: dict[str, object] = {}

    def fmt(spec: str):
        if spec not in formats:
            formats[spec] = book.add_format({"num_format": spec})
        return formats[spec]

    for spec in sheets:
        ws = book.add_worksheet(spec.name)
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row or []):
                cell = value if isinstance(value, Cell) else Cell(value)
                if cell.value is None:
                    continue
                style = fmt(cell.num_format) if cell.num_format else None
                if cell.across or cell.down:
                    ws.merge_range(r, c, r + cell.down, c + cell.across, "", style)
                _write(
                    ws, r, c, cell.value, style or (fmt("yyyy-mm-dd") if _is_date(cell) else None)
                )
        for r in spec.hidden_rows:
            ws.set_row(r, None, None, {"hidden": True})
        for c in spec.hidden_columns:
            ws.set_column(c, c, None, None, {"hidden": True})
        if spec.hidden:
            ws.hide()
    book.close()
    return buffer.getvalue()


def _is_date(cell: Cell) -> bool:
    return isinstance(cell.value, dt.date)


def _write(ws, r: int, c: int, value, style) -> None:
    if isinstance(value, dt.date):
        if not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        ws.write_datetime(r, c, value, style)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, style)
    elif isinstance(value, int | float):
        ws.write_number(r, c, value, style)
    else:
        ws.write_string(r, c, str(value), style)


def xls_book(sheets: list[SheetSpec]) -> bytes:
    """Legacy .xls (BIFF8) the way older WPS and Excel save it, merges included."""
    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, object] = {}

    def style(spec: str):
        if spec not in styles:
            styles[spec] = xlwt.easyxf(num_format_str=spec)
        return styles[spec]

    for spec in sheets:
        ws = book.add_sheet(spec.name)
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row or []):
                cell = value if isinstance(value, Cell) else Cell(value)
                if cell.value is None:
                    continue
                value = cell.value
                st = style(cell.num_format or ("yyyy-mm-dd" if _is_date(cell) else "General"))
                if cell.across or cell.down:
                    ws.write_merge(r, r + cell.down, c, c + cell.across, value, st)
                else:
                    ws.write(r, c, value, st)
        for r in spec.hidden_rows:
            ws.row(r).hidden = True
        for c in spec.hidden_columns:
            ws.col(c).hidden = True
        if spec.hidden:
            ws.visibility = 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
