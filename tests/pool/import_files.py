"""Small spreadsheets built in the tests, the way real ones come: .xlsx written by
xlsxwriter, legacy .xls by xlwt, CSV in GB18030 or UTF-8 with a BOM."""

from __future__ import annotations

import csv
import datetime as dt
import io

import xlsxwriter
import xlwt

from pool.people import rules

ROSTER_HEADER = ["姓名", "性别", "出生年月", "干部类别", "现任职务", "工作单位", "身份证号"]


def id_number(born: str, serial: int = 1, gender: str = "男", region: str = "430181") -> str:
    """A valid ID for ``born`` (YYYYMMDD); ``serial`` makes it unique."""
    sex_digit = (serial * 2 + (1 if gender == "男" else 0)) % 10
    first17 = f"{region}{born}{serial % 100:02d}{sex_digit}"
    return first17 + rules.id_check_char(first17)


def person(name="张三", born="19900115", serial=1, gender="男", unit="东县/青石镇", **cols):
    """One roster row (as a dict by header) with a valid, matching ID."""
    row = {
        "姓名": name,
        "性别": gender,
        "出生年月": f"{born[:4]}.{born[4:6]}",
        "干部类别": "公务员",
        "现任职务": "科员",
        "工作单位": unit,
        "身份证号": id_number(born, serial, gender),
    }
    row.update(cols)
    return row


def table(people: list[dict], header: list[str] | None = None) -> list[list]:
    header = header or ROSTER_HEADER
    return [header, *([p.get(h) for h in header] for p in people)]


def xlsx(rows: list[list], *, title_rows: list[list] = ()) -> bytes:
    """Strings are written as strings (so ``=1+1`` is text, not a formula)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    ws = book.add_worksheet("名册")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate([*title_rows, *rows]):
        for c, value in enumerate(row or []):
            if value is None:
                continue
            if isinstance(value, dt.date):
                ws.write_datetime(
                    r, c, dt.datetime(value.year, value.month, value.day), date_format
                )
            elif isinstance(value, int | float):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def xls(rows: list[list], *, title_rows: list[list] = ()) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("名册")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate([*title_rows, *rows]):
        for c, value in enumerate(row or []):
            if value is None:
                continue
            if isinstance(value, dt.date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], encoding: str = "gb18030", bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


WRITERS = {"xlsx": xlsx, "xls": xls}
