# Over 400 lines: every scoped read of 育; a split by concern is left for #17.
"""Reads of the 育 stage, scoped to the user's jurisdiction through ``pool.people.selectors``.

The second half holds the small, unscoped-by-design read models other stages use
(the dashboard, the pool ranking's 培训情况 and 基层经历 items, the cadre profile):
they take cadre ids the caller already scoped and return plain dicts, one query each.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import (
    Count,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from pool.models import OPEN_POOL_STATUSES, Cadre, PoolMembership, Unit
from pool.people import rules as pool_rules
from pool.people import selectors as pool_selectors
from pool.people.selectors import (
    cadres_for,
    grant_of,
    pool_ceilings,
    unit_ids_for,
    young_q,
)
from pool.selection import scoring as pool_scoring
from training import rules
from training.models import (
    DevelopmentPlan,
    Enrollment,
    EnrollmentResult,
    Mentorship,
    PlanStep,
    Posting,
    PostingKind,
    TrainingClass,
    TrainingRules,
)


def current_rules() -> TrainingRules:
    return TrainingRules.current()


def minimum_share(training_rules: TrainingRules) -> Fraction:
    return Fraction(training_rules.young_share_numerator, training_rules.young_share_denominator)


# --- classes and enrolments ------------------------------------------------------------


def _regions_above(user) -> list[int]:
    """The units above the user's scope unit (a county staff member's city)."""
    grant = grant_of(user)
    if grant is None or grant.unit_id is None:
        return []
    return list(Unit.objects.ancestors(grant.unit).values_list("pk", flat=True))


def classes_for(user) -> QuerySet[TrainingClass]:
    """Classes run by a unit in ``user``'s jurisdiction or by a region above it (the
    city's classes, which take people from every county), and classes elsewhere that
    people in it attend."""
    ids = unit_ids_for(user)
    attended = Enrollment.objects.filter(cadre__unit_id__in=ids).values("training_class_id")
    return TrainingClass.objects.filter(
        Q(unit_id__in=ids) | Q(unit_id__in=_regions_above(user)) | Q(pk__in=attended)
    ).select_related("unit")


def kept_classes(user) -> QuerySet[TrainingClass]:
    """Classes ``user`` may edit: those run by a unit in their jurisdiction."""
    return TrainingClass.objects.filter(unit_id__in=unit_ids_for(user)).select_related("unit")


def class_list(user, *, year: int | None = None, kind: str = "", q: str = ""):
    classes = classes_for(user).annotate(trainees=Count("enrollments"))
    if year:
        classes = classes.filter(start_date__year=year)
    if kind:
        classes = classes.filter(kind=kind)
    if q:
        classes = classes.filter(Q(name__contains=q) | Q(organiser__contains=q))
    return classes.order_by("-start_date", "-id")


def is_young_at(ceilings: dict[str, int], cadre_birth: dt.date, rank: str, ref: dt.date) -> bool:
    """A young cadre at ``ref`` by their own 职级 (pool's editable ceilings), whatever
    unit they sit in."""
    return pool_rules.is_young_person(cadre_birth, rank, ceilings, ref)


def young_shares(class_ids: Iterable[int]) -> dict[int, rules.Share]:
    """Young trainees and all trainees of each class, young at the class's start. All
    trainees count, also those outside the reader's jurisdiction (the rule is about the
    class). Two queries whatever the numbers."""
    ids = list(class_ids)
    ceilings = pool_ceilings()
    young: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    rows = Enrollment.objects.filter(training_class_id__in=ids).values_list(
        "training_class_id",
        "training_class__start_date",
        "cadre__birth_month",
        "cadre__rank",
    )
    for class_id, start, birth, rank in rows:
        total[class_id] += 1
        young[class_id] += is_young_at(ceilings, birth, rank, start)
    return {pk: rules.Share(young[pk], total[pk]) for pk in ids}


def trainees(user, training_class: TrainingClass) -> QuerySet[Enrollment]:
    """The class's trainees that ``user`` may see (their own jurisdiction's)."""
    return (
        training_class.enrollments.filter(cadre__unit_id__in=unit_ids_for(user))
        .select_related("cadre__unit__parent")
        .order_by("cadre__unit__position", "cadre__unit_id", "cadre__birth_month", "id")
    )


def enrollments_for(user) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(cadre__unit_id__in=unit_ids_for(user)).select_related(
        "cadre__unit", "training_class"
    )


def pool_pick(
    user,
    training_class: TrainingClass,
    *,
    tier: str = "",
    unit_id: int | None = None,
    q: str = "",
    young_only: bool = False,
) -> QuerySet[PoolMembership]:
    """Current pool members in ``user``'s jurisdiction not yet in the class, for the
    pick-from-the-pool page. ``young_only`` keeps those young at the class's start."""
    members = PoolMembership.objects.filter(
        status__in=OPEN_POOL_STATUSES,
        cadre__unit_id__in=unit_ids_for(user),
        cadre__is_active=True,
    ).exclude(cadre__enrollments__training_class=training_class)
    if tier:
        members = members.filter(tier=tier)
    if unit_id:
        members = members.filter(cadre__unit_id=unit_id)
    if q:
        members = members.filter(
            Q(cadre__name__contains=q) | Q(cadre__current_position__contains=q)
        )
    if young_only:
        members = members.filter(young_q(training_class.start_date, "cadre__"))
    return members.select_related("cadre__unit__parent").order_by(
        "cadre__unit__position", "cadre__unit_id", "cadre__birth_month", "cadre_id"
    )


def pick_cadres(user) -> QuerySet[Cadre]:
    """People a form may offer (one by one): in jurisdiction, youngest first."""
    return cadres_for(user).order_by("unit__position", "unit_id", "-birth_month", "id")


def mentor_choices(user) -> QuerySet[Cadre]:
    """Leaders (领导职务 ranks) in ``user``'s jurisdiction, who may mentor."""
    return cadres_for(user).filter(rank__in=rules.LEADER_RANKS).order_by("unit_id", "birth_month")


# --- postings, mentoring, plans ---------------------------------------------------------


def postings_for(user) -> QuerySet[Posting]:
    return Posting.objects.filter(cadre__unit_id__in=unit_ids_for(user)).select_related(
        "cadre__unit", "host_unit"
    )


def mentorships_for(user) -> QuerySet[Mentorship]:
    """Pairs whose young cadre is in ``user``'s jurisdiction."""
    return (
        Mentorship.objects.filter(mentee__unit_id__in=unit_ids_for(user))
        .select_related("mentor__unit", "mentee__unit")
        .annotate(meeting_count=Count("meetings"), last_meeting=Max("meetings__date"))
    )


def plans_for(user) -> QuerySet[DevelopmentPlan]:
    return DevelopmentPlan.objects.filter(cadre__unit_id__in=unit_ids_for(user)).select_related(
        "cadre__unit"
    )


def plan_steps_for(user) -> QuerySet[PlanStep]:
    return PlanStep.objects.filter(plan__cadre__unit_id__in=unit_ids_for(user)).select_related(
        "plan"
    )


# --- compliance (培训合规) -------------------------------------------------------------

POLITICAL, COVERAGE, HOURS = "political", "coverage", "hours"
RULE_LABELS = {
    POLITICAL: "3年内未参加1周以上脱产政治训练",
    COVERAGE: "5年内未参加培训",
    HOURS: "本年学时未达标",
}


def rule_labels(training_rules: TrainingRules) -> dict[str, str]:
    r = training_rules
    return {
        POLITICAL: f"{r.political_years}年内未参加{r.political_min_days}天以上脱产政治训练",
        COVERAGE: f"{r.coverage_years}年内未参加培训",
        HOURS: f"本年学时未达{r.yearly_hours.normalize():f}学时",
    }


@dataclass
class ComplianceRow:
    membership: PoolMembership
    last_political: dt.date | None
    last_training: dt.date | None
    hours: Decimal
    failing: list[str] = field(default_factory=list)

    @property
    def cadre(self) -> Cadre:
        return self.membership.cadre


def _completed() -> Q:
    return Q(result=EnrollmentResult.COMPLETED)


def last_political_training(
    cadre_ids: Iterable[int], min_days: int | None = None
) -> dict[int, dt.date]:
    """For each cadre, when their latest completed political training (政治训练, off the
    job, at least ``min_days`` days; default from the rules) ended. One query."""
    if min_days is None:
        min_days = current_rules().political_min_days
    rows = (
        _political_enrollments(min_days)
        .filter(cadre_id__in=list(cadre_ids))
        .values("cadre_id")
        .annotate(last=Max("training_class__end_date"))
        .values_list("cadre_id", "last")
    )
    return dict(rows)


def last_training(cadre_ids: Iterable[int]) -> dict[int, dt.date]:
    """For each cadre, when the latest class they completed (结业) ended. One query."""
    rows = (
        Enrollment.objects.filter(Q(cadre_id__in=list(cadre_ids)) & _completed())
        .values("cadre_id")
        .annotate(last=Max("training_class__end_date"))
        .values_list("cadre_id", "last")
    )
    return dict(rows)


def hours_by_cadre(cadre_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    """学时 recorded per cadre on classes ending in ``year`` (a class still under way
    counts the hours recorded so far, e.g. a 网络学院 course). Cadres without any are
    absent (read with ``.get(pk, 0)``). One query."""
    rows = (
        Enrollment.objects.filter(cadre_id__in=list(cadre_ids), training_class__end_date__year=year)
        .values("cadre_id")
        .annotate(total=Sum("hours"))
        .values_list("cadre_id", "total")
    )
    return {pk: total or Decimal(0) for pk, total in rows}


def posting_is_grassroots(posting: Posting, township_names=()) -> bool:
    """A posting at the grassroots by the one 基层工作经历 rule (``pool.people.rules``): its
    host unit on file is at 乡镇(街道) level, or its kind, host and post name a 乡镇,
    街道, 村, 社区, 驻村 or 第一书记 (a county department does not count)."""
    host_level = posting.host_unit.level if posting.host_unit_id else ""
    text = f"{posting.get_kind_display()} {posting.host_name}{posting.role}"
    return pool_rules.unit_is_grassroots(host_level) or pool_rules.is_grassroots(
        text, township_names
    )


def grassroots_months(cadre_ids: Iterable[int], today: dt.date) -> dict[int, int]:
    """基层工作经历 in months per cadre at ``today``: the 简历 lines and the postings
    that ``pool.people.rules.is_grassroots`` judges at the grassroots, overlaps counted once.
    For every stage (ranking, 人岗相适, profile, the training page). Four queries."""
    ids = list(cadre_ids)
    names = pool_selectors.township_names()
    spans: dict[int, list] = defaultdict(list)
    for posting in Posting.objects.filter(cadre_id__in=ids, start_date__lte=today).select_related(
        "host_unit"
    ):
        if posting_is_grassroots(posting, names):
            spans[posting.cadre_id].append((posting.start_date, posting.end_date))
    return pool_scoring.grassroots_months_of(ids, today, spans)


# --- the pool page's 培训情况 filter: expressions on a PoolMembership queryset ----------


def _political_enrollments(min_days: int):
    """Completed political trainings (政治训练, off the job, at least ``min_days``)."""
    return (
        Enrollment.objects.filter(_completed())
        .annotate(
            span=ExpressionWrapper(
                F("training_class__end_date") - F("training_class__start_date"),
                output_field=DurationField(),
            )
        )
        .filter(
            training_class__political=True,
            training_class__off_the_job=True,
            span__gte=dt.timedelta(days=min_days - 1),
        )
    )


def political_trained_since(since: dt.date, min_days: int) -> Exists:
    """For a pool stay (``cadre_id``): a political training ended on or after ``since``
    (the subquery form of ``last_political_training`` >= since)."""
    return Exists(
        _political_enrollments(min_days).filter(
            cadre_id=OuterRef("cadre_id"), training_class__end_date__gte=since
        )
    )


def trained_since(since: dt.date) -> Exists:
    """For a pool stay: a completed class ended on or after ``since``."""
    return Exists(
        Enrollment.objects.filter(
            _completed(), cadre_id=OuterRef("cadre_id"), training_class__end_date__gte=since
        )
    )


def hours_in_year(year: int) -> Coalesce:
    """For a pool stay: the 学时 of classes ending in ``year`` (as ``hours_by_cadre``)."""
    total = (
        Enrollment.objects.filter(
            cadre_id=OuterRef("cadre_id"), training_class__end_date__year=year
        )
        .values("cadre_id")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(total), Value(Decimal(0)), output_field=DecimalField())


@dataclass(frozen=True)
class Coverage:
    members: int
    trained: int

    @property
    def share(self) -> float | None:
        return self.trained / self.members if self.members else None


def coverage(user, year: int) -> Coverage:
    """培训覆盖率: current pool members in ``user``'s jurisdiction, and how many of them
    completed a class ending in ``year``. One query (plus the jurisdiction)."""
    agg = PoolMembership.objects.filter(
        status__in=OPEN_POOL_STATUSES,
        cadre__unit_id__in=unit_ids_for(user),
        cadre__is_active=True,
    ).aggregate(
        members=Count("pk"),
        trained=Count(
            "pk",
            filter=Q(
                cadre__in=Enrollment.objects.filter(
                    _completed(), training_class__end_date__year=year
                ).values("cadre_id")
            ),
        ),
    )
    return Coverage(agg["members"], agg["trained"])


def compliance_rows(
    members: QuerySet[PoolMembership], today: dt.date, training_rules: TrainingRules
) -> list[ComplianceRow]:
    """Every member with their last political training, last training and this year's
    hours, and the rules they fall short of. Four queries whatever the numbers."""
    members = list(members.select_related("cadre__unit__parent"))
    ids = [m.cadre_id for m in members]
    political = last_political_training(ids, training_rules.political_min_days)
    trained = last_training(ids)
    hours = hours_by_cadre(ids, today.year)
    out = []
    for m in members:
        row = ComplianceRow(
            m, political.get(m.cadre_id), trained.get(m.cadre_id), hours.get(m.cadre_id, Decimal(0))
        )
        if not rules.political_training_ok(
            row.last_political, today, training_rules.political_years
        ):
            row.failing.append(POLITICAL)
        if not rules.trained_within(row.last_training, today, training_rules.coverage_years):
            row.failing.append(COVERAGE)
        if not rules.hours_ok(row.hours, training_rules.yearly_hours):
            row.failing.append(HOURS)
        out.append(row)
    return out


def compliance(
    user, today: dt.date, *, rule: str = "", unit_id: int | None = None
) -> tuple[list[ComplianceRow], dict[str, int], int]:
    """培训合规: pool members in ``user``'s jurisdiction who fall short of a rule
    (``rule`` keeps one), ordered by unit; with the count per rule and the number of
    members checked."""
    members = PoolMembership.objects.filter(
        status__in=OPEN_POOL_STATUSES, cadre__unit_id__in=unit_ids_for(user), cadre__is_active=True
    )
    if unit_id:
        members = members.filter(cadre__unit_id=unit_id)
    members = members.order_by(
        "cadre__unit__position", "cadre__unit_id", "cadre__birth_month", "cadre_id"
    )
    rows = compliance_rows(members, today, current_rules())
    counts = {key: sum(1 for r in rows if key in r.failing) for key in RULE_LABELS}
    short = [r for r in rows if (rule in r.failing if rule else r.failing)]
    return short, counts, len(rows)


def _meets(today: dt.date, training_rules: TrainingRules) -> dict[str, Q]:
    """For each rule, the condition (on a ``PoolMembership``) of meeting it at ``today``,
    as SQL: the same tests as ``compliance_rows`` makes in Python."""
    r = training_rules
    political = political_trained_since(
        rules.years_before(today, r.political_years), r.political_min_days
    )
    trained = trained_since(rules.years_before(today, r.coverage_years))
    hours = Enrollment.objects.filter(
        cadre_id=OuterRef("cadre_id"), training_class__end_date__year=today.year
    ).values("cadre_id")
    enough = hours.annotate(total=Sum("hours")).filter(total__gte=r.yearly_hours)
    return {POLITICAL: Q(political), COVERAGE: Q(trained), HOURS: Q(Exists(enough))}


def compliance_counts(unit_ids, today: dt.date) -> tuple[dict[str, int], int]:
    """培训合规 in figures: for the current pool members of ``unit_ids`` (ids or a
    subquery), how many fall short of each rule, and how many members there are. One
    query, whatever the number of members (the dashboard and the reminders)."""
    meets = _meets(today, current_rules())
    agg = PoolMembership.objects.filter(
        status__in=OPEN_POOL_STATUSES, cadre__unit_id__in=unit_ids, cadre__is_active=True
    ).aggregate(
        members=Count("pk"), **{key: Count("pk", filter=~cond) for key, cond in meets.items()}
    )
    members = agg.pop("members")
    return {key: agg[key] for key in RULE_LABELS}, members


def all_members_for_reminders() -> QuerySet[PoolMembership]:
    """Every current pool member (the periodic reminder runs as the system)."""
    return PoolMembership.objects.filter(
        status__in=OPEN_POOL_STATUSES, cadre__is_active=True
    ).order_by("cadre__unit_id", "cadre_id")


# --- one person (the training page, and the cadre profile) ------------------------------


@dataclass(frozen=True)
class RuleCheck:
    title: str  # 政治训练, 培训覆盖, 2026年学时
    ok: bool
    value: object  # the last date, or the hours
    label: str  # the shortfall, worded as on the compliance page
    key: str = ""  # POLITICAL, COVERAGE or HOURS


@dataclass
class PersonTraining:
    enrollments: list[Enrollment]
    checks: list[RuleCheck]
    grassroots_months: int
    postings: list[Posting]
    mentorships: list[Mentorship]
    plans: list[DevelopmentPlan]


def enrollments_of(cadre: Cadre) -> list[Enrollment]:
    """One person's classes (the person already fetched through ``cadres_for``), newest
    first, with the class loaded. One query."""
    return list(
        cadre.enrollments.select_related("training_class").order_by(
            "-training_class__start_date", "-id"
        )
    )


def postings_of(cadre: Cadre) -> list[Posting]:
    """One person's 实践锻炼 (挂职, 驻村第一书记 ...), newest first. One query."""
    return list(cadre.postings.select_related("host_unit").order_by("-start_date", "-id"))


def rule_checks(
    cadre: Cadre, today: dt.date, training_rules: TrainingRules | None = None
) -> list[RuleCheck]:
    """Each training rule checked for one person at ``today``: political training,
    coverage and this year's hours. Three queries (four without ``training_rules``)."""
    training_rules = training_rules or current_rules()
    labels = rule_labels(training_rules)
    political = last_political_training([cadre.pk], training_rules.political_min_days).get(cadre.pk)
    trained = last_training([cadre.pk]).get(cadre.pk)
    hours = hours_by_cadre([cadre.pk], today.year).get(cadre.pk, Decimal(0))
    return [
        RuleCheck(
            "政治训练",
            rules.political_training_ok(political, today, training_rules.political_years),
            political,
            labels[POLITICAL],
            POLITICAL,
        ),
        RuleCheck(
            "培训覆盖",
            rules.trained_within(trained, today, training_rules.coverage_years),
            trained,
            labels[COVERAGE],
            COVERAGE,
        ),
        RuleCheck(
            f"{today.year}年学时",
            rules.hours_ok(hours, training_rules.yearly_hours),
            hours,
            labels[HOURS],
            HOURS,
        ),
    ]


def shortfalls_of(cadre: Cadre, today: dt.date) -> list[RuleCheck]:
    """The training rules one person currently falls short of. This year's hours count
    only from the rules' reminder month (earlier nearly everyone is short), as in the
    reminders. Four queries."""
    training_rules = current_rules()
    hours_due = rules.hours_reminder_due(today, training_rules.hours_reminder_month)
    return [
        check
        for check in rule_checks(cadre, today, training_rules)
        if not check.ok and (check.key != HOURS or hours_due)
    ]


def person_training(user, cadre: Cadre, today: dt.date) -> PersonTraining:
    """Everything 育 knows about one person (already fetched through ``cadres_for``):
    classes, each training rule checked, 基层经历 years, postings, mentors (with meeting
    counts) and 一人一策 plans with their steps. A fixed number of queries."""
    return PersonTraining(
        enrollments=enrollments_of(cadre),
        checks=rule_checks(cadre, today),
        grassroots_months=grassroots_months([cadre.pk], today).get(cadre.pk, 0),
        postings=postings_of(cadre),
        mentorships=list(mentorships_for(user).filter(mentee=cadre).order_by("-start_date")),
        plans=list(cadre.development_plans.prefetch_related("steps").order_by("-year")),
    )


def exchange_posts(unit_ids: list[int] | None, since: dt.date, until: dt.date):
    """交流任职 postings started between ``since`` and ``until`` of people in
    ``unit_ids``, as (cadre id, start, what was taken up), for the 任职廉政谈话 rule
    (``supervision.new_posts``, registered by staffing). One query."""
    rows = Posting.objects.filter(
        kind=PostingKind.EXCHANGE,
        start_date__gte=since,
        start_date__lte=until,
        cadre__is_active=True,
    )
    if unit_ids is not None:
        rows = rows.filter(cadre__unit_id__in=unit_ids)
    for cadre_id, start, host, role in rows.values_list(
        "cadre_id", "start_date", "host_name", "role"
    ):
        yield cadre_id, start, f"交流任职（{host}{role}）"


# --- mentor coverage (结对帮带) ---------------------------------------------------------


def _needs_mentor_q(ref: dt.date, prefix: str = "") -> Q:
    """Young cadres (``pool.people.selectors.young_q``) who are 新录用人员, 选调生 or
    到村(社区)工作大学生 (``rules.mentor_groups`` in SQL)."""
    new = Q(
        **{
            f"{prefix}work_start_month__gte": rules.new_recruit_since(ref),
            f"{prefix}work_start_month__lte": ref,
        }
    )
    groups = new | Q(**{f"{prefix}category__in": rules.MENTOR_CATEGORIES})
    return groups & young_q(ref, prefix)


def _has_mentor(ref: dt.date) -> Exists:
    return Exists(
        Mentorship.objects.filter(mentee_id=OuterRef("pk"), start_date__lte=ref).exclude(
            end_date__lt=ref
        )
    )


@dataclass(frozen=True)
class MentorCoverage:
    needing: int  # young cadres who should have a mentor
    covered: int  # ... who have one on the reference date

    @property
    def without(self) -> int:
        return self.needing - self.covered

    @property
    def rate(self) -> float | None:
        return round(self.covered / self.needing, 4) if self.needing else None


def mentor_coverage(unit_ids, ref: dt.date) -> MentorCoverage:
    """导师帮带覆盖 for the active cadres of ``unit_ids`` (ids or a subquery). One query."""
    agg = (
        Cadre.objects.filter(_needs_mentor_q(ref), unit_id__in=unit_ids, is_active=True)
        .annotate(mentored=_has_mentor(ref))
        .aggregate(needing=Count("pk"), covered=Count("pk", filter=Q(mentored=True)))
    )
    return MentorCoverage(agg["needing"], agg["covered"])


@dataclass(frozen=True)
class MentorGap:
    cadre: Cadre
    groups: list[str]


def without_mentor(user, ref: dt.date, unit_id: int | None = None) -> list[MentorGap]:
    """Young cadres in ``user``'s jurisdiction who should have a mentor and have none on
    ``ref``, by unit, with the reasons (新录用人员, 选调生, 到村(社区)工作大学生). One query."""
    cadres = Cadre.objects.filter(
        _needs_mentor_q(ref), unit_id__in=unit_ids_for(user), is_active=True
    ).filter(~_has_mentor(ref))
    if unit_id:
        cadres = cadres.filter(unit_id=unit_id)
    cadres = cadres.select_related("unit").order_by(
        "unit__position", "unit_id", "-birth_month", "pk"
    )
    return [MentorGap(c, rules.mentor_groups(c.category, c.work_start_month, ref)) for c in cadres]
