"""推荐结果 and 测评结果 as Word documents (python-docx, CJK fonts named for every script)."""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from pool.models import AppraisalItem, Grade, VoteKind
from pool.votes import rules
from pool.votes.results import Result
from pool.web.documents import chinese_date

FONT = "宋体"
TITLE_FONT = "方正小标宋简体"


def _document() -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return doc


def _paragraph(doc, text: str, size: float = 10.5, bold=False, center=False, font=FONT):
    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _table(doc, headers: list[str], rows: list[list]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = "" if value is None else str(value)


def _turnout(doc, res: Result) -> None:
    headers = ["参加人员", "应到人数", "收回票数", "有效票", "废票", "参与率"]
    rows = [
        [g.name, g.expected, g.ballots, g.valid, g.spoilt, rules.percent(g.participation)]
        for g in [*res.groups, res.total]
    ]
    _table(doc, headers, rows)
    setting = res.voting_rules
    verdict = "有效" if res.valid_round else "无效（参会人数未达规定比例）"
    _paragraph(
        doc,
        f"会议有效性：实到{res.total.ballots}人，应到{res.total.expected}人，"
        f"按不少于{setting.turnout_numerator}/{setting.turnout_denominator}计，{verdict}。",
    )


def result_docx(res: Result) -> bytes:
    voting_round = res.voting_round
    appraise = voting_round.kind == VoteKind.APPRAISE
    doc = _document()
    _paragraph(
        doc, f"{voting_round.title}{'测评结果' if appraise else '推荐结果'}", 18, True, True,
        TITLE_FONT,
    )  # fmt: skip
    subject = voting_round.post_name or ("" if appraise else "年轻干部库人选")
    when = timezone.localtime(voting_round.opens_at).date()
    _paragraph(
        doc,
        f"组织单位：{voting_round.unit.name}　日期：{chinese_date(when)}"
        + (f"　推荐职位：{subject}　应推人数：{voting_round.max_choices}" if not appraise else ""),
    )
    _turnout(doc, res)
    groups = [*res.groups, res.total]
    _paragraph(doc, "")
    if appraise:
        headers = ["排名", "姓名", "单位"] + [f"{g.name}称职以上" for g in groups] + ["结果"]
        rows = [
            [r.rank, r.name, r.unit]
            + [f"{r.votes[g.group]}（{rules.percent(r.rates[g.group])}）" for g in groups]
            + ["称职以上得票率过半" if r.passed else "未过半"]
            for r in res.candidates
        ]
        _table(doc, headers, rows)
        _paragraph(doc, "")
        _paragraph(doc, "各项等次得票（全体）", bold=True)
        headers = ["姓名", "项目"] + [label for _, label in Grade.choices]
        rows = [
            [r.name, label] + [r.grades[item][g] for g in Grade.values]
            for r in res.candidates
            for item, label in AppraisalItem.choices
        ]
        _table(doc, headers, rows)
    else:
        headers = ["排名", "姓名", "单位"] + [f"{g.name}得票" for g in groups] + ["得票率"]
        rows = [
            [r.rank, r.name, r.unit]
            + [r.votes[g.group] for g in groups]
            + [rules.percent(r.rates[""])]
            for r in res.candidates
        ]
        _table(doc, headers, rows)
    _paragraph(doc, "")
    _paragraph(doc, "注：得票率＝得票数÷有效票数；选择人数超过应推人数的推荐票为废票。")
    if res.paper_pending:
        _paragraph(doc, f"纸质票两次录入不一致、未计入：{'、'.join(res.paper_pending)}。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
