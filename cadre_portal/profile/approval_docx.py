"""The 干部任免审批表 as .docx, in the familiar two-page layout: page 1 the person
(姓名 ... 简历), page 2 奖惩情况, 年度考核结果, 任免理由, family, 呈报单位 and the
approving bodies' boxes. Written with python-docx; fonts are 宋体 with the East
Asian font attribute set so Word and LibreOffice pick a CJK face."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from cadre_portal.profile.sheets import ApprovalSheet

FONT = "宋体"
TITLE_FONT = "黑体"
BODY_PT = 12  # 小四
SMALL_PT = 10.5  # 五号
FAMILY_MIN_ROWS = 6
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Page 1 grid (cm): label, value, label, value, label, value, photo = 16.6 cm.
PAGE1_WIDTHS = (2.0, 2.3, 2.3, 2.2, 2.0, 3.1, 2.7)
# Page 2 grid: label, 称谓, 姓名, 出生年月, 政治面貌, 工作单位及职务.
PAGE2_WIDTHS = (2.1, 1.6, 2.0, 2.0, 2.3, 6.6)


def _fonts(run, name: str = FONT, size: float = BODY_PT, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin = section.right_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    return doc


def _fixed_table(doc, rows: int, widths) -> object:
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid LibreOffice lays a fixed table out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def _write(cell, text: str, *, center: bool = True, size: float = BODY_PT, bold=False) -> None:
    """Replace the cell's text: one paragraph per line."""
    lines = (text or "").split("\n")
    first = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        if line:
            _fonts(paragraph.add_run(line), size=size, bold=bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _height(row, cm: float, exact: bool = False) -> None:
    row.height = Cm(cm)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST


def _title(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(10)
    _fonts(paragraph.add_run(text), name=TITLE_FONT, size=22, bold=True)


def _vertical(text: str) -> str:
    """Labels of tall cells read top to bottom: 简\n历."""
    return "\n".join(text)


def _page_one(doc, sheet: ApprovalSheet) -> None:
    _title(doc, "干部任免审批表")
    t = _fixed_table(doc, 10, PAGE1_WIDTHS)
    cells = [row.cells for row in t.rows]
    grid = [
        ("姓名", sheet.name, "性别", sheet.gender, "出生年月\n(岁)", sheet.birth_with_age),
        ("民族", sheet.ethnicity, "籍贯", sheet.native_place, "出生地", sheet.birthplace),
        ("入党时间", sheet.party_join, "参加工作时间", sheet.work_start, "健康状况", sheet.health),
    ]
    for r, values in enumerate(grid):
        for c, value in enumerate(values):
            _write(cells[r][c], value, size=SMALL_PT)
        _height(t.rows[r], 1.15)
    # Row 4: 专业技术职务 | value | 熟悉专业有何专长 | value (3 columns)
    _write(cells[3][0], "专业技术\n职务", size=SMALL_PT)
    _write(cells[3][1], sheet.professional_title, size=SMALL_PT)
    _write(cells[3][2], "熟悉专业\n有何专长", size=SMALL_PT)
    specialty = cells[3][3].merge(cells[3][5])
    _write(specialty, sheet.specialty, size=SMALL_PT)
    _height(t.rows[3], 1.15)
    # The photo: column 7 of rows 1-4.
    photo = cells[0][6].merge(cells[3][6])
    _write(photo, "" if sheet.photo else "照片")
    if sheet.photo:
        run = photo.paragraphs[0].add_run()
        run.add_picture(io.BytesIO(sheet.photo), width=Cm(2.5))
    # Rows 5-6: 学历学位 | 全日制教育 / 在职教育 | value | 毕业院校系及专业 | value
    label = cells[4][0].merge(cells[5][0])
    _write(label, "学历\n学位")
    for r, (kind, education, school) in enumerate(
        (
            ("全日制\n教育", sheet.fulltime_education, sheet.fulltime_school),
            ("在职\n教育", sheet.inservice_education, sheet.inservice_school),
        ),
        start=4,
    ):
        _write(cells[r][1], kind, size=SMALL_PT)
        _write(cells[r][2].merge(cells[r][3]), education, size=SMALL_PT)
        _write(cells[r][4], "毕业院校\n系及专业", size=SMALL_PT)
        _write(cells[r][5].merge(cells[r][6]), school, size=SMALL_PT, center=False)
        _height(t.rows[r], 1.3)
    for r, (name, value) in enumerate(
        (
            ("现任职务", sheet.current_position),
            ("拟任职务", sheet.proposed_position),
            ("拟免职务", sheet.proposed_removal),
        ),
        start=6,
    ):
        _write(cells[r][0], name, size=SMALL_PT)
        _write(cells[r][1].merge(cells[r][6]), value, center=False)
        _height(t.rows[r], 1.1)
    _write(cells[9][0], _vertical("简历"))
    career = cells[9][1].merge(cells[9][6])
    _write(career, "\n".join(sheet.career), center=False)
    career.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    _height(t.rows[9], 13.2)


def _page_two(doc, sheet: ApprovalSheet) -> None:
    family_rows = max(FAMILY_MIN_ROWS, len(sheet.family))
    rows = 3 + 1 + family_rows + 2
    t = _fixed_table(doc, rows, PAGE2_WIDTHS)
    cells = [row.cells for row in t.rows]
    for r, (name, value, height) in enumerate(
        (
            ("奖惩\n情况", sheet.rewards, 3.0),
            ("年度考核\n结果", sheet.annual_results, 2.0),
            ("任免\n理由", sheet.reason, 3.0),
        )
    ):
        _write(cells[r][0], name)
        _write(cells[r][1].merge(cells[r][5]), value, center=False)
        _height(t.rows[r], height)
    head = 3
    label = cells[head][0].merge(cells[head + family_rows][0])
    _write(label, "家庭主要成员及重要社会关系", size=SMALL_PT)
    for c, name in enumerate(("称谓", "姓名", "出生年月", "政治面貌", "工作单位及职务"), start=1):
        _write(cells[head][c], name, size=SMALL_PT)
    _height(t.rows[head], 0.9)
    for i in range(family_rows):
        r = head + 1 + i
        member = sheet.family[i] if i < len(sheet.family) else None
        values = (
            (
                member.relation,
                member.name,
                member.birth,
                member.political_status,
                member.employer_position,
            )
            if member
            else ("",) * 5
        )
        for c, value in enumerate(values, start=1):
            _write(cells[r][c], value, size=SMALL_PT, center=c < 5)
        _height(t.rows[r], 0.9)
    r = head + family_rows + 1
    _write(cells[r][0], "呈报\n单位")
    _write(
        cells[r][1].merge(cells[r][5]),
        f"{sheet.submitting_body}\n\n（盖章）\n年    月    日",
        center=True,
    )
    _height(t.rows[r], 3.0)
    r += 1
    _write(cells[r][0], "审批机关\n意见")
    _write(cells[r][1].merge(cells[r][3]), "\n\n（盖章）\n年    月    日")
    _write(cells[r][4], "行政机关\n任免意见")
    _write(cells[r][5], "\n\n（盖章）\n年    月    日")
    _height(t.rows[r], 4.0)
    footer = doc.add_paragraph()
    footer.paragraph_format.space_before = Pt(6)
    _fonts(footer.add_run(f"填表人：{sheet.filled_by}"), size=BODY_PT)
    _fonts(footer.add_run("\u3000" * 8 + f"填表时间：{sheet.filled_on}"), size=BODY_PT)


def approval_docx(sheet: ApprovalSheet) -> bytes:
    doc = _document()
    _page_one(doc, sheet)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _page_two(doc, sheet)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
