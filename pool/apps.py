from django.apps import AppConfig


class PoolConfig(AppConfig):
    name = "pool"
    verbose_name = "选：单位、干部与年轻干部库"
