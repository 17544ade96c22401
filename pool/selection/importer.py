"""Import kind ``recommendations``: people added to the importer's own recommendation
list (本单位/本领域/组织部门推荐清单) in the current round, while that list is still
being written (草稿, or 已退回 for correction) and the round is open.

Each row names a person on the roster by 身份证号 and 姓名 (``pool.imports.people``),
with 推荐方式, 推荐理由, 主要实绩 and votes. A person already on the list is updated.
"""

from __future__ import annotations

from django.db.models import Q

from pool import audit
from pool.imports import cells, people
from pool.imports.engine import NEW, UNCHANGED, UPDATED, Column, Context, Kind, Row, register
from pool.models import (
    AuditAction,
    Recommendation,
    RecommendationList,
    RecommendMethod,
    Veto,
)
from pool.people import selectors
from pool.selection import rules as selection_rules
from pool.selection import selectors as selection_selectors

METHODS = {
    "个别推荐": RecommendMethod.INDIVIDUAL, "个人推荐": RecommendMethod.INDIVIDUAL,
    "会议推荐": RecommendMethod.MEETING, "会议": RecommendMethod.MEETING,
    "民主推荐": RecommendMethod.DEMOCRATIC, "民主": RecommendMethod.DEMOCRATIC,
}  # fmt: skip
FIELDS = ("reason", "achievements", "method", "votes_for", "votes_total")
LABELS = {
    "reason": "推荐理由",
    "achievements": "主要实绩",
    "method": "推荐方式",
    "votes_for": "得票数",
    "votes_total": "参加推荐人数",
}


def _fields(v: dict) -> dict:
    """The recommendation's stored values from a row (blank cells as the model keeps them)."""
    return {
        "reason": v.get("reason", ""),
        "achievements": v.get("achievements", ""),
        "method": v.get("method", RecommendMethod.INDIVIDUAL),
        "votes_for": v.get("votes_for"),
        "votes_total": v.get("votes_total"),
    }


def _target(ctx: Context) -> dict:
    """The round and list rows go to, or the problem that stops every row (cached)."""
    if "target" in ctx.cache:
        return ctx.cache["target"]
    target: dict = {"problem": None, "round": None, "list": None, "key": None, "owners": set()}
    key = selection_selectors.own_list_key(ctx.user) if ctx.user is not None else None
    round_ = selection_selectors.current_round()
    if ctx.user is None:
        target["problem"] = "推荐人选须以报送清单的账号导入（命令行请加 --user）"
    elif key is None:
        target["problem"] = "您的角色不报送推荐清单"
    elif round_ is None or not round_.is_open:
        target["problem"] = "当前没有正在推荐的批次"
    else:
        rec_list = RecommendationList.objects.filter(round=round_, **key).first()
        if rec_list is not None and not rec_list.is_editable:
            target["problem"] = f"{round_.name}本清单{rec_list.get_status_display()}，不能再导入"
        target.update(round=round_, list=rec_list, key=key)
        owner = RecommendationList(round=round_, **key)
        owner.unit = selectors.units_for(ctx.user).filter(pk=key["unit_id"]).first()
        if owner.unit is not None:
            target["owners"] = {owner.owner_name, owner.unit.name}
    ctx.cache["target"] = target
    return target


@register
class RecommendationImport(Kind):
    name = "recommendations"
    title = "推荐人选"
    key_column = "身份证号"
    summary_columns = ("姓名", "推荐方式", "推荐理由")
    notes = (
        "导入到本账号在当前推荐批次的推荐清单（草稿或已退回的清单）；清单报送后不能再导入。",
        "推荐单位可不填；填写时须为本清单的推荐单位。",
        "推荐方式填 个别推荐、会议推荐 或 民主推荐；民主推荐请填得票数和参加推荐人数。",
        "同一人已在清单中的，按导入内容更新推荐理由等信息。",
    )
    lookups = ("id_number",)
    columns = (
        people.ID_COLUMN,
        people.NAME_COLUMN,
        Column("推荐单位", "owner", cells.text(100), ("推荐清单", "推荐单位名称"), False,
               "青石镇", width=16),
        Column("推荐方式", "method", cells.choice(METHODS, "推荐方式"), ("方式",), False,
               "会议推荐"),
        Column("推荐理由", "reason", cells.prose(2000), ("推荐意见", "推荐原因"), True,
               "政治坚定，在防汛救灾中冲锋在前", width=40, multiline=True),
        Column("主要实绩", "achievements", cells.prose(2000), ("主要工作实绩", "工作实绩"), False,
               "牵头完成3个村的人居环境整治", width=40, multiline=True),
        Column("得票数", "votes_for", cells.integer(0, 100000, "得票数"), ("赞成票数",), False,
               "", width=8),
        Column("参加推荐人数", "votes_total", cells.integer(0, 100000, "参加推荐人数"),
               ("参加人数", "推荐人数"), False, "", width=10),
    )  # fmt: skip

    def begin(self, ctx: Context) -> None:
        ctx.cache.pop("target", None)
        _target(ctx)

    def check(self, row: Row, ctx: Context) -> None:
        v = row.values
        target = _target(ctx)
        if target["problem"]:
            row.error("推荐单位", target["problem"])
        elif v.get("owner") and cells.name_key(v["owner"]) not in {
            cells.name_key(o) for o in target["owners"]
        }:
            row.error(
                "推荐单位",
                f"“{v['owner']}”不是本清单的推荐单位（应为{'或'.join(sorted(target['owners']))}）",
            )
        problem = selection_rules.votes_problem(v.get("votes_for"), v.get("votes_total"))
        if problem:
            row.error("得票数", problem)
        v.setdefault("method", RecommendMethod.INDIVIDUAL)
        row.summary = (
            v.get("name", ""),
            RecommendMethod(v["method"]).label,
            v.get("reason", "")[:30],
        )
        if "id_number" in v:
            row.key = v["id_number"]

    def classify(self, rows: list[Row], ctx: Context) -> None:
        people.resolve(rows, ctx)
        found = [r for r in rows if "cadre_id" in r.values]
        ids = {r.values["cadre_id"] for r in found}
        vetoed = set(
            Veto.objects.filter(cadre_id__in=ids, active=True).values_list("cadre_id", flat=True)
        )
        rec_list = _target(ctx)["list"]
        stored = (
            {
                r.cadre_id: r
                for r in Recommendation.objects.filter(rec_list=rec_list, cadre_id__in=ids)
            }
            if rec_list is not None
            else {}
        )
        for row in found:
            v = row.values
            if v["cadre_id"] in vetoed:
                row.error("身份证号", "该同志存在一票否决情形，不能推荐")
                continue
            old = stored.get(v["cadre_id"])
            if old is None:
                row.status = NEW
                continue
            values = _fields(v)
            changes = tuple(LABELS[f] for f in FIELDS if values[f] != getattr(old, f))
            if changes:
                row.status, row.payload, row.changes = UPDATED, old.pk, changes
            else:
                row.status = UNCHANGED

    def write(self, rows: list[Row], ctx: Context) -> None:
        target = _target(ctx)
        rec_list, created = RecommendationList.objects.get_or_create(
            round=target["round"], **target["key"]
        )
        if created:
            audit.record(
                ctx.user, AuditAction.CREATE, rec_list, detail="导入推荐人选时新建推荐清单"
            )
        new = [
            Recommendation(
                rec_list=rec_list,
                cadre_id=r.values["cadre_id"],
                **_fields(r.values),
            )
            for r in rows
            if r.status == NEW
        ]
        Recommendation.objects.bulk_create(new)
        for r in rows:
            if r.status == UPDATED:
                Recommendation.objects.filter(Q(pk=r.payload), rec_list=rec_list).update(
                    **_fields(r.values)
                )
