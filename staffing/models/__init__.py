"""Tables of the 用 stage: teams, posts, appointments, targets and warnings (core),
the records around appointments (documents, 公示, holidays, 双把关) and the 模拟调配
scenarios with the 任免建议 they become."""

from staffing.models.core import (
    DEFAULT_DEADLINE,
    Appointment,
    AppointmentQuerySet,
    LeadershipTeam,
    Post,
    StaffingTarget,
    TargetKind,
    WarningLevel,
    WarningPolicy,
    WarningRecord,
    WarningRun,
)
from staffing.models.eligibility import EligibilityCheck, EligibilityRule, EligibilityScope
from staffing.models.records import (
    AppointmentDocument,
    Holiday,
    Publicity,
    PublicityOutcome,
    PublicityStatus,
    SecondSignOff,
    SignOffDecision,
)
from staffing.models.scenarios import (
    AppointmentProposal,
    MoveKind,
    ProposalStatus,
    Scenario,
    ScenarioMove,
    ScenarioStatus,
)

__all__ = [
    "DEFAULT_DEADLINE",
    "Appointment",
    "AppointmentDocument",
    "AppointmentProposal",
    "AppointmentQuerySet",
    "EligibilityCheck",
    "EligibilityRule",
    "EligibilityScope",
    "Holiday",
    "LeadershipTeam",
    "MoveKind",
    "Post",
    "ProposalStatus",
    "Publicity",
    "PublicityOutcome",
    "PublicityStatus",
    "Scenario",
    "ScenarioMove",
    "ScenarioStatus",
    "SecondSignOff",
    "SignOffDecision",
    "StaffingTarget",
    "TargetKind",
    "WarningLevel",
    "WarningPolicy",
    "WarningRecord",
    "WarningRun",
]
