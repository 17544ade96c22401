"""Email beside the in-app notices, when mail is configured (``EMAIL_URL``).

The messages are handed to a Celery task once the transaction that wrote the notices
commits, so a slow or failing mail server neither holds up nor undoes that work, and
nothing is mailed about a change that was rolled back. A message is a plain dict
(``to``, ``subject``, ``body``) so it travels through the broker as JSON."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection


def enabled() -> bool:
    return bool(getattr(settings, "EMAIL_URL", ""))


def link(path: str) -> str:
    """``path`` as an address users can open from their mail (``CADRE_SITE_URL``), or ""
    when the site's address is not configured."""
    site = getattr(settings, "CADRE_SITE_URL", "")
    return f"{site}{path}" if site else ""


def message(to: str, subject: str, body: str) -> dict:
    return {"to": [to], "subject": subject, "body": body}


def queue(messages: list[dict]) -> int:
    """Send ``messages`` from a worker after the current transaction commits; nothing
    when mail is not configured. Returns how many were queued."""
    if not enabled() or not messages:
        return 0
    from pool.notify import tasks
    from pool.web.background import send_after_commit

    send_after_commit(tasks.send_emails, (messages,))
    return len(messages)


def send(messages: list[dict]) -> int:
    """Send over one connection; returns how many the backend accepted."""
    emails = [
        EmailMessage(m["subject"], m["body"], settings.DEFAULT_FROM_EMAIL, m["to"])
        for m in messages
    ]
    with get_connection() as connection:
        return connection.send_messages(emails) or 0
