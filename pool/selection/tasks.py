"""Daily 选 tasks: inspections that lapse, members who age out. The tasks keep the names
they had before pool was split into sub-packages."""

from celery import shared_task


@shared_task(name="pool.tasks.lapse_expired_inspections")
def lapse_expired_inspections() -> dict:
    """考察期满未任用的考察对象回到库中, and reminders of those expiring within 30 days
    to the responsible staff (daily)."""
    from pool.selection import inspections

    return {"lapsed": inspections.lapse_expired(), "reminded": inspections.notify_expiring()}


@shared_task(name="pool.tasks.age_out_scan")
def age_out_scan() -> int:
    """超龄提醒: members past or near their young threshold, to responsible staff (daily)."""
    from pool.selection import age_out

    return age_out.notify()
