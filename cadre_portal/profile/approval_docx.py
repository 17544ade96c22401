"""The 干部任免审批表 as .docx, in the familiar two-page layout: page 1 the person
(姓名 ... 简历), page 2 奖惩情况, 年度考核结果, 任免理由, family, 呈报单位 and the
approving bodies' boxes. Fonts are 宋体 with the East Asian font attribute set so
Word and LibreOffice pick a CJK face.

The blank form (labels, merged cells, widths) is laid out once per process with
python-docx and kept as bytes; each person's form is that skeleton with the value
cells filled in through lxml. Laying the form out takes most of the time (cell
merges), so a batch of 200 forms does it once, not 200 times."""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from functools import cache

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from cadre_portal.docx_fonts import set_fonts, style_run
from cadre_portal.profile.sheets import ApprovalSheet

FONT = "宋体"
TITLE_FONT = "黑体"
BODY_PT = 12  # 小四
SMALL_PT = 10.5  # 五号
FAMILY_MIN_ROWS = 6
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Page 1 grid (cm): label, value, label, value, label, value, photo = 16.6 cm.
PAGE1_WIDTHS = (2.0, 2.2, 2.2, 2.2, 2.0, 3.3, 2.7)
# Page 2 grid: label, 称谓, 姓名, 出生年月, 政治面貌, 工作单位及职务.
PAGE2_WIDTHS = (2.1, 1.6, 2.0, 2.0, 2.3, 6.6)
FAMILY_FIELDS = ("relation", "name", "birth", "political_status", "employer_position")


def _fonts(run, name: str = FONT, size: float = BODY_PT, bold: bool = False) -> None:
    style_run(run, name, size, bold)


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
    set_fonts(normal.element.get_or_add_rPr(), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    return doc


def _fixed_table(doc, rows: int, widths):
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


def _align(paragraph, center: bool) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT


def _write(cell, text: str, *, center: bool = True, size: float = BODY_PT) -> None:
    """A label: the cell's text, one paragraph per line, centred vertically."""
    first = cell.paragraphs[0]
    for i, line in enumerate(text.split("\n")):
        paragraph = first if i == 0 else cell.add_paragraph()
        _align(paragraph, center)
        if line:
            _fonts(paragraph.add_run(line), size=size)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _height(row, cm: float) -> None:
    row.height = Cm(cm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


@dataclass(frozen=True)
class Slot:
    """Where a value goes: table, row and cell index (after merges), and its look."""

    table: int
    row: int
    cell: int
    size: float
    center: bool


class _Layout:
    """Records the value cells while the blank form is laid out."""

    def __init__(self) -> None:
        self.slots: dict[str, Slot] = {}

    def slot(self, name: str, table_index: int, cell, *, size=SMALL_PT, center=True) -> None:
        tc = cell._tc
        tr = tc.getparent()
        row = tr.getparent().tr_lst.index(tr)
        self.slots[name] = Slot(table_index, row, tr.tc_lst.index(tc), size, center)
        _align(cell.paragraphs[0], center)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _title(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(10)
    _fonts(paragraph.add_run(text), name=TITLE_FONT, size=22, bold=True)


def _page_one(doc, lay: _Layout) -> None:
    _title(doc, "干部任免审批表")
    t = _fixed_table(doc, 10, PAGE1_WIDTHS)
    cells = [row.cells for row in t.rows]
    grid = [
        ("姓名", "name", "性别", "gender", "出生年月\n(岁)", "birth_with_age"),
        ("民族", "ethnicity", "籍贯", "native_place", "出生地", "birthplace"),
        ("入党时间", "party_join", "参加工作时间", "work_start", "健康状况", "health"),
    ]
    for r, items in enumerate(grid):
        for c in range(0, 6, 2):
            _write(cells[r][c], items[c], size=SMALL_PT)
            lay.slot(items[c + 1], 0, cells[r][c + 1])
        _height(t.rows[r], 1.15)
    _write(cells[3][0], "专业技术\n职务", size=SMALL_PT)
    lay.slot("professional_title", 0, cells[3][1])
    _write(cells[3][2], "熟悉专业\n有何专长", size=SMALL_PT)
    lay.slot("specialty", 0, cells[3][3].merge(cells[3][5]))
    _height(t.rows[3], 1.15)
    photo = cells[0][6].merge(cells[3][6])
    _write(photo, "照片")
    lay.slot("photo", 0, photo, size=BODY_PT)
    _write(cells[4][0].merge(cells[5][0]), "学历\n学位")
    for r, (kind, education, school) in (
        (4, ("全日制\n教育", "fulltime_education", "fulltime_school")),
        (5, ("在职\n教育", "inservice_education", "inservice_school")),
    ):
        _write(cells[r][1], kind, size=SMALL_PT)
        lay.slot(education, 0, cells[r][2].merge(cells[r][3]))
        _write(cells[r][4], "毕业院校\n系及专业", size=SMALL_PT)
        lay.slot(school, 0, cells[r][5].merge(cells[r][6]), center=False)
        _height(t.rows[r], 1.3)
    for r, (label, name) in (
        (6, ("现任职务", "current_position")),
        (7, ("拟任职务", "proposed_position")),
        (8, ("拟免职务", "proposed_removal")),
    ):
        _write(cells[r][0], label, size=SMALL_PT)
        lay.slot(name, 0, cells[r][1].merge(cells[r][6]), size=BODY_PT, center=False)
        _height(t.rows[r], 1.1)
    _write(cells[9][0], "简\n历")
    career = cells[9][1].merge(cells[9][6])
    lay.slot("career", 0, career, size=BODY_PT, center=False)
    career.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    _height(t.rows[9], 13.2)


def _page_two(doc, lay: _Layout) -> None:
    rows = 3 + 1 + FAMILY_MIN_ROWS + 2
    t = _fixed_table(doc, rows, PAGE2_WIDTHS)
    cells = [row.cells for row in t.rows]
    for r, (label, name, height) in enumerate(
        (
            ("奖惩\n情况", "rewards", 3.0),
            ("年度考核\n结果", "annual_results", 2.0),
            ("任免\n理由", "reason", 3.0),
        )
    ):
        _write(cells[r][0], label)
        lay.slot(name, 1, cells[r][1].merge(cells[r][5]), size=BODY_PT, center=False)
        _height(t.rows[r], height)
    head = 3
    _write(
        cells[head][0].merge(cells[head + FAMILY_MIN_ROWS][0]),
        "家庭主要成员及重要社会关系",
        size=SMALL_PT,
    )
    for c, label in enumerate(("称谓", "姓名", "出生年月", "政治面貌", "工作单位及职务"), start=1):
        _write(cells[head][c], label, size=SMALL_PT)
    _height(t.rows[head], 0.9)
    for i in range(FAMILY_MIN_ROWS):
        r = head + 1 + i
        for c, field in enumerate(FAMILY_FIELDS, start=1):
            lay.slot(f"family{i}.{field}", 1, cells[r][c], center=c < 5)
        _height(t.rows[r], 0.9)
    r = head + FAMILY_MIN_ROWS + 1
    _write(cells[r][0], "呈报\n单位")
    body = cells[r][1].merge(cells[r][5])
    _write(body, "\n\n（盖章）\n年    月    日")
    lay.slot("submitting_body", 1, body, size=BODY_PT)
    _height(t.rows[r], 3.0)
    r += 1
    _write(cells[r][0], "审批机关\n意见")
    _write(cells[r][1].merge(cells[r][3]), "\n\n（盖章）\n年    月    日")
    _write(cells[r][4], "行政机关\n任免意见")
    _write(cells[r][5], "\n\n（盖章）\n年    月    日")
    _height(t.rows[r], 4.0)
    footer = doc.add_paragraph()
    footer.paragraph_format.space_before = Pt(6)
    _fonts(footer.add_run("填表人："), size=BODY_PT)
    _fonts(footer.add_run("\u3000" * 8 + "填表时间："), size=BODY_PT)


@cache
def _skeleton() -> tuple[bytes, dict[str, Slot]]:
    doc = _document()
    lay = _Layout()
    _page_one(doc, lay)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _page_two(doc, lay)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue(), lay.slots


def _run(text: str, size: float):
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    set_fonts(rpr, FONT)
    for tag in ("w:sz", "w:szCs"):
        sz = OxmlElement(tag)
        sz.set(qn("w:val"), str(int(size * 2)))
        rpr.append(sz)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    run.append(t)
    return run


class _Filler:
    def __init__(self, doc, slots: dict[str, Slot]) -> None:
        self.tables = [t._tbl for t in doc.tables]
        self.slots = slots

    def tc(self, slot: Slot):
        return self.tables[slot.table].tr_lst[slot.row].tc_lst[slot.cell]

    def put(self, name: str, text: str) -> None:
        """Write ``text`` into a value cell's first (empty) paragraph, one paragraph
        per line, keeping the cell's own paragraphs after it."""
        if not text:
            return
        slot = self.slots[name]
        first = self.tc(slot).p_lst[0]
        lines = text.split("\n")
        blank = copy.deepcopy(first)
        first.append(_run(lines[0], slot.size))
        anchor = first
        for line in lines[1:]:
            paragraph = copy.deepcopy(blank)
            if line:
                paragraph.append(_run(line, slot.size))
            anchor.addnext(paragraph)
            anchor = paragraph


def _grow_family(filler: _Filler, slots: dict[str, Slot], count: int) -> dict[str, Slot]:
    """More family rows than the blank form has: copy its last family row."""
    if count <= FAMILY_MIN_ROWS:
        return slots
    last = slots[f"family{FAMILY_MIN_ROWS - 1}.relation"]
    tr = filler.tables[last.table].tr_lst[last.row]
    slots = dict(slots)
    for i in range(FAMILY_MIN_ROWS, count):
        tr.addnext(copy.deepcopy(tr))
        tr = tr.getnext()
        for field in FAMILY_FIELDS:
            base = slots[f"family{FAMILY_MIN_ROWS - 1}.{field}"]
            slots[f"family{i}.{field}"] = Slot(
                base.table, base.row + i - FAMILY_MIN_ROWS + 1, base.cell, base.size, base.center
            )
    # rows below the family block moved down
    for name, s in list(slots.items()):
        if s.table == last.table and s.row > last.row and not name.startswith("family"):
            slots[name] = Slot(s.table, s.row + count - FAMILY_MIN_ROWS, s.cell, s.size, s.center)
    return slots


def approval_docx(sheet: ApprovalSheet) -> bytes:
    skeleton, slots = _skeleton()
    doc = Document(io.BytesIO(skeleton))
    filler = _Filler(doc, slots)
    filler.slots = slots = _grow_family(filler, slots, len(sheet.family))
    for name in (
        "name", "gender", "birth_with_age", "ethnicity", "native_place", "birthplace",
        "party_join", "work_start", "health", "professional_title", "specialty",
        "fulltime_education", "fulltime_school", "inservice_education", "inservice_school",
        "current_position", "proposed_position", "proposed_removal", "rewards",
        "annual_results", "reason",
    ):  # fmt: skip
        filler.put(name, getattr(sheet, name))
    filler.put("career", "\n".join(sheet.career))
    for i, member in enumerate(sheet.family):
        for field in FAMILY_FIELDS:
            filler.put(f"family{i}.{field}", getattr(member, field))
    filler.put("submitting_body", sheet.submitting_body)
    if sheet.photo:
        tc = filler.tc(slots["photo"])
        paragraph = tc.p_lst[0]
        for r in paragraph.r_lst:
            paragraph.remove(r)
        Paragraph(paragraph, doc.tables[0]).add_run().add_picture(
            io.BytesIO(sheet.photo), width=Cm(2.3)
        )
    footer = doc.paragraphs[-1].runs
    footer[0].text += sheet.filled_by
    footer[1].text += sheet.filled_on
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
