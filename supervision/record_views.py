"""Pages of the 管 stage's personal records: 政治素质档案 (staff), 重点工作表现登记
(the unit's party committee for its own people, staff for all in scope) and
个人有关事项 (staff). Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from pool.access import require_roles
from pool.models import Role
from supervision import forms, selectors, services
from supervision.views import _add_errors

STAFF = (Role.STAFF,)


def _cadre_id(request) -> int | None:
    raw = request.GET.get("cadre", "")
    return int(raw) if raw.isdigit() else None


@require_roles(*STAFF)
def political_file(request):
    """政治素质档案: every entry in scope (or one person's, ``?cadre=``) and a form."""
    cadre_id = _cadre_id(request)
    cadres = selectors.pick_cadres(request.user)
    form = forms.PoliticalEntryForm(
        request.POST or None, cadres=cadres, initial={"cadre": cadre_id}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.record_political_entry(request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"已记入{entry.cadre.name}的政治素质档案")
            return redirect(f"{request.path}?cadre={entry.cadre_id}")
    rows = selectors.political_file_for(request.user)
    if cadre_id:
        rows = rows.filter(cadre_id=cadre_id)
    return render(
        request,
        "supervision/political_file.html",
        {"form": form, "rows": rows[:200], "cadre_id": cadre_id},
        status=400 if form.errors else 200,
    )


KEY_TASK_WRITERS = (Role.STAFF, Role.UNIT_COMMITTEE)


@require_roles(*KEY_TASK_WRITERS)
def key_tasks(request):
    """重点工作表现登记: a unit's party committee registers its own people one by one;
    staff register and read everyone in their jurisdiction."""
    cadre_id = _cadre_id(request)
    form = forms.KeyTaskForm(
        request.POST or None,
        cadres=selectors.pick_cadres(request.user),
        initial={"cadre": cadre_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.record_key_task(request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"已登记{record.cadre.name}的重点工作表现")
            return redirect("supervision:key_tasks")
    rows = selectors.key_tasks_for(request.user)
    if cadre_id:
        rows = rows.filter(cadre_id=cadre_id)
    return render(
        request,
        "supervision/key_tasks.html",
        {"form": form, "rows": rows[:200], "cadre_id": cadre_id},
        status=400 if form.errors else 200,
    )
