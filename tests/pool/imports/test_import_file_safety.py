"""Hostile spreadsheets are refused before any parsing: zip bombs and XML with a DTD."""

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pool.imports.readers import FileProblem, declares_dtd, open_sheet
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


PROLOG_PARTS = st.lists(
    st.one_of(
        st.text(alphabet="abc 中文-", max_size=400).map(
            lambda t: f"<!-- {t.replace('--', '')} -->"
        ),
        st.just('<?mso-application progid="Excel.Sheet"?>'),
        st.text(alphabet=" \n\t", max_size=50),
    ),
    max_size=30,
)


@settings(max_examples=40, deadline=None)
@given(prolog=PROLOG_PARTS, padding=st.integers(min_value=0, max_value=20_000))
def test_a_dtd_after_any_prolog_is_refused(prolog, padding):
    """The old check read only the first 2 KiB: a long comment hid the DTD behind it."""
    head = "<!-- " + "x" * padding + " -->" + "".join(prolog)
    part = (
        f'<?xml version="1.0"?>{head}<!DOCTYPE w [<!ENTITY e "boom">]><worksheet>&e;</worksheet>'
    ).encode()
    hostile = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": part})
    with pytest.raises(FileProblem, match="DTD"):
        open_sheet(hostile)
    clean = f'<?xml version="1.0"?>{head}<worksheet/>'.encode()
    assert not declares_dtd(io.BytesIO(clean))


@pytest.mark.parametrize(
    "part",
    [
        b'<!DOCTYPE worksheet SYSTEM "http://example.invalid/x.dtd"><worksheet/>',
        b"<!DOCTYPE worksheet><worksheet/>",
    ],
)
def test_an_external_or_empty_doctype_is_refused(part):
    hostile = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": part})
    with pytest.raises(FileProblem, match="DTD"):
        open_sheet(hostile)


def test_an_xml_part_that_is_not_xml_is_a_damaged_file():
    broken = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"not xml"})
    with pytest.raises(FileProblem, match="XML 部件已损坏"):
        open_sheet(broken)


def test_a_small_file_that_unpacks_big_is_parsed_by_a_worker_not_the_request(
    units, staff, settings, tmp_path
):
    """Judged by its inflated size: a 1-row roster padded with a compressible part is
    queued, not parsed inside the web request."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pool.imports import runs
    from pool.models import ImportStatus

    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_BACKGROUND_BYTES = 1024 * 1024
    content = import_files.xlsx(import_files.table([import_files.person()]))
    padded = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(padded, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for part in source.infolist():
            target.writestr(part, source.read(part))
        target.writestr("docProps/padding.xml", b"<a/>" + b" " * 3_000_000)
    assert len(padded.getvalue()) < 100_000
    run = runs.preview_upload(staff, "roster", SimpleUploadedFile("名册.xlsx", padded.getvalue()))
    assert run.status == ImportStatus.QUEUED
    assert run.rows_total == 0  # nothing was read in the request


def test_the_inflated_size_cap_is_a_setting(settings):
    settings.IMPORT_MAX_INFLATED_BYTES = 1_000_000
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"0" * 2_000_000})
    with pytest.raises(FileProblem, match="解压后体积异常"):
        open_sheet(bomb)


def test_a_file_over_the_row_cap_is_refused_as_a_whole(units, staff, settings):
    from pool.imports import engine, runs

    settings.IMPORT_MAX_ROWS = 3
    people = [import_files.person(f"干部{i}", serial=i) for i in range(4)]
    content = import_files.xlsx(import_files.table(people))
    kind = engine.get_kind("roster")
    with pytest.raises(FileProblem, match="超过单次导入上限（3行）"):
        engine.analyse(kind, kind.open(io.BytesIO(content)), runs.context_for(staff))
    settings.IMPORT_MAX_ROWS = 4
    result = engine.analyse(kind, kind.open(io.BytesIO(content)), runs.context_for(staff))
    assert len(result.rows) == 4
