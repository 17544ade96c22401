from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "管：谈心谈话与监督"

    def ready(self) -> None:
        # Additive: other stages may register their own items here too.
        from pool import flags
        from pool.models import Role
        from pool.scoring import register_item
        from supervision import scoring, selectors

        register_item("annual_assessment", "年度考核", scoring.annual_assessment)
        register_item("performance", "工作实绩", selectors.work_performance_scores)

        flags.register(
            "no_clean_opinion",
            "无有效廉政意见",
            "没有在有效期内、结论为“无问题”的廉政意见；提拔前请征求廉政意见",
            selectors.lacks_clean_opinion,
            roles={Role.STAFF},
        )
        flags.register(
            "matters_effect_period",
            "个人事项影响期",
            "个人有关事项抽查核实为漏报或瞒报，仍在影响期内",
            selectors.in_matters_effect_period,
            roles={Role.STAFF},
        )
