"""Celery tasks of the 管 stage: a few lines that call a service."""

from celery import shared_task
from django.utils import timezone

from supervision import services


@shared_task
def notify_overdue_talks() -> int:
    """每月提醒: overdue talks to the staff responsible for each unit (beat, monthly)."""
    return services.notify_overdue_talks(timezone.localdate())


@shared_task
def notify_overdue_personal_reports() -> int:
    """每月提醒: 个人有关事项 filings past due, to the staff responsible for each unit."""
    return services.notify_overdue_personal_reports(timezone.localdate())
