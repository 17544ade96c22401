"""The import kind ``lrmx``: one .lrmx file (or a .zip / folder of them) per person.

A file is the whole 干部任免审批表, so it replaces what it carries: the cadre's
审批表 fields (a blank element clears the field), the 简历 (career entries),
the family members and the 拟任/拟免/任免理由 part; the photo is replaced when the
file has one and kept when it has none. People are matched by 身份证号 (keyed
hash), as in the roster. LRMX carries no unit and no 干部类别: someone new goes
to the unit their 现任职务 names (东县财政局副局长: 东县/财政局), else the unit the
importer chose (upload form, ``--unit``), and gets the category chosen
(``--category``; none: blank, shown 未填 as a data gap); someone already on the
roster keeps theirs.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from pool.imports import cells
from pool.imports.engine import NEW, UNCHANGED, UPDATED, Column, Context, Kind, Row, register
from pool.imports.kinds import CATEGORIES, GENDERS
from pool.imports.readers import Sheet
from pool.imports.unit_index import UnitIndex
from pool.lrmx import education, resume, values
from pool.lrmx.source import FILE_COLUMN, BadFile, open_lrmx
from pool.models import ApprovalForm, Cadre, CadrePhoto, CareerEntry, FamilyMember, Unit
from pool.people import crypto, pinyin, rules

# Cadre fields an LRMX file carries (all but the ID, which is the key).
CADRE_FIELDS = (
    "name", "gender", "ethnicity", "birth_month", "native_place", "birthplace",
    "party_join_month", "work_start_month", "health", "professional_title", "specialty",
    "fulltime_education", "fulltime_degree", "fulltime_school_major",
    "inservice_education", "inservice_degree", "inservice_school_major",
    "current_position", "rewards", "annual_results",
)  # fmt: skip
FORM_FIELDS = (
    "proposed_position", "proposed_removal", "reason", "submitting_body", "age_reference",
    "filled_on", "filled_by",
)  # fmt: skip
LABELS = {
    "name": "姓名", "gender": "性别", "ethnicity": "民族", "birth_month": "出生年月",
    "native_place": "籍贯", "birthplace": "出生地", "party_join_month": "入党时间",
    "work_start_month": "参加工作时间", "health": "健康状况", "professional_title": "专业技术职务",
    "specialty": "熟悉专业有何专长", "fulltime_education": "全日制学历",
    "fulltime_degree": "全日制学位", "fulltime_school_major": "全日制毕业院校系及专业",
    "inservice_education": "在职学历", "inservice_degree": "在职学位",
    "inservice_school_major": "在职毕业院校系及专业", "current_position": "现任职务",
    "rewards": "奖惩情况", "annual_results": "年度考核结果", "career": "简历",
    "family": "家庭成员", "photo": "照片", "form": "任免审批表（拟任、拟免、任免理由等）",
}  # fmt: skip
STUDY = {  # prefix of the roster fields -> LRMX labels (学历, 学位, the two schools)
    prefix: tuple(
        f"{label}{part}"
        for part in ("学历", "学位", "学历毕业院校系及专业", "学位毕业院校系及专业")
    )
    for prefix, label in (("fulltime", "全日制"), ("inservice", "在职"))
}
SCHOOL_MAX = Cadre._meta.get_field("fulltime_school_major").max_length


def _file(value: object) -> str:
    if isinstance(value, BadFile):
        raise cells.CellError(value.problem)
    return str(value)


def _resume(value: object) -> list[resume.Period]:
    try:
        return resume.in_order(resume.parse_resume(str(value)))
    except resume.ResumeError as exc:
        raise cells.CellError(str(exc)) from None


def _family(value: object) -> list[tuple]:
    """(称谓, 姓名, 出生年月, 政治面貌, 工作单位及职务) per member, checked."""
    limits = (("称谓", 20), ("姓名", 50), None, ("政治面貌", 20), ("工作单位及职务", 200))
    members = []
    for i, member in enumerate(value, start=1):
        for limit, text in zip(limits, member, strict=True):
            if limit and len(text) > limit[1]:
                raise cells.CellError(f"第{i}位家庭成员的{limit[0]}过长（最多{limit[1]}个字）")
        if not member[0] or not member[1]:
            raise cells.CellError(f"第{i}位家庭成员须填写称谓和姓名")
        try:
            born = values.optional_month(member[2]) if member[2] else None
        except cells.CellError as exc:
            raise cells.CellError(f"第{i}位家庭成员的出生年月：{exc}") from None
        status = values.political_status(member[3])
        members.append((member[0], member[1], born, status, member[4]))
    return members


def _column(name: str, field: str, parse=None, required: bool = False) -> Column:
    return Column(name, field, parse or values.plain(), (), required, memo=False)


@register
class LrmxImport(Kind):
    name = "lrmx"
    title = "任免审批表（LRMX）"
    key_column = "身份证号"
    summary_columns = (FILE_COLUMN, "姓名", "身份证号")
    template = False
    options = ("unit", "category")
    notes = (
        "上传一个 .lrmx 文件，或把多个 .lrmx 文件打包成 .zip 上传（命令行也可指定文件夹）。",
        "按身份证号匹配：已在册的干部更新审批表信息、简历、家庭成员、照片和拟任免信息，"
        "所在单位和干部类别不变。",
        "新增的干部按现任职务中的单位名称（如“东县财政局副局长”）放入该单位；现任职务中没有单位名称的，"
        "放入上传时选择的单位。干部类别按上传时的选择，未选择的记为“未填”。",
        "LRMX文件是完整的审批表：文件中为空的项目会清空已有信息；文件中没有照片时保留原照片。",
    )
    columns = (
        Column(FILE_COLUMN, "file", _file, (), False, memo=False),
        _column("姓名", "name", values.name, required=True),
        _column("性别", "gender", cells.choice(GENDERS, "性别")),
        _column("出生年月", "birth_month", cells.month),
        _column("民族", "ethnicity", values.ethnicity),
        _column("籍贯", "native_place", values.plain(50)),
        _column("出生地", "birthplace", values.plain(50)),
        _column("入党时间", "party_join_month", values.optional_month),
        _column("参加工作时间", "work_start_month", cells.month),
        _column("健康状况", "health", values.plain(20)),
        _column("专业技术职务", "professional_title", values.plain(50)),
        _column("熟悉专业有何专长", "specialty", values.plain(100)),
        *(
            _column(label, f"{prefix}_{part}", values.plain(200))
            for prefix, labels in STUDY.items()
            for label, part in zip(labels, ("xueli", "xuewei", "school_a", "school_b"), strict=True)
        ),
        _column("现任职务", "current_position", values.plain(100)),
        _column("拟任职务", "proposed_position", values.plain(200)),
        _column("拟免职务", "proposed_removal", values.plain(200)),
        _column("简历", "career", _resume),
        _column("奖惩情况", "rewards", values.plain(5000)),
        _column("年度考核结果", "annual_results", values.plain(200)),
        _column("任免理由", "reason", values.plain(5000)),
        _column("家庭成员", "family", _family),
        _column("呈报单位", "submitting_body", values.plain(100)),
        _column("计算年龄时间", "age_reference", values.day),
        _column("填表时间", "filled_on", values.day),
        _column("填表人", "filled_by", values.plain(50)),
        _column("身份证号", "id_number", cells.id_number, required=True),
        _column("照片", "photo", values.photo),
    )

    def open(self, stream) -> Sheet:
        return open_lrmx(stream)

    def begin(self, ctx: Context) -> None:
        unit = ctx.options.get("unit")
        found: int | cells.CellError | None = None
        index = ctx.cache["lrmx_index"] = UnitIndex(ctx.scope)
        if unit not in (None, ""):
            try:
                if isinstance(unit, int) or str(unit).isdigit():
                    found = int(unit)
                    if not Unit.objects.filter(pk=found).exists():
                        raise cells.CellError("所选单位不存在")
                    if not index.in_scope(found):
                        raise cells.CellError("所选单位不在您的管辖范围内")
                else:
                    found = index.resolve(str(unit), "所在单位")
            except cells.CellError as exc:
                found = exc
        ctx.cache["lrmx_unit"] = found
        category = ctx.options.get("category")
        chosen: str | cells.CellError | None = None
        if category:
            try:
                chosen = cells.choice(CATEGORIES, "干部类别")(category)
            except cells.CellError as exc:
                chosen = exc
        ctx.cache["lrmx_category"] = chosen

    def check(self, row: Row, ctx: Context) -> None:
        v = row.values
        if any(column == FILE_COLUMN for column, _ in row.errors):
            row.errors = [e for e in row.errors if e[0] == FILE_COLUMN]
            row.summary = (row.label, "", "")
            return
        id_number = v.get("id_number")
        row.summary = (
            row.label,
            v.get("name", ""),
            rules.mask_id_number(id_number) if id_number else "",
        )
        for field in CADRE_FIELDS + FORM_FIELDS:
            v.setdefault(field, None if field.endswith(("_month", "_reference", "_on")) else "")
        v.setdefault("career", [])
        v.setdefault("family", [])
        for prefix, labels in STUDY.items():
            self._study(row, prefix, labels)
        if id_number:
            row.key = id_number
            problem = values.same_month(v["birth_month"], id_number)
            if problem:
                row.error("出生年月", problem)
            v["birth_month"] = rules.birth_date_from_id(id_number).replace(day=1)
            gender = rules.gender_from_id(id_number)
            if v["gender"] not in ("", gender):
                row.error("性别", f"性别“{v['gender']}”与身份证号不符（身份证号显示为{gender}）")
            v["gender"] = gender
            for field in ("party_join_month", "work_start_month"):
                if v[field] and v[field] < v["birth_month"]:
                    row.error(LABELS[field], f"{LABELS[field]}早于出生年月")

    def _study(self, row: Row, prefix: str, labels: tuple[str, ...]) -> None:
        v = row.values
        written = [
            v.pop(f"{prefix}_{part}", "") for part in ("xueli", "xuewei", "school_a", "school_b")
        ]
        try:
            level, subject = education.degree_from_lrmx(written[1])
        except education.EducationError as exc:
            row.error(labels[1], str(exc))
            level, subject = "", ""
        try:
            v[f"{prefix}_education"] = education.education_from_lrmx(written[0], level)
        except education.EducationError as exc:
            row.error(labels[0], str(exc))
        v[f"{prefix}_degree"] = level
        school = education.school_from_lrmx(written[2], written[3], subject, level)
        if len(school) > SCHOOL_MAX:
            row.error(labels[2], f"毕业院校系及专业过长（{len(school)}个字），最多{SCHOOL_MAX}个字")
        v[f"{prefix}_school_major"] = school

    def classify(self, rows: list[Row], ctx: Context) -> None:
        by_hash = {crypto.lookup_hash(r.key): r for r in rows}
        stored = (
            Cadre.objects.filter(id_hash__in=list(by_hash))
            .select_related("photo", "approval_form")
            .prefetch_related("career", "family")
        )
        for cadre in stored:
            row = by_hash.pop(cadre.id_hash)
            if ctx.scope is not None and cadre.unit_id not in ctx.scope:
                row.error(
                    "身份证号",
                    "此人已在您管辖范围以外的单位登记，不能通过导入修改；如属调动，请联系上级组织部门办理",
                )
                continue
            changed = changes(cadre, row.values)
            row.changes = tuple(LABELS[f] for f in changed)
            row.status = UPDATED if changed else UNCHANGED
            row.payload = cadre.pk
        for id_hash, row in by_hash.items():
            category = ctx.cache["lrmx_category"]
            row.values["unit_id"] = self._unit_of_new(row, ctx)
            if isinstance(category, cells.CellError):
                row.error("干部类别", str(category))
            row.status = NEW
            row.payload = id_hash

    @staticmethod
    def _unit_of_new(row: Row, ctx: Context) -> int | None:
        """Someone new goes to the unit their 现任职务 names (东县财政局副局长: the
        longest unit name or path inside the jurisdiction found in the text); the
        unit chosen on import is the fallback for a 现任职务 that names none."""
        chosen = ctx.cache["lrmx_unit"]
        if isinstance(chosen, cells.CellError):
            row.error("所在单位", str(chosen))
            return None
        index: UnitIndex = ctx.cache["lrmx_index"]
        position = row.values.get("current_position", "")
        found = index.named_in(position)
        inside = [ref for ref in found if index.in_scope(ref)]
        if len(inside) == 1:
            return inside[0]
        if chosen in inside:
            return chosen
        if inside:
            shown = "、".join(index.path_text(ref) for ref in inside[:5])
            row.error(
                "所在单位",
                f"此人不在干部名册中，现任职务“{position}”可对应{len(inside)}个单位：{shown}，"
                "无法确定所在单位；请在现任职务中写明上级单位，或分开导入并选择所在单位",
            )
            return None
        if found:
            row.error(
                "所在单位",
                f"此人不在干部名册中，现任职务“{position}”中的单位"
                f"“{index.path_text(found[0])}”不在您的管辖范围内",
            )
            return None
        if chosen is not None:
            return chosen
        if position:
            problem = f"现任职务“{position}”中没有您管辖范围内的单位名称"
        else:
            problem = "LRMX文件没有填写现任职务"
        row.error(
            "所在单位",
            f"此人不在干部名册中，{problem}，无法确定所在单位；请在导入时选择新增干部的所在单位",
        )
        return None

    def write(self, rows: list[Row], ctx: Context) -> None:
        now = timezone.now()
        new = [r for r in rows if r.status == NEW]
        cadres = []
        for r in new:
            cadre = Cadre(
                **{f: r.values[f] for f in CADRE_FIELDS},
                unit_id=r.values["unit_id"],
                category=ctx.cache["lrmx_category"] or "",  # none chosen: 未填, a data gap
            )
            cadre.id_number = r.key
            cadres.append(cadre)
        Cadre.objects.bulk_create(cadres)
        for r, cadre in zip(new, cadres, strict=True):
            r.payload = cadre.pk
        changed = [r for r in rows if r.status == UPDATED]
        Cadre.objects.bulk_update(
            [
                Cadre(
                    pk=r.payload,
                    updated_at=now,
                    search_key=pinyin.search_key(r.values["name"]),
                    **{f: r.values[f] for f in CADRE_FIELDS},
                )
                for r in changed
            ],
            [*CADRE_FIELDS, "search_key", "updated_at"],
            batch_size=500,
        )
        pks = [r.payload for r in rows]
        with transaction.atomic():
            CareerEntry.objects.filter(cadre_id__in=pks).delete()
            FamilyMember.objects.filter(cadre_id__in=pks).delete()
            CareerEntry.objects.bulk_create(
                CareerEntry(
                    cadre_id=r.payload, start_month=p.start, end_month=p.end, description=p.text
                )
                for r in rows
                for p in r.values["career"]
            )
            FamilyMember.objects.bulk_create(
                FamilyMember(
                    cadre_id=r.payload,
                    relation=m[0],
                    name=m[1],
                    birth_month=m[2],
                    political_status=m[3],
                    employer_position=m[4],
                    position=i,
                )
                for r in rows
                for i, m in enumerate(r.values["family"])
            )
            with_photo = [r for r in rows if "photo" in r.values]
            CadrePhoto.objects.filter(cadre_id__in=[r.payload for r in with_photo]).delete()
            CadrePhoto.objects.bulk_create(
                CadrePhoto(
                    cadre_id=r.payload,
                    image=r.values["photo"][0],
                    content_type=r.values["photo"][1],
                )
                for r in with_photo
            )
            ApprovalForm.objects.filter(cadre_id__in=pks).delete()
            ApprovalForm.objects.bulk_create(
                ApprovalForm(cadre_id=r.payload, **{f: r.values[f] for f in FORM_FIELDS})
                for r in rows
                if any(r.values[f] for f in FORM_FIELDS)
            )


def _career(cadre: Cadre) -> list[tuple]:
    entries = sorted(cadre.career.all(), key=lambda e: (e.start_month, e.pk))
    return [(e.start_month, e.end_month, e.description) for e in entries]


def _form(cadre: Cadre) -> tuple:
    form = getattr(cadre, "approval_form", None)
    blank = {f: None if f in ("age_reference", "filled_on") else "" for f in FORM_FIELDS}
    return tuple(getattr(form, f) if form else blank[f] for f in FORM_FIELDS)


def changes(cadre: Cadre, v: dict) -> list[str]:
    """The fields (LABELS keys) where the file differs from what is stored."""
    changed = [f for f in CADRE_FIELDS if v[f] != getattr(cadre, f)]
    if [(p.start, p.end, p.text) for p in v["career"]] != _career(cadre):
        changed.append("career")
    family = sorted(cadre.family.all(), key=lambda m: (m.position, m.pk))
    stored = [
        (m.relation, m.name, m.birth_month, m.political_status, m.employer_position) for m in family
    ]
    if list(v["family"]) != stored:
        changed.append("family")
    photo = getattr(cadre, "photo", None)
    if "photo" in v and (photo is None or (bytes(photo.image), photo.content_type) != v["photo"]):
        changed.append("photo")
    if tuple(
        v[f] or (None if f in ("age_reference", "filled_on") else "") for f in FORM_FIELDS
    ) != _form(cadre):
        changed.append("form")
    return changed
