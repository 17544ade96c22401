from celery import shared_task

from pool.models import Unit


@shared_task
def count_units() -> int:
    """A small real task: how many units are on record (used to prove the worker runs)."""
    return Unit.objects.count()


@shared_task
def purge_expired() -> None:
    from django.core.management import call_command

    call_command("purge_expired")


@shared_task
def disable_idle_accounts() -> int:
    from pool import accounts

    return accounts.disable_idle_accounts()
