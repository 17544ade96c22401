# Over 400 lines: every write of 管; a split by concern is left for #17.
"""Writes of the 管 stage: one function per thing a user does. Each validates, writes
in a transaction and records the audit entry in that same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pool import audit
from pool.models import AuditAction, Cadre, Role
from pool.notify import notices
from pool.people.selectors import grant_of
from supervision import integrity_inbox, reviews
from supervision.models import (
    ANNUAL_GRADES,
    LINKED_ROLES,
    MONTH_ITEMS,
    QUARTERLY_GRADES,
    Assessment,
    AssessmentKind,
    AuditCategory,
    CheckFinding,
    CheckKind,
    Concern,
    Conclusion,
    FileAuditRecord,
    FileItem,
    FilingKind,
    Handling,
    IntegrityOpinion,
    IntegrityPurpose,
    IntegrityRequest,
    KeyTaskCategory,
    KeyTaskPerformance,
    PerformanceRating,
    PersonalMattersReport,
    PoliticalFileEntry,
    PoliticalSource,
    Talk,
    TalkerLink,
    TalkerRole,
    TalkKind,
    TalkParticipant,
)


def _people(cadres: Iterable[Cadre]) -> list[Cadre]:
    people = list({c.pk: c for c in cadres}.values())
    if not people:
        raise ValidationError({"cadres": "请至少选择一名谈话对象"})
    return people


# The talks a 单位党组织 records: those its own leaders and personnel office hold.
UNIT_TALKER_ROLES = (
    TalkerRole.UNIT_HEAD,
    TalkerRole.DEPUTY_HEAD,
    TalkerRole.PARTY_SECRETARY,
    TalkerRole.ORG_DEPT,
)


def _check_recorder(actor, people: list[Cadre], talker_role: str) -> None:
    """Refuse a talk ``actor`` may not record: outside their units, or a unit account
    recording a 县级领导 / 组织部长 talk (the 组织部 records those)."""
    from pool.people.selectors import units_for

    grant = grant_of(actor) if actor is not None else None
    if grant is None:
        return  # the system (demo data): no account to scope
    if grant.role not in (Role.STAFF, Role.UNIT_COMMITTEE):
        raise ValidationError("当前账号无权记录谈心谈话")
    allowed = set(units_for(actor).values_list("pk", flat=True))
    outside = [c.name for c in people if c.unit_id not in allowed]
    if outside:
        where = "本单位" if grant.role == Role.UNIT_COMMITTEE else "您的管辖范围"
        raise ValidationError({"cadres": f"{'、'.join(outside[:5])}不在{where}，不能记录谈话"})
    if grant.role == Role.UNIT_COMMITTEE and talker_role not in UNIT_TALKER_ROLES:
        label = TalkerRole(talker_role).label if talker_role in TalkerRole.values else "该身份"
        raise ValidationError({"talker_role": f"{label}的谈话由组织部门记录"})


def record_talk(
    actor,
    cadres: Iterable[Cadre],
    *,
    talker_name: str,
    talker_role: str,
    kind: str,
    date: dt.date,
    note: str = "",
    follow_up: str = "",
    talker=None,
) -> Talk:
    """谈心谈话: one talk with one cadre, or with several at once after a meeting.

    组织部 staff record talks with people in their jurisdiction; a 单位党组织 account
    records the talks its unit's leaders hold (``UNIT_TALKER_ROLES``) with its own
    unit's people."""
    people = _people(cadres)
    _check_recorder(actor, people, talker_role)
    errors = {}
    if not (talker_name or "").strip():
        errors["talker_name"] = "请填写谈话人"
    if talker_role not in TalkerRole.values:
        errors["talker_role"] = "请选择谈话人身份"
    if kind not in TalkKind.values:
        errors["kind"] = "请选择谈话类型"
    if date is None:
        errors["date"] = "请填写谈话日期"
    elif date > timezone.localdate():
        errors["date"] = "谈话日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        talk = Talk.objects.create(
            talker=talker,
            talker_name=talker_name.strip(),
            talker_role=talker_role,
            kind=kind,
            date=date,
            note=(note or "").strip(),
            follow_up=(follow_up or "").strip(),
            recorded_by=actor,
        )
        TalkParticipant.objects.bulk_create(
            TalkParticipant(talk=talk, cadre=c, talker_role=talker_role, date=date) for c in people
        )
        names = "、".join(c.name for c in people[:10]) + ("等" if len(people) > 10 else "")
        audit.record(
            actor,
            AuditAction.CREATE,
            talk,
            detail=f"记录谈心谈话（{talk.get_kind_display()}），谈话对象{len(people)}人：{names}",
        )
    return talk


def request_integrity_opinions(
    actor, cadres: Iterable[Cadre], purpose: str, addressed_to, due_on: dt.date | None = None
) -> IntegrityRequest:
    """征求廉政意见: one batch for several people, sent to one 纪委监委 liaison, who
    gets a notice; ``due_on`` is the 回复期限."""
    people = _people(cadres)
    if purpose not in IntegrityPurpose.values:
        raise ValidationError({"purpose": "请选择征求事由"})
    grant = grant_of(addressed_to) if addressed_to is not None else None
    if grant is None or grant.role != Role.DISCIPLINE_LIAISON or not addressed_to.is_active:
        raise ValidationError({"addressed_to": "请选择纪委监委联络人"})
    with transaction.atomic():
        req = IntegrityRequest.objects.create(
            purpose=purpose, requested_by=actor, addressed_to=addressed_to, due_on=due_on
        )
        IntegrityOpinion.objects.bulk_create(IntegrityOpinion(request=req, cadre=c) for c in people)
        audit.record(
            actor,
            AuditAction.CREATE,
            req,
            detail=f"征求廉政意见（{req.get_purpose_display()}）{len(people)}人，"
            f"送{addressed_to.get_username()}" + (f"，回复期限{due_on:%Y-%m-%d}" if due_on else ""),
        )
        integrity_inbox.notify_liaison(req, len(people))
    return req


def answer_opinion(
    liaison,
    opinion: IntegrityOpinion,
    conclusion: str,
    first_signatory: str,
    second_signatory: str,
    detail: str = "",
) -> IntegrityOpinion:
    """回复廉政意见: only the liaison it is addressed to; a conclusion and two signatures."""
    with transaction.atomic():
        current = (
            IntegrityOpinion.objects.select_for_update(of=("self",))
            .select_related("request", "cadre")
            .get(pk=opinion.pk)
        )
        if current.request.addressed_to_id != getattr(liaison, "pk", None):
            raise ValidationError("该廉政意见征求不是发给您的，不能回复")
        errors = {}
        if conclusion not in Conclusion.values or not conclusion:
            errors["conclusion"] = "请选择结论"
        first, second = (first_signatory or "").strip(), (second_signatory or "").strip()
        if not first:
            errors["first_signatory"] = "请填写承办人签字"
        if not second:
            errors["second_signatory"] = "请填写审核人签字"
        if first and second and first == second:
            errors["second_signatory"] = "两个签字应为不同的人"
        if conclusion == Conclusion.CLUES and not (detail or "").strip():
            errors["detail"] = "结论为有问题线索时，请填写具体情况"
        if errors:
            raise ValidationError(errors)
        before = audit.model_values(current, ["conclusion", "answered_at"])
        current.conclusion = conclusion
        current.first_signatory = first
        current.second_signatory = second
        current.detail = (detail or "").strip()
        current.answered_at = timezone.now()
        current.save()
        audit.record(
            liaison,
            AuditAction.UPDATE,
            current,
            detail=f"回复廉政意见：{current.cadre.name} {current.get_conclusion_display()}",
            before=before,
            after=audit.model_values(current, ["conclusion", "answered_at"]),
        )
        reviews.opinion_answered(liaison, current)
        integrity_inbox.remember_signatories(liaison, first, second)
    return current


def record_concern(
    actor,
    cadre: Cadre,
    *,
    source: str,
    summary: str,
    handling: str,
    received_on: dt.date,
    handled_on: dt.date | None = None,
) -> Concern:
    """问题线索: recorded with its handling; 组织处理 or 党纪政务处分 vetoes the person
    (ends their pool stay and bars re-entry) in the same transaction; any other
    handling puts a pool member on the 研判 list (``reviews.concern_recorded``)."""
    errors = {}
    if not (source or "").strip():
        errors["source"] = "请填写来源"
    if not (summary or "").strip():
        errors["summary"] = "请填写问题摘要"
    if received_on is None:
        errors["received_on"] = "请填写受理日期"
    if handled_on and received_on and handled_on < received_on:
        errors["handled_on"] = "处理日期不能早于受理日期"
    concern = Concern(
        cadre=cadre,
        source=(source or "").strip(),
        summary=(summary or "").strip(),
        handling=handling,
        received_on=received_on,
        handled_on=handled_on,
        recorded_by=actor,
    )
    if handling not in dict(Concern._meta.get_field("handling").choices):
        errors["handling"] = "请选择处理方式"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        concern.save()
        audit.record(
            actor,
            AuditAction.CREATE,
            concern,
            detail=f"记录问题线索：{cadre.name}，处理方式{concern.get_handling_display()}",
        )
        reviews.concern_recorded(actor, concern)
    return concern


def record_assessment(
    actor, cadre: Cadre, *, year: int, kind: str, grade: str, quarter: int | None = None
) -> tuple[Assessment, str]:
    """年度考核 or 平时考核. Returns the assessment and a note for the user: an annual
    不称职 or a second 一般/较差 in the year puts a pool member on the 研判 list
    (``reviews.assessment_recorded``, which the import calls too)."""
    if kind == AssessmentKind.ANNUAL:
        quarter = None
        if grade not in ANNUAL_GRADES:
            raise ValidationError({"grade": "年度考核等次应为优秀、称职、基本称职或不称职"})
    elif kind == AssessmentKind.QUARTERLY:
        if quarter not in (1, 2, 3, 4):
            raise ValidationError({"quarter": "平时考核请选择季度"})
        if grade not in QUARTERLY_GRADES:
            raise ValidationError({"grade": "平时考核等次应为好、较好、一般或较差"})
    else:
        raise ValidationError({"kind": "请选择考核类型"})
    with transaction.atomic():
        try:
            with transaction.atomic():
                assessment = Assessment.objects.create(
                    cadre=cadre,
                    year=year,
                    kind=kind,
                    quarter=quarter,
                    grade=grade,
                    recorded_by=actor,
                )
        except IntegrityError:
            raise ValidationError(f"{cadre.name}该期考核结果已录入") from None
        note = reviews.assessment_recorded(actor, assessment)
        audit.record(
            actor,
            AuditAction.CREATE,
            assessment,
            detail=f"录入考核：{cadre.name} {assessment}" + (f"；{note}" if note else ""),
        )
    return assessment, note


# ---------------------------------------------------------------------------
# Monthly reminders: overdue talks, per unit and talker role.
# ---------------------------------------------------------------------------

OVERDUE_NOTICE_KIND = "talk_overdue"


def notify_overdue_talks(today: dt.date) -> int:
    """每月提醒: for each unit with overdue pool members, one 站内提醒 per talker role to
    the staff responsible for that unit, listing who is overdue and since when.

    The key names the unit, the role and the month, so a rerun in the same month
    writes nothing new. Returns the number of notices written."""
    from pool.models import Notice
    from supervision import selectors

    groups: dict[tuple[int, str], list] = {}
    units = {}
    for row in selectors.overdue_in(None, today):
        units[row.cadre.unit_id] = row.cadre.unit
        groups.setdefault((row.cadre.unit_id, row.talker_role), []).append(row)
    before = Notice.objects.filter(kind=OVERDUE_NOTICE_KIND).count()
    recipients_of: dict[int, list] = {}
    for (unit_id, role), rows in groups.items():
        unit = units[unit_id]
        if unit_id not in recipients_of:
            recipients_of[unit_id] = list(notices.staff_responsible_for(unit))
        recipients = recipients_of[unit_id]
        if not recipients:
            continue
        lines = [
            f"{r.cadre.name}（{r.cadre.current_position or unit.name}）：{r.since_text}"
            + (f"；应谈：{r.talker_names}" if r.talkers else "")
            for r in rows
        ]
        notices.notify(
            recipients,
            kind=OVERDUE_NOTICE_KIND,
            title=f"{unit.name}：{len(rows)}名年轻干部{rows[0].rule.overdue_phrase}（{today:%Y年%m月}）",
            body=f"谈话频次：{rows[0].frequency}。\n" + "\n".join(lines),
            url=f"{reverse('supervision:overdue')}?unit={unit_id}&role={role}",
            key=f"talk-overdue:{unit_id}:{role}:{today:%Y-%m}",
        )
    return Notice.objects.filter(kind=OVERDUE_NOTICE_KIND).count() - before


# ---------------------------------------------------------------------------
# 联系点与分管: which 县级领导 / 分管领导 answers for which units' young cadres.
# ---------------------------------------------------------------------------


def link_talker(
    actor,
    *,
    talker_role: str,
    talker_name: str,
    unit,
    sector: str = "",
    talker_title: str = "",
    started_on: dt.date,
) -> TalkerLink:
    """Link a 县级领导 to a unit (联系点) or a 分管领导 to a unit or field (分管)."""
    errors = {}
    if talker_role not in [r.value for r in LINKED_ROLES]:
        errors["talker_role"] = "谈话人身份应为县级领导或分管领导"
    if not (talker_name or "").strip():
        errors["talker_name"] = "请填写谈话人"
    if unit is None:
        errors["unit"] = "请选择联系（分管）单位"
    if started_on is None:
        errors["started_on"] = "请填写起始日期"
    if errors:
        raise ValidationError(errors)
    link = TalkerLink(
        talker_role=talker_role,
        talker_name=talker_name.strip(),
        talker_title=(talker_title or "").strip(),
        unit=unit,
        sector=(sector or "").strip(),
        started_on=started_on,
        recorded_by=actor,
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                link.save()
        except IntegrityError:
            raise ValidationError(
                f"{link.talker_name}已联系（分管）{unit.name}，无需重复登记"
            ) from None
        audit.record(actor, AuditAction.CREATE, link, detail=f"登记联系点与分管：{link}")
    return link


def end_talker_link(actor, link: TalkerLink, ended_on: dt.date) -> TalkerLink:
    """End a link (the row stays, with its end date): the talker no longer answers for
    those units from the next day."""
    if link.ended_on is not None:
        raise ValidationError("该联系点（分管）已终止")
    if ended_on < link.started_on:
        raise ValidationError({"ended_on": "终止日期不能早于起始日期"})
    with transaction.atomic():
        before = audit.model_values(link, ["ended_on"])
        link.ended_on = ended_on
        link.save(update_fields=["ended_on"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            link,
            detail=f"终止联系点与分管：{link}",
            before=before,
            after=audit.model_values(link, ["ended_on"]),
        )
    return link


# ---------------------------------------------------------------------------
# 政治素质档案 (staff only).
# ---------------------------------------------------------------------------


def record_political_entry(
    actor,
    cadre: Cadre,
    *,
    source: str,
    date: dt.date,
    finding: str,
    evaluator: str,
    adverse: bool = False,
) -> PoliticalFileEntry:
    """Add one finding to a person's 政治素质档案; an adverse one puts a pool member on
    the 研判 list."""
    errors = {}
    if source not in PoliticalSource.values:
        errors["source"] = "请选择来源"
    if date is None:
        errors["date"] = "请填写日期"
    elif date > timezone.localdate():
        errors["date"] = "日期不能晚于今天"
    if not (finding or "").strip():
        errors["finding"] = "请填写政治素质情况"
    if not (evaluator or "").strip():
        errors["evaluator"] = "请填写评价人（单位）"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = PoliticalFileEntry.objects.create(
            cadre=cadre,
            source=source,
            date=date,
            finding=finding.strip(),
            evaluator=evaluator.strip(),
            adverse=bool(adverse),
            recorded_by=actor,
        )
        audit.record(
            actor,
            AuditAction.CREATE,
            entry,
            detail=f"记录政治素质档案：{cadre.name}（{entry.get_source_display()}）",
        )
        reviews.political_entry_recorded(actor, entry)
    return entry


# ---------------------------------------------------------------------------
# 重点工作表现登记: by the responsible unit (its own people) or by staff.
# ---------------------------------------------------------------------------


def record_key_task(
    actor,
    cadre: Cadre,
    *,
    category: str,
    task_name: str,
    started_on: dt.date,
    ended_on: dt.date | None,
    performance: str,
    rating: str,
) -> KeyTaskPerformance:
    """Register how ``cadre`` performed in one key task. The caller has taken ``cadre``
    from the actor's scope (a unit committee: its own unit's people)."""
    errors = {}
    if category not in KeyTaskCategory.values:
        errors["category"] = "请选择重点工作类别"
    if not (task_name or "").strip():
        errors["task_name"] = "请填写任务名称"
    if started_on is None:
        errors["started_on"] = "请填写起始日期"
    elif started_on > timezone.localdate():
        errors["started_on"] = "起始日期不能晚于今天"
    if started_on and ended_on and ended_on < started_on:
        errors["ended_on"] = "结束日期不能早于起始日期"
    if not (performance or "").strip():
        errors["performance"] = "请填写表现情况"
    if rating not in PerformanceRating.values:
        errors["rating"] = "请选择评价等次"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = KeyTaskPerformance.objects.create(
            cadre=cadre,
            category=category,
            task_name=task_name.strip(),
            started_on=started_on,
            ended_on=ended_on,
            performance=performance.strip(),
            rating=rating,
            unit=cadre.unit,
            recorded_by=actor,
        )
        audit.record(
            actor,
            AuditAction.CREATE,
            record,
            detail=f"登记重点工作表现：{cadre.name}，{record.task_name}，{rating}",
        )
    return record


# ---------------------------------------------------------------------------
# 个人有关事项: filings and their checks (staff only).
# ---------------------------------------------------------------------------

REPORT_CHECK_FIELDS = ["check_kind", "checked_on", "finding", "handling", "affects_until"]


def file_personal_report(
    actor,
    cadre: Cadre,
    *,
    year: int,
    filing: str,
    due_on: dt.date,
    returned_on: dt.date | None = None,
) -> PersonalMattersReport:
    """Record a filing (年度集中 or 个别) with its due date and, once in, its return."""
    errors = {}
    if filing not in FilingKind.values:
        errors["filing"] = "请选择报告类型"
    if due_on is None:
        errors["due_on"] = "请填写应报日期"
    if returned_on and returned_on > timezone.localdate():
        errors["returned_on"] = "报送日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                report = PersonalMattersReport.objects.create(
                    cadre=cadre,
                    year=year,
                    filing=filing,
                    due_on=due_on,
                    returned_on=returned_on,
                    recorded_by=actor,
                )
        except IntegrityError:
            raise ValidationError(f"{cadre.name}{year}年度集中报告已登记") from None
        audit.record(
            actor, AuditAction.CREATE, report, detail=f"登记个人有关事项报告：{cadre.name} {report}"
        )
    return report


def record_report_check(
    actor,
    report: PersonalMattersReport,
    *,
    check_kind: str,
    checked_on: dt.date,
    finding: str,
    basis: str = "",
    handling: str = "",
    affects_until: dt.date | None = None,
) -> PersonalMattersReport:
    """抽查核实: the finding of a check. 漏报/瞒报 need a basis and a handling; 瞒报 is
    also recorded as a concern (问题线索), which vetoes under 组织处理/党纪政务处分."""
    errors = {}
    if check_kind not in CheckKind.values:
        errors["check_kind"] = "请选择抽查方式"
    if checked_on is None:
        errors["checked_on"] = "请填写核查日期"
    elif checked_on > timezone.localdate():
        errors["checked_on"] = "核查日期不能晚于今天"
    if finding not in CheckFinding.values:
        errors["finding"] = "请选择核查结果"
    mismatch = finding in (CheckFinding.OMITTED, CheckFinding.CONCEALED)
    if mismatch and not (basis or "").strip():
        errors["basis"] = "漏报、瞒报须填写认定依据"
    if mismatch and handling not in Handling.values:
        errors["handling"] = "漏报、瞒报须选择处理方式"
    if affects_until and checked_on and affects_until < checked_on:
        errors["affects_until"] = "影响期不能早于核查日期"
    if report.returned_on is None:
        errors["finding"] = "该报告尚未报送，不能抽查核实"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = audit.model_values(report, REPORT_CHECK_FIELDS)
        report.check_kind = check_kind
        report.checked_on = checked_on
        report.finding = finding
        report.basis = (basis or "").strip()
        report.handling = handling if mismatch else ""
        report.affects_until = affects_until if mismatch else None
        if finding == CheckFinding.CONCEALED and report.concern_id is None:
            report.concern = record_concern(
                actor,
                report.cadre,
                source="个人有关事项抽查核实",
                summary=f"{report.year}年个人有关事项报告瞒报：{report.basis}",
                handling=handling,
                received_on=checked_on,
                handled_on=checked_on,
            )
        report.save()
        audit.record(
            actor,
            AuditAction.UPDATE,
            report,
            detail=f"个人有关事项抽查核实：{report.cadre.name} {report.result_display}",
            before=before,
            after=audit.model_values(report, REPORT_CHECK_FIELDS),
        )
    return report


# ---------------------------------------------------------------------------
# 干部档案专项审核 (三龄二历一身份).
# ---------------------------------------------------------------------------


def roster_value(cadre: Cadre, item: str) -> str:
    """What the roster says now for ``item``, written as cadre files write it."""
    from pool.people.rules import format_month

    if item in MONTH_ITEMS:
        return format_month(getattr(cadre, MONTH_ITEMS[item]))
    if item == FileItem.EDUCATION:
        full = f"{cadre.fulltime_education}{cadre.fulltime_degree}".strip()
        part = f"{cadre.inservice_education}{cadre.inservice_degree}".strip()
        return "；".join(
            x for x in (f"全日制{full}" if full else "", f"在职{part}" if part else "") if x
        )
    if item == FileItem.IDENTITY:
        return cadre.category
    return ""


def record_file_audit(
    actor,
    cadre: Cadre,
    *,
    item: str,
    file_value: str,
    source_document: str,
    document_date: dt.date | None,
    decided_value: str,
    category: str,
    note: str = "",
) -> FileAuditRecord:
    """One 认定 of one item. A determined month (出生/参加工作/入党时间) is written to the
    roster, so ages and years follow it everywhere; the record keeps the old value."""
    from pool.people.rules import MonthError, format_month, parse_month

    errors = {}
    if item not in FileItem.values:
        errors["item"] = "请选择审核项目"
    if not (file_value or "").strip():
        errors["file_value"] = "请填写档案记载"
    if not (source_document or "").strip():
        errors["source_document"] = "请填写认定依据材料"
    if category not in AuditCategory.values:
        errors["category"] = "请选择认定类别"
    decided = (decided_value or "").strip()
    if category == AuditCategory.CONSISTENT and not decided:
        decided = (file_value or "").strip()
    if category == AuditCategory.DETERMINED and not decided:
        errors["decided_value"] = "已认定的须填写认定结果"
    month = None
    if item in MONTH_ITEMS and decided and category != AuditCategory.PENDING:
        try:
            month = parse_month(decided)
        except MonthError:
            errors["decided_value"] = f"认定结果“{decided}”不是有效的年月（例如 1988.03）"
        else:
            decided = format_month(month)
    if errors:
        raise ValidationError(errors)
    field = MONTH_ITEMS.get(item)
    with transaction.atomic():
        record = FileAuditRecord.objects.create(
            cadre=cadre,
            item=item,
            roster_value=roster_value(cadre, item),
            file_value=file_value.strip(),
            source_document=source_document.strip(),
            document_date=document_date,
            decided_value=decided,
            category=category,
            note=(note or "").strip(),
            recorded_by=actor,
        )
        audit.record(
            actor,
            AuditAction.CREATE,
            record,
            detail=f"档案专项审核：{cadre.name} {record.get_item_display()} "
            f"{record.get_category_display()}（名册{record.roster_value or '空'}，"
            f"档案{record.file_value}，认定{decided or '待查'}）",
        )
        corrects = field and month and category == AuditCategory.DETERMINED
        if corrects and getattr(cadre, field) != month:
            before = audit.model_values(cadre, [field])
            setattr(cadre, field, month)
            cadre.save(update_fields=[field, "updated_at"])
            audit.record(
                actor,
                AuditAction.UPDATE,
                cadre,
                detail=f"按档案专项审核认定更正{record.get_item_display()}",
                before=before,
                after=audit.model_values(cadre, [field]),
            )
    return record


PERSONAL_NOTICE_KIND = "personal_report_overdue"


def notify_overdue_personal_reports(today: dt.date) -> int:
    """每月提醒: for each unit, one notice to the responsible staff listing the people
    whose 个人有关事项 filing is past due and not returned (key per unit and month, so a
    rerun writes nothing new). Returns the number of notices written."""
    from pool.models import Notice

    late = (
        PersonalMattersReport.objects.filter(returned_on__isnull=True, due_on__lt=today)
        .select_related("cadre__unit")
        .order_by("cadre__unit_id", "due_on", "cadre_id")
    )
    by_unit: dict[int, list[PersonalMattersReport]] = {}
    for report in late:
        by_unit.setdefault(report.cadre.unit_id, []).append(report)
    before = Notice.objects.filter(kind=PERSONAL_NOTICE_KIND).count()
    for unit_id, reports in by_unit.items():
        unit = reports[0].cadre.unit
        recipients = list(notices.staff_responsible_for(unit))
        if not recipients:
            continue
        lines = [
            f"{r.cadre.name}：{r.year}年{r.get_filing_display()}，应于{r.due_on:%Y-%m-%d}前报送"
            for r in reports
        ]
        notices.notify(
            recipients,
            kind=PERSONAL_NOTICE_KIND,
            title=f"{unit.name}：{len(reports)}人个人有关事项逾期未报（{today:%Y年%m月}）",
            body="\n".join(lines),
            url=f"{reverse('supervision:personal_matters')}?year={reports[0].year}",
            key=f"personal-overdue:{unit_id}:{today:%Y-%m}",
        )
    return Notice.objects.filter(kind=PERSONAL_NOTICE_KIND).count() - before


# ---------------------------------------------------------------------------
# 谈话频次: editing a rule (规则设置).
# ---------------------------------------------------------------------------


def may_edit_global_rules(actor) -> bool:
    """The rules hold for every unit: only 组织部 staff whose jurisdiction is the whole
    tree (a root unit) change them; a county's staff would change the city's rules."""
    grant = grant_of(actor)
    return (
        grant is not None
        and grant.role == Role.STAFF
        and grant.unit_id is not None
        and grant.unit.parent_id is None
    )


def update_talk_rule(actor, rule, *, period: str, times: int, within_days: int | None):
    """Change how often a talk is due; audited with before/after, stamped with who and
    when. The 任职廉政谈话 rule keeps its period and changes its days only."""
    from supervision.models import CALENDAR_PERIODS, TalkPeriod

    if not may_edit_global_rules(actor):
        raise ValidationError(
            "谈话频次适用于全部单位，只有管辖全市（全部单位）的组织部干部科账号可以修改"
        )
    errors = {}
    if rule.is_periodic:
        if period not in CALENDAR_PERIODS:
            errors["period"] = "请选择周期：每月、每季度、每半年或每年"
        if not isinstance(times, int) or not 1 <= times <= 12:
            errors["times"] = "每周期谈话次数应为1至12次"
        within_days = None
    else:
        period, times = TalkPeriod.AFTER_APPOINTMENT, 1
        if not isinstance(within_days, int) or not 1 <= within_days <= 365:
            errors["within_days"] = "任职后天数应为1至365天"
    if errors:
        raise ValidationError(errors)
    fields = ["period", "times", "within_days"]
    before = audit.model_values(rule, fields)
    with transaction.atomic():
        rule.period, rule.times, rule.within_days = period, times, within_days
        rule.updated_at, rule.updated_by = timezone.now(), actor
        rule.save(update_fields=[*fields, "updated_at", "updated_by"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            rule,
            detail=f"修改谈话频次：{rule.subject}改为{rule.frequency_text}",
            before=before,
            after=audit.model_values(rule, fields),
        )
    return rule
