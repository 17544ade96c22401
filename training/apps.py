from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "育：培训与实践锻炼"

    def ready(self) -> None:
        from pool.scoring import register_item
        from training import scoring

        register_item("training", "培训情况", scoring.training_scores)
