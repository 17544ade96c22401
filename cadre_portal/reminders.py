"""预警提醒 on the staff home page: a registry of counters, each opening the names behind it.

A reminder is a title, a function counting for the user on a date, and either the URL
of an existing page that lists the same names (``url``) or a function returning the
rows of the generic list page (``rows``). Adding one (试用期 ending, 公示 open, ageing
out, training hours short ...) is one ``Reminder(...)`` appended to ``REMINDERS``.

Each counter runs a fixed number of queries whatever the data, and the jurisdiction is
read once per page (``ReminderContext.unit_ids``), so the home page's query count does
not grow with the number of people, teams or reminders' rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from pool.accounts.access import has_role
from pool.models import Decision, Inspection, ListStatus, Role, Veto
from pool.people import selectors as pool_selectors
from pool.selection import age_out, inspections
from pool.selection import selectors as selection_selectors
from pool.web.documents import chinese_date
from staffing import rules as staffing_rules
from staffing import selectors as staffing_selectors
from staffing import stats as staffing_stats
from supervision import selectors as supervision_selectors
from supervision import stats as supervision_stats
from supervision.reviews import pending_reviews
from training import rules as training_rules
from training import selectors as training_selectors

STAFF = frozenset({Role.STAFF})
LIST_LIMIT = 500  # rows on the generic list page; the count says how many in all


@dataclass
class ReminderContext:
    user: object
    today: dt.date

    @cached_property
    def unit_ids(self) -> list[int]:
        return list(pool_selectors.units_for(self.user).values_list("pk", flat=True))

    @cached_property
    def quarter(self) -> staffing_rules.Quarter | None:
        """The latest quarter with warning records (the ledger's default)."""
        return staffing_stats.latest_quarter_on(self.today)

    @cached_property
    def levels(self):
        return staffing_stats.level_counts(self.unit_ids, self.quarter)

    @cached_property
    def training_short(self) -> dict[str, int]:
        """Pool members short of each training rule: one query for both reminders."""
        return training_selectors.compliance_counts(self.unit_ids, self.today)[0]

    @cached_property
    def round(self):
        return selection_selectors.current_round()


@dataclass(frozen=True)
class ReminderRows:
    """What the generic list page shows: column headers, rows of cells, and for each row
    the page of the person or item (or None)."""

    columns: list[str]
    rows: list[list]
    links: list[str | None]
    total: int
    note: str = ""


@dataclass(frozen=True)
class Reminder:
    key: str
    title: str
    count: Callable[[ReminderContext], int]
    url: Callable[[ReminderContext], str] | None = None  # an existing filtered page
    rows: Callable[[ReminderContext], ReminderRows] | None = None  # else the generic page
    roles: frozenset = STAFF
    unit: str = "人"
    tone: str = "warning"  # bootstrap colour when the count is not zero

    def link(self, ctx: ReminderContext) -> str:
        if self.url is not None:
            return self.url(ctx)
        return reverse("reminder_list", kwargs={"key": self.key})


def _url(name: str, *args, **query) -> str:
    base = reverse(name, args=args)
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{base}?{urlencode(query)}" if query else base


def _cadre_link(cadre_id: int) -> str:
    return reverse("pool:cadre_detail", args=[cadre_id])


# --- 用: warnings, forecasts, years in post -------------------------------------------


def _ledger(level: str):
    def url(ctx: ReminderContext) -> str:
        return _url("staffing:ledger", quarter=str(ctx.quarter or ""), level=level)

    return url


def _falling(ctx: ReminderContext):
    return staffing_stats.falling_soon(ctx.unit_ids, ctx.quarter)


def _falling_rows(ctx: ReminderContext) -> ReminderRows:
    records = list(_falling(ctx).order_by("forecast_quarter", "team__unit__position")[:LIST_LIMIT])
    return ReminderRows(
        ["班子", "当前等级", "实有年轻干部", "任务量", "预计降级季度", "预计降为"],
        [
            [
                r.team.unit.name,
                f"{r.level}级",
                r.actual,
                r.required,
                r.forecast_quarter,
                f"{r.forecast_level}级",
            ]
            for r in records
        ],
        [reverse("staffing:team_detail", args=[r.team_id]) for r in records],
        _falling(ctx).count(),
        note=f"依据{ctx.quarter}预警记录：人员不变时，因年龄增长将在两个季度内降级的班子。"
        if ctx.quarter
        else "",
    )


def _serving(years: int):
    def query(ctx: ReminderContext):
        return staffing_stats.serving_at_least(ctx.unit_ids, ctx.today, years)

    def count(ctx: ReminderContext) -> int:
        return query(ctx).count()

    def rows(ctx: ReminderContext) -> ReminderRows:
        items = list(query(ctx).order_by("start_date", "id")[:LIST_LIMIT])
        return ReminderRows(
            ["姓名", "单位", "职务", "任职时间", "任现职年限"],
            [
                [
                    a.cadre.name,
                    a.post.team.unit.name,
                    a.post.title,
                    a.start_date,
                    f"{staffing_rules.years_served(a.start_date, ctx.today)}年",
                ]
                for a in items
            ],
            [_cadre_link(a.cadre_id) for a in items],
            count(ctx),
            note=f"截至{chinese_date(ctx.today)}，在同一职位连续任职满{years}年（含）以上。",
        )

    return count, rows


# --- 管: talks, integrity opinions, concerns -------------------------------------------


def _overdue_count(ctx: ReminderContext) -> int:
    return len(supervision_selectors.overdue(ctx.user, ctx.today))


def _opinions(ctx: ReminderContext):
    return supervision_stats.pending_opinions(ctx.unit_ids)


def _opinion_rows(ctx: ReminderContext) -> ReminderRows:
    items = list(_opinions(ctx).order_by("request__created", "id")[:LIST_LIMIT])
    return ReminderRows(
        ["姓名", "单位", "征求事由", "征求时间", "发送至"],
        [
            [
                o.cadre.name,
                o.cadre.unit.name,
                o.request.get_purpose_display(),
                timezone.localdate(o.request.created),
                o.request.addressed_to.first_name or o.request.addressed_to.username,
            ]
            for o in items
        ],
        [reverse("supervision:integrity_detail", args=[o.request_id]) for o in items],
        _opinions(ctx).count(),
    )


def _concerns(ctx: ReminderContext):
    return supervision_stats.open_concerns_of_members(ctx.unit_ids)


def _concern_rows(ctx: ReminderContext) -> ReminderRows:
    items = list(_concerns(ctx).order_by("received_on", "id")[:LIST_LIMIT])
    return ReminderRows(
        ["姓名", "单位", "来源", "受理日期", "处理方式"],
        [
            [c.cadre.name, c.cadre.unit.name, c.source, c.received_on, c.get_handling_display()]
            for c in items
        ],
        [_cadre_link(c.cadre_id) for c in items],
        _concerns(ctx).count(),
        note="在库年轻干部中，问题线索尚未办结（未填写处理日期）的。",
    )


# --- 选: lists to review, candidates to decide, vetoes ---------------------------------


def _waiting_lists(ctx: ReminderContext):
    lists = selection_selectors.lists_for(ctx.user).filter(
        status__in=[ListStatus.SUBMITTED, ListStatus.UNDER_REVIEW]
    )
    return lists.filter(round=ctx.round) if ctx.round else lists.none()


def _list_rows(ctx: ReminderContext) -> ReminderRows:
    items = list(
        _waiting_lists(ctx)
        .annotate(people=Count("recommendations"))
        .order_by("submitted_at", "id")[:LIST_LIMIT]
    )
    return ReminderRows(
        ["推荐单位", "清单", "状态", "推荐人数", "报送时间"],
        [
            [
                r.owner_name,
                r.get_kind_display(),
                r.get_status_display(),
                r.people,
                timezone.localdate(r.submitted_at) if r.submitted_at else "",
            ]
            for r in items
        ],
        [reverse("pool:list_review", args=[r.pk]) for r in items],
        _waiting_lists(ctx).count(),
        note=f"{ctx.round.name}已报送、待审核或审核中的推荐清单。" if ctx.round else "",
    )


def _pending_candidates(ctx: ReminderContext):
    if ctx.round is None:
        return selection_selectors.recommendations_for(ctx.user).none()
    return selection_selectors.recommendations_for(ctx.user).filter(
        rec_list__round=ctx.round,
        rec_list__status__in=selection_selectors.CANDIDATE_LIST_STATUSES,
        decision=Decision.PENDING,
    )


def _candidate_count(ctx: ReminderContext) -> int:
    return _pending_candidates(ctx).values("cadre_id").distinct().count()


def _candidates_url(ctx: ReminderContext) -> str:
    return _url("pool:candidates", round=ctx.round.pk if ctx.round else "")


def _vetoes(ctx: ReminderContext):
    return Veto.objects.filter(cadre__unit_id__in=ctx.unit_ids, active=True).select_related(
        "cadre__unit"
    )


def _veto_rows(ctx: ReminderContext) -> ReminderRows:
    items = list(_vetoes(ctx).order_by("-recorded_at", "-id")[:LIST_LIMIT])
    return ReminderRows(
        ["姓名", "单位", "记录时间", "依据来源"],
        [
            [v.cadre.name, v.cadre.unit.name, timezone.localdate(v.recorded_at), v.source]
            for v in items
        ],
        [reverse("pool:pool_timeline", args=[v.cadre_id]) for v in items],
        _vetoes(ctx).count(),
        note="一票否决有效期间不得入库；影响期满后可解除。",
    )


def _inspections_expiring(ctx: ReminderContext) -> int:
    scoped = Inspection.objects.filter(membership__cadre__unit_id__in=ctx.unit_ids)
    days = inspections.EXPIRY_REMINDER_DAYS
    return selection_selectors.expiring_inspections(scoped, ctx.today, days).count()


_serving5, _serving5_rows = _serving(5)
_serving8, _serving8_rows = _serving(8)
_serving10, _serving10_rows = _serving(10)

# --- 选 and 育: ageing out, training short --------------------------------------------


def _age_out_count(ctx: ReminderContext) -> int:
    review = age_out.review(ctx.user, ctx.today)
    return len(review.over) + len(review.soon)


def _training_short(rule: str):
    def count(ctx: ReminderContext) -> int:
        if rule == training_selectors.HOURS:
            month = training_selectors.current_rules().hours_reminder_month
            if not training_rules.hours_reminder_due(ctx.today, month):
                return 0  # early in the year nobody has their hours yet
        return ctx.training_short[rule]

    def url(ctx: ReminderContext) -> str:
        return _url("training:compliance", rule=rule)

    return count, url


_hours_short, _hours_url = _training_short(training_selectors.HOURS)
_political_short, _political_url = _training_short(training_selectors.POLITICAL)


# --- 用: 动议 waiting for 双把关 --------------------------------------------------------


def _motions_pending(ctx: ReminderContext) -> int:
    return staffing_selectors.second_checks_for(ctx.user).filter(decision="").count()


# --- 用: 试用期 ending, 公示 open ------------------------------------------------------

PROBATION_DAYS = 30


def _probation_count(ctx: ReminderContext) -> int:
    return staffing_selectors.probation_ending(ctx.user, ctx.today, PROBATION_DAYS).count()


def _publicity_count(ctx: ReminderContext) -> int:
    return staffing_selectors.publicity_open(ctx.user, ctx.today).count()


REMINDERS: list[Reminder] = [
    Reminder("teams_a", "A级预警班子", lambda c: c.levels["A"], url=_ledger("A"),
             unit="个", tone="danger"),
    Reminder("teams_b", "B级预警班子", lambda c: c.levels["B"], url=_ledger("B"), unit="个"),
    Reminder("teams_falling", "两个季度内将降级的班子", lambda c: _falling(c).count(),
             rows=_falling_rows, unit="个"),
    Reminder("probation_ending", f"试用期{PROBATION_DAYS}天内届满", _probation_count,
             url=lambda c: _url("staffing:tenure", tab="probation", days=PROBATION_DAYS),
             tone="info"),
    Reminder("publicity_open", "任前公示进行中", _publicity_count,
             url=lambda c: _url("staffing:tenure", tab="publicity"), tone="info"),
    Reminder("serving_5", "任现职满5年", _serving5, rows=_serving5_rows, tone="info"),
    Reminder("serving_8", "任现职满8年", _serving8, rows=_serving8_rows, tone="info"),
    Reminder("serving_10", "任现职满10年", _serving10, rows=_serving10_rows),
    Reminder("talks_overdue", "谈心谈话逾期", _overdue_count,
             url=lambda c: reverse("supervision:overdue"), unit="项"),
    Reminder("opinions_pending", "廉政意见待回复", lambda c: _opinions(c).count(),
             rows=_opinion_rows),
    Reminder("concerns_open", "在库人员问题线索未办结", lambda c: _concerns(c).count(),
             rows=_concern_rows, unit="条", tone="danger"),
    Reminder("reviews_pending", "研判待决定", lambda c: pending_reviews(c.user).count(),
             url=lambda c: reverse("supervision:reviews"), tone="danger"),
    Reminder("motions_pending", "动议待双把关", lambda c: _motions_pending(c),
             url=lambda c: reverse("staffing:second_checks"), unit="件"),
    Reminder("lists_waiting", "推荐清单待审核", lambda c: _waiting_lists(c).count(),
             rows=_list_rows, unit="份"),
    Reminder("candidates_pending", "推荐人选待决定", _candidate_count, url=_candidates_url),
    Reminder("inspections_expiring", f"考察对象{inspections.EXPIRY_REMINDER_DAYS}天内到期",
             _inspections_expiring, tone="info",
             url=lambda c: _url("pool:inspection_list", status="active",
                                within=inspections.EXPIRY_REMINDER_DAYS)),
    Reminder("age_out", "在库人员超龄或半年内超龄", _age_out_count,
             url=lambda c: reverse("pool:age_out")),
    Reminder("training_hours", "本年度培训学时不足", _hours_short, url=_hours_url),
    Reminder("training_political", "3年内未参加脱产政治训练", _political_short,
             url=_political_url),
    Reminder("vetoes_active", "一票否决（有效）", lambda c: _vetoes(c).count(),
             rows=_veto_rows, tone="secondary"),
]  # fmt: skip


@dataclass
class Counter:
    reminder: Reminder
    count: int
    url: str

    @property
    def tone(self) -> str:
        return self.reminder.tone if self.count else "light"


def reminders_for(user, today: dt.date) -> list[Counter]:
    ctx = ReminderContext(user, today)
    return [Counter(r, r.count(ctx), r.link(ctx)) for r in REMINDERS if has_role(user, r.roles)]


def get_reminder(key: str, user) -> Reminder | None:
    return next(
        (r for r in REMINDERS if r.key == key and r.rows is not None and has_role(user, r.roles)),
        None,
    )
