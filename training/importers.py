"""育's import kinds: ``enrollments`` (参训记录: who attended which class, hours, result)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from pool.imports import cells, people
from pool.imports.engine import NEW, UNCHANGED, UPDATED, Column, Context, Kind, Row, register
from pool.models import Unit
from pool.people.selectors import grant_of
from training.models import Enrollment, EnrollmentResult, TrainingClass

RESULTS = {
    "结业": EnrollmentResult.COMPLETED, "已结业": EnrollmentResult.COMPLETED,
    "合格": EnrollmentResult.COMPLETED, "是": EnrollmentResult.COMPLETED,
    "未结业": EnrollmentResult.NOT_COMPLETED, "不合格": EnrollmentResult.NOT_COMPLETED,
    "否": EnrollmentResult.NOT_COMPLETED,
    "在训": EnrollmentResult.IN_TRAINING, "培训中": EnrollmentResult.IN_TRAINING,
}  # fmt: skip


def classes_within_reach(ctx: Context) -> list[TrainingClass]:
    """Classes the importer may record attendance of: run by a unit in their scope or
    by a region above it (a county records its people in the city's class). The
    system (no user) reaches every class."""
    classes = TrainingClass.objects.only("pk", "name", "hours", "unit_id")
    if ctx.scope is None:
        return list(classes)
    grant = grant_of(ctx.user)
    above = (
        set(Unit.objects.ancestors(grant.unit).values_list("pk", flat=True))
        if grant is not None and grant.unit_id
        else set()
    )
    return list(classes.filter(Q(unit_id__in=ctx.scope) | Q(unit_id__in=above)))


@register
class EnrollmentImport(Kind):
    name = "enrollments"
    title = "参训记录"
    key_column = "身份证号"
    summary_columns = ("姓名", "班次名称", "学时", "结业情况")
    lookups = ("id_number", "class_id")  # check sets hours and result with class_id
    notes = (
        "班次名称须与系统中已建立的培训班次名称一致（本辖区或上级举办的班次）。",
        "学时空白的，结业者按班次学时计、未结业者按0计。",
        "结业情况填 结业、未结业 或 在训，空白按结业。",
        "同一人同一班次已有记录的，按导入的学时和结业情况更新。",
    )
    columns = (
        people.ID_COLUMN,
        people.NAME_COLUMN,
        Column("班次名称", "class_name", cells.text(100), ("培训班次", "班次", "培训班名称"),
               True, "2026年东县中青年干部培训班", width=30),
        Column("学时", "hours", cells.number(0, 2000, "学时"), ("获得学时", "培训学时"), False, 40,
               width=8),
        Column("结业情况", "result", cells.choice(RESULTS, "结业情况"), ("是否结业", "结业"),
               False, "结业", width=10),
    )  # fmt: skip

    def begin(self, ctx: Context) -> None:
        by_name: dict[str, list[TrainingClass]] = {}
        for klass in classes_within_reach(ctx):
            by_name.setdefault(cells.name_key(klass.name), []).append(klass)
        ctx.cache["classes"] = by_name

    def check(self, row: Row, ctx: Context) -> None:
        v = row.values
        name = v.get("class_name")
        if name:
            found = ctx.cache["classes"].get(cells.name_key(name), [])
            if not found:
                row.error("班次名称", f"没有名为“{name}”的培训班次，请先在“培训班次”中建立")
            elif len(found) > 1:
                row.error("班次名称", f"“{name}”对应{len(found)}个班次，无法确定是哪一个")
            else:
                klass = found[0]
                v["class_id"] = klass.pk
                result = v.setdefault("result", EnrollmentResult.COMPLETED)
                if "hours" not in v:
                    v["hours"] = klass.hours if result == EnrollmentResult.COMPLETED else Decimal(0)
        result_label = dict(EnrollmentResult.choices).get(v.get("result"), "")
        row.summary = (v.get("name", ""), name or "", str(v.get("hours", "")), result_label)
        if "id_number" in v:
            row.key = (v["id_number"], v.get("class_id"))

    def classify(self, rows: list[Row], ctx: Context) -> None:
        people.resolve(rows, ctx)
        found = [r for r in rows if "cadre_id" in r.values and "class_id" in r.values]
        stored = {
            (e.cadre_id, e.training_class_id): e
            for e in Enrollment.objects.filter(
                cadre_id__in={r.values["cadre_id"] for r in found},
                training_class_id__in={r.values["class_id"] for r in found},
            )
        }
        for row in found:
            v = row.values
            old = stored.get((v["cadre_id"], v["class_id"]))
            if old is None:
                row.status = NEW
                continue
            changes = tuple(
                label
                for label, same in (
                    ("学时", old.hours == v["hours"]),
                    ("结业情况", old.result == v["result"]),
                )
                if not same
            )
            if changes:
                row.status, row.payload, row.changes = UPDATED, old.pk, changes
            else:
                row.status = UNCHANGED

    def write(self, rows: list[Row], ctx: Context) -> None:
        Enrollment.objects.bulk_create(
            Enrollment(
                cadre_id=r.values["cadre_id"],
                training_class_id=r.values["class_id"],
                hours=r.values["hours"],
                result=r.values["result"],
            )
            for r in rows
            if r.status == NEW
        )
        updated = [
            Enrollment(pk=r.payload, hours=r.values["hours"], result=r.values["result"])
            for r in rows
            if r.status == UPDATED
        ]
        Enrollment.objects.bulk_update(updated, ["hours", "result"])
