from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "育：培训与实践锻炼"

    def ready(self) -> None:
        from pool.selection import member_filters
        from pool.selection.scoring import register_item
        from training import filters, scoring

        register_item("training", "培训情况", scoring.training_scores)
        # Replaces pool's own 基层经历 (简历 only): postings count too.
        register_item("grassroots", "基层经历", scoring.grassroots_scores)
        member_filters.register(
            "training", "培训情况", filters.choices, filters.apply, values=filters.VALUES
        )
