# Over 400 lines: the base tables every stage reads; Django model modules stay whole.
"""Units, cadres and their career lines, photos, family rows and 审批表 proposals; the
editable young-age thresholds."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from tree_queries.models import TreeNode
from tree_queries.query import TreeQuerySet

from pool.people import crypto, pinyin, rules


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


class UnitQuerySet(TreeQuerySet):
    def subtree(self, of, *, include_self: bool = True):
        """``of`` and every unit below it, in no particular order and without tree fields.

        A recursive query that starts at ``of`` and walks down ``parent_id``; the
        library's ``descendants`` numbers the whole tree first (seconds at a province's
        66,000 units) and cannot appear twice in one query. Use ``descendants`` only where
        the depth-first order matters."""
        root = of.pk if hasattr(of, "pk") else int(of)
        # The sole top of the tree holds every unit: no walk (400 ms at 66,000 units).
        # The condition is evaluated once; when it holds, the walk is never run.
        sole_top = (
            "(SELECT count(*) = 1 AND bool_and(id = %s) FROM pool_unit WHERE parent_id IS NULL)"
        )
        below = RawSQL(
            "WITH RECURSIVE down(id) AS (SELECT id FROM pool_unit WHERE id = %s"
            " UNION ALL SELECT u.id FROM pool_unit u JOIN down ON u.parent_id = down.id)"
            f" SELECT id FROM pool_unit WHERE {sole_top}"
            f" UNION ALL SELECT id FROM down WHERE NOT {sole_top}",
            [root, root, root],
        )
        units = self.filter(pk__in=below)
        return units if include_self else units.exclude(pk=root)


class Unit(TreeNode):
    """An organisation in the tree: a city or county itself, a township, a department..."""

    objects = UnitQuerySet.as_manager(with_tree_fields=False)

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


def owner_unit_field() -> models.ForeignKey:
    """The owner unit of a settings object (a target, a round, a rule table row): only
    staff whose jurisdiction contains it may change the object
    (``pool.people.selectors.may_change_setting``). Blank = the top of the unit tree (全市):
    rows seeded before any unit exists belong to it."""
    return models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="所属单位",
        help_text="只有管辖范围包含该单位的组织部门干部可以修改；空=最上级单位",
    )


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
    """职务层次 (正处 … 副科) and the 职级 of 公务员职务与职级并行 (一级调研员 … 二级科员),
    plus the older 科员 and 办事员. Spellings files use: pool.imports.vocabulary.rank."""

    DIVISION_CHIEF = "正处", "正处"
    DIVISION_DEPUTY = "副处", "副处"
    RESEARCHER_1 = "一级调研员", "一级调研员"
    RESEARCHER_2 = "二级调研员", "二级调研员"
    RESEARCHER_3 = "三级调研员", "三级调研员"
    RESEARCHER_4 = "四级调研员", "四级调研员"
    SECTION_CHIEF = "正科", "正科"
    SECTION_DEPUTY = "副科", "副科"
    PRINCIPAL_1 = "一级主任科员", "一级主任科员"
    PRINCIPAL_2 = "二级主任科员", "二级主任科员"
    PRINCIPAL_3 = "三级主任科员", "三级主任科员"
    PRINCIPAL_4 = "四级主任科员", "四级主任科员"
    STAFF_1 = "一级科员", "一级科员"
    STAFF_2 = "二级科员", "二级科员"
    CLERK = "科员", "科员"
    OFFICER = "办事员", "办事员"
    OTHER = "其他", "其他"


class Education(models.TextChoices):
    """学历 as GB/T 4658 and the 审批表 write it. 研究生 alone: the file names no
    博士/硕士. 党校 education is kept as written (中央党校研究生 …) and counted as
    在职 education (pool.imports.vocabulary.PARTY_SCHOOL_LEVELS)."""

    DOCTOR = "博士研究生", "博士研究生"
    MASTER = "硕士研究生", "硕士研究生"
    GRADUATE = "研究生", "研究生"
    BACHELOR = "大学本科", "大学本科"
    COLLEGE = "大学专科", "大学专科"
    SECONDARY = "中专", "中专"
    HIGH_SCHOOL = "高中及以下", "高中及以下"
    CENTRAL_GRADUATE = "中央党校研究生", "中央党校研究生"
    CENTRAL_UNIVERSITY = "中央党校大学", "中央党校大学"
    CENTRAL_COLLEGE = "中央党校大专", "中央党校大专"
    PROVINCIAL_GRADUATE = "省委党校研究生", "省委党校研究生"
    PROVINCIAL_UNIVERSITY = "省委党校大学", "省委党校大学"
    PROVINCIAL_COLLEGE = "省委党校大专", "省委党校大专"
    CITY_GRADUATE = "市委党校研究生", "市委党校研究生"
    CITY_UNIVERSITY = "市委党校大学", "市委党校大学"
    CITY_COLLEGE = "市委党校大专", "市委党校大专"
    COUNTY_GRADUATE = "县委党校研究生", "县委党校研究生"
    COUNTY_UNIVERSITY = "县委党校大学", "县委党校大学"
    COUNTY_COLLEGE = "县委党校大专", "县委党校大专"


class Degree(models.TextChoices):
    DOCTOR = "博士", "博士"
    MASTER = "硕士", "硕士"
    BACHELOR = "学士", "学士"


class PinyinKeyField(models.CharField):
    """The pinyin search key of another field (``source``), computed on every save and
    by ``bulk_create`` (both call ``pre_save``). ``bulk_update`` and COPY writes set it
    themselves with ``pinyin.search_key``."""

    def __init__(self, *args, source: str = "name", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", pinyin.MAX_LENGTH)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", pinyin.MAX_LENGTH), ("blank", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = pinyin.search_key(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


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
    health = models.CharField("健康状况", max_length=20, blank=True)
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
    search_key = PinyinKeyField("拼音检索码", source="name", default="")
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
    # Blank (shown 未填) when the source file had none: a data gap
    # (pool.people.data_gaps), not an error.
    category = models.CharField(
        "干部类别", max_length=20, choices=CadreCategory.choices, blank=True
    )
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
        indexes = [
            models.Index(fields=["birth_month"]),
            models.Index(fields=["name"]),
            # A province's roster and /api/cadres/ page in (unit, id) order: an index scan
            # that stops after the page instead of sorting the jurisdiction's every row.
            models.Index(fields=["unit", "id"], name="cadre_unit_id_id"),
            # Type-ahead: name, pinyin and initials matched anywhere (LIKE '%...%').
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="cadre_name_trgm"),
            GinIndex(
                fields=["search_key"], opclasses=["gin_trgm_ops"], name="cadre_search_key_trgm"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_month__day=1), name="cadre_birth_month_first_day"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, update_fields=None, **kwargs):
        # The search key follows the name even when only the name is saved.
        if update_fields is not None and "name" in update_fields:
            update_fields = {*update_fields, "search_key"}
        super().save(*args, update_fields=update_fields, **kwargs)

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


class SeatLayer(models.TextChoices):
    """The layer of a seat (``pool.people.rules.seat_layer`` derives it from the unit)."""

    CITY_DEPT = rules.SeatLayer.CITY_DEPT, rules.LAYER_LABELS[rules.SeatLayer.CITY_DEPT]
    COUNTY_LEADERSHIP = (
        rules.SeatLayer.COUNTY_LEADERSHIP,
        rules.LAYER_LABELS[rules.SeatLayer.COUNTY_LEADERSHIP],
    )
    COUNTY_DEPT = rules.SeatLayer.COUNTY_DEPT, rules.LAYER_LABELS[rules.SeatLayer.COUNTY_DEPT]
    TOWNSHIP = rules.SeatLayer.TOWNSHIP, rules.LAYER_LABELS[rules.SeatLayer.TOWNSHIP]
    CITY_BODY = rules.SeatLayer.CITY_BODY, rules.LAYER_LABELS[rules.SeatLayer.CITY_BODY]
    COUNTY_BODY = rules.SeatLayer.COUNTY_BODY, rules.LAYER_LABELS[rules.SeatLayer.COUNTY_BODY]


class YoungThreshold(models.Model):
    """Editable table of the seats: a seat of this layer is held by a young cadre when
    the holder's age is at most ``max_age`` (A/B/C, targets, seating, 人岗相适)."""

    layer = models.CharField("岗位层次", max_length=32, choices=SeatLayer.choices, unique=True)
    max_age = models.PositiveSmallIntegerField("年龄不超过")
    note = models.CharField("说明", max_length=100, blank=True)
    owner = owner_unit_field()

    class Meta:
        verbose_name = "岗位年轻干部年龄标准"
        verbose_name_plural = "岗位年轻干部年龄标准"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_age__gte=18, max_age__lte=70), name="young_threshold_sane_age"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_layer_display()} ≤{self.max_age}岁"


class PoolAgeCeiling(models.Model):
    """Editable table of the people: a cadre of this 职级 counts as a young cadre up to
    ``max_age`` (list eligibility, 超龄, 主体班 share, dashboard counts). The blank rank
    applies to every rank without a row (未填, 其他)."""

    rank = models.CharField(
        "职级",
        max_length=20,
        choices=Rank.choices,
        blank=True,
        unique=True,
        help_text="空=其他职级",
    )
    max_age = models.PositiveSmallIntegerField("年龄不超过")
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "入库年龄上限"
        verbose_name_plural = "入库年龄上限"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_age__gte=18, max_age__lte=70), name="pool_age_ceiling_sane_age"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rank_display() or '其他职级'} ≤{self.max_age}岁"


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
