"""规则设置: every editable rule of the four stages in one index, with its default,
its current value, the policy sentence it comes from and who changed it when (the
latest audit entry of its row). Reads only: each rule is edited on its own stage's
page, linked from here (the young-age tables and the A/B/C policy have no page yet and
are shown read-only)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from pool.models import AuditAction, AuditEntry, PoolAgeCeiling, VotingRules, YoungThreshold
from staffing.models import EligibilityRule, StaffingTarget, WarningPolicy
from supervision.models import IntegrityPolicy, TalkRule
from training.models import TrainingRules

RECALC_DETAIL = "重新计算班子配备预警"  # staffing.services.recalc_quarter's audit row


@dataclass
class RuleRow:
    name: str
    current: str
    default: str = "—"
    basis: str = ""
    edit_url: str = ""
    obj: object = None  # the row whose audit entries say who changed it
    changed: AuditEntry | None = None


@dataclass
class Section:
    title: str
    rows: list[RuleRow] = field(default_factory=list)
    note: str = ""


def _field_default(model, name: str):
    return model._meta.get_field(name).default


def _talks(may_edit: bool) -> Section:
    rows = [
        RuleRow(
            r.subject,
            r.frequency_text,
            r.default_text or "—",
            r.note,
            reverse("supervision:talk_rule_edit", args=[r.pk]) if may_edit else "",
            r,
        )
        for r in TalkRule.objects.all()
    ]
    note = "" if may_edit else "谈话频次适用于全部单位，由管辖全部单位的组织部账号修改。"
    return Section("谈话频次（管）", rows, note)


TRAINING_BASIS = {
    "young_share": "主体班次中年轻干部参训比例不低于1/5",
    "political_years": "年轻干部每3年至少参加1次1周以上的脱产政治训练",
    "political_min_days": "脱产政治训练“1周以上”按5个工作日计",
    "coverage_years": "5年内对年轻干部培训全覆盖",
    "yearly_hours": "干部每年参加教育培训累计不少于80学时",
    "hours_reminder_month": "学时不足的提醒从该月起发出（工作安排）",
}


def _training() -> Section:
    rules = TrainingRules.objects.filter(pk=1).first() or TrainingRules()
    url = reverse("training:rules")
    share_default = (
        f"{_field_default(TrainingRules, 'young_share_numerator')}/"
        f"{_field_default(TrainingRules, 'young_share_denominator')}"
    )
    rows = [
        RuleRow(
            "主体班年轻干部占比",
            f"{rules.young_share_numerator}/{rules.young_share_denominator}",
            share_default,
            TRAINING_BASIS["young_share"],
            url,
            rules,
        )
    ]
    for name in ("political_years", "political_min_days", "coverage_years", "yearly_hours",
                 "hours_reminder_month"):  # fmt: skip
        f = TrainingRules._meta.get_field(name)
        rows.append(
            RuleRow(
                str(f.verbose_name),
                str(getattr(rules, name)),
                str(f.default),
                TRAINING_BASIS[name],
                url,
                rules,
            )
        )
    return Section("培训规则（育）", rows)


TARGET_BASIS = "到2027年底，各层次年轻干部配备比例达到规定要求（各层次分别计算）"


def _staffing() -> Section:
    rows = [
        RuleRow(
            t.name,
            f"≥{t.numerator}/{t.denominator}，{t.deadline:%Y年%m月%d日}前"
            if t.denominator
            else f"{t.deadline:%Y年%m月%d日}前",
            "—",
            TARGET_BASIS,
            reverse("staffing:target_edit", args=[t.pk]),
            t,
        )
        for t in StaffingTarget.objects.order_by("position", "id")
    ]
    policy = WarningPolicy.objects.filter(pk=1).first() or WarningPolicy()
    rows.append(
        RuleRow(
            "A/B/C预警：班子中年轻干部比例",
            f"{policy.member_ratio_numerator}/{policy.member_ratio_denominator}",
            f"{_field_default(WarningPolicy, 'member_ratio_numerator')}/"
            f"{_field_default(WarningPolicy, 'member_ratio_denominator')}",
            "每季度末调度，按班子职数计算年轻干部任务量与差额数，分A、B、C三级预警",
            "",
            policy,
        )
    )
    for rule in EligibilityRule.objects.order_by("position", "id"):
        rows.append(
            RuleRow(
                f"人岗相适：{rule.get_code_display()}",
                f"{rule.get_applies_to_display()}"
                + (f"，{rule.years}年" if rule.years else "")
                + ("" if rule.active else "（停用）"),
                "—",
                rule.basis,
                reverse("staffing:eligibility_rule_edit", args=[rule.pk]),
                rule,
            )
        )
    return Section("配备目标、预警与人岗相适（用）", rows)


def _pool_and_integrity() -> Section:
    rows = [
        RuleRow(
            f"年轻干部年龄标准：{t}",
            f"{t.max_age}岁以下",
            "—",
            t.note or "年轻干部年龄按职位层次确定（“以下”含本数）",
            "",
            t,
        )
        for t in YoungThreshold.objects.all()
    ]
    rows += [
        RuleRow(
            f"入库年龄上限：{c.get_rank_display() or '其他职级'}",
            f"{c.max_age}岁以下",
            "—",
            c.note or "年轻干部按本人职级认定：处级和调研员职级40岁以下，科级及以下35岁以下",
            "",
            c,
        )
        for c in PoolAgeCeiling.objects.all()
    ]
    policy = IntegrityPolicy.objects.filter(pk=1).first() or IntegrityPolicy()
    rows.append(
        RuleRow(
            "廉政意见有效期（月）",
            str(policy.valid_months),
            str(_field_default(IntegrityPolicy, "valid_months")),
            "纪检监察机关廉政意见在有效期内使用，过期须重新征求",
            "",
            policy,
        )
    )
    return Section(
        "年龄标准与廉政意见（选、管）",
        rows,
        "年龄标准由班子配备的年龄表维护（按职位层次与人员职级两张表），此处只读。",
    )


def _votes() -> Section:
    current = VotingRules.objects.filter(pk=1).first() or VotingRules()
    url = reverse("votes:rules")

    def default(name: str) -> int:
        return _field_default(VotingRules, name)

    rows = [
        RuleRow(
            "民主推荐测评：会议有效的参会比例",
            f"≥{current.turnout_numerator}/{current.turnout_denominator}",
            f"≥{default('turnout_numerator')}/{default('turnout_denominator')}",
            "实到人数不少于应到人数的三分之二，推荐、测评方为有效",
            url,
            current,
        ),
        RuleRow(
            "民主测评：称职以上得票率",
            f">{current.pass_numerator}/{current.pass_denominator}",
            f">{default('pass_numerator')}/{default('pass_denominator')}",
            "称职以上（优秀、称职）得票超过有效票的半数",
            url,
            current,
        ),
    ]
    return Section("民主推荐与民主测评（选）", rows)


def rule_index(may_edit_talks: bool) -> list[Section]:
    """Every section with each row's latest audit entry (one query for all of them)."""
    sections = [_talks(may_edit_talks), _training(), _staffing(), _pool_and_integrity(), _votes()]
    rows = [r for s in sections for r in s.rows if r.obj is not None and r.obj.pk]
    keys = {(r.obj._meta.label, str(r.obj.pk)) for r in rows}
    latest = {}
    if keys:
        types = {t for t, _ in keys}
        entries = (
            AuditEntry.objects.filter(
                object_type__in=types,
                object_id__in={i for _, i in keys},
                action__in=[AuditAction.UPDATE, AuditAction.CREATE],
            )
            .select_related("actor")
            .order_by("object_type", "object_id", "-at", "-id")
            .distinct("object_type", "object_id")
        )
        latest = {(e.object_type, e.object_id): e for e in entries}
    for r in rows:
        r.changed = latest.get((r.obj._meta.label, str(r.obj.pk)))
    return sections


def last_rule_change(sections: list[Section]):
    times = [r.changed.at for s in sections for r in s.rows if r.changed is not None]
    return max(times, default=None)


def last_recalculation():
    """When the A/B/C warnings were last recalculated (their audit row), or None."""
    return (
        AuditEntry.objects.filter(action=AuditAction.BULK_WRITE, detail__startswith=RECALC_DETAIL)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
