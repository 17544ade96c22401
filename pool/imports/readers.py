"""Files in, rows of cell values out, sheet by sheet.

The format is told by the file's first bytes, not by its name: an .xls renamed
.xlsx, or a CSV saved as .xls by an older system, still reads. Spreadsheets go
through python-calamine (.xlsx, .xlsm, .xlsb, .xls, .ods; also as saved by WPS
and LibreOffice), which reads hidden rows and columns like visible ones and gives
cells with any date number format as dates; text files are CSV in UTF-8 (with or
without BOM), UTF-16 (Excel's "Unicode text") or GB18030, which also reads GBK
and GB2312. A workbook is read as a ``Book`` of all its visible worksheets (one
sheet per unit is a common shape); hidden ones are listed as skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import python_calamine
from django.conf import settings
from lxml import etree

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and .doc, which calamine refuses)
ZIP_MAGIC = b"PK\x03\x04"  # .xlsx, .xlsb, .ods
ODS_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Zip containers (.xlsx, .ods): refuse before parsing when they would inflate past
# this many bytes in all, or any part compresses better than a real sheet does.
MAX_INFLATED_BYTES = 512 * 1024 * 1024  # default of settings.IMPORT_MAX_INFLATED_BYTES
MAX_COMPRESSION_RATIO = 200
FORMATS = {"xlsx": "Excel 工作簿", "xls": "Excel 97-2003 工作簿", "ods": "ODF 表格", "csv": "CSV"}


class FileProblem(Exception):
    """The file cannot be used at all (format, size, header). The message is Chinese."""


@dataclass
class Sheet:
    format: str
    rows: Iterator[tuple[int, list]]  # (row number as in the sheet, 1-based; cell values)
    height: int | None = None  # rows in the sheet (title and header included), if known
    labels: dict[int, str] = field(default_factory=dict)  # row number -> source (file name)
    name: str = ""  # the worksheet's name ("" for CSV and files that are no workbook)


@dataclass
class Book:
    """The sheets of a file, in order, and the worksheets not read at all
    (hidden ones), as (name, reason)."""

    format: str
    sheets: list[Sheet]
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def height(self) -> int | None:
        """Rows in all sheets, if known for each."""
        heights = [s.height for s in self.sheets]
        return None if None in heights else sum(heights)


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> str:
    """The file's format from its first bytes: xls, xlsx, ods or csv."""
    if head.startswith(OLE_MAGIC):
        return "xls"
    if head.startswith(ZIP_MAGIC):
        return "ods" if ODS_MIMETYPE in head[:128] else "xlsx"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        return "csv"
    if b"\x00" in head[:4096]:
        raise FileProblem(
            "无法识别的文件格式：请上传 Excel（.xlsx、.xls）、WPS/ODF 表格或 CSV 文件"
        )
    return "csv"


def _size(stream: BinaryIO) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def open_book(stream: BinaryIO) -> Book:
    """Read the visible worksheets of ``stream`` (a binary file object)."""
    size = _size(stream)
    limit = max_bytes()
    if size > limit:
        raise FileProblem(
            f"文件过大（{size / 1048576:.1f} MB），单个文件不能超过 {limit / 1048576:.0f} MB，"
            "请拆分后分批导入"
        )
    if size == 0:
        raise FileProblem("文件是空的")
    fmt = sniff(stream.read(4096))
    stream.seek(0)
    if fmt == "csv":
        data = stream.read()
        return Book(fmt, [Sheet(fmt, _csv_rows(data), data.count(b"\n") + 1)])
    if fmt in ("xlsx", "ods"):
        check_zip_container(stream)
    return _workbook(stream, fmt)


def open_sheet(stream: BinaryIO) -> Sheet:
    """The first visible worksheet of ``stream``."""
    return open_book(stream).sheets[0]


def inflated_size(stream: BinaryIO) -> int | None:
    """What a zip container (.xlsx, .ods) inflates to, read from its directory alone
    (nothing is decompressed); None for other files or a damaged container."""
    stream.seek(0)
    try:
        if stream.read(4) != ZIP_MAGIC:
            return None
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            return sum(p.file_size for p in archive.infolist())
    except zipfile.BadZipFile:
        return None
    finally:
        stream.seek(0)


def check_zip_container(stream: BinaryIO) -> None:
    """Refuse zip bombs and XML with a DTD (entity expansion) before calamine sees them."""
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
            limit = int(getattr(settings, "IMPORT_MAX_INFLATED_BYTES", MAX_INFLATED_BYTES))
            if sum(p.file_size for p in parts) > limit:
                raise FileProblem("文件解压后体积异常（可能是“压缩炸弹”），已拒绝读取")
            for part in parts:
                ratio = part.file_size / max(part.compress_size, 1)
                if part.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
                    raise FileProblem("文件压缩比异常（可能是“压缩炸弹”），已拒绝读取")
                if part.filename.endswith(".xml"):
                    with archive.open(part) as member:
                        if declares_dtd(member):
                            raise FileProblem("文件中含有 XML 文档类型声明（DTD），已拒绝读取")
    except zipfile.BadZipFile as exc:
        raise FileProblem("无法读取该文件：压缩包已损坏") from exc
    finally:
        stream.seek(0)


def declares_dtd(member: BinaryIO) -> bool:
    """Whether an XML part has a document type declaration (where entities live). A
    hardened parser (no entities resolved, no DTD loaded, nothing fetched) reads up to
    the root element, however long the prolog before it: a DTD can only come there.
    A part that is not XML is refused as a damaged file."""
    try:
        for _event, root in etree.iterparse(
            member,
            events=("start",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        ):
            info = root.getroottree().docinfo
            return bool(info.doctype) or info.internalDTD is not None
    except etree.XMLSyntaxError as exc:
        raise FileProblem("无法读取该文件：其中的 XML 部件已损坏") from exc
    return False


def _workbook(stream: BinaryIO, fmt: str) -> Book:
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(stream)
        visible, skipped = [], []
        for i, meta in enumerate(book.sheets_metadata):
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue  # chart sheets, macro sheets
            if meta.visible == python_calamine.SheetVisibleEnum.Visible:
                visible.append(i)
            else:
                skipped.append((meta.name, "隐藏的工作表，未读取"))
        if not visible:
            raise FileProblem("工作簿中没有可见的工作表")
        sheets = [_sheet(book.get_sheet_by_index(i), fmt) for i in visible]
    except FileProblem:
        raise
    except Exception as exc:  # calamine raises several error types for broken files
        raise FileProblem(
            f"无法读取该{FORMATS[fmt]}：文件已损坏、加密或不是表格文件（{type(exc).__name__}）"
        ) from exc
    return Book(fmt, sheets, skipped)


def _sheet(sheet, fmt: str) -> Sheet:
    # calamine's iter_rows starts at the sheet's first row even when the used range
    # starts lower, so the index is the row number as Excel shows it, minus one.
    # Its columns start at the used range's first column.
    first_column = sheet.start[1] if sheet.start else 0
    merges = _vertical_merges(getattr(sheet, "merged_cell_ranges", None), first_column)
    rows = _filled(enumerate(sheet.iter_rows(), start=1), merges)
    return Sheet(fmt, rows, sheet.height, name=sheet.name)


def _vertical_merges(ranges, first_column: int) -> dict[int, list[tuple[int, int]]]:
    """Cells merged down several rows (a 单位 written once for a group of people):
    {first row index: [(column, last row index)]}, 0-based, columns as iter_rows gives them."""
    merges: dict[int, list[tuple[int, int]]] = {}
    for (top, left), (bottom, _) in ranges or ():
        if bottom > top and left >= first_column:
            merges.setdefault(top, []).append((left - first_column, bottom))
    return merges


def _filled(rows, merges: dict) -> Iterator[tuple[int, list]]:
    """Give every row of a vertically merged cell the merged value, as a reader sees it."""
    if not merges:
        yield from rows
        return
    active: dict[int, tuple[object, int]] = {}  # column -> (value, last row index)
    for number, row in rows:
        index = number - 1
        for column, bottom in merges.get(index, ()):
            if column < len(row):
                active[column] = (row[column], bottom)
        for column, (value, bottom) in list(active.items()):
            if index > bottom:
                del active[column]
            elif column < len(row) and row[column] in ("", None):
                row[column] = value
        yield number, row


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise FileProblem("无法识别CSV文件的编码：请另存为 UTF-8 或 GBK 编码") from None


def _csv_rows(data: bytes) -> Iterator[tuple[int, list]]:
    text = decode_text(data)
    sample = text[:8192]
    counts = {d: sample.count(d) for d in (",", "\t", ";")}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Records, not physical lines: a quoted cell may hold a line break, and
        # Excel shows such a record as one row.
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise FileProblem(f"CSV 文件第{reader.line_num}行格式错误：{exc}") from exc


def zip_folder(path: str) -> bytes:
    """The files of a folder (and its subfolders), by name, as an in-memory .zip,
    so a folder is read like an uploaded archive. Hidden files are left out."""
    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                full = os.path.join(root, name)
                total += os.path.getsize(full)
                if total > max_bytes():
                    limit = max_bytes() / 1048576
                    raise FileProblem(f"文件夹中的文件合计超过 {limit:.0f} MB，请分批导入")
                archive.write(full, os.path.relpath(full, path))
    if total == 0:
        raise FileProblem("文件夹中没有任何文件")
    return buffer.getvalue()
