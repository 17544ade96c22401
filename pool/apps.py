from django.apps import AppConfig


class PoolConfig(AppConfig):
    name = "pool"
    verbose_name = "选：单位、干部与年轻干部库"

    def ready(self):
        # Registrations by import: login receivers, scoring items, Celery tasks.
        from pool.accounts import sessions  # noqa: F401
        from pool.accounts import tasks as _accounts_tasks  # noqa: F401
        from pool.audit import tasks as _audit_tasks  # noqa: F401
        from pool.imports import kinds as _pool_kinds  # noqa: F401  (units, roster)
        from pool.imports import tasks as _imports_tasks  # noqa: F401
        from pool.lrmx import importer as _lrmx_kind  # noqa: F401  (lrmx)
        from pool.notify import tasks as _notify_tasks  # noqa: F401
        from pool.people import tasks as _people_tasks  # noqa: F401
        from pool.selection import importer as _selection_kind  # noqa: F401  (recommendations)
        from pool.selection import scoring  # noqa: F401
        from pool.selection import tasks as _selection_tasks  # noqa: F401
        from pool.votes import scoring as _votes_scoring  # noqa: F401  (民主推荐得票)
