"""New people a unit party committee or sector department puts forward by ID number.

The unit cannot look the number up: whether or not it is registered anywhere, the
request is filed and answered the same way (``SUBMITTED``), and staff whose
jurisdiction contains the person's unit check it against the roster, then add the
person to the unit's list or return the request with a note."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from pool import audit
from pool.models import (
    AuditAction,
    Cadre,
    NewPersonRequest,
    Recommendation,
    RecommendationRound,
    RecommendMethod,
    RequestStatus,
)
from pool.notify import notices
from pool.people import crypto, selectors
from pool.selection import services

SUBMITTED = "已提交{name}：组织部门核实身份证号后加入本清单，核实结果会通过站内提醒告知"
REQUEST_FIELDS = ["name", "gender", "birth_month", "category", "unit_id", "current_position"]


def requests_for(user) -> QuerySet[NewPersonRequest]:
    """Requests staff may resolve: the person's unit is in their jurisdiction."""
    return NewPersonRequest.objects.filter(unit__in=selectors.units_for(user)).select_related(
        "unit", "rec_list__round", "rec_list__unit", "requested_by"
    )


@transaction.atomic
def submit(
    user,
    round_: RecommendationRound,
    person: services.NewPerson,
    *,
    reason: str = "",
    achievements: str = "",
    method: str = RecommendMethod.INDIVIDUAL,
    votes_for: int | None = None,
    votes_total: int | None = None,
    attachment=None,
) -> NewPersonRequest:
    services._require_open_round(round_)
    rec_list = services._lock_list(services.open_own_list(user, round_))
    services._require_editable(rec_list)
    services._check_votes(votes_for, votes_total)
    services._check_attachment(attachment)
    clear = services.check_new_person(user, person)
    pending = rec_list.new_person_requests.filter(
        id_hash=crypto.lookup_hash(clear), status=RequestStatus.PENDING
    )
    if pending.exists():
        raise ValidationError({"id_number": "该人选已提交，正在等待组织部门核实"})
    request = NewPersonRequest(
        rec_list=rec_list,
        requested_by=user,
        name=person.name.strip(),
        gender=person.gender,
        birth_month=person.birth_month,
        category=person.category,
        unit=person.unit,
        current_position=person.current_position.strip(),
        details={
            "reason": reason.strip(),
            "achievements": achievements.strip(),
            "method": method,
            "votes_for": votes_for,
            "votes_total": votes_total,
        },
    )
    request.id_number = clear
    if attachment:
        request.attachment = attachment
        request.attachment_name = attachment.name[:255]
    request.save()
    audit.record(
        user,
        AuditAction.CREATE,
        request,
        detail="提交新增人选，待组织部门核实身份证号",
        after=audit.model_values(request, REQUEST_FIELDS),
    )
    notices.notify(
        notices.staff_responsible_for(person.unit),
        kind="推荐清单",
        title=f"{rec_list.owner_name}提交了新增人选{request.name}，请核实",
        body="核实身份证号是否已在其他单位登记后，加入其推荐清单或退回。",
        url=reverse("pool:new_person_requests"),
        key=f"new-person-{request.pk}",
    )
    return request


def _lock_pending(request: NewPersonRequest) -> NewPersonRequest:
    request = NewPersonRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.PENDING:
        raise ValidationError(f"{request.name}的新增申请已{request.get_status_display()}")
    return request


@transaction.atomic
def accept(user, request: NewPersonRequest) -> Recommendation:
    """File the person on the roster and put them on the requesting list. An ID
    registered already is refused with where it is (within the staff's jurisdiction)
    or that it is outside it; staff then return the request."""
    request = _lock_pending(request)
    existing = Cadre.objects.filter(id_hash=request.id_hash).select_related("unit").first()
    if existing is not None:
        if selectors.cadres_for(user).filter(pk=existing.pk).exists():
            raise ValidationError(
                f"该身份证号已在干部名册中（{existing.name}，{existing.unit.name}），"
                "请核实后退回，由报送单位从名册中选择"
            )
        raise ValidationError("该身份证号已在您管辖范围外登记，请报上级组织部门核实")
    person = services.NewPerson(
        id_number=request.id_number,
        name=request.name,
        gender=request.gender,
        birth_month=request.birth_month,
        category=request.category,
        unit=request.unit,
        current_position=request.current_position,
    )
    cadre = services.create_cadre(
        user, person, request.id_number, f"核实{request.rec_list.owner_name}提交的新增人选"
    )
    details = request.details
    rec = Recommendation.objects.create(
        rec_list=request.rec_list,
        cadre=cadre,
        reason=details.get("reason", ""),
        achievements=details.get("achievements", ""),
        method=details.get("method") or RecommendMethod.INDIVIDUAL,
        votes_for=details.get("votes_for"),
        votes_total=details.get("votes_total"),
        attachment=request.attachment.name or "",
        attachment_name=request.attachment_name,
    )
    audit.record(
        user,
        AuditAction.CREATE,
        rec,
        detail=f"核实后加入{request.rec_list}",
        after=audit.model_values(rec, services.RECOMMENDATION_FIELDS),
    )
    _resolve(user, request, RequestStatus.ACCEPTED, "")
    return rec


@transaction.atomic
def refuse(user, request: NewPersonRequest, note: str) -> NewPersonRequest:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "请填写退回原因"})
    request = _lock_pending(request)
    _resolve(user, request, RequestStatus.REFUSED, note[:200])
    return request


def _resolve(user, request: NewPersonRequest, status: str, note: str) -> None:
    request.status, request.note = status, note
    request.resolved_by, request.resolved_at = user, timezone.now()
    request.save(update_fields=["status", "note", "resolved_by", "resolved_at"])
    audit.record(
        user,
        AuditAction.UPDATE,
        request,
        detail=f"新增人选核实：{request.get_status_display()}",
        before={"status": RequestStatus.PENDING},
        after={"status": status, "note": note},
    )
    title = (
        f"新增人选{request.name}已核实，已加入推荐清单"
        if status == RequestStatus.ACCEPTED
        else f"新增人选{request.name}已退回：{note}"
    )
    url = f"{reverse('pool:my_list')}?round={request.rec_list.round_id}"
    notices.notify(
        [request.requested_by],
        kind="推荐清单",
        title=title,
        url=url,
        key=f"new-person-done-{request.pk}",
    )
