"""Mail beside the in-app notices. The task keeps the name it had before pool was split
into sub-packages."""

from celery import shared_task


@shared_task(
    name="pool.tasks.send_emails", autoretry_for=(OSError,), retry_backoff=60, max_retries=3
)
def send_emails(messages: list[dict]) -> int:
    """Mail queued by ``pool.notify.mail.queue`` (a refused connection is retried later)."""
    from pool.notify import mail

    return mail.send(messages)
