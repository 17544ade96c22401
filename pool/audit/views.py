"""The audit log. The 审计管理员 browses, filters and exports what was done (who, which
kind of record, which fields) without the values; staff read one person's changes with
the values, for people in their jurisdiction."""

from django.core.paginator import Paginator
from django.db.models import CharField, Q, Subquery
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from pool import audit
from pool.accounts.access import AUDIT_READERS, ID_REVEALERS, require_roles
from pool.audit.filters import AuditFilter
from pool.models import AuditEntry, Cadre
from pool.people import services as people_services
from pool.people.selectors import cadres_for
from pool.web import xlsx as exports

COLUMNS = [
    "时间",
    "操作人",
    "IP地址",
    "操作",
    "对象类型",
    "对象",
    "成功",
    "说明",
    "变更字段",
]


def _row(entry: AuditEntry) -> list:
    return [
        timezone.localtime(entry.at),
        entry.actor_name,
        entry.ip or "",
        entry.get_action_display(),
        entry.object_type,
        audit.object_for_auditor(entry),
        entry.success,
        audit.detail_for_auditor(entry),
        audit.describe_changes(entry, with_values=False),
    ]


@require_roles(*AUDIT_READERS)
def audit_log(request):
    entries = AuditFilter(request.GET, queryset=AuditEntry.objects.order_by("-id"))
    query = request.GET.copy()
    query.pop("page", None)
    if request.GET.get("export") == "xlsx":
        query.pop("export", None)
        rows = [_row(e) for e in entries.qs.iterator(chunk_size=2000)]
        people_services.record_export(request.user, "审计日志", len(rows), query.urlencode())
        content = exports.xlsx_bytes(COLUMNS, rows, sheet="审计日志")
        return exports.xlsx_response(f"审计日志{timezone.localdate():%Y%m%d}.xlsx", content)
    page = Paginator(entries.qs, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "pool/audit_log.html",
        {"filter": entries, "page": page, "query": query.urlencode()},
    )


def _person_records(cadre: Cadre) -> Q:
    """Audit rows about ``cadre`` and about the records hanging off them (family,
    简历, assessments...; those still on file), as one condition."""
    condition = Q(object_type=Cadre._meta.label, object_id=str(cadre.pk))
    for model in _detail_models():
        ids = model._default_manager.filter(cadre=cadre).annotate(key=Cast("pk", CharField()))
        condition |= Q(object_type=model._meta.label, object_id__in=Subquery(ids.values("key")))
    return condition


def _detail_models() -> list:
    from django.apps import apps

    return [
        m
        for m in apps.get_models()
        if any(
            f.name == "cadre" and getattr(f, "related_model", None) is Cadre
            for f in m._meta.get_fields()
        )
    ]


@require_roles(*ID_REVEALERS)
def cadre_changes(request, pk: int):
    """变更记录: who changed what of one person, with the values (staff whose
    jurisdiction holds the person; anyone else gets 404)."""
    cadre = get_object_or_404(cadres_for(request.user), pk=pk)
    entries = AuditEntry.objects.filter(_person_records(cadre)).order_by("-id")
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "pool/cadre_changes.html", {"cadre": cadre, "page": page, "query": ""})
