"""凡提四必: the four facts that must hold before anyone is promoted (提拔), each read
from the record that holds it:

- 档案必审: the 三龄两历一身份 special audit (``FileAuditRecord``) has a current
  determination for every item and none is 存疑待查;
- 个人有关事项必核: a 个人有关事项报告 checked (抽查核实) within the last 12 months,
  and no 影响期 after a 漏报/瞒报 finding still running;
- 纪检监察机关意见必听: a 廉政意见 answered 无问题 within its validity
  (``lacks_clean_opinion``: not 有问题线索, not 正在核查, not expired);
- 线索具体的信访举报必查: no 问题线索 still open (received, not yet handled).

Used by the appointment service (a promotion is refused naming what is missing), the
动议 page's checklist and ``import appointments``, so all three agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from supervision import rules
from supervision.models import (
    AuditCategory,
    Concern,
    FileAuditRecord,
    FileItem,
    PersonalMattersReport,
)
from supervision.selectors import MISMATCH, in_matters_effect_period, lacks_clean_opinion

MATTERS_CHECK_MONTHS = 12


@dataclass(frozen=True)
class Must:
    code: str
    label: str
    ok: bool
    detail: str
    url: str


def matters_checked_since(on: dt.date) -> dt.date:
    """The earliest 核查日期 that still counts at ``on``: the same day 12 months before
    (a check on 2025-12-07 counts on 2026-12-07, not on 2026-12-08)."""
    return rules.add_months(on, -MATTERS_CHECK_MONTHS)


def _file_audit(cadre, on: dt.date) -> tuple[bool, str]:
    needed = [item for item in FileItem if item != FileItem.PARTY_JOIN]
    if cadre.party_join_month is not None:
        needed.append(FileItem.PARTY_JOIN)
    latest: dict[str, str] = {}
    rows = (
        FileAuditRecord.objects.filter(cadre_id=cadre.pk, created_at__date__lte=on)
        .order_by("item", "-created_at", "-id")
        .values_list("item", "category")
    )
    for item, category in rows:
        latest.setdefault(item, category)
    missing = [FileItem(i).label for i in needed if i not in latest]
    pending = [FileItem(i).label for i in needed if latest.get(i) == AuditCategory.PENDING]
    if missing:
        return False, "未审核：" + "、".join(missing)
    if pending:
        return False, "存疑待查：" + "、".join(pending)
    return True, "三龄两历一身份已审核认定"


def _matters(cadre, on: dt.date) -> tuple[bool, str]:
    since = matters_checked_since(on)
    last = (
        PersonalMattersReport.objects.filter(cadre_id=cadre.pk, checked_on__lte=on)
        .order_by("-checked_on", "-id")
        .values_list("checked_on", "finding", "affects_until")
        .first()
    )
    if cadre.pk in in_matters_effect_period([cadre.pk], on):
        return False, "个人有关事项核查为漏报或瞒报，仍在影响期内"
    if last is None:
        return False, "没有个人有关事项核查记录"
    checked_on, finding, _ = last
    if checked_on < since:
        return False, f"最近一次核查在{checked_on:%Y-%m-%d}，已超过12个月"
    result = "一致" if finding not in MISMATCH else "不一致，影响期已过"
    return True, f"{checked_on:%Y-%m-%d}核查，{result}"


def _opinion(cadre, on: dt.date) -> tuple[bool, str]:
    if cadre.pk in lacks_clean_opinion([cadre.pk], on):
        return False, "没有在有效期内、结论为“无问题”的廉政意见"
    return True, "有效期内的廉政意见结论为无问题"


def _concerns(cadre, on: dt.date) -> tuple[bool, str]:
    open_ = Concern.objects.filter(
        cadre_id=cadre.pk, received_on__lte=on, handled_on__isnull=True
    ).count()
    if open_:
        return False, f"有{open_}件问题线索尚未办结"
    return True, "没有未办结的问题线索"


def four_musts(cadre, on: dt.date) -> list[Must]:
    """The four items at ``on`` for ``cadre`` (already in the caller's scope)."""
    checks = [
        ("file_audit", "档案必审", _file_audit, "supervision:file_audit"),
        ("personal_matters", "个人有关事项必核", _matters, "supervision:personal_matters"),
        ("integrity", "纪检监察机关意见必听", _opinion, "supervision:integrity_list"),
        ("concerns", "线索具体的信访举报必查", _concerns, "supervision:concerns"),
    ]
    out = []
    for code, label, check, url in checks:
        ok, detail = check(cadre, on)
        out.append(Must(code, label, ok, detail, f"{reverse(url)}?cadre={cadre.pk}"))
    return out


def missing_musts(cadre, on: dt.date) -> list[Must]:
    return [m for m in four_musts(cadre, on) if not m.ok]
