"""LRMX downloads for 干部科 staff: one person's file from the cadre page, a .zip of
the people of a 干部名册 search or of a recommendation list. An LRMX file holds the
clear 身份证号 (the national software needs it), so only staff (who may reveal ID
numbers) download it, and every download is written to the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path

from pool import audit, selectors, services
from pool.access import ID_REVEALERS, require_roles
from pool.filters import CadreFilter
from pool.lrmx import export
from pool.models import AuditAction

BATCH_MAX = 500  # people per .zip (each file carries a photo)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


@require_roles(*ID_REVEALERS)
def cadre_lrmx(request, pk: int):
    cadre = get_object_or_404(export.with_parts(selectors.cadres_for(request.user)), pk=pk)
    content = export.lrmx_bytes(cadre)
    audit.record(
        request.user, AuditAction.EXPORT, cadre, detail="导出任免审批表LRMX文件（含身份证号、照片）"
    )
    return _download(content, export.file_name(cadre), "application/xml")


def _zip(request, cadres, what: str, query: str, back: str):
    count = cadres.count()
    if count == 0:
        messages.error(request, "没有可导出的人员")
        return redirect(back)
    if count > BATCH_MAX:
        messages.error(request, f"共{count}人，一次最多导出{BATCH_MAX}人的LRMX文件，请缩小范围")
        return redirect(back)
    content, count = export.zip_bytes(export.with_parts(cadres))
    services.record_export(request.user, f"{what}LRMX文件（含身份证号、照片）", count, query)
    name = f"{what}LRMX{timezone.localdate():%Y%m%d}.zip"
    return _download(content, name, "application/zip")


@require_roles(*ID_REVEALERS)
def cadre_list_lrmx(request):
    """The people of a 干部名册 search (same filters as the list page)."""
    found = CadreFilter(request.GET, queryset=selectors.cadres_for(request.user)).qs
    cadres = found.order_by("unit__position", "unit_id", "id")
    back = "pool:cadre_list"
    return _zip(request, cadres, "干部名册", request.GET.urlencode(), back)


@require_roles(*ID_REVEALERS)
def list_lrmx(request, pk: int):
    """The people on one recommendation list."""
    rec_list = get_object_or_404(selectors.lists_for(request.user), pk=pk)
    cadres = (
        selectors.cadres_for(request.user)
        .filter(recommendations__rec_list=rec_list)
        .distinct()
        .order_by("unit__position", "unit_id", "id")
    )
    what = f"{rec_list.round.name}{rec_list.get_kind_display()}推荐清单"
    return _zip(
        request, cadres, what, f"推荐清单{rec_list.pk}", reverse("pool:list_review", args=[pk])
    )
