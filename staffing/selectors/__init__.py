"""Reads of the 用 stage, scoped to the user's jurisdiction through
``pool.selectors.units_for``; what is loaded with what is decided here, once.

Other pages (the home page's reminders, the leaders' dashboard) call these:
``probation_ending``, ``publicity_open``, ``long_serving``, ``target_progress``,
``ledger``."""

from staffing.selectors.candidates import Candidate, candidates
from staffing.selectors.documents import document_detail, documents_for
from staffing.selectors.ledger import (
    REGION_KINDS,
    Holder,
    Ledger,
    LedgerRow,
    PostView,
    QuarterReport,
    RegionRow,
    TeamDetail,
    UnitNode,
    UnitTree,
    appointments_of,
    available_quarters,
    default_quarter,
    latest_warnings_of_unit,
    ledger,
    quarter_report,
    team_detail,
    teams_for,
    unit_ids_for,
)
from staffing.selectors.simulation import Simulation, simulate
from staffing.selectors.targets import TargetBlock, TargetRow, target_progress
from staffing.selectors.tenure import (
    appointments_for,
    long_serving,
    probation_ending,
    publicities_for,
    publicity_open,
    second_checks_for,
    team_posts,
)

__all__ = [
    "REGION_KINDS",
    "Candidate",
    "Holder",
    "Ledger",
    "LedgerRow",
    "PostView",
    "QuarterReport",
    "RegionRow",
    "Simulation",
    "TargetBlock",
    "TargetRow",
    "TeamDetail",
    "UnitNode",
    "UnitTree",
    "appointments_for",
    "appointments_of",
    "available_quarters",
    "candidates",
    "default_quarter",
    "document_detail",
    "documents_for",
    "latest_warnings_of_unit",
    "ledger",
    "long_serving",
    "probation_ending",
    "publicities_for",
    "publicity_open",
    "quarter_report",
    "second_checks_for",
    "simulate",
    "target_progress",
    "team_detail",
    "team_posts",
    "teams_for",
    "unit_ids_for",
]
