"""factory_boy factories for the pool app (units, cadres)."""

import datetime as dt
import itertools

import factory
from django.utils import timezone

from pool.models import (
    Cadre,
    CadreCategory,
    Inspection,
    ListKind,
    PoolMembership,
    PoolStatus,
    Recommendation,
    RecommendationList,
    RecommendationRound,
    RecommendMethod,
    Tier,
    Unit,
    UnitKind,
    UnitLevel,
    Veto,
)
from pool.people import rules

_sequence = itertools.count(1)


def make_id_number(birth: dt.date, gender: str = "男", region: str = "439001") -> str:
    """A valid 18-digit ID for ``birth``; a fresh sequence number each call."""
    n = next(_sequence)
    day = birth.replace(day=1 + (n // 100) % 28)
    first17 = f"{region}{day:%Y%m%d}{n % 100:02d}{1 if gender == '男' else 2}"
    return first17 + rules.id_check_char(first17)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}")
    level = UnitLevel.COUNTY
    kind = UnitKind.PARTY_GOV_DEPT


class CadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cadre

    name = factory.Sequence(lambda n: f"干部{n}")
    gender = "男"
    birth_month = dt.date(1990, 6, 1)
    category = CadreCategory.CIVIL_SERVANT
    unit = factory.SubFactory(UnitFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        id_number = kwargs.pop("id_number", None)
        cadre = model_class(*args, **kwargs)
        cadre.id_number = id_number or make_id_number(
            cadre.birth_month.replace(day=15), cadre.gender
        )
        cadre.save()
        return cadre


# --- staffing (用): leadership teams, posts, appointments -----------------------------
from staffing.models import Appointment, LeadershipTeam, Post  # noqa: E402


class LeadershipTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadershipTeam

    unit = factory.SubFactory(UnitFactory)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    team = factory.SubFactory(LeadershipTeamFactory)
    title = factory.Sequence(lambda n: f"职位{n}")
    is_chief = False
    quota = 1


class AppointmentFactory(factory.django.DjangoModelFactory):
    """A seat held from 2020-01-01 (no quota check: use staffing.services.appoint for that)."""

    class Meta:
        model = Appointment

    cadre = factory.SubFactory(CadreFactory)
    post = factory.SubFactory(PostFactory)
    start_date = dt.date(2020, 1, 1)


# --- 选: recommendation rounds, lists, recommendations, pool, vetoes ---------------------


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendationRound

    name = factory.Sequence(lambda n: f"测试批次{n}")
    opens_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))
    is_open = True


class RecommendationListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendationList

    round = factory.SubFactory(RoundFactory)
    kind = ListKind.UNIT
    unit = factory.SubFactory(UnitFactory)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    rec_list = factory.SubFactory(RecommendationListFactory)
    cadre = factory.SubFactory(
        CadreFactory,
        unit=factory.SelfAttribute("..rec_list.unit"),
        birth_month=factory.LazyFunction(lambda: dt.date(dt.date.today().year - 30, 1, 1)),
    )
    reason = "政治坚定，在乡村振兴和防汛救灾中冲锋在前，群众认可度高"
    achievements = "牵头完成3个村的人居环境整治"
    method = RecommendMethod.MEETING


class PoolMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoolMembership

    cadre = factory.SubFactory(CadreFactory)
    tier = Tier.MID
    status = PoolStatus.IN_POOL
    entered_on = dt.date(2026, 1, 1)


class InspectionFactory(factory.django.DjangoModelFactory):
    """An active inspection; give the membership status ``inspection`` to match."""

    class Meta:
        model = Inspection

    membership = factory.SubFactory(PoolMembershipFactory, status=PoolStatus.INSPECTION)
    proposed_post = "青石镇党委副书记"
    started_on = dt.date(2026, 2, 1)
    expires_on = dt.date(2026, 5, 1)


class VetoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Veto

    cadre = factory.SubFactory(CadreFactory)
    reason = "受到党内严重警告处分"
    source = "县纪委监委处分决定"
    recorded_at = factory.LazyFunction(timezone.now)


# --- 管: talks, integrity opinions, concerns, assessments ---------------------------------
from supervision.models import (  # noqa: E402
    Assessment,
    AssessmentKind,
    Concern,
    Handling,
    IntegrityOpinion,
    IntegrityPurpose,
    IntegrityRequest,
    PersonalMattersReport,
    Talk,
    TalkerLink,
    TalkerRole,
    TalkKind,
    TalkParticipant,
)


class TalkFactory(factory.django.DjangoModelFactory):
    """A talk without participants: add them with ``TalkParticipantFactory`` or use
    ``supervision.services.record_talk``."""

    class Meta:
        model = Talk

    talker_name = "张书记"
    talker_role = TalkerRole.UNIT_HEAD
    kind = TalkKind.HEART
    date = factory.LazyFunction(dt.date.today)
    note = "谈话要点：工作压力较大，家庭困难需关心"


class TalkParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalkParticipant

    talk = factory.SubFactory(TalkFactory)
    cadre = factory.SubFactory(CadreFactory)
    talker_role = factory.SelfAttribute("talk.talker_role")
    date = factory.SelfAttribute("talk.date")


class IntegrityRequestFactory(factory.django.DjangoModelFactory):
    """Pass ``requested_by`` and ``addressed_to`` (accounts)."""

    class Meta:
        model = IntegrityRequest

    purpose = IntegrityPurpose.ADMISSION


class IntegrityOpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntegrityOpinion

    request = None  # pass one
    cadre = factory.SubFactory(CadreFactory)


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    cadre = factory.SubFactory(CadreFactory)
    source = "信访举报"
    summary = "反映其违规收受礼金"
    handling = Handling.VERIFY
    received_on = dt.date(2026, 3, 1)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    cadre = factory.SubFactory(CadreFactory)
    year = 2025
    kind = AssessmentKind.ANNUAL
    grade = "称职"


class TalkerLinkFactory(factory.django.DjangoModelFactory):
    """A 县级领导's 联系点 (pass ``unit``)."""

    class Meta:
        model = TalkerLink

    talker_role = TalkerRole.COUNTY_LEADER
    talker_name = factory.Sequence(lambda n: f"县领导{n}")
    unit = None
    started_on = dt.date(2025, 1, 1)


class PersonalReportFactory(factory.django.DjangoModelFactory):
    """A returned 年度集中 个人有关事项 report, not yet checked."""

    class Meta:
        model = PersonalMattersReport

    cadre = factory.SubFactory(CadreFactory)
    year = 2026
    filing = "annual"
    due_on = dt.date(2026, 3, 31)
    returned_on = dt.date(2026, 3, 20)


# --- 育: training classes, enrolments, postings, mentoring, plans -------------------------
from training.models import (  # noqa: E402
    ClassKind,
    DevelopmentPlan,
    Enrollment,
    EnrollmentResult,
    MentorMeeting,
    Mentorship,
    PlanStep,
    Posting,
    PostingKind,
    TrainingClass,
)


class TrainingClassFactory(factory.django.DjangoModelFactory):
    """A finished five-day class of 40 学时; pass ``unit`` (the region running it)."""

    class Meta:
        model = TrainingClass

    name = factory.Sequence(lambda n: f"测试培训班{n}")
    organiser = "县委组织部"
    unit = factory.SubFactory(UnitFactory)
    kind = ClassKind.YOUNG_CADRE
    start_date = dt.date(2026, 3, 2)
    end_date = dt.date(2026, 3, 6)
    hours = 40


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    cadre = factory.SubFactory(CadreFactory)
    training_class = factory.SubFactory(TrainingClassFactory)
    hours = factory.SelfAttribute("training_class.hours")
    result = EnrollmentResult.COMPLETED


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Posting

    cadre = factory.SubFactory(CadreFactory)
    kind = PostingKind.VILLAGE_SECRETARY
    host_name = "青石镇石桥村"
    start_date = dt.date(2024, 3, 1)
    end_date = dt.date(2026, 2, 28)
    full_time = True
    grassroots = True


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentorship

    mentor = factory.SubFactory(CadreFactory, rank="正科", birth_month=dt.date(1975, 1, 1))
    mentee = factory.SubFactory(CadreFactory)
    mentor_role = "镇党委书记"
    start_date = dt.date(2025, 9, 1)


class MentorMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorMeeting

    mentorship = factory.SubFactory(MentorshipFactory)
    date = dt.date(2025, 10, 8)
    topic = "谈工作方法"
    notes = "本人压力较大，需要关心"


class DevelopmentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentPlan

    cadre = factory.SubFactory(CadreFactory)
    year = 2026
    goals = "补齐基层工作经历，提升统筹协调能力"


class PlanStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanStep

    plan = factory.SubFactory(DevelopmentPlanFactory)
    text = "到信访维稳一线锻炼半年"
    due_on = dt.date(2026, 12, 31)


# --- 民主推荐测评 ---------------------------------------------------------------------
from pool.models import VoterRoll, VotingCandidate, VotingRound  # noqa: E402


def make_voting_round(unit, *, kind="recommend", cadres=(), rolls=None, closed=False, **fields):
    """A round of ``unit`` open now (or closed ten minutes ago), with its candidates (made in
    ``unit`` when none are given) and expected voters per group."""
    now = timezone.now()
    voting_round = VotingRound.objects.create(
        unit=unit,
        kind=kind,
        title=fields.pop("title", f"{unit.name}民主推荐"),
        opens_at=now - dt.timedelta(minutes=30),
        closes_at=now + dt.timedelta(hours=2),
        closed_at=now - dt.timedelta(minutes=10) if closed else None,
        **fields,
    )
    for i, cadre in enumerate(cadres or [CadreFactory(unit=unit) for _ in range(3)]):
        VotingCandidate.objects.create(round=voting_round, cadre=cadre, position=i)
    for group, expected in (rolls or {"leaders": 5, "middle": 10, "others": 20}).items():
        VoterRoll.objects.create(round=voting_round, group=group, expected=expected)
    return voting_round
