"""学员名单: each trainee marked young or not (at the class's start, by their own 职级),
the confirm step of a batch that leaves a 主体班 below the young share (everyone it
concerns, on one page), and the roster's .xlsx rows."""

from __future__ import annotations

from pool.people import rules as pool_rules
from pool.people.selectors import pool_ceilings
from training import rules, selectors
from training.models import Enrollment, TrainingClass
from training.templatetags.training_tags import unit_label

ROSTER_HEADERS = [
    "序号", "姓名", "性别", "出生年月", "年龄", "所在单位", "现任职务", "职级",
    "年轻干部", "获得学时", "结业情况",
]  # fmt: skip


def mark_young(training_class: TrainingClass, people) -> list:
    """Set ``young`` on each enrolment (or cadre) in ``people``; no queries."""
    ceilings = pool_ceilings()
    people = list(people)
    for row in people:
        cadre = row.cadre if isinstance(row, Enrollment) else row
        row.young = selectors.is_young_at(
            ceilings, cadre.birth_month, cadre.rank, training_class.start_date
        )
    return people


def confirm_context(training_class: TrainingClass, cadres, warning: str) -> dict:
    """What the one confirm page of a batch shows: every person it adds, each marked
    young or not, and the class's share before and after."""
    people = mark_young(training_class, cadres)
    before = selectors.young_shares([training_class.pk])[training_class.pk]
    young = sum(1 for c in people if c.young)
    return {
        "people": people,
        "young_count": young,
        "other_count": len(people) - young,
        "before": before,
        "after": rules.share_after(before, young, len(people) - young),
        "minimum": selectors.minimum_share(selectors.current_rules()),
        "warning": warning,
    }


def roster_rows(training_class: TrainingClass, trainees: list[Enrollment]) -> list[list]:
    return [
        [
            n,
            e.cadre.name,
            e.cadre.gender,
            pool_rules.format_month(e.cadre.birth_month),
            e.cadre.age_at(training_class.start_date),
            unit_label(e.cadre.unit),
            e.cadre.current_position,
            e.cadre.rank,
            "是" if e.young else "否",
            float(e.hours),
            e.get_result_display(),
        ]
        for n, e in enumerate(trainees, 1)
    ]
