"""The audit log, for the 审计管理员 only: browse, filter, export."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from pool import audit, exports, services
from pool.access import AUDIT_READERS, require_roles
from pool.filters import AuditFilter
from pool.models import AuditEntry

COLUMNS = [
    "时间",
    "操作人",
    "IP地址",
    "操作",
    "对象类型",
    "对象",
    "成功",
    "说明",
    "变更",
    "修改前",
    "修改后",
]


def _row(entry: AuditEntry) -> list:
    return [
        timezone.localtime(entry.at),
        entry.actor_name,
        entry.ip or "",
        entry.get_action_display(),
        entry.object_type,
        entry.object_repr,
        entry.success,
        entry.detail,
        audit.describe_changes(entry),
        "" if entry.before is None else str(entry.before),
        "" if entry.after is None else str(entry.after),
    ]


@require_roles(*AUDIT_READERS)
def audit_log(request):
    entries = AuditFilter(request.GET, queryset=AuditEntry.objects.order_by("-id"))
    query = request.GET.copy()
    query.pop("page", None)
    if request.GET.get("export") == "xlsx":
        query.pop("export", None)
        rows = [_row(e) for e in entries.qs.iterator(chunk_size=2000)]
        services.record_export(request.user, "审计日志", len(rows), query.urlencode())
        content = exports.xlsx_bytes(COLUMNS, rows, sheet="审计日志")
        return exports.xlsx_response(f"审计日志{timezone.localdate():%Y%m%d}.xlsx", content)
    page = Paginator(entries.qs, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "pool/audit_log.html",
        {"filter": entries, "page": page, "query": query.urlencode()},
    )
