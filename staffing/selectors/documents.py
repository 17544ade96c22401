"""任免文件 in the user's jurisdiction, and one document with its entries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from pool.people.selectors import units_for
from staffing.models import Appointment, AppointmentDocument


def documents_for(user) -> QuerySet[AppointmentDocument]:
    """Documents registered for units in ``user``'s jurisdiction, with the number of
    任命 and 免职 entered under each."""
    return (
        AppointmentDocument.objects.filter(unit__in=units_for(user).values("pk"))
        .select_related("unit", "reviewed_by")
        .annotate(
            entered=Count("appointments", distinct=True), removed=Count("removals", distinct=True)
        )
    )


@dataclass
class DocumentDetail:
    document: AppointmentDocument
    appointments: list[Appointment]
    removals: list[Appointment]

    @property
    def counts_match(self) -> bool:
        d = self.document
        return (len(self.appointments), len(self.removals)) == (
            d.appointments_stated,
            d.removals_stated,
        )


def document_detail(document: AppointmentDocument) -> DocumentDetail:
    entries = Appointment.objects.select_related("cadre", "post__team__unit")
    return DocumentDetail(
        document,
        list(entries.filter(document=document).order_by("pk")),
        list(entries.filter(end_document=document).order_by("pk")),
    )
