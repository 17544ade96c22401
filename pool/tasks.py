from celery import shared_task

from pool.models import Unit


@shared_task
def count_units() -> int:
    """A small real task: how many units are on record (used to prove the worker runs)."""
    return Unit.objects.count()
