from django.apps import AppConfig


class PoolConfig(AppConfig):
    name = "pool"
    verbose_name = "选：单位、干部与年轻干部库"

    def ready(self):
        from pool import scoring, sessions  # noqa: F401  (login receivers; scoring items)
        from pool.votes import scoring as votes_scoring  # noqa: F401  (民主推荐得票)
