"""积分排序: a weighted scheme of items ranking the pool; saved searches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from pool.models.core import Cadre, owner_unit_field


class ScoringGroup(models.TextChoices):
    QUALITY = "quality", "政治素质与品行"
    PERFORMANCE = "performance", "实绩与考核"
    FOUNDATION = "foundation", "学历与经历"


class ScoringScheme(models.Model):
    """积分排序方案: nine items with different weights (3+3+3 by default), editable.
    One scheme is active at a time; the ranking page uses it."""

    name = models.CharField("方案名称", max_length=50, unique=True)
    is_active = models.BooleanField("正在使用", default=False)
    note = models.CharField("说明", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    owner = owner_unit_field()

    class Meta:
        verbose_name = verbose_name_plural = "积分排序方案"
        ordering = ["-is_active", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="scoring_one_active_scheme"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ScoringItem(models.Model):
    """One item of a scheme. ``code`` names a computed item registered in
    ``pool.selection.scoring`` (学历, 基层经历, 年度考核 ...); any other code is scored by hand."""

    scheme = models.ForeignKey(
        ScoringScheme, models.CASCADE, related_name="items", verbose_name="方案"
    )
    code = models.SlugField("代码", max_length=32)
    label = models.CharField("项目", max_length=20)
    group = models.CharField("类别", max_length=16, choices=ScoringGroup.choices)
    weight = models.DecimalField("权重", max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "积分项目"
        ordering = ["scheme_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="scoring_item_code_unique"),
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=100), name="scoring_item_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.weight}）"


class ManualScore(models.Model):
    """A hand-entered score (0-100) of one person on an item the system cannot compute."""

    cadre = models.ForeignKey(
        Cadre, models.CASCADE, related_name="manual_scores", verbose_name="干部"
    )
    code = models.SlugField("项目代码", max_length=32)
    score = models.DecimalField("得分", max_digits=4, decimal_places=1)
    note = models.CharField("依据", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="录入人",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "人工评分"
        constraints = [
            models.UniqueConstraint(fields=["cadre", "code"], name="manual_score_once_per_item"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="manual_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.code} {self.score}"


class SavedSearch(models.Model):
    """A user's named filter on a list page (the query string), e.g. 年轻干部库 "90后女干部"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="saved_searches", verbose_name="账号"
    )
    page = models.CharField("页面", max_length=32, default="pool")
    name = models.CharField("名称", max_length=50)
    query = models.CharField("筛选条件", max_length=1000)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "常用筛选"
        ordering = ["page", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "name"], name="saved_search_name_unique_per_user"
            )
        ]

    def __str__(self) -> str:
        return self.name
