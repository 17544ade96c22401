"""Tables of the 用 stage: teams, posts, appointments, targets and warnings (core),
and the records around appointments (documents, 公示, holidays, 双把关)."""

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
)
from staffing.models.records import (
    AppointmentDocument,
    Holiday,
    Publicity,
    PublicityOutcome,
    PublicityStatus,
    SecondSignOff,
    SignOffDecision,
)

__all__ = [
    "DEFAULT_DEADLINE",
    "Appointment",
    "AppointmentDocument",
    "AppointmentQuerySet",
    "Holiday",
    "LeadershipTeam",
    "Post",
    "Publicity",
    "PublicityOutcome",
    "PublicityStatus",
    "SecondSignOff",
    "SignOffDecision",
    "StaffingTarget",
    "TargetKind",
    "WarningLevel",
    "WarningPolicy",
    "WarningRecord",
]
