"""Appointments as the reminders need them: 试用期 ending, 任前公示 open, and who has
served 5, 8 or 10 years in the current post. Each takes the user (scope) and a
reference date, and returns a queryset (``.count()`` for the home page)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from pool.people.selectors import units_for
from staffing import rules
from staffing.models import Appointment, Post, Publicity, PublicityStatus, SecondSignOff


def appointments_for(user) -> QuerySet[Appointment]:
    """Appointments in teams of units in ``user``'s jurisdiction, with the person,
    the post and the unit loaded."""
    return Appointment.objects.filter(
        post__team__unit__in=units_for(user).values("pk")
    ).select_related("cadre", "post__team__unit", "document", "end_document")


def publicities_for(user) -> QuerySet[Publicity]:
    return Publicity.objects.filter(
        post__team__unit__in=units_for(user).values("pk")
    ).select_related("cadre", "post__team__unit", "appointment")


def team_posts(team) -> QuerySet[Post]:
    return Post.objects.filter(team=team).order_by("position", "pk")


def probation_ending(user, ref: dt.date, days: int = 30) -> QuerySet[Appointment]:
    """Holders still in the post whose 试用期 ends within ``days`` from ``ref``
    (``ref`` itself included), soonest first."""
    return (
        appointments_for(user)
        .filter(
            end_date__isnull=True,
            probation_until__gte=ref,
            probation_until__lte=ref + dt.timedelta(days=days),
        )
        .order_by("probation_until", "pk")
    )


def publicity_open(user, ref: dt.date) -> QuerySet[Publicity]:
    """任前公示 not yet closed and already started at ``ref``, ending soonest first."""
    return (
        publicities_for(user)
        .filter(status=PublicityStatus.OPEN, start_date__lte=ref)
        .order_by("end_date", "pk")
    )


def long_serving(user, ref: dt.date, years: int = 5) -> QuerySet[Appointment]:
    """任现职满N年: holding the post at ``ref`` and started at least ``years`` full years
    before it (started 2021-03-01: 满5年 on 2026-03-01). Longest serving first."""
    return (
        appointments_for(user)
        .serving_on(ref)
        .filter(start_date__lte=rules.served_since(ref, years))
        .order_by("start_date", "pk")
    )


def second_checks_for(user) -> QuerySet[SecondSignOff]:
    """动议 (双把关) into teams in ``user``'s jurisdiction, newest first."""
    return (
        SecondSignOff.objects.filter(post__team__unit__in=units_for(user).values("pk"))
        .select_related(
            "cadre", "post__team__unit", "appointment", "flagged_by", "signed_by", "filed_by"
        )
        .order_by("-created_at", "-pk")
    )
