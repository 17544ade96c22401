# Over 400 lines: the 管 tables; Django model modules stay whole.
"""管: talks and the rules of how often they are due, integrity opinions asked of the
纪委监委, concerns (问题线索) and assessments (年度考核 / 平时考核)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pool.models import Cadre, PoolMembership, Unit, owner_unit_field


class TalkerRole(models.TextChoices):
    COUNTY_LEADER = "county_leader", "县级领导"
    UNIT_HEAD = "unit_head", "单位主要领导"
    DEPUTY_HEAD = "deputy_head", "分管领导"
    PARTY_SECRETARY = "party_secretary", "党委(党组)主要负责同志"
    ORG_DEPT = "org_dept", "组织人事部门"
    MINISTER = "minister", "组织部长"


class TalkKind(models.TextChoices):
    HEART = "heart", "谈心"
    REMINDER = "reminder", "提醒"
    ADMONITION = "admonition", "诫勉"
    INTEGRITY = "integrity", "任职廉政"
    CARE = "care", "关爱"


class Talk(models.Model):
    """谈心谈话: one conversation (or one meeting) with one or more cadres.

    ``note`` is for organisation-department staff only; leaders never see it."""

    talker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="谈话人账号",
    )
    talker_name = models.CharField("谈话人", max_length=50)
    talker_role = models.CharField("谈话人身份", max_length=20, choices=TalkerRole.choices)
    kind = models.CharField("谈话类型", max_length=16, choices=TalkKind.choices)
    date = models.DateField("谈话日期")
    note = models.TextField("谈话要点", blank=True, help_text="仅组织部门可见")
    follow_up = models.TextField("后续事项", blank=True)
    cadres = models.ManyToManyField(
        Cadre, through="TalkParticipant", related_name="talks", verbose_name="谈话对象"
    )
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
        verbose_name = "谈心谈话"
        verbose_name_plural = "谈心谈话"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.talker_name}（{self.get_talker_role_display()}）"


class TalkParticipant(models.Model):
    """One cadre in a talk: a bulk talk after a meeting is one Talk with many rows.
    ``talker_role`` and ``date`` are copied from the talk so the overdue list reads
    one table with one index."""

    talk = models.ForeignKey(Talk, models.CASCADE, related_name="participants")
    cadre = models.ForeignKey(Cadre, models.PROTECT, related_name="talk_participations")
    talker_role = models.CharField("谈话人身份", max_length=20, choices=TalkerRole.choices)
    date = models.DateField("谈话日期")

    class Meta:
        verbose_name = "谈话对象"
        verbose_name_plural = "谈话对象"
        constraints = [
            models.UniqueConstraint(fields=["talk", "cadre"], name="talk_participant_once"),
        ]
        indexes = [models.Index(fields=["cadre", "talker_role", "date"])]

    def __str__(self) -> str:
        return f"{self.cadre_id} @ {self.talk_id}"


class TalkPeriod(models.TextChoices):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    HALF_YEAR = "half_year", "每半年"
    YEAR = "year", "每年"
    AFTER_APPOINTMENT = "after_appointment", "任职后"


CALENDAR_PERIODS = (TalkPeriod.MONTH, TalkPeriod.QUARTER, TalkPeriod.HALF_YEAR, TalkPeriod.YEAR)


# The default 谈话频次 (issue #16) and the policy sentence each comes from: key -> (period,
# times, within_days, basis). The key is the talker role, or the period for the one
# 任职廉政谈话 rule. Migration 0009 seeds the same values.
TALK_RULE_DEFAULTS = {
    "county_leader": ("half_year", 1, None, "县级领导与所联系单位的年轻干部，每半年至少一次"),
    "unit_head": ("quarter", 1, None, "单位主要领导与本单位年轻干部，每季度至少一次"),
    "deputy_head": ("month", 1, None, "分管领导与分管领域年轻干部，每月至少一次"),
    "party_secretary": ("year", 1, None, "党委(党组)主要负责同志，每年至少一次"),
    "org_dept": ("year", 2, None, "组织人事部门与年轻干部谈心谈话，每年至少2次，全覆盖"),
    "minister": ("quarter", 1, None, "组织部长与库内年轻干部谈心谈话，每季度至少1次"),
    "after_appointment": (
        "after_appointment",
        1,
        30,
        "新任职或交流任职的，任职后30日内进行任职廉政谈话",
    ),
}


class TalkRule(models.Model):
    """谈话频次: a talker role talks with every young cadre it covers at least ``times``
    per calendar period (``supervision.rules.talk_status``); or, for the one
    ``after_appointment`` rule, a talk of ``talk_kind`` (任职廉政) within ``within_days``
    days of a new appointment or 交流任职, by any talker."""

    talker_role = models.CharField(
        "谈话人身份", max_length=20, choices=TalkerRole.choices, blank=True
    )
    period = models.CharField("周期", max_length=20, choices=TalkPeriod.choices)
    times = models.PositiveSmallIntegerField("每周期至少谈话次数", default=1)
    within_days = models.PositiveSmallIntegerField(
        "任职后天数", null=True, blank=True, help_text="仅“任职后”规则：任职后多少日内谈话"
    )
    talk_kind = models.CharField(
        "谈话类型", max_length=16, choices=TalkKind.choices, blank=True,
        help_text="仅“任职后”规则：须为该类型的谈话",
    )  # fmt: skip
    note = models.CharField("依据", max_length=200, blank=True)
    updated_at = models.DateTimeField("修改时间", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="修改人",
    )
    owner = owner_unit_field()

    class Meta:
        verbose_name = "谈话频次"
        verbose_name_plural = "谈话频次"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(times__gte=1, times__lte=12), name="talk_rule_times_sane"
            ),
            models.CheckConstraint(
                condition=(
                    Q(period="after_appointment", within_days__gte=1, within_days__lte=365)
                    & ~Q(talk_kind="")
                )
                | (
                    ~Q(period="after_appointment")
                    & Q(within_days__isnull=True)
                    & ~Q(talker_role="")
                ),
                name="talk_rule_shape",
            ),
            models.UniqueConstraint(
                fields=["talker_role"],
                condition=~Q(period="after_appointment"),
                name="talk_rule_one_per_role",
            ),
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(period="after_appointment"),
                name="talk_rule_one_after_appointment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}：{self.frequency_text}"

    @property
    def is_periodic(self) -> bool:
        return self.period != TalkPeriod.AFTER_APPOINTMENT

    @property
    def subject(self) -> str:
        if self.is_periodic:
            return self.get_talker_role_display()
        return f"{self.get_talk_kind_display()}谈话"

    @property
    def key(self) -> str:
        """The talker role, or ``after_appointment`` for the 任职廉政谈话 rule."""
        return self.talker_role if self.is_periodic else self.period

    @property
    def default_text(self) -> str:
        """The default frequency in words (``TALK_RULE_DEFAULTS``), "" if none."""
        default = TALK_RULE_DEFAULTS.get(self.key)
        if default is None:
            return ""
        period, times, days, _ = default
        if period == TalkPeriod.AFTER_APPOINTMENT:
            return f"任职后{days}日内"
        return f"{TalkPeriod(period).label}至少{times}次"

    @property
    def overdue_phrase(self) -> str:
        """逾期未与单位主要领导谈话 / 逾期未进行任职廉政谈话."""
        if self.is_periodic:
            return f"逾期未与{self.get_talker_role_display()}谈话"
        return f"逾期未进行{self.subject}"

    @property
    def frequency_text(self) -> str:
        """每半年至少1次, 每年至少2次, 任职后30日内."""
        if not self.is_periodic:
            return f"任职后{self.within_days}日内"
        return f"{self.get_period_display()}至少{self.times}次"


# The roles whose rule covers only some young cadres: those of the units a 县级领导
# is linked to (联系点) and those in the units or field a 分管领导 oversees.
LINKED_ROLES = (TalkerRole.COUNTY_LEADER, TalkerRole.DEPUTY_HEAD)


class TalkerLink(models.Model):
    """联系点 / 分管: a 县级领导 linked to a unit, or a 分管领导 overseeing a unit or a
    field (``sector``: the units of that field under ``unit``). The talk rule of the
    role then applies to the young cadres of the covered units, and the overdue ledger
    names this talker. Ending a link keeps the row (``ended_on``)."""

    talker_role = models.CharField(
        "谈话人身份", max_length=20, choices=[(r.value, r.label) for r in LINKED_ROLES]
    )
    talker_name = models.CharField("谈话人", max_length=50)
    talker_title = models.CharField("职务", max_length=100, blank=True)
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="talker_links", verbose_name="联系（分管）单位"
    )
    sector = models.CharField(
        "分管领域", max_length=32, blank=True, help_text="填写时，覆盖该单位下属本领域的各单位"
    )
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("终止日期", null=True, blank=True)
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
        verbose_name = "联系点与分管"
        verbose_name_plural = "联系点与分管"
        ordering = ["talker_role", "talker_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(talker_role__in=[r.value for r in LINKED_ROLES]),
                name="talker_link_role_is_linked",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="talker_link_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["talker_role", "talker_name", "unit", "sector"],
                condition=Q(ended_on__isnull=True),
                name="talker_link_once_while_open",
            ),
        ]

    def __str__(self) -> str:
        scope = f"{self.unit.name}{f'（{self.sector}领域）' if self.sector else ''}"
        return f"{self.talker_name}（{self.get_talker_role_display()}）→ {scope}"

    @property
    def label(self) -> str:
        return f"{self.talker_name}{f'（{self.talker_title}）' if self.talker_title else ''}"

    def is_active_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


class IntegrityPurpose(models.TextChoices):
    ADMISSION = "admission", "入库"
    PROMOTION = "promotion", "提拔"
    YEARLY = "yearly", "年度"


class IntegrityRequest(models.Model):
    """廉政意见征求: one batch of people sent to one 纪委监委 liaison account, who alone
    sees it (``addressed_to``)."""

    purpose = models.CharField("征求事由", max_length=16, choices=IntegrityPurpose.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="integrity_requests_sent",
        verbose_name="征求人",
    )
    addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="integrity_requests_received",
        verbose_name="纪委监委联络人",
    )
    created = models.DateTimeField("征求时间", auto_now_add=True)
    due_on = models.DateField("回复期限", null=True, blank=True)

    class Meta:
        verbose_name = "廉政意见征求"
        verbose_name_plural = "廉政意见征求"
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}廉政意见征求 #{self.pk}"

    @property
    def title(self) -> str:
        """What the inbox calls the batch: purpose and the day it was sent."""
        sent = timezone.localtime(self.created) if self.created else None
        day = f"{sent:%Y年%-m月%-d日}" if sent else ""
        return f"{day}{self.get_purpose_display()}廉政意见征求"


class LiaisonSignatories(models.Model):
    """The 承办人 and 审核人 a 纪委监委 liaison signed with last, prefilled next time."""

    liaison = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="integrity_signatories",
        verbose_name="纪委监委联络人",
    )
    first_signatory = models.CharField("承办人", max_length=50)
    second_signatory = models.CharField("审核人", max_length=50)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "廉政意见签字人"

    def __str__(self) -> str:
        return f"{self.first_signatory}、{self.second_signatory}"


class Conclusion(models.TextChoices):
    PENDING = "", "待回复"
    CLEAR = "clear", "无问题"
    CLUES = "clues", "有问题线索"
    CHECKING = "checking", "正在核查"


class IntegrityOpinion(models.Model):
    """廉政意见: the answer about one person; two signatures when answered.
    ``detail`` is for staff and the liaison only."""

    request = models.ForeignKey(
        IntegrityRequest, models.CASCADE, related_name="opinions", verbose_name="征求批次"
    )
    cadre = models.ForeignKey(
        Cadre, models.PROTECT, related_name="integrity_opinions", verbose_name="干部"
    )
    conclusion = models.CharField(
        "结论", max_length=16, choices=Conclusion.choices, blank=True, default=""
    )
    detail = models.TextField("具体情况", blank=True)
    answered_at = models.DateTimeField("回复时间", null=True, blank=True)
    first_signatory = models.CharField("承办人签字", max_length=50, blank=True)
    second_signatory = models.CharField("审核人签字", max_length=50, blank=True)

    class Meta:
        verbose_name = "廉政意见"
        verbose_name_plural = "廉政意见"
        ordering = ["request_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "cadre"], name="integrity_opinion_once"),
            models.CheckConstraint(
                condition=Q(conclusion="", answered_at__isnull=True)
                | (
                    ~Q(conclusion="")
                    & Q(answered_at__isnull=False)
                    & ~Q(first_signatory="")
                    & ~Q(second_signatory="")
                ),
                name="integrity_opinion_answer_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.get_conclusion_display()}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class IntegrityPolicy(models.Model):
    """How long a 无问题 廉政意见 stays current for promotion (editable; one row).

    Neither the policy nor the issue fixes the validity; 6 months is the default, the
    span organisation departments commonly allow between the opinion and the
    decision (部务会/常委会)."""

    valid_months = models.PositiveSmallIntegerField("廉政意见有效期（月）", default=6)

    class Meta:
        verbose_name = verbose_name_plural = "廉政意见有效期"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="integrity_policy_single_row"),
            models.CheckConstraint(
                condition=Q(valid_months__gte=1, valid_months__lte=36),
                name="integrity_policy_months_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"廉政意见有效期{self.valid_months}个月"


class Handling(models.TextChoices):
    VERIFY = "verify", "了解核实"
    REMIND = "remind", "谈话提醒"
    CRITICISE = "criticise", "批评教育"
    ADMONISH = "admonish", "诫勉"
    INQUIRY = "inquiry", "函询"
    ORG_MEASURE = "org_measure", "组织处理"
    DISCIPLINE = "discipline", "党纪政务处分"


VETO_HANDLINGS = frozenset({Handling.ORG_MEASURE, Handling.DISCIPLINE})


class Concern(models.Model):
    """问题线索 / 负面情况 and how it was handled. 组织处理 and 党纪政务处分 veto."""

    cadre = models.ForeignKey(Cadre, models.PROTECT, related_name="concerns", verbose_name="干部")
    source = models.CharField("来源", max_length=100, help_text="如：信访举报、巡察反馈")
    summary = models.TextField("问题摘要")
    handling = models.CharField("处理方式", max_length=16, choices=Handling.choices)
    received_on = models.DateField("受理日期")
    handled_on = models.DateField("处理日期", null=True, blank=True)
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
        verbose_name = "问题线索"
        verbose_name_plural = "问题线索"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(handled_on__isnull=True) | Q(handled_on__gte=models.F("received_on")),
                name="concern_handled_after_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.get_handling_display()}"


class AssessmentKind(models.TextChoices):
    ANNUAL = "annual", "年度考核"
    QUARTERLY = "quarterly", "平时考核"


ANNUAL_GRADES = ("优秀", "称职", "基本称职", "不称职")
QUARTERLY_GRADES = ("好", "较好", "一般", "较差")
GRADE_CHOICES = [(g, g) for g in (*ANNUAL_GRADES, *QUARTERLY_GRADES)]


class Assessment(models.Model):
    """年度考核 (优秀/称职/基本称职/不称职) or 平时考核 of one quarter (好/较好/一般/较差)."""

    cadre = models.ForeignKey(
        Cadre, models.PROTECT, related_name="assessments", verbose_name="干部"
    )
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("考核类型", max_length=16, choices=AssessmentKind.choices)
    quarter = models.PositiveSmallIntegerField("季度", null=True, blank=True)
    grade = models.CharField("等次", max_length=8, choices=GRADE_CHOICES)
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
        verbose_name = "考核"
        verbose_name_plural = "考核"
        ordering = ["-year", "kind", "-quarter", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="annual", quarter__isnull=True, grade__in=ANNUAL_GRADES)
                    | Q(
                        kind="quarterly",
                        quarter__isnull=False,  # NULL would pass the range check
                        quarter__gte=1,
                        quarter__lte=4,
                        grade__in=QUARTERLY_GRADES,
                    )
                ),
                name="assessment_grade_fits_kind",
            ),
            models.UniqueConstraint(
                fields=["cadre", "year", "kind", "quarter"],
                nulls_distinct=False,
                name="assessment_once_per_period",
            ),
        ]

    def __str__(self) -> str:
        period = f"{self.year}年" + (f"第{self.quarter}季度" if self.quarter else "")
        return f"{period}{self.get_kind_display()} {self.grade}"


class PoliticalSource(models.TextChoices):
    SURVEY = "survey", "干部队伍建设大调研"
    INSPECTION = "inspection", "巡视巡察"
    PRE_APPOINTMENT = "pre_appointment", "任前考察"
    ANNUAL = "annual", "年度考核"
    HOME_VISIT = "home_visit", "政治家访"
    NON_APPOINTMENT = "non_appointment", "无任用考察"


class PoliticalFileEntry(models.Model):
    """政治素质档案: one finding about a person's political quality, from one source.
    Organisation-department staff only (leaders never read the finding)."""

    cadre = models.ForeignKey(
        Cadre, models.PROTECT, related_name="political_file", verbose_name="干部"
    )
    source = models.CharField("来源", max_length=20, choices=PoliticalSource.choices)
    date = models.DateField("日期")
    finding = models.TextField("政治素质情况")
    adverse = models.BooleanField(
        "反映政治素质问题",
        default=False,
        help_text="勾选：该记载反映政治素质方面的问题，入库人员列入研判",
    )
    evaluator = models.CharField("评价人（单位）", max_length=100)
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
        verbose_name = verbose_name_plural = "政治素质档案"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["cadre", "date"])]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.get_source_display()} {self.date}"


class KeyTaskCategory(models.TextChoices):
    MAJOR_PROJECT = "major_project", "重大项目"
    PETITION = "petition", "信访维稳"
    RURAL = "rural", "乡村振兴"
    INVESTMENT = "investment", "招商引资"
    GOVERNANCE = "governance", "基层治理"
    EMERGENCY = "emergency", "急难险重"


class PerformanceRating(models.TextChoices):
    EXCELLENT = "优秀", "优秀"
    GOOD = "良好", "良好"
    FAIR = "一般", "一般"
    POOR = "较差", "较差"


class KeyTaskPerformance(models.Model):
    """重点工作表现登记: how one young cadre performed in one of the county's key tasks,
    registered one by one by the responsible unit; feeds the 工作实绩 score."""

    cadre = models.ForeignKey(
        Cadre, models.PROTECT, related_name="key_task_records", verbose_name="干部"
    )
    category = models.CharField("重点工作类别", max_length=20, choices=KeyTaskCategory.choices)
    task_name = models.CharField("任务名称", max_length=100)
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    performance = models.TextField("表现情况")
    rating = models.CharField("评价等次", max_length=4, choices=PerformanceRating.choices)
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name="登记单位", null=True, blank=True
    )
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
        verbose_name = verbose_name_plural = "重点工作表现登记"
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["cadre", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="key_task_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(rating__in=["优秀", "良好", "一般", "较差"]),
                name="key_task_rating_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.task_name} {self.rating}"


class FilingKind(models.TextChoices):
    ANNUAL = "annual", "年度集中报告"
    INDIVIDUAL = "individual", "个别报告"


class CheckKind(models.TextChoices):
    RANDOM = "random", "年度随机抽查"
    FOCUS = "focus", "重点抽查"


class CheckFinding(models.TextChoices):
    TRUTHFUL = "truthful", "如实报告"
    OMITTED = "omitted", "漏报"
    CONCEALED = "concealed", "瞒报"


class PersonalMattersReport(models.Model):
    """个人有关事项报告: one filing of one person (yearly 集中 or 个别), with its due and
    returned dates and, when it was checked (抽查核实), the finding: 如实报告 (一致) or
    漏报/瞒报 (不一致), its basis, the handling and until when it affects promotion
    (影响期). 瞒报 is also recorded as a ``Concern``. Staff only."""

    cadre = models.ForeignKey(
        Cadre, models.PROTECT, related_name="personal_reports", verbose_name="干部"
    )
    year = models.PositiveSmallIntegerField("年度")
    filing = models.CharField("报告类型", max_length=16, choices=FilingKind.choices)
    due_on = models.DateField("应报日期")
    returned_on = models.DateField("报送日期", null=True, blank=True)
    check_kind = models.CharField("抽查方式", max_length=16, choices=CheckKind.choices, blank=True)
    checked_on = models.DateField("核查日期", null=True, blank=True)
    finding = models.CharField("核查结果", max_length=16, choices=CheckFinding.choices, blank=True)
    basis = models.TextField("认定依据", blank=True)
    handling = models.CharField("处理方式", max_length=16, choices=Handling.choices, blank=True)
    affects_until = models.DateField("影响期至", null=True, blank=True)
    concern = models.ForeignKey(
        Concern, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="问题线索"
    )
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
        verbose_name = verbose_name_plural = "个人有关事项报告"
        ordering = ["-year", "-due_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year"],
                condition=Q(filing="annual"),
                name="personal_report_one_annual_per_year",
            ),
            models.CheckConstraint(
                condition=Q(finding="") | (~Q(check_kind="") & Q(checked_on__isnull=False)),
                name="personal_report_finding_has_check",
            ),
            models.CheckConstraint(
                condition=Q(finding__in=["", "truthful"]) | ~Q(handling=""),
                name="personal_report_mismatch_has_handling",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.year}年{self.get_filing_display()}"

    @property
    def result_display(self) -> str:
        """一致 / 不一致（漏报） / 不一致（瞒报） / 未抽查."""
        if not self.finding:
            return "未抽查"
        if self.finding == CheckFinding.TRUTHFUL:
            return "一致"
        return f"不一致（{self.get_finding_display()}）"


class FileItem(models.TextChoices):
    """三龄二历一身份: the items a 干部档案专项审核 determines."""

    BIRTH = "birth", "出生时间"
    WORK_START = "work_start", "参加工作时间"
    PARTY_JOIN = "party_join", "入党时间"
    EDUCATION = "education", "学历学位"
    CAREER = "career", "工作经历"
    IDENTITY = "identity", "干部身份"


# The items whose 认定 value is a month that drives ages and years: the Cadre field.
MONTH_ITEMS = {
    FileItem.BIRTH: "birth_month",
    FileItem.WORK_START: "work_start_month",
    FileItem.PARTY_JOIN: "party_join_month",
}


class AuditCategory(models.TextChoices):
    CONSISTENT = "consistent", "名册与档案一致"
    DETERMINED = "determined", "不一致，已认定"
    PENDING = "pending", "存疑待查"


class FileAuditRecord(models.Model):
    """干部档案专项审核: one determination of one item of one person: the value in the
    roster, the value found in the personnel file, the document it rests on, and the
    认定 decision. Rows are never changed: a new determination is a new row, the
    latest per item is current, and a determined month is written to the roster."""

    cadre = models.ForeignKey(
        Cadre, models.PROTECT, related_name="file_audits", verbose_name="干部"
    )
    item = models.CharField("审核项目", max_length=16, choices=FileItem.choices)
    roster_value = models.CharField("名册记载", max_length=200, blank=True)
    file_value = models.CharField("档案记载", max_length=200)
    source_document = models.CharField(
        "认定依据材料", max_length=200, help_text="如：招工登记表、入党志愿书、学历证书"
    )
    document_date = models.DateField("材料形成日期", null=True, blank=True)
    decided_value = models.CharField("认定结果", max_length=200, blank=True)
    category = models.CharField("认定类别", max_length=16, choices=AuditCategory.choices)
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    created_at = models.DateTimeField("审核时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "干部档案专项审核"
        ordering = ["cadre_id", "item", "-created_at", "-id"]
        indexes = [models.Index(fields=["cadre", "item", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(category="determined") | ~Q(decided_value=""),
                name="file_audit_determined_has_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.get_item_display()} {self.get_category_display()}"


class ReviewTrigger(models.TextChoices):
    CONCERN = "concern", "问题线索"
    CLUES = "clues", "廉政意见有问题线索"
    UNFIT = "unfit", "年度考核不称职"
    WEAK = "weak", "平时考核多次一般或较差"
    POLITICAL = "political", "政治素质问题"


class ReviewDecision(models.TextChoices):
    PENDING = "", "待研判"
    KEEP = "keep", "保留"
    EXIT = "exit", "出库"


REVIEW_DAYS = 30  # staff decide within this many days of the signal


class PoolReview(models.Model):
    """研判 (动态调整): a signal about a pool member (a concern, an integrity answer of
    有问题线索, an annual 不称职, repeated weak 平时考核, a 政治素质 finding) puts the
    stay on the 研判 list; staff decide 保留 or 出库 with a reason within 30 days.
    One per stay and signal (``source_key``), however often the signal is raised."""

    membership = models.ForeignKey(
        PoolMembership, models.CASCADE, related_name="reviews", verbose_name="入库记录"
    )
    cadre = models.ForeignKey(Cadre, models.CASCADE, related_name="+", verbose_name="干部")
    trigger = models.CharField("研判事由", max_length=16, choices=ReviewTrigger.choices)
    summary = models.CharField("情况", max_length=300)
    source_key = models.CharField("来源记录", max_length=40)
    opened_on = models.DateField("列入日期")
    due_on = models.DateField("研判期限")
    decision = models.CharField(
        "研判结果", max_length=8, choices=ReviewDecision.choices, blank=True
    )
    reason = models.TextField("研判理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="研判人",
    )
    decided_at = models.DateTimeField("研判时间", null=True, blank=True)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "研判"
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "source_key"], name="pool_review_once_per_signal"
            ),
            models.CheckConstraint(
                condition=Q(decision="", decided_at__isnull=True)
                | (~Q(decision="") & ~Q(reason="") & Q(decided_at__isnull=False)),
                name="pool_review_decided_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["decision", "due_on"])]

    def __str__(self) -> str:
        return f"{self.cadre_id} 研判（{self.get_trigger_display()}）"
