"""Writes of the 育 stage: one function per thing a user does. Each validates, writes
in a transaction and records the audit entry in that same transaction. Callers fetch
the objects they pass through ``training.selectors`` (jurisdiction first)."""

from training.services.classes import (
    CLASS_FIELDS,
    RULE_FIELDS,
    YoungShareWarning,
    complete_all,
    enrol,
    notify_shortfalls,
    record_result,
    remove_enrollment,
    save_class,
    split_young,
    update_rules,
)
from training.services.people import (
    POSTING_FIELDS,
    add_step,
    create_plan,
    log_meeting,
    review_plan,
    save_posting,
    set_step_status,
    start_mentorship,
)

__all__ = [
    "CLASS_FIELDS", "POSTING_FIELDS", "RULE_FIELDS", "YoungShareWarning", "add_step",
    "complete_all", "create_plan", "enrol", "log_meeting", "notify_shortfalls",
    "record_result", "remove_enrollment", "review_plan", "save_class", "save_posting",
    "set_step_status", "split_young", "start_mentorship", "update_rules",
]  # fmt: skip
