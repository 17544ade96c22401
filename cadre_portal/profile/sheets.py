"""The 干部任免审批表's content as plain values, read for one person or a batch in a
fixed number of queries, then written as .docx (``approval_docx``) or PDF (``pdf``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from cadre_portal.profile import rules
from pool.models import Cadre, CadrePhoto, CareerEntry, FamilyMember
from pool.people.rules import format_month
from pool.web.documents import chinese_date
from supervision import selectors as supervision_selectors


@dataclass(frozen=True)
class FamilyRow:
    relation: str
    name: str
    birth: str
    political_status: str
    employer_position: str


@dataclass(frozen=True)
class ApprovalSheet:
    name: str
    gender: str
    birth_with_age: str
    ethnicity: str
    native_place: str
    birthplace: str
    party_join: str
    work_start: str
    health: str
    professional_title: str
    specialty: str
    fulltime_education: str  # 学历 and 学位, one per line
    fulltime_school: str
    inservice_education: str
    inservice_school: str
    current_position: str
    proposed_position: str
    proposed_removal: str
    career: list[str]
    rewards: str
    annual_results: str
    reason: str
    family: list[FamilyRow]
    submitting_body: str
    filled_by: str
    filled_on: str
    unit_name: str
    photo: bytes | None = None

    @property
    def file_stem(self) -> str:
        return f"{self.name}_{self.unit_name}"


def sheet_queryset(cadres: QuerySet[Cadre]) -> QuerySet[Cadre]:
    """``cadres`` (already scoped) with everything the form prints: five queries for
    any number of people (people, 简历, family, photos; grades are read separately)."""
    return cadres.select_related("approval_form").prefetch_related(
        Prefetch("career", queryset=CareerEntry.objects.order_by("start_month", "id")),
        Prefetch("family", queryset=FamilyMember.objects.order_by("position", "id")),
        Prefetch("photo", queryset=CadrePhoto.objects.all()),
    )


def _education(education: str, degree: str) -> str:
    return "\n".join(part for part in (education, degree) if part)


def build_sheet(cadre: Cadre, grades: dict[int, str], today: dt.date) -> ApprovalSheet:
    try:
        form = cadre.approval_form
    except Cadre.approval_form.RelatedObjectDoesNotExist:
        form = None
    try:
        photo = cadre.photo.image
    except Cadre.photo.RelatedObjectDoesNotExist:
        photo = None
    ref = (form.age_reference if form else None) or today
    filled_on = (form.filled_on if form else None) or today
    return ApprovalSheet(
        name=cadre.name,
        gender=cadre.gender,
        birth_with_age=rules.birth_with_age(cadre.birth_month, ref),
        ethnicity=cadre.ethnicity,
        native_place=cadre.native_place,
        birthplace=cadre.birthplace,
        party_join=format_month(cadre.party_join_month),
        work_start=format_month(cadre.work_start_month),
        health=cadre.health,
        professional_title=cadre.professional_title,
        specialty=cadre.specialty,
        fulltime_education=_education(cadre.fulltime_education, cadre.fulltime_degree),
        fulltime_school=cadre.fulltime_school_major,
        inservice_education=_education(cadre.inservice_education, cadre.inservice_degree),
        inservice_school=cadre.inservice_school_major,
        current_position=cadre.current_position,
        proposed_position=form.proposed_position if form else "",
        proposed_removal=form.proposed_removal if form else "",
        career=[
            rules.career_line(e.start_month, e.end_month, e.description) for e in cadre.career.all()
        ],
        rewards=cadre.rewards,
        annual_results=cadre.annual_results or rules.annual_results_text(grades, ref),
        reason=form.reason if form else "",
        family=[
            FamilyRow(
                f.relation,
                f.name,
                format_month(f.birth_month),
                f.political_status,
                f.employer_position,
            )
            for f in cadre.family.all()
        ],
        submitting_body=form.submitting_body if form else "",
        filled_by=form.filled_by if form else "",
        filled_on=chinese_date(filled_on),
        unit_name=cadre.unit.name,
        photo=bytes(photo) if photo is not None else None,
    )


def sheets(cadres: QuerySet[Cadre], today: dt.date) -> list[ApprovalSheet]:
    """One sheet per person of ``cadres`` (scoped by the caller), in its order."""
    people = list(sheet_queryset(cadres))
    grades = supervision_selectors.annual_grades(c.pk for c in people)
    return [build_sheet(c, grades.get(c.pk, {}), today) for c in people]
