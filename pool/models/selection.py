# Over 400 lines: the 选 tables with their choices; Django model modules stay whole.
"""选: the three recommendation lists, the young-cadre pool, its events, inspections
and vetoes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from pool.models.core import Cadre, Unit, owner_unit_field
from pool.people import crypto, rules
from pool.selection import rules as selection_rules


def validate_attachment(file) -> None:
    """PDF or Word only, at most 10 MB, and the first bytes must match the extension."""
    from django.core.exceptions import ValidationError

    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(position)
    problem = selection_rules.attachment_problem(file.name or "", file.size or 0, head)
    if problem:
        raise ValidationError(problem)


class RecommendationRound(models.Model):
    """One round of recommendations (e.g. 2026年度): when lists are open, and the cap."""

    name = models.CharField("推荐批次", max_length=50, unique=True, help_text="例如：2026年度")
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    unit_cap = models.PositiveSmallIntegerField(
        "每份清单推荐人数上限", null=True, blank=True, help_text="留空表示不限"
    )
    is_open = models.BooleanField("正在推荐", default=True)
    # Who pressed 截止 and when: only they may reopen it, and only up to 截止日期.
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="截止人",
    )
    closed_at = models.DateTimeField("截止时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    owner = owner_unit_field()

    class Meta:
        verbose_name = "推荐批次"
        verbose_name_plural = "推荐批次"
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="recommendation_round_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def may_reopen(self, user, today) -> bool:
        """截止 is undone by who closed it, on or before the round's 截止日期."""
        return (
            not self.is_open
            and self.closed_by_id is not None
            and self.closed_by_id == user.pk
            and today <= self.closes_on
        )


class ListKind(models.TextChoices):
    UNIT = "unit", "单位党组织推荐清单"
    SECTOR = "sector", "领域主管部门推荐清单"
    ORG = "org", "组织部门推荐清单"


class ListStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    UNDER_REVIEW = "under_review", "审核中"
    ACCEPTED = "accepted", "审核通过"
    RETURNED = "returned", "已退回"


class RecommendationList(models.Model):
    """One of the 三张清单 in a round: a unit party committee's list (``unit`` is that
    unit), a sector department's (``unit`` is its scope, ``sector`` its field), or the
    organisation department's own (``unit`` is its jurisdiction)."""

    round = models.ForeignKey(
        RecommendationRound, models.PROTECT, related_name="lists", verbose_name="推荐批次"
    )
    kind = models.CharField("清单类型", max_length=8, choices=ListKind.choices)
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="recommendation_lists", verbose_name="推荐单位"
    )
    sector = models.CharField("领域", max_length=32, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    return_reason = models.TextField("退回原因", blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="报送人",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "推荐清单"
        verbose_name_plural = "推荐清单"
        ordering = ["round_id", "kind", "unit_id", "sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "unit", "sector"], name="recommendation_list_unique"
            ),
            models.CheckConstraint(
                condition=(Q(kind="sector") & ~Q(sector="")) | (~Q(kind="sector") & Q(sector="")),
                name="recommendation_list_sector_only_for_sector_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="recommendation_list_returned_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.round.name} {self.owner_name} {self.get_kind_display()}"

    @property
    def owner_name(self) -> str:
        """Who submits it: 青石镇, 东县（教育卫生领域）, 东县委组织部."""
        if self.kind == ListKind.SECTOR:
            return f"{self.unit.name}（{self.sector}领域）"
        if self.kind == ListKind.ORG:
            return f"{self.unit.name}组织部门"
        return self.unit.name

    @property
    def is_editable(self) -> bool:
        return self.status in (ListStatus.DRAFT, ListStatus.RETURNED)


class RecommendMethod(models.TextChoices):
    INDIVIDUAL = "individual", "个别推荐"
    MEETING = "meeting", "会议推荐"
    DEMOCRATIC = "democratic", "民主推荐"


class Decision(models.TextChoices):
    PENDING = "pending", "待定"
    ACCEPTED = "accepted", "已入库"
    REJECTED = "rejected", "未采纳"


class Recommendation(models.Model):
    """One person on a list, with 推荐理由 (required when the list is submitted)."""

    rec_list = models.ForeignKey(
        RecommendationList,
        models.CASCADE,
        related_name="recommendations",
        verbose_name="推荐清单",
    )
    cadre = models.ForeignKey(
        Cadre, models.PROTECT, related_name="recommendations", verbose_name="推荐人选"
    )
    reason = models.TextField("推荐理由", blank=True)
    achievements = models.TextField("主要实绩", blank=True)
    method = models.CharField(
        "推荐方式",
        max_length=16,
        choices=RecommendMethod.choices,
        default=RecommendMethod.INDIVIDUAL,
    )
    votes_for = models.PositiveIntegerField("得票数", null=True, blank=True)
    votes_total = models.PositiveIntegerField("参加推荐人数", null=True, blank=True)
    attachment = models.FileField(
        "附件",
        upload_to="recommendations/%Y/%m/",
        blank=True,
        max_length=255,
        validators=[validate_attachment],
        help_text="会议纪要、推荐票统计等，PDF或Word，不超过10MB",
    )
    attachment_name = models.CharField("附件文件名", max_length=255, blank=True)
    decision = models.CharField(
        "审核结果", max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "推荐人选"
        verbose_name_plural = "推荐人选"
        ordering = ["rec_list_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rec_list", "cadre"], name="recommendation_once_per_list"
            ),
            models.CheckConstraint(
                condition=Q(votes_for__isnull=True)
                | Q(votes_total__isnull=True)
                | Q(votes_for__lte=models.F("votes_total")),
                name="recommendation_votes_for_within_total",
            ),
        ]
        indexes = [models.Index(fields=["cadre", "decision"])]

    def __str__(self) -> str:
        return f"{self.cadre.name}（{self.rec_list.owner_name}推荐）"


class Tier(models.TextChoices):
    NEAR = "near", "近期使用"
    MID = "mid", "中期培养"
    LONG = "long", "长期跟踪"


class PoolStatus(models.TextChoices):
    IN_POOL = "in_pool", "在库"
    INSPECTION = "inspection", "考察对象"
    USED = "used", "已使用"
    EXITED = "exited", "已出库"


OPEN_POOL_STATUSES = (PoolStatus.IN_POOL, PoolStatus.INSPECTION)


class ExitReason(models.TextChoices):
    PROMOTED = "promoted", "提拔使用"
    OVER_AGE = "over_age", "超龄"
    UNFIT = "unfit", "考核不称职"
    INTEGRITY = "integrity", "廉政问题"
    VETO = "veto", "政治不合格(一票否决)"
    TRANSFERRED = "transferred", "本人调离"
    OTHER = "other", "其他"


class PoolMembership(models.Model):
    """One stay of a person in the 年轻干部库, from entry to exit (blank = still in).

    A person has at most one open stay; a re-entry is a new row, and every move is a
    ``PoolEvent`` row, so nothing is overwritten."""

    cadre = models.ForeignKey(
        Cadre, models.PROTECT, related_name="pool_memberships", verbose_name="干部"
    )
    round = models.ForeignKey(
        RecommendationRound,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="入库批次",
    )
    tier = models.CharField("梯次", max_length=8, choices=Tier.choices)
    status = models.CharField(
        "状态", max_length=16, choices=PoolStatus.choices, default=PoolStatus.IN_POOL
    )
    entered_on = models.DateField("入库日期")
    exited_on = models.DateField("出库日期", null=True, blank=True)
    exit_reason = models.CharField(
        "出库原因", max_length=16, choices=ExitReason.choices, blank=True
    )
    exit_note = models.TextField("出库说明", blank=True)
    # 已使用: the appointment that used the person (a staffing Appointment pk; pool does not
    # import staffing, so it is a plain reference staffing fills) and its document number.
    appointment_ref = models.PositiveIntegerField("任职记录", null=True, blank=True)
    appointment_document = models.CharField("任职文号", max_length=60, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "年轻干部库成员"
        verbose_name_plural = "年轻干部库成员"
        ordering = ["-entered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre"],
                condition=Q(exited_on__isnull=True),
                name="pool_one_open_membership_per_cadre",
            ),
            models.CheckConstraint(
                condition=(Q(exited_on__isnull=True) & Q(status__in=["in_pool", "inspection"]))
                | (
                    Q(exited_on__isnull=False)
                    & Q(status__in=["used", "exited"])
                    & ~Q(exit_reason="")
                    & Q(exited_on__gte=models.F("entered_on"))
                ),
                name="pool_membership_exit_is_complete",
            ),
        ]
        indexes = [models.Index(fields=["status", "tier"])]

    def __str__(self) -> str:
        return f"{self.cadre.name} {self.get_tier_display()} {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.exited_on is None


class PoolEventKind(models.TextChoices):
    ENTRY = "entry", "入库"
    RE_ENTRY = "re_entry", "重新入库"
    TIER_CHANGE = "tier_change", "调整梯次"
    INSPECTION = "inspection", "列为考察对象"
    WITHDRAWAL = "withdrawal", "撤回考察"
    USED = "used", "提拔使用"
    EXIT = "exit", "出库"
    LAPSED = "lapsed", "考察期满未使用"


class PoolEvent(models.Model):
    """One line of a person's pool history; rows are added, never changed."""

    membership = models.ForeignKey(
        PoolMembership, models.CASCADE, related_name="events", verbose_name="入库记录"
    )
    kind = models.CharField("事项", max_length=16, choices=PoolEventKind.choices)
    from_value = models.CharField("变更前", max_length=32, blank=True)
    to_value = models.CharField("变更后", max_length=32, blank=True)
    happened_on = models.DateField("日期")
    reason = models.TextField("原因", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "入库历史"
        verbose_name_plural = "入库历史"
        ordering = ["happened_on", "id"]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.get_kind_display()}"

    @property
    def change_display(self) -> str:
        """``中期培养 → 近期使用``, ``梯次：中期培养`` or the exit reason, for the timeline."""
        tiers, reasons = dict(Tier.choices), dict(ExitReason.choices)
        if self.kind == PoolEventKind.TIER_CHANGE:
            return f"{tiers.get(self.from_value, self.from_value)} → {tiers.get(self.to_value)}"
        if self.kind in (PoolEventKind.ENTRY, PoolEventKind.RE_ENTRY):
            return f"梯次：{tiers.get(self.to_value, self.to_value)}"
        if self.kind in (PoolEventKind.EXIT, PoolEventKind.USED):
            return reasons.get(self.to_value, self.to_value)
        if self.kind == PoolEventKind.INSPECTION:
            return f"拟任：{self.to_value}"
        statuses = dict(PoolStatus.choices)
        if self.kind in (PoolEventKind.WITHDRAWAL, PoolEventKind.LAPSED):
            return (
                f"{statuses.get(self.from_value, self.from_value)} → {statuses.get(self.to_value)}"
            )
        return self.to_value


class InspectionStatus(models.TextChoices):
    ACTIVE = "active", "考察中"
    APPOINTED = "appointed", "已任用"
    WITHDRAWN = "withdrawn", "已撤回"
    LAPSED = "lapsed", "已到期"


class Inspection(models.Model):
    """列为考察对象: a pool member proposed for a post until ``expires_on``. It ends in
    an appointment (the stay becomes 已使用), a withdrawal back to the pool, or lapses.

    ``post_ref`` is an optional staffing ``Post`` pk (pool does not import staffing)."""

    membership = models.ForeignKey(
        PoolMembership, models.CASCADE, related_name="inspections", verbose_name="入库记录"
    )
    proposed_post = models.CharField("拟任职务", max_length=200)
    post_ref = models.PositiveIntegerField("拟任职位（班子职位）", null=True, blank=True)
    started_on = models.DateField("列为考察对象日期")
    expires_on = models.DateField("考察有效期至")
    status = models.CharField(
        "状态", max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.ACTIVE
    )
    ended_on = models.DateField("结束日期", null=True, blank=True)
    end_reason = models.TextField("结束原因", blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="经办人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "考察对象"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(status="active"),
                name="inspection_one_active_per_membership",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("started_on")),
                name="inspection_expires_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(status="active") & Q(ended_on__isnull=True))
                | (~Q(status="active") & Q(ended_on__isnull=False)),
                name="inspection_ended_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.membership.cadre.name} 拟任{self.proposed_post}"


class Veto(models.Model):
    """一票否决: a political or integrity finding that bars the person from the pool
    while it is active. The reason is shown to organisation-department staff only."""

    cadre = models.ForeignKey(Cadre, models.PROTECT, related_name="vetoes", verbose_name="干部")
    reason = models.TextField("否决事由")
    source = models.CharField(
        "依据来源", max_length=200, blank=True, help_text="如：县纪委监委党纪政务处分决定"
    )
    active = models.BooleanField("有效", default=True)
    recorded_at = models.DateTimeField("记录时间")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="记录人",
    )
    lifted_at = models.DateTimeField("解除时间", null=True, blank=True)
    lift_reason = models.TextField("解除原因", blank=True)

    class Meta:
        verbose_name = "一票否决"
        verbose_name_plural = "一票否决"
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["cadre", "active"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(active=True) | Q(lifted_at__isnull=False),
                name="veto_lifted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre.name} 一票否决{'（有效）' if self.active else '（已解除）'}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "待核实"
    ACCEPTED = "accepted", "已核实加入"
    REFUSED = "refused", "已退回"


class NewPersonRequest(models.Model):
    """Someone a unit party committee or sector department wants on its list who is not
    on its roster, entered by ID number. Staff check the ID against the whole roster
    and add the person (or return the request): the unit gets the same answer whether
    or not the number is registered elsewhere, so it cannot probe the roster."""

    rec_list = models.ForeignKey(
        "RecommendationList",
        models.CASCADE,
        related_name="new_person_requests",
        verbose_name="推荐清单",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="提交人"
    )
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=2)
    birth_month = models.DateField("出生年月")
    category = models.CharField("干部类别", max_length=20)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="所在单位")
    current_position = models.CharField("现任职务", max_length=200, blank=True)
    id_cipher = models.BinaryField("身份证号（密文）", editable=False)
    id_hash = models.CharField("身份证号检索码", max_length=64, editable=False)
    id_masked = models.CharField("身份证号", max_length=18, editable=False)
    details = models.JSONField("推荐信息", default=dict, blank=True)
    attachment = models.FileField(
        "附件",
        upload_to="recommendations/%Y/%m/",
        blank=True,
        max_length=255,
        validators=[validate_attachment],
    )
    attachment_name = models.CharField("附件文件名", max_length=255, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    note = models.CharField("核实意见", max_length=200, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="核实人",
    )
    resolved_at = models.DateTimeField("核实时间", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "新增人选核实"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rec_list", "id_hash"],
                condition=Q(status="pending"),
                name="new_person_request_once_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(note=""), name="new_person_request_refusal_note"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.rec_list.owner_name}提交）"

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_cipher) if self.id_cipher else ""

    @id_number.setter
    def id_number(self, raw: str) -> None:
        clear = rules.normalize_id_number(raw)
        self.id_cipher = crypto.encrypt(clear)
        self.id_hash = crypto.lookup_hash(clear)
        self.id_masked = rules.mask_id_number(clear)
