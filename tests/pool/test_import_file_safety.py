"""Hostile spreadsheets are refused before any parsing: zip bombs and XML with a DTD."""

import io
import zipfile

import pytest

from pool.importing.readers import FileProblem, open_sheet
from tests.pool import import_files


def _zip(parts: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    buffer.seek(0)
    return buffer


def test_a_zip_bomb_is_refused_before_parsing():
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"0" * 50_000_000})
    with pytest.raises(FileProblem, match="压缩炸弹"):
        open_sheet(bomb)


def test_xml_with_entity_declarations_is_refused():
    billion_laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><worksheet>&lol2;</worksheet>'
    )
    hostile = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": billion_laughs})
    with pytest.raises(FileProblem, match="DTD"):
        open_sheet(hostile)


def test_a_real_workbook_passes_the_checks():
    content = import_files.xlsx(import_files.table([import_files.person()]))
    sheet = open_sheet(io.BytesIO(content))
    assert sheet.format == "xlsx"
    assert len(list(sheet.rows)) == 2
