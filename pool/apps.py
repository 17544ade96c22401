from django.apps import AppConfig


class PoolConfig(AppConfig):
    name = "pool"
    verbose_name = "选：单位、干部与年轻干部库"

    def ready(self):
        # Registrations by import: login receivers, scoring items, Celery tasks.
        from pool import scoring  # noqa: F401
        from pool.accounts import tasks as _accounts_tasks  # noqa: F401
        from pool.audit import tasks as _audit_tasks  # noqa: F401
        from pool.notify import tasks as _notify_tasks  # noqa: F401
        from pool.people import tasks as _people_tasks  # noqa: F401
