"""Celery tasks of the 用 stage: a few lines that call a service."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from staffing import rules, services


@shared_task
def recalc_warnings(quarter: str = "", actor_id: int | None = None) -> str:
    """The quarterly A/B/C warning; without ``quarter`` the one just finished
    (celery beat runs it on the first day of each quarter)."""
    target = (
        rules.Quarter.parse(quarter)
        if quarter
        else rules.Quarter.last_finished(timezone.localdate())
    )
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    summary = services.recalc_quarter(target, actor=actor)
    services.send_dual_reminders(target)
    if actor is not None:
        services.notify_recalc_finished(summary, actor)
    return summary.describe()


@shared_task
def close_publicities() -> int:
    """Daily: close every 任前公示 whose end date has passed."""
    return services.close_due_publicities(timezone.localdate())


@shared_task
def probation_reminders() -> int:
    """Daily: remind the responsible staff of each 试用期 ending within 30 days."""
    return services.send_probation_reminders(timezone.localdate())
