"""The printable 学员名单 of a class and its .xlsx (audited)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from pool.accounts.access import require_roles
from pool.models import Role
from pool.people.services import record_export
from pool.web import xlsx as exports
from training import roster, selectors

READERS = (Role.STAFF, Role.LEADER)


@require_roles(*READERS)
def class_roster(request, pk: int):
    """学员名单 for print (A4), or ``?export=xlsx``: the reader's own jurisdiction's
    trainees, each marked young or not."""
    obj = get_object_or_404(selectors.classes_for(request.user), pk=pk)
    trainees = roster.mark_young(obj, selectors.trainees(request.user, obj))
    if request.GET.get("export") == "xlsx":
        rows = roster.roster_rows(obj, trainees)
        record_export(request.user, f"{obj.name}学员名单", len(rows))
        content = exports.xlsx_bytes(
            roster.ROSTER_HEADERS, rows, sheet="学员名单", title=f"{obj.name}学员名单"
        )
        return exports.xlsx_response(f"{obj.name}学员名单.xlsx", content)
    return render(
        request,
        "training/class_roster.html",
        {
            "obj": obj,
            "trainees": trainees,
            "young_count": sum(1 for e in trainees if e.young),
            "today": timezone.localdate(),
        },
    )
