"""The pool's import kinds: ``units`` (单位) and ``roster`` (干部名册).

Rules shared by both: a blank cell never erases what is stored (files from
different sources often leave columns empty), text is stored as written after
NFKC (a leading = + - @ included: nothing is evaluated), and units are named by
name or by path (东县/城关镇), inside the importing user's jurisdiction.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pool.imports import bulk, cells, vocabulary
from pool.imports.engine import (
    NEW,
    UNCHANGED,
    UPDATED,
    Column,
    Context,
    Kind,
    Row,
    register,
)
from pool.imports.readers import FileProblem
from pool.imports.unit_index import Pending, UnitIndex, norm
from pool.models import Cadre, CadreCategory, Unit, UnitKind, UnitLevel
from pool.people import crypto, pinyin, rules


def _unit_index(ctx: Context) -> UnitIndex:
    if "units" not in ctx.cache:
        ctx.cache["units"] = UnitIndex(ctx.scope)
    return ctx.cache["units"]


def _options(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Accepted spellings: the display label first (shown in messages), then the
    stored value, then common variants."""
    table = {}
    for value, label in choices:
        table[label] = value
        table[value] = value
    return {**table, **(extra or {})}


LEVELS = _options(
    UnitLevel.choices,
    {"市级": "city", "县级": "county", "县区级": "county", "区级": "county", "乡镇级": "township",
     "街道级": "township", "乡镇": "township"},
)  # fmt: skip
UNIT_KINDS = _options(UnitKind.choices, {"乡镇": "township", "街道": "township"})


@register
class UnitKindImport(Kind):
    name = "units"
    title = "单位"
    key_column = "单位名称"
    summary_columns = ("单位名称", "上级单位")
    notes = (
        "上级单位可写名称或路径（如 江州市/东县）；上级单位可以是本文件前面各行新增的单位。",
        "层级可填：市级、县级、乡镇级。已有单位按“上级单位+单位名称”匹配并更新。",
    )
    columns = (
        Column("单位名称", "name", cells.text(100), ("名称", "机构名称"), True, "青石镇", width=20),
        Column("上级单位", "parent", cells.text(300), ("上级", "上级机构", "所属单位"), False,
               "江州市/东县", width=24),
        Column("层级", "level", cells.choice(LEVELS, "层级"), ("单位层级",), False, "乡镇级"),
        Column("单位类别", "kind", cells.choice(UNIT_KINDS, "单位类别"), ("类别", "单位类型"),
               False, "乡镇(街道)", width=18),
        Column("领域", "sector", cells.text(32), ("所属领域",), False, "农业农村"),
    )  # fmt: skip
    fields = ("level", "kind", "sector")

    def begin(self, ctx: Context) -> None:
        index = _unit_index(ctx)
        ctx.cache["stored_units"] = {
            pk: {"pk": pk, "level": level, "kind": kind, "sector": sector}
            for pk, level, kind, sector in Unit.objects.values_list("pk", *self.fields)
        }
        ctx.cache["index"] = index

    def check(self, row: Row, ctx: Context) -> None:
        index: UnitIndex = ctx.cache["index"]
        v = row.values
        name = v.get("name")
        if not name:
            return
        parent = None
        if "parent" in v:
            try:
                parent = index.resolve(v["parent"], "上级单位", scoped=False)
            except cells.CellError as exc:
                row.error("上级单位", str(exc))
                return
        row.summary = (name, index.path_text(parent) if parent is not None else "")
        row.key = (parent, norm(name))
        existing = index.child(parent, name)
        if isinstance(existing, Pending):
            return  # the same unit twice in the file: the engine names the first row
        if existing is not None:
            self._compare(row, ctx, existing, index)
        else:
            self._new(row, ctx, parent, index)

    def _compare(self, row: Row, ctx: Context, pk: int, index: UnitIndex) -> None:
        if not index.in_scope(pk):
            row.error("单位名称", f"单位“{index.path_text(pk)}”不在您的管辖范围内")
            return
        stored = ctx.cache["stored_units"][pk]
        changed = [f for f in self.fields if f in row.values and row.values[f] != stored[f]]
        names = {c.field: c.name for c in self.columns}
        row.changes = tuple(names[f] for f in changed)
        row.status = UPDATED if changed else UNCHANGED
        row.payload = {**stored, **{f: row.values[f] for f in changed}}

    def _new(self, row: Row, ctx: Context, parent, index: UnitIndex) -> None:
        if parent is None and ctx.scope is not None:
            row.error("上级单位", "上级单位不能为空：只能在您的管辖范围内新增单位")
        elif not index.in_scope(parent):
            row.error("上级单位", f"上级单位“{row.values['parent']}”不在您的管辖范围内")
        failed = {column for column, _ in row.errors}
        for field, label in (("level", "层级"), ("kind", "单位类别")):
            if field not in row.values and label not in failed:
                row.error(label, f"新增单位须填写{label}")
        ref = index.add_pending(row.number, row.values["name"], parent)
        if row.errors:
            index.broken.add(ref)
        row.status = NEW
        row.payload = parent

    def write(self, rows: list[Row], ctx: Context) -> None:
        created: dict[Pending, int] = {}
        todo = [r for r in rows if r.status == NEW]
        while todo:  # parents first: one bulk insert per depth of new units
            ready = [r for r in todo if not isinstance(r.payload, Pending) or r.payload in created]
            objs = [
                Unit(
                    name=r.values["name"],
                    parent_id=created[r.payload] if isinstance(r.payload, Pending) else r.payload,
                    level=r.values["level"],
                    kind=r.values["kind"],
                    sector=r.values.get("sector", ""),
                    position=r.number,
                )
                for r in ready
            ]
            Unit.objects.bulk_create(objs)
            created.update({Pending(r.number): o.pk for r, o in zip(ready, objs, strict=True)})
            todo = [r for r in todo if Pending(r.number) not in created]
        changed = [Unit(**r.payload) for r in rows if r.status == UPDATED]
        Unit.objects.bulk_update(changed, list(self.fields), batch_size=500)


GENDERS = {"男": "男", "女": "女", "男性": "男", "女性": "女"}
CATEGORIES = _options(
    CadreCategory.choices,
    {"参公管理": "参公", "事业单位": "事业", "事业编制": "事业", "国有企业": "国企",
     "大学生村官": "到村(社区)工作大学生"},
)  # fmt: skip


def default_category(ctx: Context) -> str:
    """The 干部类别 chosen for the file's new people (blank: none chosen, 未填)."""
    chosen = ctx.options.get("category")
    if not chosen:
        return ""
    try:
        return cells.choice(CATEGORIES, "干部类别")(chosen)
    except cells.CellError as exc:
        raise FileProblem(f"所选干部类别无效：{exc}") from None


def _vocabulary(normalise):
    """A column parser from a pool.imports.vocabulary normaliser (which gets the cell's text)."""

    def parse(value: object):
        return normalise(cells.as_text(value)[:200])

    parse.__doc__ = normalise.__doc__
    return parse


def degree(value: object) -> str:
    """学位 as the roster stores it: the level (法学学士 -> 学士, 公共管理硕士（MPA） -> 硕士)."""
    return vocabulary.degree(cells.as_text(value)[:200])[0]


education = _vocabulary(vocabulary.education)  # a Study: RosterImport.check places it
ethnicity = _vocabulary(vocabulary.ethnicity)
rank = _vocabulary(vocabulary.rank)
# 学历 column -> (its 学位 column, the column of the other kind of education)
STUDY_COLUMNS = {
    "fulltime_education": ("fulltime_degree", "inservice_education", "inservice_degree"),
    "inservice_education": ("inservice_degree", "fulltime_education", "fulltime_degree"),
}


def _text(field: str):
    return cells.text(Cadre._meta.get_field(field).max_length)


@register
class RosterImport(Kind):
    name = "roster"
    title = "干部名册"
    key_column = "身份证号"
    summary_columns = ("姓名", "身份证号", "工作单位")
    notes = (
        "身份证号列请设为文本格式；出生年月可不填（按身份证号）。",
        "日期可写 1988.03、1988年3月、198803。",
        "工作单位可写名称，重名时写路径（如 东县/城关镇）。",
        "已有干部按身份证号匹配并更新；空白单元格不会清除已有信息。",
        "干部类别可不填（名册没有此列也可以）：新增干部记为导入时选择的类别，未选择则记为“未填”，"
        "在“数据质量”中列出待补充。",
    )
    # The 干部类别 of new people whose row has none (upload form, --category).
    lookups = ("id_number",)
    options = ("category",)
    columns = (
        Column("姓名", "name", cells.person_name, ("干部姓名",), True, "张三", memo=False),
        Column("性别", "gender", cells.choice(GENDERS, "性别"), (), False, "男", width=6),
        Column("民族", "ethnicity", ethnicity, (), False, "汉族", width=8),
        Column("出生年月", "birth_month", cells.month_or_ambiguous,
               ("出生日期", "出生时间", "出生年月日"), False, "1990.01", width=10),
        Column("籍贯", "native_place", _text("native_place"), (), False, "湖南浏阳"),
        Column("出生地", "birthplace", _text("birthplace"), (), False, "湖南浏阳"),
        Column("入党时间", "party_join_month", cells.month, ("入党年月", "入党日期"), False,
               "2012.06", width=10),
        Column("参加工作时间", "work_start_month", cells.month, ("参加工作年月", "参工时间"),
               False, "2012.08", width=12),
        Column("健康状况", "health", _text("health"), ("健康情况",), False, "健康", width=8),
        Column("全日制学历", "fulltime_education", education, ("学历",), False, "大学本科"),
        Column("全日制学位", "fulltime_degree", degree, ("学位",), False, "学士"),
        Column("全日制毕业院校及专业", "fulltime_school_major", _text("fulltime_school_major"),
               ("全日制毕业院校系及专业", "毕业院校及专业", "毕业院校系及专业"), False,
               "湖南大学法学专业", width=24),
        Column("在职学历", "inservice_education", education, (), False, "省委党校研究生"),
        Column("在职学位", "inservice_degree", degree, (), False, "硕士"),
        Column("在职毕业院校及专业", "inservice_school_major", _text("inservice_school_major"),
               ("在职毕业院校系及专业",), False, "中央党校经济管理专业", width=24),
        Column("现任职务", "current_position", _text("current_position"), ("职务", "现职务"),
               False, "青石镇党委副书记", width=24),
        Column("职级", "rank", rank, ("现职级", "职务层次", "职务级别"), False, "一级主任科员",
               width=12),
        Column("任现职级时间", "rank_since", cells.month, ("任职级时间", "现职级时间"), False,
               "2022.06", width=12),
        Column("干部类别", "category", cells.choice(CATEGORIES, "干部类别"),
               ("人员类别", "干部身份"), False, "公务员"),
        Column("工作单位", "unit_id", cells.text(300), ("所在单位", "单位", "单位名称"), True,
               "东县/青石镇", width=20),
        Column("身份证号", "id_number", cells.id_number,
               ("公民身份号码", "身份证号码", "公民身份证号码", "身份证"), True,
               "430181199001011233", as_text=True, width=22, memo=False),
    )  # fmt: skip
    # Stored fields compared on re-import (all but the ID, which is the key).
    fields = tuple(c.field for c in columns if c.field != "id_number")
    labels = {c.field: c.name for c in columns}

    def begin(self, ctx: Context) -> None:
        ctx.cache["index"] = _unit_index(ctx)
        ctx.cache["resolved"] = {}
        ctx.cache["default_category"] = default_category(ctx)

    def _unit(self, written: str, ctx: Context) -> int:
        resolved = ctx.cache["resolved"]
        if written not in resolved:
            try:
                resolved[written] = ctx.cache["index"].resolve(written, "工作单位")
            except cells.CellError as exc:
                resolved[written] = exc
        found = resolved[written]
        if isinstance(found, cells.CellError):
            raise found
        return found

    def check(self, row: Row, ctx: Context) -> None:
        v = row.values
        id_number = v.get("id_number")
        row.summary = (
            v.get("name", ""),
            rules.mask_id_number(id_number) if id_number else "",
            v.get("unit_id", ""),
        )
        if "unit_id" in v:
            try:
                v["unit_id"] = self._unit(v["unit_id"], ctx)
            except cells.CellError as exc:
                row.error("工作单位", str(exc))
        birth = v.get("birth_month")
        if id_number:
            row.key = id_number
            self._match_id(row, id_number, birth)
        elif isinstance(birth, cells.AmbiguousMonth):
            row.error("出生年月", birth.message())
        self._studies(v)
        born = v.get("birth_month")
        if not isinstance(born, dt.date):  # blank, or an ambiguous month already reported
            return
        for field in ("party_join_month", "work_start_month"):
            if isinstance(v.get(field), dt.date) and v[field] < born:
                row.error(self.labels[field], f"{self.labels[field]}早于出生年月")

    @staticmethod
    def _studies(v: dict) -> None:
        """学历 cells come as vocabulary.Study: a bare 研究生 takes 博士/硕士 from the
        学位 column; 在职…/党校 education written in the 全日制 (or only) 学历 column
        goes to the 在职 column when that is empty (and 全日制… the other way)."""
        studies = {f: v.pop(f) for f in STUDY_COLUMNS if f in v}
        for field, study in studies.items():
            degree_field, other, other_degree = STUDY_COLUMNS[field]
            value = vocabulary.settle(study.education, v.get(degree_field, ""))
            belongs_there = study.inservice is (field == "fulltime_education")
            if belongs_there and other not in studies and other not in v:
                v[other] = value
                if degree_field in v and other_degree not in v:
                    v[other_degree] = v.pop(degree_field)
            else:
                v[field] = value

    def _match_id(self, row: Row, id_number: str, birth) -> None:
        """Birth month and gender may be left out (the ID gives them) but not contradict it."""
        v = row.values
        born = rules.birth_date_from_id(id_number).replace(day=1)
        shown = rules.format_month(born)
        if isinstance(birth, cells.AmbiguousMonth):
            if born in birth.candidates:
                v["birth_month"] = born
            else:
                message = f"出生年月“{birth.written}”与身份证号中的出生年月{shown}不一致"
                row.error("出生年月", message)
        elif birth is None:
            v["birth_month"] = born
        elif birth != born:
            written = rules.format_month(birth)
            row.error("出生年月", f"出生年月{written}与身份证号中的出生年月{shown}不一致")
        gender = rules.gender_from_id(id_number)
        if v.get("gender", gender) != gender:
            row.error("性别", f"性别“{v['gender']}”与身份证号不符（身份证号显示为{gender}）")
        v["gender"] = gender

    def classify(self, rows: list[Row], ctx: Context) -> None:
        by_hash = {crypto.lookup_hash(r.key): r for r in rows}
        stored = Cadre.objects.filter(id_hash__in=list(by_hash))
        stored = stored.values("pk", "id_hash", *self.fields)
        for old in stored:
            row = by_hash.pop(old.pop("id_hash"))
            if ctx.scope is not None and old["unit_id"] not in ctx.scope:
                row.error(
                    "身份证号",
                    "此人已在您管辖范围以外的单位登记，不能通过导入修改；如属调动，请联系上级组织部门办理",
                )
                continue
            changed = [f for f in self.fields if f in row.values and row.values[f] != old[f]]
            row.changes = tuple(self.labels[f] for f in changed)
            row.status = UPDATED if changed else UNCHANGED
            if changed:
                row.payload = {**old, **{f: row.values[f] for f in changed}}
        for id_hash, row in by_hash.items():
            # No 干部类别: the file's default, else blank (未填, a data gap, not an error).
            row.values.setdefault("category", ctx.cache["default_category"])
            row.status = NEW
            row.payload = id_hash

    def write(self, rows: list[Row], ctx: Context) -> None:
        now = timezone.now()
        # Every stored column, so a field added to Cadre later gets its default.
        columns = [f for f in Cadre._meta.concrete_fields if not f.primary_key]
        defaults = {f.attname: f.get_default() for f in columns}
        defaults.update(is_active=True, created_at=now, updated_at=now)
        names = [f.attname for f in columns]

        def new_rows():
            for r in rows:
                if r.status == NEW:
                    values = {**defaults, **r.values}
                    values["id_cipher"] = crypto.encrypt(r.key)
                    values["id_hash"] = r.payload
                    values["id_masked"] = rules.mask_id_number(r.key)
                    values["search_key"] = pinyin.search_key(values["name"])
                    yield [values[n] for n in names]

        bulk.copy_insert(Cadre, names, new_rows())
        changed = [
            (
                r.payload["pk"],
                *(r.payload[f] for f in self.fields),
                pinyin.search_key(r.payload["name"]),
                now,
            )
            for r in rows
            if r.status == UPDATED
        ]
        if changed:
            bulk.copy_update(Cadre, [*self.fields, "search_key", "updated_at"], changed)
