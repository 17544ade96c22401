"""The audit chain's daily anchor. The task keeps the name it had before pool was split
into sub-packages, so beat schedules and queued messages still find it."""

from celery import shared_task


@shared_task(name="pool.tasks.anchor_audit")
def anchor_audit() -> str:
    """Anchor yesterday's head of the audit chain (pool.audit.anchor_day)."""
    from pool import audit

    anchor = audit.anchor_day()
    return "" if anchor is None else f"{anchor.day} #{anchor.last_id}"
