"""Writes of self-service: a person asks for a correction, the 干部科 approves it
(through ``pool.people.edits``, the service staff edit people with) or refuses it, and
the 干部科 opens 干部本人 accounts for a unit. Each writes its audit rows and notices
in its transaction."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pool import accounts, audit
from pool.models import (
    AuditAction,
    Cadre,
    CareerEntry,
    CorrectionRequest,
    CorrectionStatus,
    Role,
    RoleGrant,
)
from pool.notify import notices
from pool.people import edits as cadre_edits
from pool.selfservice import rules

FIELDS = rules.catalogue(Cadre)
ACCOUNT_BATCH_MAX = 100


def _who(user) -> str:
    return f"{user.get_username()} {user.first_name}".strip()


def _career_values(entry: CareerEntry) -> dict:
    return audit.model_values(entry, list(cadre_edits.CAREER_FIELDS))


def _check_scan(scan) -> None:
    if scan is None:
        raise ValidationError({"scan": "请上传证明材料（PDF、JPG或PNG扫描件）"})
    position = scan.tell() if hasattr(scan, "tell") else 0
    scan.seek(0)
    head = scan.read(8)
    scan.seek(position)
    problem = rules.scan_problem(scan.name or "", scan.size or 0, head)
    if problem:
        raise ValidationError({"scan": problem})


@transaction.atomic
def ask_correction(
    user,
    cadre: Cadre,
    *,
    reason: str,
    scan,
    field: str = "",
    value=None,
    career_entry: CareerEntry | None = None,
    career: dict | None = None,
) -> CorrectionRequest:
    """The person asks to set ``field`` to ``value`` (already parsed), or ``career_entry``
    to ``career`` (start_month, end_month, description)."""
    if not reason.strip():
        raise ValidationError({"reason": "请填写更正理由"})
    _check_scan(scan)
    if career_entry is not None:
        if career_entry.cadre_id != cadre.pk:
            raise ValidationError({"career_entry": "只能更正本人的简历"})
        problem = cadre_edits.career_problem(
            career.get("start_month"), career.get("end_month"), career.get("description", "")
        )
        if problem:
            raise ValidationError({"career_entry": problem})
        before, after = _career_values(career_entry), career
        if before == after:
            raise ValidationError({"career_entry": "更正后的简历与现有内容相同"})
    else:
        if field not in FIELDS:
            raise ValidationError({"field": "请选择要更正的项目"})
        before, after = {"value": getattr(cadre, field)}, {"value": value}
        if before == after:
            raise ValidationError({"value": f"更正后的{FIELDS[field].label}与现有内容相同"})
    request = CorrectionRequest(
        cadre=cadre,
        requested_by=user,
        field="" if career_entry is not None else field,
        career_entry=career_entry,
        is_career=career_entry is not None,
        before=before,
        after=after,
        reason=reason.strip(),
        scan_name=(scan.name or "")[-200:],
    )
    request.scan.save(scan.name, scan, save=False)
    request.save()
    audit.record(user, AuditAction.CREATE, request, detail=f"干部本人申请更正：{subject(request)}")
    notices.notify(
        notices.staff_responsible_for(cadre.unit),
        kind="correction",
        title=f"{cadre.name}申请更正{subject(request)}",
        body=request.reason,
        url=reverse("selfservice:queue"),
    )
    return request


def subject(request: CorrectionRequest) -> str:
    """What the request is about: 出生年月, or 简历."""
    if request.is_career:
        return "简历"
    spec = FIELDS.get(request.field)
    return spec.label if spec else request.field


def _lock_pending(request: CorrectionRequest) -> CorrectionRequest:
    locked = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != CorrectionStatus.PENDING:
        raise ValidationError({"status": f"该申请已{locked.get_status_display()}，不能重复审核"})
    return locked


def _month(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _decide(actor, locked: CorrectionRequest, status: str, refusal: str = "") -> None:
    locked.status = status
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.refusal_reason = refusal
    locked.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])
    audit.record(
        actor,
        AuditAction.UPDATE,
        locked,
        detail=f"审核信息更正申请（申请人 {_who(locked.requested_by)}）",
        before={"status": CorrectionStatus.PENDING},
        after={"status": status, "refusal_reason": refusal},
    )


@transaction.atomic
def approve(actor, request: CorrectionRequest) -> CorrectionRequest:
    """Apply the asked-for value through ``pool.people.edits`` (audited as the 干部科's
    change on the person's request: the row names both) and tell the person."""
    locked = _lock_pending(request)
    detail = (
        f"应本人申请更正 申请#{locked.pk}"
        f"（申请人 {_who(locked.requested_by)}，审核人 {_who(actor)}）"
    )
    if locked.is_career:
        if locked.career_entry_id is None:
            raise ValidationError({"career_entry": "该简历行已被删除，不能按申请更正"})
        after = locked.after
        cadre_edits.edit_career_line(
            actor,
            locked.career_entry,
            start_month=_month(after.get("start_month")),
            end_month=_month(after.get("end_month")),
            description=after.get("description", ""),
            detail=detail,
        )
    else:
        value = locked.after.get("value")
        if FIELDS[locked.field].kind == "month":
            value = _month(value)
        cadre_edits.edit_cadre(actor, locked.cadre, {locked.field: value}, detail=detail)
    _decide(actor, locked, CorrectionStatus.APPROVED)
    notices.notify(
        [locked.requested_by],
        kind="correction",
        title=f"您申请更正的{subject(locked)}已更正",
        body=f"审核人：{actor.first_name or actor.get_username()}",
        url=reverse("selfservice:my_requests"),
    )
    return locked


@transaction.atomic
def refuse(actor, request: CorrectionRequest, reason: str) -> CorrectionRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写不同意的理由"})
    locked = _lock_pending(request)
    _decide(actor, locked, CorrectionStatus.REFUSED, reason)
    notices.notify(
        [locked.requested_by],
        kind="correction",
        title=f"您申请更正的{subject(locked)}未获同意",
        body=f"理由：{reason}",
        url=reverse("selfservice:my_requests"),
    )
    return locked


def _free_username(cadre: Cadre, taken: set[str]) -> str:
    base = f"gb{cadre.pk}"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name


@transaction.atomic
def open_accounts(actor, cadres: list[Cadre]) -> list[tuple[Cadre, str, str]]:
    """A 干部本人 account for each person (who has none): a one-time password they must
    change at first login. Returns (person, username, password) for the sheet, once."""
    if len(cadres) > ACCOUNT_BATCH_MAX:
        raise ValidationError(
            {"unit": f"一次最多开通{ACCOUNT_BATCH_MAX}个账号（当前{len(cadres)}人），请分批开通"}
        )
    locked = list(
        Cadre.objects.select_for_update(of=("self",))
        .filter(pk__in=[c.pk for c in cadres], account_grant__isnull=True, is_active=True)
        .select_related("unit")
        .order_by("unit__position", "unit_id", "id")
    )
    usernames = get_user_model().objects.filter(username__regex=r"^gb[0-9]+(-[0-9]+)?$")
    taken = set(usernames.values_list("username", flat=True))
    issued = []
    for cadre in locked:
        username = _free_username(cadre, taken)
        user, password = accounts.create_account(actor, username, cadre.name, bulk=True)
        RoleGrant.objects.create(user=user, role=Role.CADRE, cadre=cadre)
        audit.record(
            actor,
            AuditAction.PERMISSION_CHANGE,
            user,
            detail="开通干部本人账号",
            after={"role": Role.CADRE, "cadre": cadre.pk},
        )
        issued.append((cadre, username, password))
    return issued
