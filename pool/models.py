"""Units, cadres and their career lines; who may see what (role grants)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from tree_queries.models import TreeNode

from pool import crypto, rules


class UnitLevel(models.TextChoices):
    CITY = "city", "市级"
    COUNTY = "county", "县(市、区)级"
    TOWNSHIP = "township", "乡镇(街道)级"


class UnitKind(models.TextChoices):
    PARTY_GOV_DEPT = "party_gov_dept", "党政工作部门"
    TOWNSHIP = "township", "乡镇(街道)"
    COUNTY_LEADERSHIP = "county_leadership", "县市区党政班子"
    INSTITUTION = "institution", "事业单位"
    SOE = "soe", "国有企业"
    MASS_ORG = "mass_org", "群团"
    INTERNAL_BODY = "internal_body", "内设机构"
    REGION = "region", "地区（市、县区本级）"


class Unit(TreeNode):
    """An organisation in the tree: a city or county itself, a township, a department..."""

    name = models.CharField("单位名称", max_length=100)
    level = models.CharField("层级", max_length=16, choices=UnitLevel.choices)
    kind = models.CharField("单位类别", max_length=32, choices=UnitKind.choices)
    sector = models.CharField("领域", max_length=32, blank=True)
    position = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("有效", default=True)

    class Meta(TreeNode.Meta):
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "男", "男"
    FEMALE = "女", "女"


class CadreCategory(models.TextChoices):
    CIVIL_SERVANT = "公务员", "公务员"
    QUASI_CIVIL = "参公", "参照公务员法管理"
    INSTITUTION = "事业", "事业"
    SOE = "国企", "国企"
    SELECTED_GRADUATE = "选调生", "选调生"
    VILLAGE_GRADUATE = "到村(社区)工作大学生", "到村(社区)工作大学生"
    TALENT = "引进人才", "引进人才"


class Rank(models.TextChoices):
    DIVISION_CHIEF = "正处", "正处"
    DIVISION_DEPUTY = "副处", "副处"
    SECTION_CHIEF = "正科", "正科"
    SECTION_DEPUTY = "副科", "副科"
    PRINCIPAL_1 = "一级主任科员", "一级主任科员"
    PRINCIPAL_2 = "二级主任科员", "二级主任科员"
    PRINCIPAL_3 = "三级主任科员", "三级主任科员"
    PRINCIPAL_4 = "四级主任科员", "四级主任科员"
    STAFF_1 = "一级科员", "一级科员"
    STAFF_2 = "二级科员", "二级科员"
    OTHER = "其他", "其他"


class Education(models.TextChoices):
    DOCTOR = "博士研究生", "博士研究生"
    MASTER = "硕士研究生", "硕士研究生"
    BACHELOR = "大学本科", "大学本科"
    COLLEGE = "大学专科", "大学专科"
    SECONDARY = "中专", "中专"
    HIGH_SCHOOL = "高中及以下", "高中及以下"


class Degree(models.TextChoices):
    DOCTOR = "博士", "博士"
    MASTER = "硕士", "硕士"
    BACHELOR = "学士", "学士"


class Cadre(models.Model):
    """One person on the roster: the core of the 干部任免审批表.

    The ID number is stored encrypted (``id_cipher``), found by a keyed hash
    (``id_hash``) and shown masked (``id_masked``); use ``id_number`` to read or
    set the clear value.
    """

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=2, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    birth_month = models.DateField("出生年月", help_text="存为当月1日")
    native_place = models.CharField("籍贯", max_length=50, blank=True)
    birthplace = models.CharField("出生地", max_length=50, blank=True)
    party_join_month = models.DateField("入党时间", null=True, blank=True)
    work_start_month = models.DateField("参加工作时间", null=True, blank=True)
    health = models.CharField("健康状况", max_length=20, default="健康", blank=True)
    fulltime_education = models.CharField(
        "全日制学历", max_length=20, choices=Education.choices, blank=True
    )
    fulltime_degree = models.CharField(
        "全日制学位", max_length=10, choices=Degree.choices, blank=True
    )
    fulltime_school_major = models.CharField("全日制毕业院校及专业", max_length=100, blank=True)
    inservice_education = models.CharField(
        "在职学历", max_length=20, choices=Education.choices, blank=True
    )
    inservice_degree = models.CharField(
        "在职学位", max_length=10, choices=Degree.choices, blank=True
    )
    inservice_school_major = models.CharField("在职毕业院校及专业", max_length=100, blank=True)
    current_position = models.CharField("现任职务", max_length=100, blank=True)
    professional_title = models.CharField("专业技术职务", max_length=50, blank=True)
    specialty = models.CharField("熟悉专业有何专长", max_length=100, blank=True)
    rewards = models.TextField("奖惩情况", blank=True)
    annual_results = models.CharField(
        "年度考核结果（文字）",
        max_length=200,
        blank=True,
        help_text="审批表或LRMX中写明的文字；为空时按考核记录生成",
    )
    rank = models.CharField("职级", max_length=20, choices=Rank.choices, blank=True)
    rank_since = models.DateField("任现职级时间", null=True, blank=True)
    category = models.CharField("干部类别", max_length=20, choices=CadreCategory.choices)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="cadres", verbose_name="所在单位")
    id_cipher = models.BinaryField("身份证号（密文）", editable=False)
    id_hash = models.CharField("身份证号检索码", max_length=64, unique=True, editable=False)
    id_masked = models.CharField("身份证号", max_length=18, editable=False)
    is_active = models.BooleanField("在册", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "干部"
        verbose_name_plural = "干部"
        ordering = ["unit_id", "id"]
        indexes = [models.Index(fields=["birth_month"]), models.Index(fields=["name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_month__day=1), name="cadre_birth_month_first_day"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_cipher) if self.id_cipher else ""

    @id_number.setter
    def id_number(self, raw: str) -> None:
        clear = rules.normalize_id_number(raw)
        self.id_cipher = crypto.encrypt(clear)
        self.id_hash = crypto.lookup_hash(clear)
        self.id_masked = rules.mask_id_number(clear)

    def age_at(self, ref) -> int:
        return rules.age_at(self.birth_month, ref)

    @property
    def birth_month_display(self) -> str:
        return rules.format_month(self.birth_month)


class CareerEntry(models.Model):
    """One line of the 简历: from a month to a month (blank = now), what and where."""

    cadre = models.ForeignKey(Cadre, models.CASCADE, related_name="career", verbose_name="干部")
    start_month = models.DateField("起始年月")
    end_month = models.DateField("截止年月", null=True, blank=True)
    description = models.CharField("工作单位及职务", max_length=200)

    class Meta:
        verbose_name = "简历"
        verbose_name_plural = "简历"
        ordering = ["cadre_id", "start_month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_month__isnull=True) | Q(end_month__gte=models.F("start_month")),
                name="career_entry_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        end = rules.format_month(self.end_month) or "至今"
        return f"{rules.format_month(self.start_month)}—{end} {self.description}"


class YoungThreshold(models.Model):
    """Editable table: a seat in a unit of this level (and kind) is held by a young
    cadre when the holder's age is at most ``max_age``. Blank kind = any kind."""

    level = models.CharField("层级", max_length=16, choices=UnitLevel.choices)
    kind = models.CharField("单位类别", max_length=32, choices=UnitKind.choices, blank=True)
    max_age = models.PositiveSmallIntegerField("年龄不超过")
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "年轻干部年龄标准"
        verbose_name_plural = "年轻干部年龄标准"
        ordering = ["level", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["level", "kind"], name="young_threshold_unique"),
            models.CheckConstraint(
                condition=Q(max_age__gte=18, max_age__lte=70), name="young_threshold_sane_age"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.get_kind_display() or ''} ≤{self.max_age}岁"

    def as_rule(self) -> rules.YoungRule:
        return rules.YoungRule(self.level, self.kind, self.max_age)


class Role(models.TextChoices):
    STAFF = "staff", "组织部干部科"
    UNIT_COMMITTEE = "unit_committee", "单位党组织"
    SECTOR_DEPT = "sector_dept", "领域主管部门"
    LEADER = "leader", "领导"
    DISCIPLINE_LIAISON = "discipline_liaison", "纪委监委联络员"
    SYS_ADMIN = "sys_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


class RoleGrant(models.Model):
    """An account's one role and its scope. One per account, so no account can
    hold two of the three administrator roles (三员分立)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="grant", verbose_name="账号"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name="管辖范围（单位）",
        help_text="干部科、领导：该单位及其下级；单位党组织：本单位；领域主管部门：该单位下属本领域单位",
    )
    sector = models.CharField("领域", max_length=32, blank=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=["staff", "unit_committee", "sector_dept", "leader"])
                | Q(unit__isnull=False),
                name="role_grant_scoped_roles_have_unit",
            ),
            models.CheckConstraint(
                condition=~Q(role="sector_dept") | ~Q(sector=""),
                name="role_grant_sector_dept_has_sector",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class AccountSecurity(models.Model):
    """Password ageing and history for one account (等保三级): change at first login,
    every 90 days, and not to any of the last 5."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="security", verbose_name="账号"
    )
    must_change_password = models.BooleanField("下次登录须改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    previous_hashes = models.JSONField("历史密码（哈希）", default=list, blank=True)

    class Meta:
        verbose_name = "账号安全"
        verbose_name_plural = "账号安全"

    def __str__(self) -> str:
        return str(self.user)


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    BULK_WRITE = "bulk_write", "批量写入"
    IMPORT = "import", "导入"
    EXPORT = "export", "导出"
    VIEW = "view", "查看干部档案"
    REVEAL_ID = "reveal_id", "查看身份证号"
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出"
    LOGIN_FAILED = "login_failed", "登录失败"
    SESSION_TIMEOUT = "session_timeout", "会话超时"
    PERMISSION_CHANGE = "permission_change", "权限变更"
    ACCESS_DENIED = "access_denied", "越权访问被拒"


class AuditEntry(models.Model):
    """One line of the append-only audit log. The database refuses UPDATE, and
    DELETE of rows younger than the retention period (trigger in a migration).
    ``row_hash`` chains each row to the one before it (``manage.py verify_audit``)."""

    at = models.DateTimeField("时间", db_index=True)
    # DO_NOTHING without a database constraint: deleting an account never rewrites
    # its audit rows (the trigger would refuse the UPDATE); actor_name keeps the name.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name="操作人",
    )
    actor_name = models.CharField("操作人账号", max_length=150, blank=True)
    ip = models.GenericIPAddressField("IP地址", null=True, blank=True)
    action = models.CharField("操作", max_length=32, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    success = models.BooleanField("成功", default=True)
    detail = models.TextField("说明", blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    row_hash = models.CharField(max_length=64, editable=False, unique=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "处理中"
    PREVIEWED = "previewed", "待确认"
    COMMITTED = "committed", "已导入"
    FAILED = "failed", "未导入"


class ImportRun(models.Model):
    """One bulk import: who, when, which file (kept, so confirming re-reads it), the
    counts and every row error. A dry run on the command line is not recorded."""

    kind = models.CharField("导入类型", max_length=32)
    source = models.CharField("方式", max_length=8, default="web", help_text="web 或 cli")
    file = models.FileField("文件", upload_to="imports/%Y/%m/", blank=True, max_length=255)
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name="导入人",
    )
    status = models.CharField(
        "状态", max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    skip_invalid = models.BooleanField("跳过错误行", default=False)
    message = models.CharField("说明", max_length=500, blank=True)
    header_row = models.PositiveIntegerField("表头行号", null=True, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)
    committed_at = models.DateTimeField("导入时间", null=True, blank=True)
    rows_total = models.PositiveIntegerField("数据行数", default=0)
    # Large files are checked and written by a Celery task ("preview" or "commit");
    # rows_done is its progress, written as it goes so the page polling it sees it.
    job = models.CharField("后台任务", max_length=8, blank=True)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    heartbeat_at = models.DateTimeField("后台最近进展", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("后台尝试次数", default=0)
    valid = models.PositiveIntegerField("有效行", default=0)
    invalid = models.PositiveIntegerField("错误行", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("无变化", default=0)
    errors = models.JSONField("错误明细", default=list, blank=True)
    options = models.JSONField(
        "导入选项", default=dict, blank=True, help_text="如LRMX导入时选择的默认单位、干部类别"
    )

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"


class ImportRow(models.Model):
    """One data row of an import as the preview shows it (status, errors, changes)."""

    run = models.ForeignKey(ImportRun, models.CASCADE, related_name="rows", verbose_name="导入")
    row = models.PositiveIntegerField("行号")
    status = models.CharField("状态", max_length=16)
    summary = models.JSONField("摘要", default=list)
    errors = models.JSONField("错误", default=list, blank=True)
    changes = models.CharField("修改的列", max_length=500, blank=True)

    class Meta:
        verbose_name = "导入行"
        verbose_name_plural = "导入行"
        ordering = ["run_id", "row"]
        constraints = [
            models.UniqueConstraint(fields=["run", "row"], name="import_row_unique_in_run"),
        ]
        indexes = [models.Index(fields=["run", "status", "row"])]

    def __str__(self) -> str:
        return f"第{self.row}行 {self.status}"


# ---------------------------------------------------------------------------
# 选: the three recommendation lists, the young-cadre pool and vetoes.
# ---------------------------------------------------------------------------


def validate_attachment(file) -> None:
    """PDF or Word only, at most 10 MB, and the first bytes must match the extension."""
    from django.core.exceptions import ValidationError

    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(position)
    problem = rules.attachment_problem(file.name or "", file.size or 0, head)
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
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

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


class Notice(models.Model):
    """An in-app reminder (站内提醒) for one user, written by periodic tasks and services.

    ``key`` makes a reminder idempotent: the monthly task that finds the same overdue
    talk twice in a month writes one notice, not two.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notices", verbose_name="接收人"
    )
    kind = models.CharField("类别", max_length=32)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    key = models.CharField("去重键", max_length=120, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "站内提醒"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~models.Q(key=""),
                name="notice_once_per_key",
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class CadrePhoto(models.Model):
    """The 审批表 photo, kept in the database (small, and it travels in LRMX as base64)."""

    MAX_BYTES = 2 * 1024 * 1024
    cadre = models.OneToOneField(Cadre, models.CASCADE, related_name="photo", verbose_name="干部")
    image = models.BinaryField("照片")
    content_type = models.CharField("格式", max_length=20)  # image/jpeg, image/png
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "干部照片"

    def __str__(self) -> str:
        return f"{self.cadre_id} 照片"


class FamilyMember(models.Model):
    """家庭主要成员及重要社会关系, one row of the 审批表's last table."""

    cadre = models.ForeignKey(Cadre, models.CASCADE, related_name="family", verbose_name="干部")
    relation = models.CharField("称谓", max_length=20)
    name = models.CharField("姓名", max_length=50)
    birth_month = models.DateField("出生年月", null=True, blank=True)
    political_status = models.CharField("政治面貌", max_length=20, blank=True)
    employer_position = models.CharField("工作单位及职务", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "家庭成员"
        ordering = ["cadre_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.relation} {self.name}"


class ApprovalForm(models.Model):
    """The proposal part of a person's 干部任免审批表 (拟任/拟免/任免理由 and the form's
    footer), kept so the .docx export and LRMX exchange carry it unchanged."""

    cadre = models.OneToOneField(
        Cadre, models.CASCADE, related_name="approval_form", verbose_name="干部"
    )
    proposed_position = models.CharField("拟任职务", max_length=200, blank=True)
    proposed_removal = models.CharField("拟免职务", max_length=200, blank=True)
    reason = models.TextField("任免理由", blank=True)
    submitting_body = models.CharField("呈报单位", max_length=100, blank=True)
    age_reference = models.DateField("计算年龄时间", null=True, blank=True)
    filled_on = models.DateField("填表时间", null=True, blank=True)
    filled_by = models.CharField("填表人", max_length=50, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "任免审批表"

    def __str__(self) -> str:
        return f"{self.cadre_id} 任免审批表"


# ---------------------------------------------------------------------------
# 积分排序: a weighted scheme of items ranking the pool.
# ---------------------------------------------------------------------------


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
    ``pool.scoring`` (学历, 基层经历, 年度考核 ...); any other code is scored by hand."""

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
