"""LRMX downloads for 干部科 staff: one person's file from the cadre page, a .zip of
the people of a 干部名册 search or of a recommendation list. An LRMX file holds the
clear 身份证号 (the national software needs it), so only staff (who may reveal ID
numbers) download it, and every download is written to the audit log. A batch .zip
is posted with a reason (written into the audit row), holds at most
``CADRE_LRMX_BATCH_MAX`` people (100 by default), and one account downloads at most
``CADRE_LRMX_BATCHES_PER_DAY`` of them a day (10), counted from the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_POST

from pool import audit
from pool.accounts.access import ID_REVEALERS, require_roles
from pool.lrmx import export
from pool.models import AuditAction, AuditEntry
from pool.people import selectors
from pool.people import services as people_services
from pool.people.filters import CadreFilter
from pool.selection import selectors as selection_selectors

NEEDS_REASON = "请填写导出事由：LRMX文件含身份证号，导出事由会记入审计日志"


BATCH_DETAIL = "LRMX文件（含身份证号、照片）"


def batch_max() -> int:
    """People per .zip: each file carries a clear ID number and a photo."""
    return getattr(settings, "CADRE_LRMX_BATCH_MAX", 100)


def _batches_today(user) -> int:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return AuditEntry.objects.filter(
        actor_id=user.pk, action=AuditAction.EXPORT, at__gte=start, detail__contains=BATCH_DETAIL
    ).count()


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
    reason = request.POST.get("reason", "").strip()[:200]
    if not reason:
        messages.error(request, NEEDS_REASON)
        return redirect(back)
    count = cadres.count()
    if count == 0:
        messages.error(request, "没有可导出的人员")
        return redirect(back)
    per_day = getattr(settings, "CADRE_LRMX_BATCHES_PER_DAY", 10)
    if _batches_today(request.user) >= per_day:
        messages.error(request, f"今天已批量导出{per_day}次LRMX文件，达到每日上限，请明天再导出")
        return redirect(back)
    limit = batch_max()
    if count > limit:
        messages.error(request, f"共{count}人，一次最多导出{limit}人的LRMX文件，请缩小范围")
        return redirect(back)
    content, count = export.zip_bytes(export.with_parts(cadres))
    people_services.record_export(
        request.user, f"{what}{BATCH_DETAIL}", count, query, reason=reason
    )
    name = f"{what}LRMX{timezone.localdate():%Y%m%d}.zip"
    return _download(content, name, "application/zip")


@require_POST
@require_roles(*ID_REVEALERS)
def cadre_list_lrmx(request):
    """The people of a 干部名册 search (same filters as the list page)."""
    found = CadreFilter(request.GET, queryset=selectors.cadres_for(request.user)).qs
    cadres = found.order_by("unit__position", "unit_id", "id")
    back = f"{reverse('pool:cadre_list')}?{request.GET.urlencode()}"
    return _zip(request, cadres, "干部名册", request.GET.urlencode(), back)


@require_POST
@require_roles(*ID_REVEALERS)
def list_lrmx(request, pk: int):
    """The people on one recommendation list."""
    rec_list = get_object_or_404(selection_selectors.lists_for(request.user), pk=pk)
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
