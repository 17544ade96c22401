# Over 400 lines: every scoped read of 管; a split by concern is left for #17.
"""Reads of the 管 stage, scoped to the user's jurisdiction through
``pool.people.selectors``; what is loaded with what is decided here, once."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone

from pool.models import OPEN_POOL_STATUSES, Cadre, PoolMembership, Role, Unit
from pool.people.selectors import cadres_for, grant_of, unit_ids_for
from supervision import rules
from supervision.models import (
    LINKED_ROLES,
    MONTH_ITEMS,
    Assessment,
    AuditCategory,
    CheckFinding,
    Concern,
    FileAuditRecord,
    FileItem,
    IntegrityOpinion,
    IntegrityPolicy,
    IntegrityRequest,
    KeyTaskPerformance,
    PersonalMattersReport,
    PoliticalFileEntry,
    Talk,
    TalkerLink,
    TalkParticipant,
    TalkPeriod,
    TalkRule,
)
from supervision.new_posts import NewPost, new_posts


def talks_for(user) -> QuerySet[Talk]:
    """Talks with at least one cadre in ``user``'s jurisdiction, with only those cadres
    loaded as participants (a city-wide meeting shows a county its own people)."""
    unit_ids = unit_ids_for(user)
    mine = TalkParticipant.objects.filter(cadre__unit_id__in=unit_ids).select_related("cadre")
    return (
        Talk.objects.filter(participants__cadre__unit_id__in=unit_ids)
        .distinct()
        .prefetch_related(Prefetch("participants", queryset=mine))
    )


@dataclass
class LedgerRow:
    """One member and one talk rule on the 谈话提醒台账: 逾期 or 即将到期."""

    cadre: Cadre
    rule: TalkRule
    status: rules.TalkStatus
    entered_on: dt.date | None = None  # the pool entry
    talkers: list[TalkerLink] = field(default_factory=list)  # linked roles: who must talk
    post: NewPost | None = None  # the 任职廉政谈话 rule: the new post

    @property
    def talker_role(self) -> str:
        return self.rule.talker_role if self.rule.is_periodic else AFTER_APPOINTMENT

    @property
    def talker_role_label(self) -> str:
        return self.rule.subject

    @property
    def frequency(self) -> str:
        return self.rule.frequency_text

    @property
    def overdue(self) -> bool:
        return self.status.overdue

    @property
    def last_talk(self) -> dt.date | None:
        return self.status.last_talk

    @property
    def due_by(self) -> dt.date | None:
        """The last day of the period (or of the 30 days) the row is about."""
        return self.status.period_end

    @property
    def talker_names(self) -> str:
        return "、".join(link.label for link in self.talkers)

    @property
    def since_text(self) -> str:
        """What is owed and since when, in words."""
        st = self.status
        if self.post is not None:
            head = (
                f"{self.post.started_on:%Y-%m-%d}任{self.post.title}，"
                f"应于{st.period_end:%Y-%m-%d}前进行任职廉政谈话"
            )
            return head + (
                f"，自{st.period_end + dt.timedelta(days=1):%Y-%m-%d}起逾期" if st.overdue else ""
            )
        period = rules.period_label(st.period_start, self.rule.period)
        held = f"已谈{st.held}次" if st.held else "未谈话"
        text = f"{period}应谈{st.times}次，{held}"
        if st.overdue:
            text += f"，自{st.period_end + dt.timedelta(days=1):%Y-%m-%d}起逾期"
        else:
            text += f"，{st.period_end:%Y-%m-%d}前到期"
        if st.last_talk:
            return text + f"；上次谈话{st.last_talk:%Y-%m-%d}"
        entered = f"（{self.entered_on:%Y-%m-%d}入库）" if self.entered_on else ""
        return text + f"；从未谈话{entered}"


# The ledger's filter value for the 任职廉政谈话 rule (the others filter by talker role).
AFTER_APPOINTMENT = TalkPeriod.AFTER_APPOINTMENT.value


def links_for(user) -> QuerySet[TalkerLink]:
    """联系点与分管 whose unit is in ``user``'s jurisdiction, open ones first."""
    return (
        TalkerLink.objects.filter(unit_id__in=unit_ids_for(user))
        .select_related("unit")
        .order_by("ended_on", "talker_role", "talker_name", "unit__position", "id")
    )


def active_links(today: dt.date) -> list[TalkerLink]:
    return list(
        TalkerLink.objects.filter(started_on__lte=today)
        .exclude(ended_on__lt=today)
        .select_related("unit")
        .order_by("talker_name", "id")
    )


def coverage(links: list[TalkerLink]) -> dict[tuple[int, str], list[TalkerLink]]:
    """(unit id, talker role) -> the links covering that unit: a link covers its unit
    and every unit below it, or, with a ``sector``, the units of that field below it.
    One query for the whole unit tree, whatever the number of links."""
    if not links:
        return {}
    children: dict[int | None, list[tuple[int, str]]] = {}
    for pk, parent_id, sector in Unit.objects.values_list("pk", "parent_id", "sector"):
        children.setdefault(parent_id, []).append((pk, sector))
    sector_of = {pk: sec for kids in children.values() for pk, sec in kids}
    covered: dict[tuple[int, str], list[TalkerLink]] = {}
    for link in links:
        stack, subtree = [link.unit_id], []
        while stack:
            pk = stack.pop()
            subtree.append(pk)
            stack.extend(kid for kid, _ in children.get(pk, ()))
        for pk in subtree:
            if not link.sector or sector_of.get(pk) == link.sector:
                covered.setdefault((pk, link.talker_role), []).append(link)
    return covered


def _periodic_rows(unit_ids, today, talk_rules, cadre_id=None) -> list[LedgerRow]:
    """Current pool members against the calendar-period rules (four queries)."""
    members = PoolMembership.objects.filter(
        status__in=OPEN_POOL_STATUSES, cadre__is_active=True
    ).select_related("cadre__unit")
    if unit_ids is not None:
        members = members.filter(cadre__unit_id__in=unit_ids)
    if cadre_id is not None:
        members = members.filter(cadre_id=cadre_id)
    members = list(
        members.order_by(
            "cadre__unit__position", "cadre__unit_id", "cadre__birth_month", "cadre_id"
        )
    )
    if not members or not talk_rules:
        return []
    # Talks in the latest ended period of the longest rule and after: all the rules read.
    since = min(
        rules.period_bounds(
            rules.period_bounds(today, r.period)[0] - dt.timedelta(days=1), r.period
        )[0]
        for r in talk_rules
    )
    ids = [m.cadre_id for m in members]
    dates: dict[tuple[int, str], list[dt.date]] = {}
    for cid, role, day in TalkParticipant.objects.filter(
        cadre_id__in=ids, date__gte=since, date__lte=today
    ).values_list("cadre_id", "talker_role", "date"):
        dates.setdefault((cid, role), []).append(day)
    last: dict[tuple[int, str], dt.date] = {
        (cid, role): day
        for cid, role, day in TalkParticipant.objects.filter(cadre_id__in=ids, date__lte=today)
        .values_list("cadre_id", "talker_role")
        .annotate(last=Max("date"))
        .values_list("cadre_id", "talker_role", "last")
    }
    covered = coverage(active_links(today))
    rows = []
    for membership in members:
        cadre = membership.cadre
        for rule in talk_rules:
            talkers = covered.get((cadre.unit_id, rule.talker_role), [])
            if rule.talker_role in LINKED_ROLES and not talkers:
                continue  # no 县级领导 linked to / 分管领导 over this unit
            start = membership.entered_on
            if talkers:  # owed once both the stay and the link have begun
                start = max(start, min(link.started_on for link in talkers))
            key = (cadre.pk, rule.talker_role)
            status = rules.talk_status(
                dates.get(key, []),
                today,
                rule.period,
                rules.first_owed_start(start, rule.period),
                rule.times,
            )
            if status.state in (rules.State.OVERDUE, rules.State.DUE_SOON):
                status = dataclasses.replace(status, last_talk=last.get(key))
                rows.append(LedgerRow(cadre, rule, status, membership.entered_on, talkers))
    return rows


def _appointment_rows(unit_ids, today, rule: TalkRule) -> list[LedgerRow]:
    """Young cadres who took up a post within ``rules.APPOINTMENT_LOOKBACK_DAYS`` and
    have had no 任职廉政 talk in its window (three queries plus the providers')."""
    since = today - dt.timedelta(days=rules.APPOINTMENT_LOOKBACK_DAYS)
    posts = new_posts(unit_ids, since, today)
    if not posts:
        return []
    ids = {p.cadre_id for p in posts}
    talks: dict[int, list[dt.date]] = {}
    for cid, day in TalkParticipant.objects.filter(
        cadre_id__in=ids,
        talk__kind=rule.talk_kind,
        date__gte=since - dt.timedelta(days=rule.within_days),
        date__lte=today,
    ).values_list("cadre_id", "date"):
        talks.setdefault(cid, []).append(day)
    cadres = Cadre.objects.select_related("unit").in_bulk(ids)
    entered = dict(
        PoolMembership.objects.filter(cadre_id__in=ids, status__in=OPEN_POOL_STATUSES).values_list(
            "cadre_id", "entered_on"
        )
    )
    rows = []
    for post in posts:
        status = rules.appointment_talk_status(
            post.started_on, talks.get(post.cadre_id, []), today, rule.within_days
        )
        if status.state in (rules.State.OVERDUE, rules.State.DUE_SOON):
            cadre = cadres[post.cadre_id]
            rows.append(LedgerRow(cadre, rule, status, entered.get(cadre.pk), post=post))
    return rows


def ledger_in(
    unit_ids: list[int] | None,
    today: dt.date,
    talker_role: str = "",
    talk_rules: list[TalkRule] | None = None,
) -> list[LedgerRow]:
    """谈话提醒台账 for the given units (``None``: every unit, for the monthly notices):
    for every current pool member and every calendar-period rule, the pairs that are
    逾期 (the latest ended period short and not made up) or 即将到期 (the current
    period short in its last 15 days), owed from the first full period after entry;
    and the young cadres who took up a post without a 任职廉政谈话 in its 30 days.
    The 县级领导 and 分管领导 rules apply only to the units their links cover
    (``TalkerLink``); any talk by that role meets them, and the row names the linked
    talkers. ``talker_role``: one role, or ``AFTER_APPOINTMENT``. Overdue rows first,
    then by unit. A fixed number of queries whatever the numbers."""
    talk_rules = list(TalkRule.objects.all()) if talk_rules is None else talk_rules
    if talker_role:
        talk_rules = [
            r
            for r in talk_rules
            if (r.talker_role if r.is_periodic else AFTER_APPOINTMENT) == talker_role
        ]
    periodic = [r for r in talk_rules if r.is_periodic]
    rows = _periodic_rows(unit_ids, today, periodic)
    for rule in talk_rules:
        if not rule.is_periodic:
            rows += _appointment_rows(unit_ids, today, rule)
    rows.sort(key=lambda r: not r.overdue)  # stable: unit order kept inside each group
    return rows


def talk_rules_qs() -> QuerySet[TalkRule]:
    return TalkRule.objects.select_related("updated_by")


def talk_rules() -> list[TalkRule]:
    return list(talk_rules_qs())


def ledger_role_choices(talk_rules: list[TalkRule]) -> list[tuple[str, str]]:
    """The ledger's 谈话人身份 filter: each periodic rule's role, and 任职廉政谈话."""
    return [(r.talker_role if r.is_periodic else AFTER_APPOINTMENT, r.subject) for r in talk_rules]


def overdue_in(
    unit_ids: list[int] | None, today: dt.date, talker_role: str = ""
) -> list[LedgerRow]:
    """The 逾期 rows of ``ledger_in`` (the monthly notices and the home-page count)."""
    return [r for r in ledger_in(unit_ids, today, talker_role) if r.overdue]


def talk_ledger(
    user,
    today: dt.date,
    talker_role: str = "",
    unit_id: int | None = None,
    link_id: int | None = None,
    state: str = "",
    talk_rules: list[TalkRule] | None = None,
) -> list[LedgerRow]:
    """谈话提醒台账: ``ledger_in`` over ``user``'s jurisdiction, or one unit of it, or
    the people one linked talker (``link_id``) owes a talk; ``state``: only 逾期
    (``overdue``) or only 即将到期 (``due_soon``)."""
    unit_ids = unit_ids_for(user)
    if unit_id is not None:
        unit_ids = [pk for pk in unit_ids if pk == unit_id]
    rows = ledger_in(unit_ids, today, talker_role, talk_rules)
    if link_id is not None:
        rows = [r for r in rows if any(link.pk == link_id for link in r.talkers)]
    if state:
        rows = [r for r in rows if r.status.state == state]
    return rows


def overdue(
    user,
    today: dt.date,
    talker_role: str = "",
    unit_id: int | None = None,
    link_id: int | None = None,
) -> list[LedgerRow]:
    """The 逾期 rows of ``talk_ledger``."""
    return talk_ledger(user, today, talker_role, unit_id, link_id, rules.State.OVERDUE)


def liaisons():
    """Accounts that integrity requests may be addressed to."""
    return (
        get_user_model()
        .objects.filter(grant__role=Role.DISCIPLINE_LIAISON, is_active=True)
        .order_by("username")
    )


def integrity_requests_for(user) -> QuerySet[IntegrityRequest]:
    """Staff: batches with someone in their jurisdiction. The liaison: only the batches
    addressed to them. Everyone else: none."""
    grant = grant_of(user)
    requests = IntegrityRequest.objects.select_related("requested_by", "addressed_to")
    if grant is None:
        return requests.none()
    if grant.role == Role.DISCIPLINE_LIAISON:
        return requests.filter(addressed_to=user)
    if grant.role == Role.STAFF:
        return requests.filter(opinions__cadre__unit_id__in=unit_ids_for(user)).distinct()
    return requests.none()


def opinions_for(user) -> QuerySet[IntegrityOpinion]:
    """Opinions ``user`` may read: the liaison's own requests; staff's people."""
    grant = grant_of(user)
    opinions = IntegrityOpinion.objects.select_related("cadre__unit", "request")
    if grant is None:
        return opinions.none()
    if grant.role == Role.DISCIPLINE_LIAISON:
        return opinions.filter(request__addressed_to=user)
    if grant.role == Role.STAFF:
        return opinions.filter(cadre__unit_id__in=unit_ids_for(user))
    return opinions.none()


def request_opinions(user, req: IntegrityRequest) -> list[IntegrityOpinion]:
    return list(opinions_for(user).filter(request=req).order_by("cadre__unit_id", "id"))


def concerns_for(user) -> QuerySet[Concern]:
    return Concern.objects.filter(cadre__unit_id__in=unit_ids_for(user)).select_related(
        "cadre__unit"
    )


def assessments_for(user) -> QuerySet[Assessment]:
    return Assessment.objects.filter(cadre__unit_id__in=unit_ids_for(user)).select_related(
        "cadre__unit"
    )


def pick_cadres(user, unit_id: int | None = None) -> QuerySet[Cadre]:
    """People a form may offer: in jurisdiction, of one unit when given."""
    cadres = cadres_for(user)
    if unit_id:
        cadres = cadres.filter(unit_id=unit_id)
    return cadres.order_by("unit__position", "unit_id", "-birth_month", "id")


# ---------------------------------------------------------------------------
# 廉政意见 for promotion: who has no current clean opinion.
# ---------------------------------------------------------------------------


def opinion_valid_months() -> int:
    """The editable validity of a 无问题 opinion (``IntegrityPolicy``, default 6)."""
    policy = IntegrityPolicy.objects.filter(pk=1).first()
    return policy.valid_months if policy else 6


def lacks_clean_opinion(cadre_ids, ref: dt.date) -> set[int]:
    """Of ``cadre_ids`` (already scoped by the caller), those without a current clean
    integrity opinion at ``ref``: their latest opinion answered by ``ref`` is not
    无问题, or is older than the validity (``opinion_valid_months``), or there is
    none. Pending requests do not count. Two queries whatever the number of people.

    For staffing (promotion proposals) and the pool pages (flag 无有效廉政意见)."""
    ids = list(cadre_ids)
    if not ids:
        return set()
    months = opinion_valid_months()

    def midnight(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time()))

    latest = (
        IntegrityOpinion.objects.filter(
            cadre_id__in=ids,
            answered_at__gte=midnight(rules.add_months(ref, -months - 1)),
            answered_at__lt=midnight(ref + dt.timedelta(days=1)),
        )
        .order_by("cadre_id", "-answered_at", "-id")
        .distinct("cadre_id")
        .values_list("cadre_id", "conclusion", "answered_at")
    )
    current = set()
    for cadre_id, conclusion, answered_at in latest:
        answered_on = timezone.localdate(answered_at)
        if rules.opinion_is_current(conclusion, answered_on, ref, months):
            current.add(cadre_id)
    return set(ids) - current


# ---------------------------------------------------------------------------
# 政治素质档案: organisation-department staff only.
# ---------------------------------------------------------------------------


def _is_staff(user) -> bool:
    grant = grant_of(user)
    return grant is not None and grant.role == Role.STAFF


def political_file_for(user) -> QuerySet[PoliticalFileEntry]:
    """Entries about people in ``user``'s jurisdiction; none unless ``user`` is staff
    (a leader, unit or sector account never reads a finding)."""
    if not _is_staff(user):
        return PoliticalFileEntry.objects.none()
    return PoliticalFileEntry.objects.filter(cadre__unit_id__in=unit_ids_for(user)).select_related(
        "cadre__unit"
    )


def political_file_of(user, cadre: Cadre) -> list[PoliticalFileEntry]:
    """For the profile page: one person's entries, newest first ([] for non-staff)."""
    return list(political_file_for(user).filter(cadre=cadre).order_by("-date", "-id"))


# ---------------------------------------------------------------------------
# 重点工作表现登记 and the 工作实绩 score.
# ---------------------------------------------------------------------------


def key_tasks_for(user) -> QuerySet[KeyTaskPerformance]:
    """Records about people ``user`` may read: staff their jurisdiction, a unit's party
    committee its own unit (``units_for``), leaders their jurisdiction."""
    grant = grant_of(user)
    if grant is None or grant.role not in (Role.STAFF, Role.UNIT_COMMITTEE, Role.LEADER):
        return KeyTaskPerformance.objects.none()
    return KeyTaskPerformance.objects.filter(cadre__unit_id__in=unit_ids_for(user)).select_related(
        "cadre__unit"
    )


def work_performance_scores(cadre_ids, ref: dt.date) -> dict[int, float]:
    """工作实绩 score (0..100) per cadre at ``ref``: the mean points of their 重点工作
    表现 ratings (优秀100, 良好80, 一般60, 较差30; ``rules.RATING_POINTS``) over records
    started by ``ref`` and still running or ended within ``rules.PERFORMANCE_YEARS``
    years. People without a record are absent from the result (no data, not zero).
    ``cadre_ids`` are scoped by the caller. One query.

    For 选 ranking: register an item whose value is this score, e.g. in
    ``SupervisionConfig.ready``."""
    ids = list(cadre_ids)
    if not ids:
        return {}
    since = rules.add_months(ref, -12 * rules.PERFORMANCE_YEARS)
    ratings: dict[int, list[str]] = {}
    rows = (
        KeyTaskPerformance.objects.filter(cadre_id__in=ids, started_on__lte=ref)
        .exclude(ended_on__lt=since)
        .values_list("cadre_id", "rating")
    )
    for cadre_id, rating in rows:
        ratings.setdefault(cadre_id, []).append(rating)
    return {cid: rules.performance_score(r) for cid, r in ratings.items()}


# ---------------------------------------------------------------------------
# 个人有关事项: staff only.
# ---------------------------------------------------------------------------

MISMATCH = (CheckFinding.OMITTED, CheckFinding.CONCEALED)


def personal_reports_for(user) -> QuerySet[PersonalMattersReport]:
    """Filings of people in ``user``'s jurisdiction; none unless ``user`` is staff."""
    if not _is_staff(user):
        return PersonalMattersReport.objects.none()
    return PersonalMattersReport.objects.filter(
        cadre__unit_id__in=unit_ids_for(user)
    ).select_related("cadre__unit")


@dataclass(frozen=True)
class PersonalMattersCounts:
    filings: int
    overdue: int  # not returned although due before today: to be reminded
    checked: int
    omitted: int  # 漏报
    concealed: int  # 瞒报
    in_effect: int  # people still inside an 影响期


def personal_matters_counts(user, year: int, today: dt.date) -> PersonalMattersCounts:
    """The figures above the 个人有关事项 list, for one year (one query)."""
    from django.db.models import Count, Q

    agg = (
        personal_reports_for(user)
        .filter(year=year)
        .aggregate(
            filings=Count("pk"),
            overdue=Count("pk", filter=Q(returned_on__isnull=True, due_on__lt=today)),
            checked=Count("pk", filter=~Q(finding="")),
            omitted=Count("pk", filter=Q(finding=CheckFinding.OMITTED)),
            concealed=Count("pk", filter=Q(finding=CheckFinding.CONCEALED)),
            in_effect=Count(
                "cadre", distinct=True, filter=Q(finding__in=MISMATCH, affects_until__gte=today)
            ),
        )
    )
    return PersonalMattersCounts(**agg)


def in_matters_effect_period(cadre_ids, ref: dt.date) -> set[int]:
    """Of ``cadre_ids`` (scoped by the caller), those inside an 影响期 after a 漏报 or
    瞒报 finding at ``ref``: not to be promoted until it ends. One query."""
    return set(
        PersonalMattersReport.objects.filter(
            cadre_id__in=list(cadre_ids),
            finding__in=MISMATCH,
            checked_on__lte=ref,
            affects_until__gte=ref,
        ).values_list("cadre_id", flat=True)
    )


# --- One person's records, for the cadre profile. ``cadre`` comes from a scoped
# queryset (``cadres_for(user)``), so it is already in the user's jurisdiction; the
# caller decides which of these a role may see (talk notes and integrity: staff only).


def talks_of(cadre: Cadre) -> list[Talk]:
    """Every talk the person took part in, newest first (one query)."""
    return list(Talk.objects.filter(participants__cadre=cadre).order_by("-date", "-id"))


def opinions_of(cadre: Cadre) -> list[IntegrityOpinion]:
    return list(
        IntegrityOpinion.objects.filter(cadre=cadre)
        .select_related("request")
        .order_by("-request__created", "-id")
    )


def concerns_of(cadre: Cadre) -> list[Concern]:
    return list(Concern.objects.filter(cadre=cadre).order_by("-received_on", "-id"))


def assessments_of(cadre: Cadre) -> list[Assessment]:
    return list(Assessment.objects.filter(cadre=cadre).order_by("-year", "kind", "-quarter"))


def annual_grades(cadre_ids) -> dict[int, dict[int, str]]:
    """``{cadre_id: {year: grade}}`` of annual assessments, for many people at once."""
    out: dict[int, dict[int, str]] = {}
    rows = Assessment.objects.filter(cadre_id__in=list(cadre_ids), kind="annual").values_list(
        "cadre_id", "year", "grade"
    )
    for cadre_id, year, grade in rows:
        out.setdefault(cadre_id, {})[year] = grade
    return out


@dataclass
class TalkDue:
    rule: TalkRule
    status: rules.TalkStatus

    @property
    def due_by(self) -> dt.date | None:
        return self.status.period_end


def talk_dues_of(cadre: Cadre, today: dt.date) -> list[TalkDue]:
    """Each calendar-period rule that applies to the person as a current pool member,
    with their state on ``today`` (the ledger's rule, linked roles included).
    [] for someone not in the pool."""
    talk_rules = [r for r in TalkRule.objects.all() if r.is_periodic]
    rows = _periodic_rows(None, today, talk_rules, cadre_id=cadre.pk)
    return [TalkDue(row.rule, row.status) for row in rows]


# ---------------------------------------------------------------------------
# 干部档案专项审核: staff only.
# ---------------------------------------------------------------------------


def file_audits_for(user) -> QuerySet[FileAuditRecord]:
    if not _is_staff(user):
        return FileAuditRecord.objects.none()
    return FileAuditRecord.objects.filter(cadre__unit_id__in=unit_ids_for(user)).select_related(
        "cadre__unit", "recorded_by"
    )


@dataclass
class FileAuditRow:
    """One pool member and the current (latest) determination of each item."""

    cadre: Cadre
    latest: dict[str, FileAuditRecord]

    @property
    def cells(self) -> list[FileAuditRecord | None]:
        """The latest record of each item, in ``FileItem`` order (None: not audited)."""
        return [self.latest.get(item) for item in FileItem.values]

    @property
    def core_done(self) -> bool:
        """出生时间, 参加工作时间 and 入党时间 all determined or found consistent."""
        return all(
            item in self.latest and self.latest[item].category != AuditCategory.PENDING
            for item in MONTH_ITEMS
        )

    @property
    def disagreements(self) -> list[FileAuditRecord]:
        """Items where roster and file differ, or the determination is pending."""
        return [
            r
            for r in self.latest.values()
            if r.category == AuditCategory.PENDING or r.roster_value != r.file_value
        ]


def file_audit_overview(user, show: str = "") -> list[FileAuditRow]:
    """Current pool members in ``user``'s jurisdiction with their latest determination
    per item; ``show``: ``unaudited`` (三龄 not all determined) or ``disagree``
    (roster and file differ, or pending). Three queries whatever the numbers."""
    if not _is_staff(user):
        return []
    members = (
        PoolMembership.objects.filter(
            status__in=OPEN_POOL_STATUSES,
            cadre__unit_id__in=unit_ids_for(user),
            cadre__is_active=True,
        )
        .select_related("cadre__unit")
        .order_by("cadre__unit__position", "cadre__unit_id", "cadre_id")
    )
    rows = {m.cadre_id: FileAuditRow(m.cadre, {}) for m in members}
    latest = (
        FileAuditRecord.objects.filter(cadre_id__in=list(rows))
        .order_by("cadre_id", "item", "-created_at", "-id")
        .distinct("cadre_id", "item")
    )
    for record in latest:
        rows[record.cadre_id].latest[record.item] = record
    out = list(rows.values())
    if show == "unaudited":
        out = [r for r in out if not r.core_done]
    elif show == "disagree":
        out = [r for r in out if r.disagreements]
    return out
