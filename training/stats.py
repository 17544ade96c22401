"""Aggregates of the 育 stage over a period, for the half-yearly report: people trained
by class kind and people in practice postings by kind. Scoped by a ``pool.selection.stats.Scope``;
one GROUP BY and one total per figure, whatever the number of people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from pool.selection.stats import Scope
from training.models import Enrollment, Posting


@dataclass(frozen=True)
class Trained:
    people: int = 0  # trainees, each once
    hours: Decimal = Decimal(0)  # 学时 recorded on their enrolments


def trained_by_kind(scope: Scope, start: dt.date, end: dt.date) -> dict[str, Trained]:
    """People in scope enrolled in classes that ended (结业日期) between ``start`` and
    ``end``, by class kind, with ``""`` for every kind together (a person in two
    classes counted once). Two queries."""
    enrolments = Enrollment.objects.filter(
        cadre__unit_id__in=scope.in_scope,
        training_class__end_date__gte=start,
        training_class__end_date__lte=end,
    ).order_by()
    counts = {"people": Count("cadre_id", distinct=True), "hours": Sum("hours")}
    out = {
        kind: Trained(people, hours or Decimal(0))
        for kind, people, hours in enrolments.values("training_class__kind")
        .annotate(**counts)
        .values_list("training_class__kind", "people", "hours")
    }
    total = enrolments.aggregate(**counts)
    out[""] = Trained(total["people"], total["hours"] or Decimal(0))
    return out


@dataclass(frozen=True)
class Posted:
    people: int = 0  # in a posting at some time in the period
    started: int = 0  # ... whose posting began in it (newly sent)


def postings_by_kind(scope: Scope, start: dt.date, end: dt.date) -> dict[str, Posted]:
    """People in scope in a practice posting (实践锻炼) at some time between ``start``
    and ``end``, and those sent in that time, by kind, with ``""`` for all kinds
    together (each person once). Two queries."""
    postings = (
        Posting.objects.filter(cadre__unit_id__in=scope.in_scope, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .order_by()
    )
    counts = {
        "people": Count("cadre_id", distinct=True),
        "started": Count("cadre_id", distinct=True, filter=Q(start_date__gte=start)),
    }
    out = {
        kind: Posted(people, started)
        for kind, people, started in postings.values("kind")
        .annotate(**counts)
        .values_list("kind", "people", "started")
    }
    out[""] = Posted(**postings.aggregate(**counts))
    return out
