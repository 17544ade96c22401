"""LRMX files as import rows: a single .lrmx, or a .zip (a folder on the command
line is packed into one by pool.imports.runs) holding many.

The header row (number 0) names the columns of the ``lrmx`` kind; then each file
is one row, numbered from 1 in the archive's order, labelled with its name so
every error says which file it is about. A file that is not an LRMX file (by
name or content) is still a row, with one cell that the kind reports as an error.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from pool.imports import readers
from pool.imports.readers import FileProblem, Sheet
from pool.lrmx import document

FILE_COLUMN = "文件"
HEADER = [FILE_COLUMN, *(label for _, label in document.ELEMENTS)]
_SKIPPED = ("__MACOSX/", "Thumbs.db", "desktop.ini")


class BadFile(str):
    """The 文件 cell of a file that cannot be read: the name, plus why not."""

    problem: str

    def __new__(cls, name: str, problem: str):
        cell = super().__new__(cls, name)
        cell.problem = problem
        return cell


class Family(tuple):
    """The 家庭成员 cell: member tuples; shown (error report) one member per line."""

    def __str__(self) -> str:
        return "\n".join(" ".join(v for v in member if v) for member in self)


class Photo(str):
    """The 照片 cell: the base64 text, shown as a short note (the error report)."""

    def __str__(self) -> str:
        return "（照片）" if len(self) else ""


def row_of(name: str, data: bytes) -> list:
    try:
        person = document.parse(data)
    except document.LrmxError as exc:
        return [BadFile(name, str(exc))]
    return _cells(name, person)


def _cells(name: str, person: document.Person) -> list:
    cells: list = [name]
    for tag, _ in document.ELEMENTS:
        if tag == document.FAMILY:
            cells.append(Family(person.family))
        elif tag == "ZhaoPian":
            cells.append(Photo(person.get(tag)))
        else:
            cells.append(person.get(tag))
    return cells


def _name(info: zipfile.ZipInfo) -> str:
    """Zip tools on Chinese Windows write names in GBK without saying so (no UTF-8
    flag), and Python then reads them as CP437: undo that."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _members(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str]]:
    found = []
    for info in archive.infolist():
        name = _name(info)
        base = os.path.basename(name.rstrip("/"))
        if info.is_dir() or base.startswith(".") or name.startswith(_SKIPPED[0]):
            continue
        if base in _SKIPPED:
            continue
        found.append((info, name))
    return found


def _zip_rows(stream: BinaryIO, members) -> Iterator[tuple[int, list]]:
    yield 0, list(HEADER)
    with zipfile.ZipFile(stream) as archive:
        for number, (info, name) in enumerate(members, start=1):
            if not name.lower().endswith(".lrmx"):
                yield number, [BadFile(name, "不是LRMX文件（文件名应以 .lrmx 结尾），未导入")]
            elif info.file_size > document.MAX_BYTES:
                yield number, [BadFile(name, "文件过大，单人LRMX文件不能超过8 MB")]
            else:
                try:
                    data = archive.read(info)
                except (
                    RuntimeError,
                    NotImplementedError,
                    EOFError,
                    zipfile.BadZipFile,
                    zlib.error,
                ):
                    # encrypted, an unsupported compression, or damaged
                    yield number, [BadFile(name, "无法从压缩包中读出该文件（已加密或已损坏）")]
                    continue
                yield number, row_of(name, data)


def open_lrmx(stream: BinaryIO) -> Sheet:
    """A Sheet of LRMX rows from a .lrmx or a .zip of them."""
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if size == 0:
        raise FileProblem("文件是空的")
    if size > readers.max_bytes():
        limit = readers.max_bytes() / 1048576
        raise FileProblem(
            f"文件过大（{size / 1048576:.1f} MB），不能超过 {limit:.0f} MB，请分批导入"
        )
    head = stream.read(4)
    stream.seek(0)
    if head == readers.ZIP_MAGIC:
        readers.check_zip_container(stream)  # zip bombs are refused before any file is read
        with zipfile.ZipFile(stream) as archive:
            members = _members(archive)
        stream.seek(0)
        if not members:
            raise FileProblem("压缩包中没有任何文件")
        labels = {number: name for number, (_, name) in enumerate(members, start=1)}
        return Sheet("lrmx", _zip_rows(stream, members), len(members) + 1, labels)
    if head.startswith(readers.OLE_MAGIC[:4]):
        raise FileProblem("这是Excel文件，不是LRMX文件：请选择相应的导入类型")
    try:
        person = document.parse(stream.read())
    except document.LrmxError as exc:
        raise FileProblem(str(exc)) from None
    return Sheet("lrmx", iter([(0, list(HEADER)), (1, _cells("", person))]), 2)
