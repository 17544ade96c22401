from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "育：培训与实践锻炼"
