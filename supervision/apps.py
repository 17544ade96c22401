from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "管：谈心谈话与监督"

    def ready(self) -> None:
        # Additive: other stages may register their own items here too.
        from pool.models import Role
        from pool.people import flags
        from pool.selection.scoring import register_item
        from supervision import reviews, scoring, selectors

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
            stops=True,
        )
        # Every place a person is proposed (考察对象, 人岗相适, 模拟调配, 动议) shows these
        flags.register(
            "vetoed", "一票否决", "有未解除的一票否决记录，不得提拔、不得列为考察对象",
            reviews.vetoed, roles={Role.STAFF}, stops=True,
        )  # fmt: skip
        flags.register(
            "under_review", "研判中", "列入研判尚未作出保留或出库的决定",
            reviews.under_review, roles={Role.STAFF}, stops=True,
        )  # fmt: skip
        flags.register(
            "open_concern", "问题线索未办结", "有尚未办结的问题线索",
            reviews.with_open_concern, roles={Role.STAFF}, stops=True,
        )  # fmt: skip
        flags.register(
            "integrity_clues", "廉政意见有问题线索", "最近一次廉政意见为有问题线索或正在核查",
            reviews.with_integrity_clues, roles={Role.STAFF}, stops=True,
        )  # fmt: skip
