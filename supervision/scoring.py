"""管's items for 积分排序 (registered with ``pool.selection.scoring`` in
SupervisionConfig.ready)."""

from __future__ import annotations

import datetime as dt

from supervision.models import Assessment, AssessmentKind

ANNUAL_POINTS = {"优秀": 100, "称职": 80, "基本称职": 50, "不称职": 0}
YEARS = 3  # the last three finished years


def annual_assessment_score(grades: list[str]) -> float | None:
    """Mean points of the annual grades (优秀100, 称职80, 基本称职50, 不称职0)."""
    points = [ANNUAL_POINTS[g] for g in grades if g in ANNUAL_POINTS]
    return round(sum(points) / len(points), 1) if points else None


def annual_assessment(cadre_ids: list[int], ref: dt.date) -> dict[int, float]:
    """年度考核: the last three finished years before ``ref`` (one query)."""
    grades: dict[int, list[str]] = {}
    for pk, grade in Assessment.objects.filter(
        cadre_id__in=cadre_ids,
        kind=AssessmentKind.ANNUAL,
        year__gte=ref.year - YEARS,
        year__lt=ref.year,
    ).values_list("cadre_id", "grade"):
        grades.setdefault(pk, []).append(grade)
    out = {}
    for pk, person_grades in grades.items():
        score = annual_assessment_score(person_grades)
        if score is not None:
            out[pk] = score
    return out
