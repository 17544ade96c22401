"""育: training classes and who attended them, practice postings (实践锻炼), mentoring
(结对帮带) and personal plans (一人一策), and the editable training rules."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value

from pool.models import Cadre, Unit, owner_unit_field


class ClassKind(models.TextChoices):
    YOUNG_CADRE = "young_cadre", "中青年干部培训班"
    SELECTED_GRADUATE = "selected_graduate", "选调生专题培训班"
    PARTY_SPIRIT = "party_spirit", "党性教育"
    PROFESSIONAL = "professional", "专业化能力"
    ONLINE = "online", "网络学院"
    OTHER = "other", "其他"


class TrainingClass(models.Model):
    """培训班次. ``unit`` is the jurisdiction that runs it (江州市 for a city class,
    东县 for a county one): its staff keep the class; staff elsewhere see it when
    their people attend."""

    name = models.CharField("班次名称", max_length=100)
    organiser = models.CharField("主办单位", max_length=100, help_text="如：市委组织部、市委党校")
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="training_classes", verbose_name="所属地区"
    )
    kind = models.CharField("班次类别", max_length=24, choices=ClassKind.choices)
    is_main_class = models.BooleanField("主体班", default=False)
    off_the_job = models.BooleanField("脱产", default=True)
    political = models.BooleanField("政治训练", default=False)
    start_date = models.DateField("开班日期")
    end_date = models.DateField("结业日期")
    hours = models.DecimalField("学时", max_digits=6, decimal_places=1)
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "培训班次"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="training_class_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="training_class_hours_not_neg"),
            models.UniqueConstraint(fields=["unit", "name"], name="training_class_name_unique"),
        ]
        indexes = [models.Index(fields=["end_date"])]

    def __str__(self) -> str:
        return self.name

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class EnrollmentResult(models.TextChoices):
    IN_TRAINING = "in_training", "在训"
    COMPLETED = "completed", "结业"
    NOT_COMPLETED = "not_completed", "未结业"


class Enrollment(models.Model):
    """参训: one cadre in one class, the hours earned and the result."""

    cadre = models.ForeignKey(
        Cadre, models.PROTECT, related_name="enrollments", verbose_name="干部"
    )
    training_class = models.ForeignKey(
        TrainingClass, models.CASCADE, related_name="enrollments", verbose_name="培训班次"
    )
    hours = models.DecimalField("获得学时", max_digits=6, decimal_places=1, default=Decimal(0))
    result = models.CharField(
        "结业情况",
        max_length=16,
        choices=EnrollmentResult.choices,
        default=EnrollmentResult.IN_TRAINING,
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "参训记录"
        ordering = ["training_class_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "training_class"], name="enrollment_once_per_class"
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="enrollment_hours_not_neg"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} @ {self.training_class_id}"


class PostingKind(models.TextChoices):
    SECONDMENT = "secondment", "挂职"
    VILLAGE_SECRETARY = "village_secretary", "驻村第一书记"
    SHADOW_CLASS = "shadow_class", "跟班学习"
    SHADOW_POST = "shadow_post", "跟岗学习"
    EXCHANGE = "exchange", "交流任职"
    FRONTLINE = "frontline", "一线锻炼"


class FrontlineArea(models.TextChoices):
    MAJOR_PROJECT = "major_project", "重大项目"
    PETITION = "petition", "信访维稳"
    RURAL = "rural", "乡村振兴"
    INVESTMENT = "investment", "招商引资"
    EMERGENCY = "emergency", "应急处突"
    ENVIRONMENT = "environment", "生态环保"
    OTHER = "other", "其他"


class PostingGrade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    FAIR = "fair", "一般"
    POOR = "poor", "较差"


class DateRange(Func):
    function = "daterange"
    output_field = DateRangeField()


class IdRange(Func):
    function = "int8range"
    output_field = BigIntegerRangeField()


class Posting(models.Model):
    """实践锻炼: a stay away from the person's own post. Open-ended while ``end_date``
    is blank. Two full-time postings of one person may not overlap (checked in the
    service with a Chinese message, and by an exclusion constraint in the database)."""

    cadre = models.ForeignKey(Cadre, models.PROTECT, related_name="postings", verbose_name="干部")
    kind = models.CharField("锻炼方式", max_length=24, choices=PostingKind.choices)
    area = models.CharField("一线领域", max_length=16, choices=FrontlineArea.choices, blank=True)
    host_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_postings",
        verbose_name="锻炼单位（本系统内）",
    )
    host_name = models.CharField("锻炼单位", max_length=100)
    role = models.CharField("锻炼岗位/职务", max_length=100, blank=True)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    full_time = models.BooleanField("全脱产", default=True)
    grassroots = models.BooleanField("基层经历", default=False, help_text="在县以下基层一线")
    purpose = models.TextField("锻炼目的", blank=True)
    evaluation = models.TextField("期满鉴定", blank=True)
    grade = models.CharField("鉴定等次", max_length=16, choices=PostingGrade.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "实践锻炼"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="posting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind="frontline") | Q(area=""), name="posting_area_only_frontline"
            ),
            # int8range(cadre, cadre, '[]') && int8range(...) is "same person" with the
            # GiST operators Postgres has built in (no btree_gist extension needed).
            ExclusionConstraint(
                name="posting_full_time_no_overlap",
                expressions=[
                    (IdRange(F("cadre_id"), F("cadre_id"), Value("[]")), RangeOperators.OVERLAPS),
                    (
                        DateRange(F("start_date"), F("end_date"), Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(full_time=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.host_name}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class Mentorship(models.Model):
    """结对帮带: a leader mentors a young cadre from a date (to a date)."""

    mentor = models.ForeignKey(Cadre, models.PROTECT, related_name="mentoring", verbose_name="导师")
    mentor_role = models.CharField("导师职务", max_length=100, blank=True)
    mentee = models.ForeignKey(
        Cadre, models.PROTECT, related_name="mentors", verbose_name="帮带对象"
    )
    start_date = models.DateField("结对日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    goals = models.TextField("帮带目标", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "结对帮带"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="mentorship_not_self"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="mentorship_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(end_date__isnull=True),
                name="mentorship_one_open_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} 帮带 {self.mentee}"


class MentorMeeting(models.Model):
    """One logged meeting of a mentor and mentee. ``notes`` are for staff only."""

    mentorship = models.ForeignKey(
        Mentorship, models.CASCADE, related_name="meetings", verbose_name="结对帮带"
    )
    date = models.DateField("日期")
    topic = models.CharField("主题", max_length=200)
    notes = models.TextField("帮带内容", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "帮带记录"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"


class DevelopmentPlan(models.Model):
    """一人一策: one person's plan for one year, reviewed at the year's end."""

    cadre = models.ForeignKey(
        Cadre, models.PROTECT, related_name="development_plans", verbose_name="干部"
    )
    year = models.PositiveSmallIntegerField("年度")
    goals = models.TextField("培养目标")
    reviewed_on = models.DateField("年度评估日期", null=True, blank=True)
    review = models.TextField("年度评估", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "一人一策"
        ordering = ["-year", "cadre_id"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year"], name="development_plan_once_a_year"),
            models.CheckConstraint(
                condition=Q(reviewed_on__isnull=True) | ~Q(review=""),
                name="development_plan_review_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年一人一策"


class StepStatus(models.TextChoices):
    PLANNED = "planned", "未开始"
    IN_PROGRESS = "in_progress", "进行中"
    DONE = "done", "已完成"
    DROPPED = "dropped", "已取消"


class PlanStep(models.Model):
    """One step of a plan: what, by when, how far it got."""

    plan = models.ForeignKey(
        DevelopmentPlan, models.CASCADE, related_name="steps", verbose_name="一人一策"
    )
    text = models.CharField("措施", max_length=300)
    due_on = models.DateField("完成时限")
    status = models.CharField(
        "进展", max_length=16, choices=StepStatus.choices, default=StepStatus.PLANNED
    )
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "培养措施"
        ordering = ["plan_id", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="plan_step_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.status in (StepStatus.PLANNED, StepStatus.IN_PROGRESS)


class TrainingRules(models.Model):
    """The training rules the department must be able to prove it keeps (docs/rules.md
    section 4), one editable row seeded by a migration."""

    young_share_numerator = models.PositiveSmallIntegerField(
        "主体班年轻干部占比（分子）", default=1
    )
    young_share_denominator = models.PositiveSmallIntegerField(
        "主体班年轻干部占比（分母）", default=5
    )
    political_years = models.PositiveSmallIntegerField("政治训练周期（年）", default=3)
    political_min_days = models.PositiveSmallIntegerField(
        "政治训练最少天数", default=5, help_text="脱产政治训练“1周以上”按5个工作日计"
    )
    coverage_years = models.PositiveSmallIntegerField("培训全覆盖周期（年）", default=5)
    yearly_hours = models.DecimalField(
        "年度学时要求", max_digits=5, decimal_places=1, default=Decimal(80)
    )
    hours_reminder_month = models.PositiveSmallIntegerField(
        "学时不足提醒起始月份", default=10, help_text="从该月起，对本年学时未达标者发提醒"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    owner = owner_unit_field()

    class Meta:
        verbose_name = verbose_name_plural = "培训规则"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="training_rules_single_row"),
            models.CheckConstraint(
                condition=Q(young_share_denominator__gte=1)
                & Q(young_share_numerator__lte=F("young_share_denominator")),
                name="training_rules_share_is_fraction",
            ),
            models.CheckConstraint(
                condition=Q(political_years__gte=1)
                & Q(coverage_years__gte=1)
                & Q(political_min_days__gte=1)
                & Q(yearly_hours__gte=0)
                & Q(hours_reminder_month__gte=1, hours_reminder_month__lte=12),
                name="training_rules_sane",
            ),
        ]

    def __str__(self) -> str:
        return "培训规则"

    @classmethod
    def current(cls) -> TrainingRules:
        """The one row (created with the defaults if a flush removed it)."""
        return cls.objects.get_or_create(pk=1)[0]
