"""Account housekeeping run by beat: expired sessions, logs and files; idle accounts.
The tasks keep the names they had before pool was split into sub-packages."""

from celery import shared_task


@shared_task(name="pool.tasks.purge_expired")
def purge_expired() -> None:
    from django.core.management import call_command

    call_command("purge_expired")


@shared_task(name="pool.tasks.disable_idle_accounts")
def disable_idle_accounts() -> int:
    from pool import accounts

    return accounts.disable_idle_accounts()
