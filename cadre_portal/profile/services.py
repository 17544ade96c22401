"""Writes of the cadre profile: the photo, family rows, the 审批表's extra data, and
the audited exports. One function per thing a user does; each writes its audit entry
in the same transaction. Callers fetch the person through a scoped selector."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from cadre_portal.profile import rules
from pool import audit
from pool.models import ApprovalForm, AuditAction, Cadre, CadrePhoto, FamilyMember
from pool.people import services as people_services

SHEET_FIELDS = ["professional_title", "specialty", "rewards", "annual_results"]
FORM_FIELDS = [
    "proposed_position",
    "proposed_removal",
    "reason",
    "submitting_body",
    "age_reference",
    "filled_on",
    "filled_by",
]
FAMILY_FIELDS = [
    "relation",
    "name",
    "birth_month",
    "political_status",
    "employer_position",
    "position",
]


def _values(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


@transaction.atomic
def set_photo(actor, cadre: Cadre, content: bytes) -> CadrePhoto:
    """Upload or replace the 审批表 photo: a real JPEG or PNG (by its first bytes, not
    its name) of at most ``CadrePhoto.MAX_BYTES``."""
    problem = rules.photo_problem(len(content), content[:16], CadrePhoto.MAX_BYTES)
    if problem:
        raise ValidationError({"photo": problem})
    content_type = rules.photo_type(content[:16])
    photo = CadrePhoto.objects.select_for_update().filter(cadre=cadre).first()
    before = {"content_type": photo.content_type, "bytes": len(photo.image)} if photo else None
    if photo is None:
        photo = CadrePhoto(cadre=cadre)
    photo.image = content
    photo.content_type = content_type
    photo.save()
    audit.record(
        actor,
        AuditAction.UPDATE if before else AuditAction.CREATE,
        cadre,
        detail="更换照片" if before else "上传照片",
        before=before,
        after={"content_type": content_type, "bytes": len(content)},
    )
    return photo


@transaction.atomic
def delete_photo(actor, cadre: Cadre) -> None:
    photo = CadrePhoto.objects.select_for_update().filter(cadre=cadre).first()
    if photo is None:
        return
    before = {"content_type": photo.content_type, "bytes": len(photo.image)}
    photo.delete()
    audit.record(actor, AuditAction.DELETE, cadre, detail="删除照片", before=before)


@transaction.atomic
def update_sheet(actor, cadre: Cadre, cadre_form, approval_form) -> ApprovalForm:
    """Save the 审批表's extra data (two validated ModelForms on ``cadre`` and its
    ApprovalForm) and record what changed."""
    locked = Cadre.objects.select_for_update().get(pk=cadre.pk)
    form_row = ApprovalForm.objects.select_for_update().filter(cadre=cadre).first()
    before = {
        **_values(locked, SHEET_FIELDS),
        **(_values(form_row, FORM_FIELDS) if form_row else {}),
    }
    person = cadre_form.save(commit=False)
    person.save(update_fields=[*SHEET_FIELDS, "updated_at"])
    proposal = approval_form.save(commit=False)
    proposal.cadre = cadre
    if form_row is not None:
        proposal.pk = form_row.pk
    proposal.save()
    after = {**_values(person, SHEET_FIELDS), **_values(proposal, FORM_FIELDS)}
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    audit.record(
        actor,
        AuditAction.UPDATE,
        cadre,
        detail="修改任免审批表信息",
        before={k: before.get(k) for k in changed},
        after=changed,
    )
    return proposal


@transaction.atomic
def save_family_member(actor, cadre: Cadre, form) -> FamilyMember:
    """Add a family row (``form.instance`` new) or change one of ``cadre``'s rows."""
    member = form.instance
    is_new = member.pk is None
    before = None
    if not is_new:
        stored = FamilyMember.objects.select_for_update().get(pk=member.pk, cadre=cadre)
        before = _values(stored, FAMILY_FIELDS)
    member = form.save(commit=False)
    member.cadre = cadre
    member.save()
    audit.record(
        actor,
        AuditAction.CREATE if is_new else AuditAction.UPDATE,
        cadre,
        detail=f"{'新增' if is_new else '修改'}家庭成员：{member.relation} {member.name}",
        before=before,
        after=_values(member, FAMILY_FIELDS),
    )
    return member


@transaction.atomic
def delete_family_member(actor, member: FamilyMember) -> None:
    cadre = member.cadre
    before = _values(member, FAMILY_FIELDS)
    member.delete()
    audit.record(
        actor,
        AuditAction.DELETE,
        cadre,
        detail=f"删除家庭成员：{before['relation']} {before['name']}",
        before=before,
    )


def record_sheet_export(actor, cadre: Cadre, fmt: str) -> None:
    """One person's 任免审批表 downloaded (.docx or .pdf)."""
    audit.record(actor, AuditAction.EXPORT, cadre, detail=f"导出干部任免审批表（{fmt}）")


def record_batch_export(actor, count: int, filters: str) -> None:
    people_services.record_export(actor, "干部任免审批表（.zip，每人一份.docx）", count, filters)
