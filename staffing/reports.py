"""Word documents of the quarterly warning: the 通报 (A and B teams by region, with
each region's completion) and the 一对一 feedback sheets (one page per region listing
every team's 任务量 and 差额数). Built with python-docx from the ledger's rows."""

from __future__ import annotations

import io
from collections.abc import Iterable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt

from pool.web.documents import chinese_date
from staffing.selectors import Ledger, LedgerRow, RegionRow

LEVEL_NAMES = {"A": "A级（红色）", "B": "B级（黄色）", "C": "C级（绿色）"}
UNGRADED = "不评级（无职数）"
FONT = "宋体"
FEEDBACK_HEADERS = [
    "序号",
    "单位",
    "核定职数",
    "在任人数",
    "任务量",
    "实有年轻干部",
    "差额数",
    "预警等级",
]


def _document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return doc


def _title(doc: Document, text: str, size: int = 16) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def _table(doc: Document, headers: list[str], rows: Iterable[list]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = "" if value is None else str(value)


def _rate(region: RegionRow) -> str:
    return "—" if region.rate is None else f"{region.rate:.1%}"


def _save(doc: Document) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def notice_docx(data: Ledger, rows: list[LedgerRow]) -> bytes:
    """通报: the A and B teams among ``rows``, by region, after the regions' completion."""
    quarter = data.quarter
    doc = _document()
    _title(doc, f"关于{quarter.label}优秀年轻干部配备预警情况的通报")
    flagged = [r for r in rows if r.record.level in ("A", "B")]
    # Every team counted, not only the level the ledger was filtered to
    levels = {lvl: data.levels[lvl] for lvl in "ABC"}
    doc.add_paragraph(
        f"按照优秀年轻干部配备预警机制，以{chinese_date(quarter.end)}为基准日，对{sum(levels.values())}个"
        f"领导班子的年轻干部配备情况进行了测算：A级（红色）{levels['A']}个，B级（黄色）"
        f"{levels['B']}个，C级（绿色）{levels['C']}个。现将A级、B级班子通报如下，请相关单位"
        "对照差额抓紧研究配备，并于下一季度末前反馈。"
    )
    doc.add_paragraph("一、各地区完成情况")
    _table(
        doc,
        ["地区", "班子数", "A级", "B级", "C级", "任务量", "已完成", "差额", "完成率"],
        (
            [g.unit.name, g.teams, g.levels["A"], g.levels["B"], g.levels["C"], g.required,
             g.met, g.gap, _rate(g)]
            for g in data.regions
        ),
    )  # fmt: skip
    doc.add_paragraph("")
    doc.add_paragraph("二、A级、B级班子名单")
    if flagged:
        _table(
            doc,
            ["地区", "单位", "预警等级", "核定职数", "任务量", "实有年轻干部", "差额数", "上季度"],
            (
                [r.region.name, r.label, LEVEL_NAMES[r.record.level], r.record.approved_seats,
                 r.record.required, r.record.actual, r.record.gap,
                 LEVEL_NAMES.get(r.previous_level, "—")]
                for r in flagged
            ),
        )  # fmt: skip
    else:
        doc.add_paragraph("本季度没有A级、B级班子。")
    doc.add_paragraph("")
    doc.add_paragraph("三、双把关与备案情况")
    if data.motions:
        _table(
            doc,
            ["单位", "拟任人选", "拟任职务", "双把关意见", "任职", "备案"],
            ([m.post.team.unit.name, m.cadre.name, m.title or m.post.title, _opinion(m),
              f"{m.appointment.start_date:%Y.%m.%d}" if m.appointment else "未任职",
              _filing(m)] for m in data.motions),
        )  # fmt: skip
    else:
        doc.add_paragraph("本季度A级、B级班子没有任职动议。")
    return _save(doc)


def _opinion(motion) -> str:
    if not motion.decision:
        return "待签署"
    text = motion.get_decision_display()
    if motion.suggested_name:
        text += f"（建议{motion.suggested_name}）"
    elif motion.note:
        text += f"（{motion.note}）"
    return text


def _filing(motion) -> str:
    if motion.filed_at is None:
        return "未备案"
    if motion.gap_closed:
        return f"差额由{motion.gap}名补齐"
    return f"差额由{motion.gap}名变为{motion.gap_after}名"


def feedback_docx(data: Ledger, rows: list[LedgerRow]) -> bytes:
    """一对一 feedback sheets: one page per region, every team's 任务量 and 差额数."""
    quarter = data.quarter
    doc = _document()
    by_region: dict[int, list[LedgerRow]] = {}
    for row in rows:
        by_region.setdefault(row.region.pk, []).append(row)
    regions = [g for g in data.regions if g.unit.pk in by_region]
    for i, region in enumerate(regions):
        if i:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _title(doc, f"{region.unit.name}优秀年轻干部配备情况一对一反馈表", 15)
        paragraph = doc.add_paragraph(
            f"{quarter.label}（基准日{chinese_date(quarter.end)}）：共{region.teams}个班子，"
            f"任务量{region.required}名，已完成{region.met}名，差额{region.gap}名，"
            f"完成率{_rate(region)}。"
        )
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _table(
            doc,
            FEEDBACK_HEADERS,
            (
                [n, r.label, r.record.approved_seats, r.record.seated, r.record.required,
                 r.record.actual, r.record.gap, LEVEL_NAMES.get(r.record.level, UNGRADED)]
                for n, r in enumerate(by_region[region.unit.pk], 1)
            ),
        )  # fmt: skip
        doc.add_paragraph("")
        doc.add_paragraph("反馈意见：")
        doc.add_paragraph("（请对差额数不为零的班子逐一说明配备计划和时限）")
    if not regions:
        _title(doc, f"{quarter.label}优秀年轻干部配备情况一对一反馈表", 15)
        doc.add_paragraph("本季度没有预警记录。")
    return _save(doc)
