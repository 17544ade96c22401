"""Filters of the pool page that later stages add without ``pool`` importing them: an
app registers one in its ``AppConfig.ready`` (training: 培训情况), and
``PoolMemberFilter`` shows it as one more choice field in the form, the ranking page
and the ranking API take it, and saved searches keep it (it is a query parameter like
the others)::

    from pool.selection import member_filters
    member_filters.register("training", "培训情况", choices_fn, apply_fn, values=(...))

``choices_fn()`` returns ``[(value, label)]`` (called when the form is shown, so labels
may name editable numbers: 80学时, 3年); ``values`` are the same values, known without the
database (the API schema lists them). ``apply_fn(members, value, today)`` narrows a
``PoolMembership`` queryset with annotations or subqueries (no Python loop over the
people): the page's query count stays the same whatever the number of members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

ApplyFn = Callable[[QuerySet, str, dt.date], QuerySet]


@dataclass(frozen=True)
class MemberFilter:
    name: str  # the query parameter
    label: str
    choices: Callable[[], list[tuple[str, str]]]
    apply: ApplyFn
    values: tuple[str, ...] = ()


_FILTERS: dict[str, MemberFilter] = {}


def register(name: str, label: str, choices: Callable[[], list], apply: ApplyFn, values=()) -> None:
    """Register (or replace) the filter ``name``; call from ``AppConfig.ready``."""
    _FILTERS[name] = MemberFilter(name, label, choices, apply, tuple(values))


def registered() -> list[MemberFilter]:
    return list(_FILTERS.values())
