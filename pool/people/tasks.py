"""A small real task on the roster (proves the worker runs). It keeps the name it had
before pool was split into sub-packages."""

from celery import shared_task

from pool.models import Unit


@shared_task(name="pool.tasks.count_units")
def count_units() -> int:
    """A small real task: how many units are on record (used to prove the worker runs)."""
    return Unit.objects.count()
