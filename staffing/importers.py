"""用's import kinds: ``posts`` (核定职数 of each unit's team) and ``appointments``
(who holds which post since when, and until when).

Units are named as in the roster import (a name, or a path such as 东县/青石镇) inside
the importer's jurisdiction. Re-importing the same file changes nothing. The checks
of the 任职 page apply to imported rows too (超职数配备, two seats in one team), so
the preview shows them row by row before anything is written. Appointments dated in the
current month or later (dates are months, so that may be today) pass the same gates as
the page (一票否决 and 凡提四必 for a promotion, the 双把关 动议 for an A or B team);
earlier ones are records and import as they are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from pool.imports import cells, people, vocabulary
from pool.imports.engine import NEW, UNCHANGED, UPDATED, Column, Context, Kind, Row, register
from pool.imports.unit_index import UnitIndex
from pool.models import Cadre
from staffing import rules
from staffing.models import Appointment, LeadershipTeam, Post, SecondSignOff
from staffing.selectors.gates import gates_for, motion_gate

KIND_NAMES = {True: "正职", False: "副职"}
GENERIC_TITLES = {True: "正职", False: "副职"}
CHIEF_OR_DEPUTY = {
    "正职": "chief", "副职": "deputy", "正": "chief", "副": "deputy",
    **vocabulary.CHIEF_OR_DEPUTY,  # a 职务层次 column: 正科级, 科级正职, 副处 ...
}  # fmt: skip


_norm = cells.name_key  # post titles, compared on both sides


def _fmt(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


@dataclass
class _Post:
    pk: int | None  # None: created by an earlier row of this import
    title: str
    is_chief: bool
    quota: int


class _Units:
    """Resolving the 单位名称 cell once per distinct spelling."""

    def __init__(self, ctx: Context):
        if "units" not in ctx.cache:
            ctx.cache["units"] = UnitIndex(ctx.scope)
            ctx.cache["resolved"] = {}
        self.index: UnitIndex = ctx.cache["units"]
        self.resolved: dict = ctx.cache["resolved"]

    def resolve(self, written: str) -> int:
        if written not in self.resolved:
            try:
                self.resolved[written] = self.index.resolve(written, "单位")
            except cells.CellError as exc:
                self.resolved[written] = exc
        found = self.resolved[written]
        if isinstance(found, cells.CellError):
            raise found
        return found


def _load_posts() -> tuple[dict[int, int], dict[int, list[_Post]]]:
    """Each unit's team and each team's posts (one query each)."""
    teams = dict(LeadershipTeam.objects.values_list("unit_id", "pk"))
    posts: dict[int, list[_Post]] = defaultdict(list)
    for pk, team_id, title, is_chief, quota in Post.objects.order_by(
        "team_id", "position", "pk"
    ).values_list("pk", "team_id", "title", "is_chief", "quota"):
        posts[team_id].append(_Post(pk, title, is_chief, quota))
    return teams, posts


UNIT_COLUMN = Column(
    "单位名称", "unit_id", cells.text(300), ("单位", "工作单位", "机构名称", "所在单位"), True,
    "东县/青石镇", width=20,
)  # fmt: skip


@register
class PostImport(Kind):
    name = "posts"
    title = "领导职数"
    key_column = "单位名称"
    summary_columns = ("单位名称", "正职职数", "副职职数")
    notes = (
        "每个单位一行：领导班子的正职、副职核定职数合计。",
        "单位可写名称，重名时写路径（如 东县/青石镇）。",
        "尚无领导班子的单位将新建班子，并设“正职”“副职”两个职位；已按职位设置的班子，"
        "只有一个正职（副职）职位时调整该职位的职数。",
        "职数不能少于该职位现有在任人数。",
    )
    columns = (
        UNIT_COLUMN,
        Column("正职职数", "chiefs", cells.integer(0, 99, "正职职数"), ("正职", "正职核定职数"),
               True, 2, width=10),
        Column("副职职数", "deputies", cells.integer(0, 99, "副职职数"), ("副职", "副职核定职数"),
               True, 5, width=10),
    )  # fmt: skip

    def begin(self, ctx: Context) -> None:
        self.units = _Units(ctx)
        ctx.cache["teams"], ctx.cache["posts"] = _load_posts()
        held: dict[int, int] = defaultdict(int)
        for post_id in Appointment.objects.serving_on(dt.date.today()).values_list(
            "post_id", flat=True
        ):
            held[post_id] += 1
        ctx.cache["held"] = held

    def check(self, row: Row, ctx: Context) -> None:
        v = row.values
        written = v.get("unit_id", "")
        row.summary = (written, str(v.get("chiefs", "")), str(v.get("deputies", "")))
        if written:
            try:
                v["unit_id"] = _Units(ctx).resolve(written)
            except cells.CellError as exc:
                row.error("单位名称", str(exc))
                return
            row.key = v["unit_id"]

    def classify(self, rows: list[Row], ctx: Context) -> None:
        teams, posts, held = ctx.cache["teams"], ctx.cache["posts"], ctx.cache["held"]
        for row in rows:
            v = row.values
            team_id = teams.get(v["unit_id"])
            create, update, changes = [], [], []
            for is_chief, field in ((True, "chiefs"), (False, "deputies")):
                label = f"{KIND_NAMES[is_chief]}职数"
                wanted = v[field]
                mine = [p for p in posts.get(team_id, []) if p.is_chief == is_chief]
                if sum(p.quota for p in mine) == wanted:
                    continue
                if not mine:
                    if wanted:
                        create.append((is_chief, wanted))
                        changes.append(label)
                elif len(mine) == 1:
                    in_post = held.get(mine[0].pk, 0)
                    if wanted < in_post:
                        row.error(
                            label,
                            f"{mine[0].title}现有在任{in_post}名，职数不能少于在任人数",
                        )
                    update.append((mine[0].pk, wanted))
                    changes.append(label)
                else:
                    shown = "、".join(f"{p.title}{p.quota}名" for p in mine)
                    row.error(
                        label,
                        f"该单位已按职位设置{KIND_NAMES[is_chief]}（{shown}，合计"
                        f"{sum(p.quota for p in mine)}名），导入的{wanted}名与合计不一致，"
                        "无法确定调整哪个职位",
                    )
            row.changes = tuple(changes)
            row.payload = (team_id, create, update)
            if team_id is None:
                row.status = NEW
            else:
                row.status = UPDATED if changes else UNCHANGED

    def write(self, rows: list[Row], ctx: Context) -> None:
        fresh = [r for r in rows if r.status == NEW]
        made = LeadershipTeam.objects.bulk_create(
            [LeadershipTeam(unit_id=r.values["unit_id"]) for r in fresh]
        )
        team_of = {r.number: t.pk for r, t in zip(fresh, made, strict=True)}
        new_posts, changed = [], []
        for r in rows:
            team_id, create, update = r.payload
            team_id = team_id or team_of[r.number]
            for position, (is_chief, quota) in enumerate(create):
                new_posts.append(
                    Post(
                        team_id=team_id,
                        title=GENERIC_TITLES[is_chief],
                        is_chief=is_chief,
                        quota=quota,
                        position=position,
                    )
                )
            changed += [Post(pk=pk, quota=quota) for pk, quota in update]
        Post.objects.bulk_create(new_posts)
        Post.objects.bulk_update(changed, ["quota"], batch_size=500)


def _gates(cadre_id: int, post_id: int, start: dt.date, today: dt.date):
    """The gates of an appointment dated today or later, exactly as ``appoint``
    applies them (same functions): a promotion under veto or missing an item of
    凡提四必, and the 双把关 动议 of an A or B team. Returns the 动议 to tie the
    appointment to and the refusals."""
    cadre = Cadre.objects.get(pk=cadre_id)
    post = Post.objects.select_related("team__unit").get(pk=post_id)
    refusals = gates_for(cadre, post, start).refusals(cadre.name)
    gate = motion_gate(post.team, cadre, post, start, today)
    if gate.code:
        refusals.append(gate.message)
    return (gate.motion.pk if gate.motion else None), refusals


@dataclass
class _Seat:
    cadre_id: int
    post_id: int | None
    title: str
    start: dt.date
    end: dt.date | None

    def serving_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end > day)

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        return (end is None or self.start < end) and (self.end is None or self.end > start)


@register
class AppointmentImport(Kind):
    name = "appointments"
    title = "任职情况"
    key_column = "身份证号"
    summary_columns = ("姓名", "单位名称", "职务", "任职时间")
    notes = (
        "每行一段任职：某人在某单位领导班子中担任某职务的起止时间；免职时间空白表示现任。",
        "职务与班子中已有的职位名称相同时任该职位；否则任该单位唯一的正职（副职）职位。"
        "请先导入职数（领导职数）。",
        "超过核定职数、同一人在同一班子同时任两个职位的行不予导入。日期可写 2021.03、2021年3月。",
        "已导入的任职按“身份证号+职位+任职时间”匹配，可补填免职时间。",
    )
    columns = (
        people.ID_COLUMN,
        people.NAME_COLUMN,
        UNIT_COLUMN,
        Column("职务", "title", cells.text(100), ("现任职务", "职务名称", "职位"), True,
               "党委副书记、镇长", width=20),
        Column("正副职", "kind", cells.choice(CHIEF_OR_DEPUTY, "正副职"), ("职务层次", "正/副职"),
               True, "正职", width=8),
        Column("任职时间", "start", cells.month, ("任现职时间", "任职日期"), True, "2021.03",
               width=10),
        Column("免职时间", "end", cells.month, ("离任时间", "免职日期"), False, "", width=10),
    )  # fmt: skip

    def begin(self, ctx: Context) -> None:
        _Units(ctx)
        ctx.cache["teams"], ctx.cache["posts"] = _load_posts()
        ctx.cache["today"] = timezone.localdate()
        ctx.cache["seats"] = {}  # team id -> [_Seat], loaded per team when first needed

    def check(self, row: Row, ctx: Context) -> None:
        v = row.values
        written = v.get("unit_id", "")
        row.summary = (
            v.get("name", ""),
            written,
            v.get("title", ""),
            _fmt(v["start"]) if "start" in v else "",
        )
        if written:
            try:
                v["unit_id"] = _Units(ctx).resolve(written)
            except cells.CellError as exc:
                row.error("单位名称", str(exc))
        if v.get("end") and v.get("start") and v["end"] < v["start"]:
            row.error("免职时间", "免职时间早于任职时间")
        if {"id_number", "unit_id", "title", "start"} <= v.keys() and not row.errors:
            row.key = (v["id_number"], v["unit_id"], _norm(v["title"]), v["start"])

    def _post(self, row: Row, ctx: Context) -> tuple[int, _Post] | None:
        v = row.values
        index: UnitIndex = ctx.cache["units"]
        team_id = ctx.cache["teams"].get(v["unit_id"])
        name = index.path_text(v["unit_id"])
        if team_id is None:
            row.error("单位名称", f"“{name}”尚未设置领导职数，请先导入职数（领导职数）")
            return None
        is_chief = v["kind"] == "chief"
        posts = ctx.cache["posts"][team_id]
        named = [p for p in posts if _norm(p.title) == _norm(v["title"])]
        if named:
            post = named[0]
            if post.is_chief != is_chief:
                row.error(
                    "正副职",
                    f"{name}的“{post.title}”是{KIND_NAMES[post.is_chief]}，"
                    f"与填写的“{KIND_NAMES[is_chief]}”不符",
                )
                return None
            return team_id, post
        mine = [p for p in posts if p.is_chief == is_chief]
        if len(mine) == 1:
            return team_id, mine[0]
        if not mine:
            row.error("正副职", f"{name}领导班子没有{KIND_NAMES[is_chief]}职位，请先导入职数")
        else:
            shown = "、".join(p.title for p in mine)
            row.error(
                "职务",
                f"{name}领导班子有多个{KIND_NAMES[is_chief]}职位（{shown}），请在职务列写明其中之一",
            )
        return None

    def _seats(self, team_ids: set[int], ctx: Context) -> None:
        seats = ctx.cache["seats"]
        missing = [t for t in team_ids if t not in seats]
        for t in missing:
            seats[t] = []
        for cadre_id, post_id, team_id, title, start, end in Appointment.objects.filter(
            post__team_id__in=missing
        ).values_list("cadre_id", "post_id", "post__team_id", "title", "start_date", "end_date"):
            seats[team_id].append(_Seat(cadre_id, post_id, title, start, end))

    def classify(self, rows: list[Row], ctx: Context) -> None:
        people.resolve(rows, ctx)
        found = []
        for row in rows:
            if "cadre_id" not in row.values:
                continue
            located = self._post(row, ctx)
            if located:
                found.append((row, *located))
        self._seats({team_id for _, team_id, _ in found}, ctx)
        for row, team_id, post in found:
            self._place(row, team_id, post, ctx)

    def _place(self, row: Row, team_id: int, post: _Post, ctx: Context) -> None:
        v = row.values
        seats: list[_Seat] = ctx.cache["seats"][team_id]
        start, end, cadre_id = v["start"], v.get("end"), v["cadre_id"]
        same = [s for s in seats if (s.cadre_id, s.post_id, s.start) == (cadre_id, post.pk, start)]
        if same:
            stored = same[0]
            changes = []
            if end is not None and stored.end != end:
                changes.append("免职时间")
            if v["title"] != stored.title and _norm(v["title"]) != _norm(post.title):
                changes.append("职务")
            if not changes:
                row.status = UNCHANGED
                return
            if "免职时间" in changes:
                stored.end = end
            row.status, row.changes = UPDATED, tuple(changes)
            row.payload = (post.pk, start)
            return
        for s in seats:
            if s.cadre_id == cadre_id and s.overlaps(start, end):
                row.error(
                    "职务",
                    f"此人自{_fmt(s.start)}起已在该领导班子任职，同一人不能在同一班子中同时担任两个职位",
                )
                return
        holders = [s for s in seats if s.post_id == post.pk]
        moments = {start} | {
            s.start for s in holders if s.start > start and (end is None or s.start < end)
        }
        peak = max(sum(1 for s in holders if s.serving_on(day)) for day in moments)
        if peak + 1 > post.quota:
            row.error(
                "职务",
                f"超职数配备：{post.title}核定职数{post.quota}名，{_fmt(start)}起已有{peak}名在任",
            )
            return
        motion_id = None
        # Dates here are months: one in the current month may be today
        if not rules.is_record(start, ctx.cache["today"].replace(day=1)):
            motion_id, refusals = _gates(cadre_id, post.pk, start, ctx.cache["today"])
            for message in refusals:
                row.error("任职时间", message)
            if refusals:
                return
        seats.append(_Seat(cadre_id, post.pk, v["title"], start, end))
        row.status = NEW
        row.payload = (post.pk, start, motion_id)

    def write(self, rows: list[Row], ctx: Context) -> None:
        fresh = [r for r in rows if r.status == NEW]
        made = Appointment.objects.bulk_create(
            Appointment(
                cadre_id=r.values["cadre_id"],
                post_id=r.payload[0],
                title=r.values["title"],
                start_date=r.values["start"],
                end_date=r.values.get("end"),
            )
            for r in fresh
        )
        for row, appointment in zip(fresh, made, strict=True):
            if row.payload[2] is not None:  # the 动议 this appointment carries out
                SecondSignOff.objects.filter(pk=row.payload[2], appointment__isnull=True).update(
                    appointment=appointment
                )
        for r in rows:
            if r.status == UPDATED:
                post_id, start = r.payload
                changes = {"title": r.values["title"]}
                if r.values.get("end"):
                    changes["end_date"] = r.values["end"]
                Appointment.objects.filter(
                    cadre_id=r.values["cadre_id"], post_id=post_id, start_date=start
                ).update(**changes)
