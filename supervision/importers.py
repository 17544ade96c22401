"""管's import kinds: ``assessments`` (年度考核 and 平时考核 results)."""

from __future__ import annotations

from django.utils import timezone

from pool.importing import cells, people
from pool.importing.engine import NEW, UNCHANGED, UPDATED, Column, Context, Kind, Row, register
from supervision.models import ANNUAL_GRADES, QUARTERLY_GRADES, Assessment, AssessmentKind

ASSESSMENT_KINDS = {
    "年度考核": AssessmentKind.ANNUAL, "年度": AssessmentKind.ANNUAL,
    "年终考核": AssessmentKind.ANNUAL, "annual": AssessmentKind.ANNUAL,
    "平时考核": AssessmentKind.QUARTERLY, "平时": AssessmentKind.QUARTERLY,
    "季度考核": AssessmentKind.QUARTERLY, "quarterly": AssessmentKind.QUARTERLY,
}  # fmt: skip
QUARTERS = {
    **{str(q): q for q in range(1, 5)},
    **{f"第{c}季度": q for q, c in enumerate("一二三四", 1)},
    **{f"{c}季度": q for q, c in enumerate("一二三四", 1)},
    **{f"第{q}季度": q for q in range(1, 5)},
    **{f"Q{q}": q for q in range(1, 5)},
}


@register
class AssessmentImport(Kind):
    name = "assessments"
    title = "考核结果"
    key_column = "身份证号"
    summary_columns = ("姓名", "年度", "考核类型", "等次")
    notes = (
        "考核类型填 年度考核 或 平时考核；平时考核须填季度（1～4）。",
        "年度考核等次：优秀、称职、基本称职、不称职；平时考核等次：好、较好、一般、较差。",
        "同一人同一期已有结果的，按导入的等次更新。",
    )
    columns = (
        people.ID_COLUMN,
        people.NAME_COLUMN,
        Column("年度", "year", cells.integer(1980, 2100, "年度"), ("考核年度",), True, 2026,
               width=8),
        Column("考核类型", "kind", cells.choice(ASSESSMENT_KINDS, "考核类型"), ("类型",), True,
               "年度考核"),
        Column("季度", "quarter", cells.choice(QUARTERS, "季度"), ("考核季度",), False, "",
               width=8),
        Column("等次", "grade", cells.text(8), ("考核等次", "考核结果", "结果"), True, "称职",
               width=10),
    )  # fmt: skip

    def check(self, row: Row, ctx: Context) -> None:
        v = row.values
        kind, grade = v.get("kind"), v.get("grade")
        if kind == AssessmentKind.ANNUAL:
            v.pop("quarter", None)
            if grade and grade not in ANNUAL_GRADES:
                row.error("等次", f"年度考核等次应为{'、'.join(ANNUAL_GRADES)}，不能是“{grade}”")
        elif kind == AssessmentKind.QUARTERLY:
            if "quarter" not in v:
                row.error("季度", "平时考核须填写季度（1～4）")
            if grade and grade not in QUARTERLY_GRADES:
                row.error("等次", f"平时考核等次应为{'、'.join(QUARTERLY_GRADES)}，不能是“{grade}”")
        if v.get("year", 0) > timezone.localdate().year:
            row.error("年度", f"年度{v['year']}晚于今年")
        row.summary = (v.get("name", ""), str(v.get("year", "")), str(kind or ""), grade or "")
        if "id_number" in v:
            row.key = (v["id_number"], v.get("year"), kind, v.get("quarter"))

    def classify(self, rows: list[Row], ctx: Context) -> None:
        people.resolve(rows, ctx)
        found = [r for r in rows if "cadre_id" in r.values]
        stored = {
            (a.cadre_id, a.year, a.kind, a.quarter): a
            for a in Assessment.objects.filter(
                cadre_id__in={r.values["cadre_id"] for r in found},
                year__in={r.values["year"] for r in found},
            )
        }
        for row in found:
            v = row.values
            old = stored.get((v["cadre_id"], v["year"], v["kind"], v.get("quarter")))
            if old is None:
                row.status = NEW
            elif old.grade == v["grade"]:
                row.status = UNCHANGED
            else:
                row.status, row.payload, row.changes = UPDATED, old.pk, ("等次",)

    def write(self, rows: list[Row], ctx: Context) -> None:
        Assessment.objects.bulk_create(
            Assessment(
                cadre_id=r.values["cadre_id"],
                year=r.values["year"],
                kind=r.values["kind"],
                quarter=r.values.get("quarter"),
                grade=r.values["grade"],
                recorded_by=ctx.user,
            )
            for r in rows
            if r.status == NEW
        )
        for r in rows:
            if r.status == UPDATED:
                Assessment.objects.filter(pk=r.payload).update(grade=r.values["grade"])
