"""Requests between offices: a unit party committee asks, by ID number, for a person
registered in another unit to be put on its list (列入本单位推荐清单) or moved to it
(调入本单位). The unit gets the same answer whether or not the number is registered,
so it cannot probe the roster; the 干部科 whose jurisdiction holds both units decides,
and the requester gets a notice either way."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from pool import audit
from pool.models import (
    AuditAction,
    Cadre,
    Recommendation,
    RecommendationRound,
    RecommendMethod,
    Role,
    TransferKind,
    TransferRequest,
    TransferStatus,
    Unit,
)
from pool.notify import notices
from pool.people import crypto, rules, selectors
from pool.selection import services

FILED = "已提交{name}的申请：组织部门核实后办理，结果会通过站内提醒告知"
REQUEST_FIELDS = ["kind", "unit_id", "name", "reason", "status", "note"]


def own_requests(user) -> QuerySet[TransferRequest]:
    """A unit committee's own unit's requests."""
    return TransferRequest.objects.filter(unit__in=selectors.units_for(user)).select_related(
        "resolved_by"
    )


def queue_for(user) -> QuerySet[TransferRequest]:
    """Requests staff may decide: the requesting unit is in their jurisdiction and so is
    the person (or the number is registered nowhere, which they may refuse)."""
    if not _is_staff(user):
        return TransferRequest.objects.none()
    unit_ids = selectors.unit_ids_for(user)
    return TransferRequest.objects.filter(
        Q(cadre__isnull=True) | Q(cadre__unit_id__in=unit_ids), unit_id__in=unit_ids
    ).select_related("unit", "cadre__unit", "requested_by", "rec_list__round")


def _is_staff(user) -> bool:
    grant = selectors.grant_of(user)
    return grant is not None and grant.role == Role.STAFF


@transaction.atomic
def submit(
    user, kind: str, id_number: str, name: str, reason: str, round_: RecommendationRound | None
) -> TransferRequest:
    """File a request of the user's unit. Checks only what the unit may know: the number
    itself, the name, a reason, a person not already on its own roster."""
    grant = selectors.grant_of(user)
    if grant is None or grant.role != Role.UNIT_COMMITTEE or grant.unit_id is None:
        raise ValidationError("只有单位党组织可以提出申请")
    errors: dict[str, str] = {}
    if kind not in TransferKind.values:
        errors["kind"] = "请选择申请事项"
    try:
        clear = rules.normalize_id_number(id_number)
    except rules.IdNumberError as error:
        errors["id_number"] = str(error)
        clear = ""
    name, reason = (name or "").strip(), (reason or "").strip()
    if not name:
        errors["name"] = "请填写姓名"
    elif len(name) > 50:
        errors["name"] = "姓名不能超过50个字"
    if not reason:
        errors["reason"] = "请填写申请理由"
    for field, value in (("name", name), ("reason", reason)):
        if "\x00" in value:
            errors[field] = "含有无法识别的字符，请重新输入"
    id_hash = crypto.lookup_hash(clear) if clear else ""
    if clear and selectors.cadres_for(user).filter(id_hash=id_hash).exists():
        errors["id_number"] = "该同志已在本单位干部名册中，无需申请"
    rec_list = None
    if kind == TransferKind.LIST and not errors:
        if round_ is None or not round_.is_open:
            errors["kind"] = "当前没有开放的推荐批次，不能申请列入推荐清单"
        else:
            rec_list = services._lock_list(services.open_own_list(user, round_))
            try:
                services._require_editable(rec_list)
            except ValidationError as error:
                errors["kind"] = "；".join(error.messages)
    if errors:
        raise ValidationError(errors)
    pending = TransferRequest.objects.filter(
        unit_id=grant.unit_id, id_hash=id_hash, kind=kind, status=TransferStatus.PENDING
    )
    if pending.exists():
        raise ValidationError({"id_number": "该申请已提交，正在等待组织部门审批"})
    request = TransferRequest(
        kind=kind,
        unit_id=grant.unit_id,
        requested_by=user,
        name=name,
        reason=reason,
        rec_list=rec_list,
        cadre=Cadre.objects.filter(id_hash=id_hash).first(),
    )
    request.id_number = clear
    request.save()
    audit.record(
        user,
        AuditAction.CREATE,
        request,
        detail=f"申请{request.get_kind_display()}：{name}",
        after=audit.model_values(request, REQUEST_FIELDS),
    )
    deciders = notices.staff_responsible_for(request.unit)
    if request.cadre is not None:
        deciders = deciders.filter(pk__in=notices.staff_responsible_for(request.cadre.unit))
    notices.notify(
        deciders,
        kind="跨单位申请",
        title=f"{request.unit.name}申请{request.get_kind_display()}：{name}，请审批",
        url=reverse("pool:transfer_queue"),
        key=f"transfer-{request.pk}",
    )
    return request


def _lock_pending(user, request: TransferRequest) -> TransferRequest:
    request = (
        TransferRequest.objects.select_for_update(of=("self",))
        .select_related("unit", "cadre__unit", "rec_list")
        .get(pk=request.pk)
    )
    if request.status != TransferStatus.PENDING:
        raise ValidationError(f"{request.name}的申请已{request.get_status_display()}")
    if not queue_for(user).filter(pk=request.pk).exists():
        raise ValidationError("该申请涉及您管辖范围外的单位，请报上级组织部门审批")
    return request


@transaction.atomic
def approve(user, request: TransferRequest) -> TransferRequest:
    """同意: put the person on the unit's list, or move them to the unit (audited)."""
    request = _lock_pending(user, request)
    cadre = request.cadre
    if cadre is None:
        raise ValidationError("该身份证号未在干部名册中登记，请退回申请")
    if request.kind == TransferKind.TRANSFER:
        move_cadre(user, cadre, request.unit, f"同意{request.unit.name}调入申请")
    else:
        rec_list = request.rec_list
        if rec_list.recommendations.filter(cadre=cadre).exists():
            raise ValidationError(f"{cadre.name}已在{rec_list.owner_name}的推荐清单中")
        rec = Recommendation.objects.create(
            rec_list=rec_list, cadre=cadre, reason=request.reason, method=RecommendMethod.INDIVIDUAL
        )
        audit.record(
            user,
            AuditAction.CREATE,
            rec,
            detail=f"同意跨单位申请，列入{rec_list}",
            after=audit.model_values(rec, services.RECOMMENDATION_FIELDS),
        )
    _resolve(user, request, TransferStatus.APPROVED, "")
    return request


@transaction.atomic
def refuse(user, request: TransferRequest, note: str) -> TransferRequest:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "请填写不同意的理由"})
    request = _lock_pending(user, request)
    _resolve(user, request, TransferStatus.REFUSED, note[:200])
    return request


def move_cadre(user, cadre: Cadre, unit: Unit, detail: str) -> Cadre:
    """A person moves to another unit: both must be in ``user``'s jurisdiction."""
    mine = selectors.units_for(user)
    if not mine.filter(pk=unit.pk).exists() or not mine.filter(pk=cadre.unit_id).exists():
        raise ValidationError("调入、调出单位须都在您的管辖范围内")
    before = {"unit_id": cadre.unit_id}
    cadre.unit = unit
    cadre.save(update_fields=["unit"])
    audit.record(
        user, AuditAction.UPDATE, cadre, detail=detail, before=before, after={"unit_id": unit.pk}
    )
    return cadre


def _resolve(user, request: TransferRequest, status: str, note: str) -> None:
    request.status, request.note = status, note
    request.resolved_by, request.resolved_at = user, timezone.now()
    request.save(update_fields=["status", "note", "resolved_by", "resolved_at"])
    audit.record(
        user,
        AuditAction.UPDATE,
        request,
        detail=f"跨单位申请审批：{request.get_status_display()}",
        before={"status": TransferStatus.PENDING},
        after={"status": status, "note": note},
    )
    verdict = "已同意" if status == TransferStatus.APPROVED else f"未同意：{note}"
    notices.notify(
        get_user_model().objects.filter(pk=request.requested_by_id, is_active=True),
        kind="跨单位申请",
        title=f"{request.get_kind_display()}{request.name}的申请{verdict}",
        url=reverse("pool:transfer_requests"),
        key=f"transfer-done-{request.pk}",
    )
