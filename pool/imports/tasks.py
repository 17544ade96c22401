"""Large imports in the background. The tasks keep the names they had before pool was
split into sub-packages."""

from celery import shared_task


@shared_task(name="pool.tasks.import_job")
def import_job(run_id: int, job: str, confirm_after: bool = False) -> str:
    """Preview or commit a large import in the background (pool.imports.runs)."""
    from pool.imports import runs

    return runs.run_job(run_id, job, confirm_after)


@shared_task(name="pool.tasks.requeue_stalled_imports")
def requeue_stalled_imports() -> dict:
    """Give imports whose worker died another try (pool.imports.runs.requeue_stalled)."""
    from pool.imports import runs

    return runs.requeue_stalled()
