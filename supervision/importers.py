"""管's import kinds: ``assessments`` (年度考核 and 平时考核 results) and ``talks``
(谈心谈话, one row per person talked to; rows with the same talker, role, kind, date
and notes become one talk with several people, as a bulk talk after a meeting)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from pool.imports import cells, people
from pool.imports.engine import NEW, UNCHANGED, UPDATED, Column, Context, Kind, Row, register
from supervision import reviews
from supervision.models import (
    ANNUAL_GRADES,
    QUARTERLY_GRADES,
    Assessment,
    AssessmentKind,
    Talk,
    TalkerRole,
    TalkKind,
    TalkParticipant,
)

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
    lookups = ("id_number",)
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
        # Rows with errors come too (Kind.lookups): only those with the period are compared.
        found = [r for r in rows if "cadre_id" in r.values and {"year", "kind"} <= r.values.keys()]
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
            elif old.grade == v.get("grade"):
                row.status = UNCHANGED
            else:
                row.status, row.payload, row.changes = UPDATED, old.pk, ("等次",)

    def write(self, rows: list[Row], ctx: Context) -> None:
        made = Assessment.objects.bulk_create(
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
        changed = [r.payload for r in rows if r.status == UPDATED]
        for r in rows:
            if r.status == UPDATED:
                Assessment.objects.filter(pk=r.payload).update(grade=r.values["grade"])
        # The same signals as the form: 不称职 and repeated 一般/较差 go to 研判
        written = Assessment.objects.filter(pk__in=[a.pk for a in made] + changed)
        for assessment in written.select_related("cadre__unit").order_by("pk"):
            reviews.assessment_recorded(ctx.user, assessment)


TALKER_ROLES = {
    "县级领导": TalkerRole.COUNTY_LEADER, "联系县领导": TalkerRole.COUNTY_LEADER,
    "县领导": TalkerRole.COUNTY_LEADER,
    "单位主要领导": TalkerRole.UNIT_HEAD, "主要领导": TalkerRole.UNIT_HEAD,
    "分管领导": TalkerRole.DEPUTY_HEAD,
    "党委(党组)主要负责同志": TalkerRole.PARTY_SECRETARY,
    "党委主要负责同志": TalkerRole.PARTY_SECRETARY,
    "党组主要负责同志": TalkerRole.PARTY_SECRETARY, "党委书记": TalkerRole.PARTY_SECRETARY,
    "组织人事部门": TalkerRole.ORG_DEPT, "组织部门": TalkerRole.ORG_DEPT,
    "组织部": TalkerRole.ORG_DEPT,
}  # fmt: skip
TALK_KINDS = {
    "谈心": TalkKind.HEART, "谈心谈话": TalkKind.HEART,
    "提醒": TalkKind.REMINDER, "提醒谈话": TalkKind.REMINDER,
    "诫勉": TalkKind.ADMONITION, "诫勉谈话": TalkKind.ADMONITION,
    "任职廉政": TalkKind.INTEGRITY, "任职廉政谈话": TalkKind.INTEGRITY,
    "廉政谈话": TalkKind.INTEGRITY, "任前廉政谈话": TalkKind.INTEGRITY,
    "关爱": TalkKind.CARE, "关爱谈话": TalkKind.CARE,
}  # fmt: skip
_DAY = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")


def day(value: object) -> dt.date:
    """A calendar day: a date cell, 2026-07-15, 2026.7.15, 2026/7/15, 2026年7月15日 or
    20260715; not later than today."""
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        written = cells.as_text(value)
        match = _DAY.match(written)
        if match is None and re.fullmatch(r"\d{8}", written):
            match = re.match(r"(\d{4})(\d{2})(\d{2})", written)
        if match is None:
            raise cells.CellError(f"“{written}”不是有效的日期（例如 2026-07-15）")
        try:
            result = dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            raise cells.CellError(f"“{written}”不是有效的日期") from None
    if result > timezone.localdate():
        raise cells.CellError(f"“{result:%Y-%m-%d}”晚于今天")
    return result


def prose(max_length: int):
    """Free Chinese text kept as written: unlike ``cells.text`` no NFKC, which would
    turn the full-width ，。： of a note into ASCII punctuation."""

    def parse(value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        result = str(value).replace("\u200b", "").replace("\ufeff", "").strip()
        if len(result) > max_length:
            raise cells.CellError(f"内容过长（{len(result)}个字），最多{max_length}个字")
        return result

    return parse


@register
class TalkImport(Kind):
    name = "talks"
    title = "谈心谈话"
    key_column = "身份证号"
    summary_columns = ("姓名", "谈话人", "谈话人身份", "谈话日期")
    lookups = ("id_number",)
    notes = (
        "每行一名谈话对象；谈话人、身份、类型、日期和要点都相同的各行记为一次集体谈话。",
        "谈话人身份：县级领导、单位主要领导、分管领导、党委(党组)主要负责同志、组织人事部门。",
        "谈话类型：谈心、提醒、诫勉、任职廉政、关爱。谈话要点仅组织部门可见。",
        "同一人同一谈话人同一天的谈话已导入的，不重复记录。",
    )
    columns = (
        people.ID_COLUMN,
        people.NAME_COLUMN,
        Column("谈话人", "talker_name", cells.person_name, ("谈话领导",), True, "王建国",
               memo=False),
        Column("谈话人身份", "talker_role", cells.choice(TALKER_ROLES, "谈话人身份"),
               ("谈话人类别", "身份"), True, "县级领导", width=22),
        Column("谈话类型", "kind", cells.choice(TALK_KINDS, "谈话类型"), ("类型",), True,
               "谈心"),
        Column("谈话日期", "date", day, ("日期", "谈话时间"), True, "2026-03-15", width=12),
        Column("谈话要点", "note", prose(2000), ("要点", "谈话内容"), False,
               "交流思想和工作情况", width=40, memo=False, multiline=True),
        Column("后续事项", "follow_up", prose(1000), ("跟踪事项",), False, "",
               width=20, memo=False, multiline=True),
    )  # fmt: skip

    def check(self, row: Row, ctx: Context) -> None:
        v = row.values
        role = v.get("talker_role")
        row.summary = (
            v.get("name", ""),
            v.get("talker_name", ""),
            TalkerRole(role).label if role else "",
            f"{v['date']:%Y-%m-%d}" if "date" in v else "",
        )
        if "id_number" in v:
            row.key = (v["id_number"], v.get("talker_name"), role, v.get("date"))

    def classify(self, rows: list[Row], ctx: Context) -> None:
        people.resolve(rows, ctx)
        # Rows with errors come too (Kind.lookups): only those with a date are compared.
        found = [r for r in rows if "cadre_id" in r.values and "date" in r.values]
        stored = set(
            TalkParticipant.objects.filter(
                cadre_id__in={r.values["cadre_id"] for r in found},
                date__in={r.values["date"] for r in found},
            ).values_list("cadre_id", "talk__talker_name", "talker_role", "date")
        )
        for row in found:
            v = row.values
            seen = (v["cadre_id"], v.get("talker_name"), v.get("talker_role"), v["date"])
            row.status = UNCHANGED if seen in stored else NEW

    def write(self, rows: list[Row], ctx: Context) -> None:
        groups: dict[tuple, list[Row]] = {}
        for r in rows:
            if r.status == NEW:
                v = r.values
                key = (v["talker_name"], v["talker_role"], v["kind"], v["date"],
                       v.get("note", ""), v.get("follow_up", ""))  # fmt: skip
                groups.setdefault(key, []).append(r)
        talks = Talk.objects.bulk_create(
            Talk(
                talker_name=name,
                talker_role=role,
                kind=kind,
                date=date,
                note=note,
                follow_up=follow_up,
                recorded_by=ctx.user,
            )
            for name, role, kind, date, note, follow_up in groups
        )
        TalkParticipant.objects.bulk_create(
            TalkParticipant(
                talk=talk, cadre_id=r.values["cadre_id"], talker_role=talk.talker_role,
                date=talk.date,
            )
            for talk, members in zip(talks, groups.values(), strict=True)
            for r in members
        )  # fmt: skip
