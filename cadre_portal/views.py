from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from cadre_portal import reminders
from cadre_portal.dashboard.registry import DASHBOARD_READERS
from pool.accounts.access import CADRE_READERS, has_role, require_roles
from pool.models import Role
from pool.people import selectors
from pool.selection import selectors as selection_selectors
from staffing import selectors as staffing_selectors


@login_required
def home(request):
    """The home page: real counts for the user's jurisdiction."""
    today = timezone.localdate()
    context = {"today": today, "grant": selectors.grant_of(request.user)}
    if has_role(request.user, {Role.CADRE}):  # a person's own account: their record
        return redirect("people:me")
    if has_role(request.user, CADRE_READERS):
        context["counts"] = selectors.home_counts(request.user, today)
        context["by_level"] = selectors.young_by_unit_level(request.user, today)
    context.update(_own_unit(request.user, context["grant"]))
    context["reminders"] = reminders.reminders_for(request.user, today)
    context["may_dashboard"] = has_role(request.user, DASHBOARD_READERS)
    return render(request, "home.html", context)


def _own_unit(user, grant) -> dict:
    """A unit committee's or sector department's own business: the open round with the
    state of its list, and (unit committee) its teams' latest warning level."""
    if grant is None or grant.role not in (Role.UNIT_COMMITTEE, Role.SECTOR_DEPT):
        return {}
    own: dict = {}
    round_ = selection_selectors.current_round()
    if round_ is not None and round_.is_open:
        own["list_round"] = round_
        own["own_list"] = selection_selectors.own_list(user, round_)
    if grant.role == Role.UNIT_COMMITTEE and grant.unit_id:
        own["team_warnings"] = staffing_selectors.latest_warnings_of_unit(grant.unit_id)
    return own


@require_roles(*reminders.STAFF)
def reminder_list(request, key: str):
    """The names behind one 预警提醒 counter that has no list page of its own."""
    reminder = reminders.get_reminder(key, request.user)
    if reminder is None:
        raise Http404("没有这项提醒")
    ctx = reminders.ReminderContext(request.user, timezone.localdate())
    data = reminder.rows(ctx)
    return render(
        request,
        "reminder_list.html",
        {
            "reminder": reminder,
            "data": data,
            "rows": zip(data.rows, data.links, strict=True),
            "limit": reminders.LIST_LIMIT,
        },
    )
