"""The .xlsx of each 管 list page: headers and rows of what the page shows. Views
call ``response`` which audits the export (pool.people.services.record_export)."""

from __future__ import annotations

from pool.people import services as people_services
from pool.web import xlsx as exports

TALK_HEADERS = ["谈话日期", "谈话人", "谈话人身份", "谈话类型", "谈话对象", "谈话要点", "后续事项"]
OVERDUE_HEADERS = [
    "状态", "所在单位", "姓名", "现任职务", "谈话人身份", "应谈人", "谈话频次", "上次谈话",
    "应谈截止日期", "说明", "入库日期",
]  # fmt: skip
OPINION_HEADERS = [
    "征求批次", "征求事由", "征求时间", "姓名", "所在单位", "结论", "具体情况", "回复时间",
    "承办人", "审核人",
]  # fmt: skip
CONCERN_HEADERS = ["姓名", "所在单位", "来源", "问题摘要", "处理方式", "受理日期", "处理日期"]
ASSESSMENT_HEADERS = ["姓名", "所在单位", "年度", "考核类型", "季度", "等次"]


def talk_rows(talks, notes_of=None):
    """``notes_of``: an account that reads only the notes it recorded (a 单位党组织);
    ``None``: every note (组织部 staff)."""
    for t in talks:
        names = "、".join(p.cadre.name for p in t.participants.all())
        kind, role = t.get_kind_display(), t.get_talker_role_display()
        note = t.note if notes_of is None or t.recorded_by_id == notes_of.pk else ""
        yield [t.date, t.talker_name, role, kind, names, note, t.follow_up]


def overdue_rows(rows):
    for r in rows:
        yield [
            r.status.label, r.cadre.unit.name, r.cadre.name, r.cadre.current_position,
            r.talker_role_label, r.talker_names, r.frequency, r.last_talk, r.due_by,
            r.since_text, r.entered_on,
        ]  # fmt: skip


def opinion_rows(opinions):
    for o in opinions:
        yield [
            o.request_id, o.request.get_purpose_display(), o.request.created, o.cadre.name,
            o.cadre.unit.name, o.get_conclusion_display(), o.detail, o.answered_at,
            o.first_signatory, o.second_signatory,
        ]  # fmt: skip


def concern_rows(concerns):
    for c in concerns:
        yield [
            c.cadre.name, c.cadre.unit.name, c.source, c.summary, c.get_handling_display(),
            c.received_on, c.handled_on,
        ]  # fmt: skip


def assessment_rows(assessments):
    for a in assessments:
        yield [a.cadre.name, a.cadre.unit.name, a.year, a.get_kind_display(), a.quarter, a.grade]


def response(request, what: str, headers, rows, today):
    """The .xlsx download of ``rows``, audited with the page's filters."""
    rows = list(rows)
    query = request.GET.copy()
    query.pop("export", None)
    people_services.record_export(request.user, what, len(rows), query.urlencode())
    content = exports.xlsx_bytes(headers, rows, sheet=what)
    return exports.xlsx_response(f"{what}{today:%Y%m%d}.xlsx", content)


POLITICAL_HEADERS = ["姓名", "所在单位", "来源", "日期", "政治素质情况", "评价人（单位）"]
KEY_TASK_HEADERS = [
    "姓名", "所在单位", "重点工作类别", "任务名称", "起始日期", "结束日期", "表现情况", "评价等次",
]  # fmt: skip
PERSONAL_HEADERS = [
    "姓名", "所在单位", "年度", "报告类型", "应报日期", "报送日期", "抽查方式", "核查日期",
    "核查结果", "认定依据", "处理方式", "影响期至",
]  # fmt: skip
FILE_AUDIT_HEADERS = [
    "姓名", "所在单位", "审核项目", "名册记载", "档案记载", "认定依据材料", "材料形成日期",
    "认定类别", "认定结果", "说明", "审核时间",
]  # fmt: skip


def political_rows(entries):
    for e in entries:
        yield [
            e.cadre.name, e.cadre.unit.name, e.get_source_display(), e.date, e.finding,
            e.evaluator,
        ]  # fmt: skip


def key_task_rows(records):
    for r in records:
        yield [
            r.cadre.name, r.cadre.unit.name, r.get_category_display(), r.task_name,
            r.started_on, r.ended_on, r.performance, r.rating,
        ]  # fmt: skip


def personal_rows(reports):
    for r in reports:
        yield [
            r.cadre.name, r.cadre.unit.name, r.year, r.get_filing_display(), r.due_on,
            r.returned_on, r.get_check_kind_display(), r.checked_on, r.result_display, r.basis,
            r.get_handling_display(), r.affects_until,
        ]  # fmt: skip


def file_audit_rows(records):
    for r in records:
        yield [
            r.cadre.name, r.cadre.unit.name, r.get_item_display(), r.roster_value, r.file_value,
            r.source_document, r.document_date, r.get_category_display(), r.decided_value,
            r.note, r.created_at,
        ]  # fmt: skip
