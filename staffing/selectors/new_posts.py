"""New posts of young cadres, for the 任职廉政谈话 rule of the 管 stage (registered
with ``supervision.new_posts`` in ``StaffingConfig.ready``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from pool.people.selectors import young_q
from staffing.models import Appointment


def appointment_posts(unit_ids: list[int] | None, since: dt.date, until: dt.date):
    """Appointments started between ``since`` and ``until`` of people in ``unit_ids``
        who are young cadres today or came from the pool, as (cadre id, start, post).
    One query."""
    rows = Appointment.objects.filter(
        Q(cadre__pool_memberships__isnull=False) | young_q(until, "cadre__"),
        start_date__gte=since,
        start_date__lte=until,
        cadre__is_active=True,
    )
    if unit_ids is not None:
        rows = rows.filter(cadre__unit_id__in=unit_ids)
    rows = rows.values_list(
        "cadre_id", "start_date", "post__team__unit__name", "post__title", "title"
    ).distinct()
    for cadre_id, start, unit_name, post_title, title in rows:
        yield cadre_id, start, title or f"{unit_name}{post_title}"
