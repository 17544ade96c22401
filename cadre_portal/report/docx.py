"""The report's figures as a Word document (A4 portrait, the margins of a 公文): the
title, which periods are compared, then per section a 黑体 heading, its sentence in 仿宋
and its table (本期 / 上期 / 增减 under each measure) in 宋体, with how it is counted.
Staff write the prose of the 专题汇报 around it."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from cadre_portal.docx_fonts import set_fonts, style_run

from .figures import PERCENT, Report, Section

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FONT = "方正小标宋简体"  # the 公文 title face; Word substitutes where it is missing
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
TABLE_FONT = "宋体"
TITLE_PT, BODY_PT, TABLE_PT, SMALL_PT = 22, 16, 10.5, 9  # 二号, 三号, 五号, 小五
CELL_MARGIN = 0.08  # cm left and right inside a cell (Word's default 0.19 wastes narrow columns)
TEXT_WIDTH = 15.6  # cm between the margins of an A4 公文 page (21 - 2.8 - 2.6)
HEADER_FILL = "E7E6E6"


def _document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = TABLE_FONT
    normal.font.size = Pt(TABLE_PT)
    set_fonts(normal.element.get_or_add_rPr(), TABLE_FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    return doc


def _paragraph(doc, text: str, font: str, size: float, *, bold=False, center=False, indent=True):
    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)  # 首行缩进2字
    paragraph.paragraph_format.line_spacing = Pt(size * 1.75) if size >= BODY_PT else None
    style_run(paragraph.add_run(text), font, size, bold)
    return paragraph


def _fill(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_as_header(row) -> None:
    """The row is printed again at the top of each page the table runs onto."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _write(cell, text: str, size: float, *, bold=False, left=False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    style_run(paragraph.add_run(text), TABLE_FONT, size, bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _widths(section: Section) -> list[float]:
    """The first column, three per measure (a share's a little wider: 66.7%), and the
    notes column when there is one: the value columns get at least 1.1 cm each, the first
    and the notes column share what is left (up to 4.6 and 5 cm), the rest widens the
    values."""
    weights = [1.45 if m.kind == PERCENT else 1.0 for m in section.metrics for _ in range(3)]
    spare = TEXT_WIDTH - 1.1 * sum(weights)
    if section.has_notes:
        first, note = min(4.6, spare * 0.45), min(5.0, spare * 0.4)
    else:
        first, note = min(4.6, max(2.0, spare * 0.6)), 0.0
    unit = (TEXT_WIDTH - first - note) / sum(weights)
    return [first, *[w * unit for w in weights], *([note] if note else [])]


def _fixed(table, widths: list[float]) -> None:
    """A fixed grid of ``widths`` with narrow cell margins."""
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side, cm in (
        ("top", 0.04),
        ("left", CELL_MARGIN),
        ("bottom", 0.04),
        ("right", CELL_MARGIN),
    ):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(cm / 2.54 * 1440)))  # twips
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(margins)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid; rows added later take their widths from it


def _table(doc, section: Section) -> None:
    widths = _widths(section)
    table = doc.add_table(rows=2, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed(table, widths)
    size = SMALL_PT if len(section.metrics) > 2 else TABLE_PT
    top, sub = table.rows
    for row in (top, sub):  # before merging: a merged cell's width is the sum of its parts
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    # Header: the first column and the notes span both rows; each measure spans its three.
    _write(top.cells[0].merge(sub.cells[0]), section.head, size, bold=True)
    for i, metric in enumerate(section.metrics):
        first = 1 + 3 * i
        _write(top.cells[first].merge(top.cells[first + 2]), metric.label, size, bold=True)
        for j, label in enumerate(("本期", "上期", metric.change_label)):
            _write(sub.cells[first + j], label, size, bold=True)
    if section.has_notes:
        _write(top.cells[-1].merge(sub.cells[-1]), "说明", size, bold=True)
    for row in (top, sub):
        _repeat_as_header(row)
        for cell in row.cells:
            _fill(cell, HEADER_FILL)
    for row in section.rows:
        cells = table.add_row().cells
        _write(cells[0], row.label, size, bold=row.total, left=True)
        for i, figure in enumerate(row.figures):
            texts = (figure.current_text, figure.previous_text, figure.change_text)
            for j, text in enumerate(texts):
                _write(cells[1 + 3 * i + j], text, size, bold=row.total)
        if section.has_notes:
            _write(cells[-1], row.note, size, left=True)


def report_docx(report: Report) -> bytes:
    doc = _document()
    title = _paragraph(doc, report.heading[0], TITLE_FONT, TITLE_PT, center=True)
    title.runs[0].add_break()
    style_run(title.add_run(report.heading[1]), TITLE_FONT, TITLE_PT)
    title.paragraph_format.space_after = Pt(16)
    _paragraph(doc, report.periods_text + report.generated_text, BODY_FONT, BODY_PT)
    for section in report.sections:
        heading = _paragraph(doc, section.heading, HEADING_FONT, BODY_PT)
        heading.paragraph_format.space_before = Pt(6)
        heading.paragraph_format.keep_with_next = True
        summary = _paragraph(doc, section.summary, BODY_FONT, BODY_PT)
        summary.paragraph_format.keep_with_next = True
        _table(doc, section)
        if section.basis:
            note = _paragraph(doc, f"注：{section.basis}", TABLE_FONT, SMALL_PT, indent=False)
            note.paragraph_format.space_after = Pt(6)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
