"""The panels of the 领导驾驶舱, in page order. Each reads one aggregate through an app's
stats module and shapes it as a chart and a table; none holds data of its own."""

from __future__ import annotations

from pool.models import Role
from pool.selection import stats as pool_stats
from pool.web.documents import chinese_date
from staffing import stats as staffing_stats
from supervision import stats as supervision_stats
from training import selectors as training_selectors

from .registry import Chart, Column, Context, Panel, PanelData, register

LEVEL_COLORS = {"A": "#dc3545", "B": "#f0ad00", "C": "#198754"}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def summary(ctx: Context) -> PanelData:
    s = pool_stats.summary(ctx.scope, ctx.ref)
    cadre_list = ctx.url("pool:cadre_list")
    items = [
        ("在册干部", s.cadres, "管辖范围内在册干部", cadre_list),
        ("年轻干部", s.young, "按本人职级的入库年龄上限", None),
        ("35岁及以下", s.aged_35_or_under, "按统计日期计算年龄", None),
        *[
            (
                c.label,
                n,
                c.description,
                ctx.url(
                    "pool:cadre_list",
                    born_after=f"{c.first_year}-01-01",
                    born_before=f"{c.last_year}-12-01",
                ),
            )
            for c, n in s.cohorts
        ],
        ("年轻干部库", s.pool_members, "统计日期在库（含考察对象）", ctx.url("pool:pool_list")),
    ]
    return PanelData(
        chart=Chart(
            "kpi",
            categories=[label for label, *_ in items],
            series=[{"name": "人数", "data": [n for _, n, *_ in items]}],
            links=[link for *_, link in items],
        ),
        columns=[Column("指标"), Column("人数", "int"), Column("口径")],
        rows=[[label, n, note] for label, n, note, _ in items],
        row_links=[link for *_, link in items],
    )


def young_by_region(ctx: Context) -> PanelData:
    rows = pool_stats.young_by_region(ctx.scope, ctx.ref)
    levels = [lvl for lvl in pool_stats.LEVELS if any(r.young_by_level[lvl] for r in rows)]
    links = [ctx.region_url(r.region.pk) for r in rows]
    return PanelData(
        chart=Chart(
            "stack",
            categories=[r.region.name for r in rows],
            series=[
                {
                    "name": pool_stats.LEVEL_LABELS[lvl],
                    "data": [r.young_by_level[lvl] for r in rows],
                }
                for lvl in levels
            ],
            links=links,
        ),
        columns=[
            Column("地区"),
            Column("在册干部", "int"),
            Column("年轻干部", "int"),
            Column("年轻干部占比", "percent"),
            *[Column(pool_stats.LEVEL_LABELS[lvl], "int") for lvl in pool_stats.LEVELS],
        ],
        rows=[
            [
                r.region.name,
                r.total,
                r.young,
                _share(r.young, r.total),
                *[r.young_by_level[lvl] for lvl in pool_stats.LEVELS],
            ]
            for r in rows
        ],
        row_links=links,
        note="年轻干部按本人职级适用入库年龄上限，不看所在单位类别；点击地区查看其班子和年轻干部。",
    )


def age_structure(ctx: Context) -> PanelData:
    bands = pool_stats.age_structure(ctx.scope, ctx.ref)
    links = []
    for b in bands:
        earliest, latest = b.band.birth_range(ctx.ref)
        links.append(
            ctx.url(
                "pool:cadre_list",
                born_after=earliest.isoformat() if earliest else "",
                born_before=latest.isoformat() if latest else "",
            )
        )
    return PanelData(
        chart=Chart(
            "pyramid",
            categories=[b.band.label for b in bands],
            series=[
                {"name": "男", "data": [b.men for b in bands], "color": "#3b6fb6"},
                {"name": "女", "data": [b.women for b in bands], "color": "#d9534f"},
            ],
            links=links,
        ),
        columns=[Column("年龄段"), Column("男", "int"), Column("女", "int"), Column("合计", "int")],
        rows=[[b.band.label, b.men, b.women, b.men + b.women] for b in bands],
        row_links=links,
        subtitle=f"按{chinese_date(ctx.ref)}计算年龄",
    )


def education(ctx: Context) -> PanelData:
    rows = pool_stats.education_structure(ctx.scope, ctx.ref)
    return PanelData(
        chart=Chart(
            "bar",
            categories=[r.label for r in rows],
            series=[
                {"name": "全日制教育", "data": [r.fulltime for r in rows]},
                {"name": "在职教育", "data": [r.inservice for r in rows]},
            ],
        ),
        columns=[Column("学历"), Column("全日制教育", "int"), Column("在职教育", "int")],
        rows=[[r.label, r.fulltime, r.inservice] for r in rows],
        subtitle="年轻干部",
    )


def source(ctx: Context) -> PanelData:
    rows = pool_stats.category_structure(ctx.scope, ctx.ref)
    links = [
        ctx.url("pool:cadre_list", category=r.value)
        if r.value
        else (ctx.url("pool:data_quality", gap="category") if ctx.may(Role.STAFF) else None)
        for r in rows  # 未填: the 数据质量 list, for staff
    ]
    return PanelData(
        chart=Chart(
            "pie",
            categories=[r.label for r in rows],
            series=[{"name": "年轻干部", "data": [r.young for r in rows]}],
            links=links,
        ),
        columns=[
            Column("干部类别"),
            Column("年轻干部", "int"),
            Column("全体干部", "int"),
            Column("年轻干部占本类别", "percent"),
        ],
        rows=[[r.label, r.young, r.total, _share(r.young, r.total)] for r in rows],
        row_links=links,
        subtitle="年轻干部来源（干部类别）",
    )


def targets(ctx: Context) -> PanelData:
    rows = staffing_stats.target_progress(ctx.scope, ctx.ref)
    labels = [p.label for p in rows[0].points] if rows else []
    return PanelData(
        chart=Chart(
            "line",
            categories=labels,
            series=[{"name": r.name, "data": [p.value for p in r.points]} for r in rows],
            percent=True,
        ),
        columns=[
            Column("配备目标"),
            Column("目标值"),
            Column("完成时限"),
            Column("当前（符合/总数）"),
            Column("当前比例", "percent"),
            Column("是否达标"),
            Column("还差"),
            *[Column(label, "percent") for label in labels[:-1]],
        ],
        rows=[
            [
                r.name,
                r.ratio_label,
                f"{r.target.deadline:%Y-%m-%d}",
                f"{r.current.numerator}/{r.current.denominator}",
                r.current.value,
                {True: "已达标", False: "未达标", None: "—"}[r.met],
                f"{r.missing}{'个' if r.target.counts_teams else '人'}" if r.missing else "—",
                *[p.value for p in r.points[:-1]],
            ]
            for r in rows
        ],
        subtitle="按各季度末和统计日期在任人员、分层次计算",
        note="每个目标分层次计算，各层次均达到才算达标："
        + "；".join(
            f"{target.name}{ {True: '已达标', False: '未达标', None: '无可计算对象'}[met] }"
            for target, met in staffing_stats.targets_met(rows)
        )
        + "。年轻正职、年轻班子成员按人数计算；其余目标按班子（机构）个数计算；"
        "内设机构只计入内设机构目标。",
    )


def warnings(ctx: Context) -> PanelData:
    data = staffing_stats.warnings_by_region(ctx.scope, ctx.ref)
    rows = data.regions if data.quarter else []
    links = [ctx.region_url(r.region.pk) for r in rows]
    subtitle = data.quarter.label if data.quarter else "尚未计算预警"
    if data.quarter and data.previous:
        subtitle += f"（与{data.previous.label}比较）"
    return PanelData(
        chart=Chart(
            "stack",
            categories=[r.region.name for r in rows],
            series=[
                {
                    "name": f"{level}级",
                    "data": [r.levels[level] for r in rows],
                    "color": LEVEL_COLORS[level],
                }
                for level in ("A", "B", "C")
            ],
            links=links,
        ),
        columns=[
            Column("地区"),
            Column("A级", "int"),
            Column("B级", "int"),
            Column("C级", "int"),
            Column("A级较上季度", "int"),
            Column("B级较上季度", "int"),
            Column("C级较上季度", "int"),
            Column("完成率", "percent"),
        ],
        rows=[
            [
                r.region.name,
                *[r.levels[level] for level in ("A", "B", "C")],
                *[r.change(level) for level in ("A", "B", "C")],
                r.rate,
            ]
            for r in rows
        ],
        row_links=links,
        subtitle=subtitle,
        note=(
            "“较上季度”为本季度班子数减上季度班子数；"
            "完成率 = 各班子min(实有, 任务量)之和 ÷ 任务量之和。"
        ),
    )


def funnel(ctx: Context) -> PanelData:
    f = pool_stats.pool_funnel(ctx.scope, ctx.ref.year)
    candidates = ctx.url("pool:candidates") if ctx.may(Role.STAFF) else None
    pool_list = ctx.url("pool:pool_list")
    stages = [
        ("推荐人选", f.recommended, "本年度推荐批次已报送清单中的人选", candidates),
        ("审核采纳", f.accepted, "其中经组织部门审核入库的人选", candidates),
        ("入库", f.entered, "本年度入库（含重新入库）的人数", pool_list),
        (
            "提拔使用",
            f.used,
            "本年度因提拔使用出库的人数",
            ctx.url("pool:pool_list", status="used"),
        ),
    ]
    return PanelData(
        chart=Chart(
            "funnel",
            categories=[name for name, *_ in stages],
            series=[{"name": "人数", "data": [n for _, n, *_ in stages]}],
            links=[link for *_, link in stages],
        ),
        columns=[Column("环节"), Column("人数", "int"), Column("口径")],
        rows=[[name, n, note] for name, n, note, _ in stages],
        row_links=[link for *_, link in stages],
        subtitle=f"{f.year}年度",
    )


def talks(ctx: Context) -> PanelData:
    rows = supervision_stats.talk_coverage(ctx.scope, ctx.ref)
    links = [ctx.url("supervision:overdue", role=r.rule.talker_role) for r in rows]
    return PanelData(
        chart=Chart(
            "bar",
            categories=[r.role_label for r in rows],
            series=[{"name": "覆盖率", "data": [r.rate for r in rows]}],
            links=links,
            percent=True,
        ),
        columns=[
            Column("谈话人身份"),
            Column("规定周期"),
            Column("在库人数", "int"),
            Column("本周期已谈够次数", "int"),
            Column("覆盖率", "percent"),
        ],
        rows=[[r.role_label, r.rule.frequency_text, r.members, r.covered, r.rate] for r in rows],
        row_links=links,
        subtitle="在库年轻干部谈心谈话覆盖情况",
        note=(
            "覆盖率 = 统计日期所在的自然周期（月、季、半年、年）内已与该身份谈话人谈够规定次数的"
            "在库人数 ÷ 在库人数；"
            "仅统计人数，不含谈话内容。"
        ),
    )


def training(ctx: Context) -> PanelData:
    """育: how many pool members meet each training rule at the chosen date."""
    short, members = training_selectors.compliance_counts(ctx.scope.in_scope, ctx.ref)
    labels = training_selectors.rule_labels(training_selectors.current_rules())
    keys = list(labels)
    met = {k: members - short[k] for k in keys}
    rates = [_share(met[k], members) for k in keys]
    names = [labels[k].replace("未参加", "参加").replace("未达", "达") for k in keys]
    links = [ctx.url("training:compliance", rule=k) for k in keys]
    mentors = training_selectors.mentor_coverage(ctx.scope.in_scope, ctx.ref)
    mentor_link = ctx.url("training:mentor_coverage") if ctx.may(Role.STAFF) else None
    return PanelData(
        chart=Chart(
            "bar",
            categories=names,
            series=[{"name": "达标率", "data": rates}],
            links=links,
            percent=True,
        ),
        columns=[
            Column("培训要求"),
            Column("在库人数", "int"),
            Column("达标人数", "int"),
            Column("未达标人数", "int"),
            Column("达标率", "percent"),
        ],
        rows=[
            *(
                [name, members, met[k], short[k], rate]
                for name, k, rate in zip(names, keys, rates, strict=True)
            ),
            [
                "导师帮带覆盖",
                mentors.needing,
                mentors.covered,
                mentors.without,
                _share(mentors.covered, mentors.needing),
            ],
        ],
        row_links=[*links, mentor_link],
        subtitle="在库年轻干部培训要求达标情况",
        note=(
            "按培训规则（可在“培训规则”中调整）计算；学时按统计日期所在年度。"
            "导师帮带覆盖一行：人数为年轻干部中的新录用人员（参加工作未满3年）、选调生、"
            "到村（社区）工作大学生，达标为已有在帮导师。"
        ),
    )


def appointments(ctx: Context) -> PanelData:
    data = staffing_stats.young_appointed(ctx.scope, ctx.ref)
    labels = [str(q) for q in data.quarters]
    return PanelData(
        chart=Chart(
            "stack",
            categories=labels,
            series=[
                {"name": rank, "data": [data.counts.get((q, rank), 0) for q in labels]}
                for rank in data.ranks
            ],
        ),
        columns=[
            Column("季度"),
            *[Column(rank, "int") for rank in data.ranks],
            Column("合计", "int"),
        ],
        rows=[
            [q, *[data.counts.get((q, rank), 0) for rank in data.ranks], data.total(quarter)]
            for q, quarter in zip(labels, data.quarters, strict=True)
        ],
        subtitle="按任职时间所在季度、本人职级",
        note="任职时按该职位所在岗位层次的年龄标准为年轻干部的任职人次。",
    )


for _panel in (
    Panel("summary", "总体情况", summary, wide=True),
    Panel("young_by_region", "年轻干部按地区和层级分布", young_by_region),
    Panel("warnings", "班子配备预警（A/B/C）按地区", warnings),
    Panel("targets", "配备目标完成情况及季度趋势", targets, wide=True),
    Panel("age_structure", "年龄结构（按性别）", age_structure),
    Panel("education", "学历结构", education),
    Panel("source", "来源结构", source),
    Panel("funnel", "年轻干部库进出", funnel),
    Panel("talks", "谈心谈话覆盖", talks),
    Panel("training", "培训覆盖与达标", training),
    Panel("appointments", "年轻干部任职（按季度、职级）", appointments),
):
    register(_panel)
