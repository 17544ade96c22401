import logging

from celery import shared_task

log = logging.getLogger(__name__)


@shared_task
def lapse_expired_inspections() -> dict:
    """考察期满未任用的考察对象回到库中, and reminders of those expiring within 30 days
    to the responsible staff (daily)."""
    from pool import inspections

    return {"lapsed": inspections.lapse_expired(), "reminded": inspections.notify_expiring()}


@shared_task
def age_out_scan() -> int:
    """超龄提醒: members past or near their young threshold, to responsible staff (daily)."""
    from pool import age_out

    return age_out.notify()
