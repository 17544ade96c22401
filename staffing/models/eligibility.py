"""人岗相适: the basic conditions for promotion a candidate is checked against, as an
editable table seeded with the defaults of 《党政领导干部选拔任用工作条例》."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from pool.models import owner_unit_field
from staffing import rules


class EligibilityCheck(models.TextChoices):
    NO_VETO = rules.Check.NO_VETO, "无一票否决情形"
    NO_FAILED_ASSESSMENT = rules.Check.NO_FAILED_ASSESSMENT, "近年年度考核无不称职"
    LOWER_POST_YEARS = rules.Check.LOWER_POST_YEARS, "任下一级职务年限"
    WORK_YEARS = rules.Check.WORK_YEARS, "工龄"
    GRASSROOTS_YEARS = rules.Check.GRASSROOTS_YEARS, "基层工作经历"


class EligibilityScope(models.TextChoices):
    ALL = rules.AppliesTo.ALL, "所有职位"
    CHIEF = rules.AppliesTo.CHIEF, "由副职提任正职"
    COUNTY = rules.AppliesTo.COUNTY, "提任县处级职务"


class EligibilityRule(models.Model):
    """One condition: which posts it applies to, its number of years (the look-back
    for assessments), and whether it is in force. One row per condition."""

    code = models.CharField("条件", max_length=32, choices=EligibilityCheck.choices, unique=True)
    applies_to = models.CharField("适用于", max_length=10, choices=EligibilityScope.choices)
    years = models.PositiveSmallIntegerField(
        "年限（年）", null=True, blank=True, help_text="“一票否决”不设年限"
    )
    active = models.BooleanField("启用", default=True)
    basis = models.CharField("依据", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    owner = owner_unit_field()

    class Meta:
        verbose_name = "人岗相适条件"
        verbose_name_plural = "人岗相适条件"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code=rules.Check.NO_VETO, years__isnull=True)
                | (~Q(code=rules.Check.NO_VETO) & Q(years__gte=1, years__lte=40)),
                name="eligibility_rule_years_fit_code",
            ),
            models.CheckConstraint(
                condition=~Q(code=rules.Check.LOWER_POST_YEARS) | Q(applies_to="chief"),
                name="eligibility_lower_post_for_chiefs",
            ),
        ]

    def __str__(self) -> str:
        return self.as_rule().condition

    def as_rule(self) -> rules.EligibilityRule:
        return rules.EligibilityRule(self.code, self.applies_to, self.years)

    @property
    def condition(self) -> str:
        return self.as_rule().condition
