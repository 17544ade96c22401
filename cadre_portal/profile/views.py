"""The cadre profile (立体画像) and the 干部任免审批表: thin views over the profile's
selectors and services. People come from scoped querysets (404 outside the
jurisdiction); roles are checked first (403)."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from cadre_portal.profile import pdf, rules, selectors, services, sheets
from cadre_portal.profile.approval_docx import CONTENT_TYPE as DOCX_TYPE
from cadre_portal.profile.approval_docx import approval_docx
from cadre_portal.profile.forms import (
    ApprovalFormForm,
    CadreSheetForm,
    FamilyMemberForm,
    PhotoForm,
)
from pool.accounts.access import CADRE_READERS, ID_REVEALERS, POOL_KEEPERS, has_role, require_roles
from pool.models import ApprovalForm, CadrePhoto, FamilyMember
from pool.people import selectors as pool_selectors
from pool.people import services as people_services
from pool.people.filters import CadreFilter
from pool.web import params
from training import selectors as training_selectors

SHEET_EDITORS = POOL_KEEPERS  # 组织部干部科
SHEET_EXPORTERS = POOL_KEEPERS
BATCH_MAX = 200


def _person(user, pk: int):
    return get_object_or_404(selectors.profile_queryset(user), pk=pk)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_roles(*CADRE_READERS)
def profile(request, pk: int):
    cadre = _person(request.user, pk)
    people_services.open_cadre_record(request.user, cadre)
    view = selectors.profile(request.user, cadre, timezone.localdate())
    may_edit = has_role(request.user, SHEET_EDITORS)
    return render(
        request,
        "profile/profile.html",
        {
            "p": view,
            "cadre": cadre,
            "may_edit": may_edit,
            "may_export": has_role(request.user, SHEET_EXPORTERS),
            "may_reveal": has_role(request.user, ID_REVEALERS),
            "pdf_available": pdf.available(),
            "photo_form": PhotoForm() if may_edit else None,
            "max_photo_mb": CadrePhoto.MAX_BYTES // (1024 * 1024),
            # 加入培训班: the classes not yet over, to open with this person chosen.
            "open_classes": (
                training_selectors.classes_for(request.user)
                .filter(end_date__gte=timezone.localdate())
                .order_by("start_date", "pk")[:8]
                if may_edit
                else []
            ),
        },
    )


@require_roles(*CADRE_READERS)
def photo(request, pk: int):
    cadre = get_object_or_404(pool_selectors.cadres_for(request.user), pk=pk)
    stored = CadrePhoto.objects.filter(cadre=cadre).first()
    content = bytes(stored.image) if stored is not None else b""
    # The type comes from the bytes, never from what was stored with them (an import
    # could have stored anything): only JPEG and PNG are ever served.
    content_type = rules.photo_type(content[:16])
    if content_type is None:
        raise Http404("没有照片")
    response = HttpResponse(content, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@require_roles(*SHEET_EDITORS)
def photo_upload(request, pk: int):
    cadre = get_object_or_404(pool_selectors.cadres_for(request.user), pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("people:profile", pk=cadre.pk)
    upload = form.cleaned_data["photo"]
    if upload.size > CadrePhoto.MAX_BYTES:  # refused before it is read into memory
        messages.error(request, rules.photo_problem(upload.size, b"", CadrePhoto.MAX_BYTES))
        return redirect("people:profile", pk=cadre.pk)
    try:
        services.set_photo(request.user, cadre, upload.read())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "照片已更新")
    return redirect("people:profile", pk=cadre.pk)


@require_POST
@require_roles(*SHEET_EDITORS)
def photo_delete(request, pk: int):
    cadre = get_object_or_404(pool_selectors.cadres_for(request.user), pk=pk)
    services.delete_photo(request.user, cadre)
    messages.success(request, "照片已删除")
    return redirect("people:profile", pk=cadre.pk)


@require_roles(*SHEET_EDITORS)
def sheet_edit(request, pk: int):
    """任免审批表信息: the person's 专业技术职务 ... 年度考核结果, 拟任/拟免/任免理由,
    the form's footer, and the family rows (each edited on its own page)."""
    cadre = _person(request.user, pk)
    proposal = selectors.approval_form_of(cadre) or ApprovalForm(cadre=cadre)
    if request.method == "POST":
        cadre_form = CadreSheetForm(request.POST, instance=cadre, prefix="person")
        approval_form = ApprovalFormForm(request.POST, instance=proposal, prefix="form")
        if cadre_form.is_valid() and approval_form.is_valid():
            services.update_sheet(request.user, cadre, cadre_form, approval_form)
            messages.success(request, "任免审批表信息已保存")
            return redirect("people:profile", pk=cadre.pk)
    else:
        cadre_form = CadreSheetForm(instance=cadre, prefix="person")
        approval_form = ApprovalFormForm(instance=proposal, prefix="form")
    return render(
        request,
        "profile/sheet_edit.html",
        {
            "cadre": cadre,
            "cadre_form": cadre_form,
            "approval_form": approval_form,
            "family": list(cadre.family.all()),
        },
    )


@require_roles(*SHEET_EDITORS)
def family_add(request, pk: int):
    cadre = _person(request.user, pk)
    form = FamilyMemberForm(request.POST or None, instance=FamilyMember(cadre=cadre))
    if request.method == "POST" and form.is_valid():
        member = services.save_family_member(request.user, cadre, form)
        messages.success(request, f"已添加家庭成员：{member.relation} {member.name}")
        return redirect("people:sheet_edit", pk=cadre.pk)
    return render(
        request, "profile/family_form.html", {"cadre": cadre, "form": form, "member": None}
    )


def _family_member(user, pk: int) -> FamilyMember:
    return get_object_or_404(
        FamilyMember.objects.filter(cadre__in=pool_selectors.cadres_for(user)).select_related(
            "cadre__unit"
        ),
        pk=pk,
    )


@require_roles(*SHEET_EDITORS)
def family_edit(request, pk: int):
    member = _family_member(request.user, pk)
    cadre = member.cadre
    form = FamilyMemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        services.save_family_member(request.user, cadre, form)
        messages.success(request, "家庭成员已修改")
        return redirect("people:sheet_edit", pk=cadre.pk)
    return render(
        request, "profile/family_form.html", {"cadre": cadre, "form": form, "member": member}
    )


@require_POST
@require_roles(*SHEET_EDITORS)
def family_delete(request, pk: int):
    member = _family_member(request.user, pk)
    cadre = member.cadre
    services.delete_family_member(request.user, member)
    messages.success(request, "家庭成员已删除")
    return redirect("people:sheet_edit", pk=cadre.pk)


def _sheet_of(user, pk: int):
    """The person (404 outside the jurisdiction) and their 审批表's content."""
    scoped = pool_selectors.cadres_for(user)
    cadre = get_object_or_404(scoped, pk=pk)
    return cadre, sheets.sheets(scoped.filter(pk=cadre.pk), timezone.localdate())[0]


@require_roles(*SHEET_EXPORTERS)
def approval_docx_view(request, pk: int):
    cadre, sheet = _sheet_of(request.user, pk)
    content = approval_docx(sheet)
    services.record_sheet_export(request.user, cadre, ".docx")
    return _attachment(content, DOCX_TYPE, f"干部任免审批表_{sheet.file_stem}.docx")


@require_roles(*SHEET_EXPORTERS)
def approval_pdf_view(request, pk: int):
    cadre, sheet = _sheet_of(request.user, pk)
    try:
        content = pdf.docx_to_pdf(approval_docx(sheet))
    except pdf.PdfUnavailable as error:
        return render(
            request,
            "profile/pdf_unavailable.html",
            {"message": str(error), "pk": pk, "name": sheet.name},
            status=503,
        )
    services.record_sheet_export(request.user, cadre, ".pdf")
    return _attachment(content, "application/pdf", f"干部任免审批表_{sheet.file_stem}.pdf")


@require_roles(*SHEET_EXPORTERS)
def approval_zip(request):
    """The 审批表 of the rows ticked on the cadre list (``ids``), or of everyone the
    list's current filter shows; one .docx per person, ``姓名_单位.docx``."""
    scoped = pool_selectors.cadres_for(request.user)
    query = request.GET.copy()
    ids = [pk for pk in map(params.object_id, request.GET.getlist("ids")) if pk is not None]
    if ids:
        cadres = scoped.filter(pk__in=ids)
        query = f"选中{len(ids)}人"
    else:
        cadres = CadreFilter(request.GET, queryset=scoped).qs
        query = query.urlencode()
    cadres = cadres.order_by("unit__position", "unit_id", "id")
    count = cadres.count()
    if ids and count < len(set(ids)):  # the audit row says what was asked and refused
        query += f"，其中{len(set(ids)) - count}人不在管辖范围内、未导出"
    back = reverse("pool:cadre_list") + (f"?{request.GET.urlencode()}" if not ids else "")
    if count == 0:
        messages.error(request, "没有可导出的干部")
        return redirect(back)
    if count > BATCH_MAX:
        messages.error(
            request, f"一次最多导出{BATCH_MAX}人的任免审批表（当前{count}人），请缩小筛选范围"
        )
        return redirect(back)
    found = sheets.sheets(cadres, timezone.localdate())
    names = rules.unique_file_names((s.file_stem for s in found), ".docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, sheet in zip(names, found, strict=True):
            archive.writestr(name, approval_docx(sheet))
    services.record_batch_export(request.user, len(found), query)
    today = timezone.localdate()
    return _attachment(buffer.getvalue(), "application/zip", f"干部任免审批表{today:%Y%m%d}.zip")
