from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "管：谈心谈话与监督"

    def ready(self):
        from pool.scoring import register_item
        from supervision import scoring

        register_item("annual_assessment", "年度考核", scoring.annual_assessment)
