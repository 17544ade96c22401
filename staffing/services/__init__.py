"""Writes of the 用 stage: one function per thing a user does. Each validates, writes
in a transaction and records the audit entry in that same transaction."""

from staffing.services.appointments import appoint, correct_appointment, end_appointment
from staffing.services.documents import create_document, review_document, update_document
from staffing.services.eligibility import update_eligibility_rule
from staffing.services.motions import file_motion, propose_motion, sign_off
from staffing.services.publicity import (
    close_due_publicities,
    delete_holiday,
    record_feedback,
    send_probation_reminders,
    set_holiday,
    start_publicity,
)
from staffing.services.scenarios import (
    add_move,
    carry_out,
    create_scenario,
    delete_scenario,
    propose,
    remove_move,
    update_scenario,
    withdraw,
)
from staffing.services.targets import update_target
from staffing.services.warnings import (
    RecalcSummary,
    notify_recalc_finished,
    recalc_quarter,
    send_dual_reminders,
)

__all__ = [
    "RecalcSummary",
    "add_move",
    "appoint",
    "carry_out",
    "close_due_publicities",
    "correct_appointment",
    "create_document",
    "create_scenario",
    "delete_holiday",
    "delete_scenario",
    "end_appointment",
    "file_motion",
    "notify_recalc_finished",
    "propose",
    "propose_motion",
    "recalc_quarter",
    "record_feedback",
    "remove_move",
    "review_document",
    "send_dual_reminders",
    "send_probation_reminders",
    "set_holiday",
    "sign_off",
    "start_publicity",
    "update_document",
    "update_eligibility_rule",
    "update_scenario",
    "update_target",
    "withdraw",
]
