"""Celery tasks of the 育 stage: a few lines that call a service."""

from celery import shared_task

from training import services


@shared_task
def notify_training_shortfalls() -> int:
    """Monthly (celery beat): remind staff of pool members short of a training rule."""
    return services.notify_shortfalls()
