from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "staffing"
    verbose_name = "用：班子配备与预警"

    def ready(self) -> None:
        from staffing.selectors.new_posts import appointment_posts
        from supervision import new_posts
        from training.selectors import exchange_posts

        # 任职廉政谈话 within 30 days of a new appointment or 交流任职.
        new_posts.register("appointments", appointment_posts)
        new_posts.register("exchange_postings", exchange_posts)
