"""Every .xlsx the product hands out goes through here: cells that a spreadsheet
would run as a formula (=, +, -, @, and tab/CR tricks) are written defused."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.http import HttpResponse
from django.utils.encoding import escape_uri_path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def defuse(text: str) -> str:
    """``=1+1`` -> ``'=1+1``: shown as the text it is, never evaluated."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def xlsx_bytes(
    headers: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Sheet1", title: str = ""
) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    month = book.add_format({"num_format": "yyyy.mm"})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    first = 0
    if title:
        ws.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
        first = 1
    for col, header in enumerate(headers):
        ws.write_string(first, col, header, bold)
        ws.set_column(col, col, max(10, len(header) * 2 + 2))
    for r, row in enumerate(rows, start=first + 1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                ws.write_string(r, c, "是" if value else "否")
            elif isinstance(value, int | float):
                ws.write_number(r, c, value)
            elif isinstance(value, dt.datetime):
                ws.write_datetime(r, c, value.replace(tzinfo=None), stamp)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), month)
            else:
                ws.write_string(r, c, defuse(str(value)))
    ws.freeze_panes(first + 1, 0)
    book.close()
    return buffer.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response
