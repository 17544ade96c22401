"""任免文件: one registration per 文号; 已复核 only when the stated numbers of 任命 and
免职 equal the entries made under it; a reviewed document is locked, and so are its
appointments."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pool.models import AuditAction, AuditEntry
from staffing import services
from staffing.models import Appointment, AppointmentDocument
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory

D = dt.date


@pytest.fixture
def team(units):
    return LeadershipTeamFactory(unit=units["qingshi"])


@pytest.fixture
def document(units, staff):
    return services.create_document(
        staff,
        units["east"],
        number="东组任〔2026〕8号",
        issued_on=D(2026, 3, 2),
        issuer="中共东县县委组织部",
        appointments_stated=2,
        removals_stated=1,
    )


def _fill(staff, team, document, appointments=2, removals=1):
    post = PostFactory(team=team, quota=5)
    for _ in range(appointments):
        services.appoint(
            staff, CadreFactory(unit=team.unit), post, D(2026, 3, 2), document=document
        )
    for _ in range(removals):
        held = AppointmentFactory(post=PostFactory(team=team), cadre=CadreFactory(unit=team.unit))
        services.end_appointment(staff, held, D(2026, 3, 2), document=document)
    return post


def test_a_number_is_registered_once(units, staff, document):
    with pytest.raises(ValidationError, match="文号“东组任〔2026〕8号”已登记"):
        services.create_document(
            staff, units["east"], number=" 东组任〔2026〕8号 ", issued_on=D(2026, 3, 3), issuer="x"
        )


def test_entries_carry_the_documents_number(staff, team, document):
    _fill(staff, team, document)
    assert set(
        Appointment.objects.filter(document=document).values_list("document_number", flat=True)
    ) == {"东组任〔2026〕8号"}
    assert document.removals.get().end_document_number == "东组任〔2026〕8号"


@pytest.mark.parametrize(
    ("appointments", "removals", "reviewable"),
    [(2, 1, True), (1, 1, False), (3, 1, False), (2, 0, False), (2, 2, False)],
)
def test_review_needs_the_stated_counts_exactly(
    staff, team, document, appointments, removals, reviewable
):
    _fill(staff, team, document, appointments, removals)
    if reviewable:
        services.review_document(staff, document)
        document.refresh_from_db()
        assert document.locked and document.reviewed_by == staff
    else:
        with pytest.raises(ValidationError) as error:
            services.review_document(staff, document)
        assert error.value.code == "counts_differ"
        assert (
            f"文件载明任命2人、免职1人，已录入任命{appointments}人、免职{removals}人"
            in error.value.messages[0]
        )
        document.refresh_from_db()
        assert not document.locked


def test_a_reviewed_document_is_locked_with_its_appointments(staff, team, document):
    post = _fill(staff, team, document)
    services.review_document(staff, document)
    document.refresh_from_db()
    entry = document.appointments.first()
    with pytest.raises(ValidationError, match="已复核锁定"):
        services.appoint(
            staff, CadreFactory(unit=team.unit), post, D(2026, 3, 2), document=document
        )
    held = AppointmentFactory(post=PostFactory(team=team), cadre=CadreFactory(unit=team.unit))
    with pytest.raises(ValidationError, match="已复核锁定"):
        services.end_appointment(staff, held, D(2026, 4, 1), document=document)
    with pytest.raises(ValidationError, match="已复核锁定"):
        services.correct_appointment(staff, entry, start_date=D(2026, 3, 5))
    removal = document.removals.get()
    with pytest.raises(ValidationError, match="已复核锁定"):
        services.correct_appointment(staff, removal, start_date=D(2020, 2, 1))
    with pytest.raises(ValidationError, match="已复核锁定"):
        services.update_document(staff, document, appointments_stated=3)
    entry.refresh_from_db()
    assert entry.start_date == D(2026, 3, 2)
    assert document.appointments.count() == 2 and document.removals.count() == 1


def test_an_open_documents_entry_may_be_corrected(staff, team, document):
    _fill(staff, team, document)
    entry = document.appointments.first()
    services.correct_appointment(staff, entry, start_date=D(2026, 3, 5), title="副镇长")
    entry.refresh_from_db()
    assert (entry.start_date, entry.title) == (D(2026, 3, 5), "副镇长")


def test_review_is_audited(staff, team, document):
    _fill(staff, team, document)
    services.review_document(staff, document)
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(document.pk)).get()
    assert "已复核" in entry.detail


def test_pages_register_review_and_refuse_edits_once_locked(staff, team, as_user):
    client = as_user(staff)
    response = client.post(
        reverse("staffing:documents"),
        {"number": "东组任〔2026〕9号", "issued_on": "2026-03-02", "issuer": "县委组织部",
         "appointments_stated": 1, "removals_stated": 0},
    )  # fmt: skip
    document = AppointmentDocument.objects.get(number="东组任〔2026〕9号")
    assert response.url == reverse("staffing:document_detail", args=[document.pk])
    review = reverse("staffing:document_review", args=[document.pk])
    client.post(review)
    document.refresh_from_db()
    assert not document.locked  # nothing entered yet
    post = PostFactory(team=team)
    client.post(
        reverse("staffing:appoint", args=[team.pk]),
        {"post": post.pk, "cadre": CadreFactory(unit=team.unit).pk, "start_date": "2026-03-02",
         "document": document.pk},
    )  # fmt: skip
    client.post(review)
    document.refresh_from_db()
    assert document.locked
    detail = reverse("staffing:document_detail", args=[document.pk])
    client.post(detail, {"number": "改过", "issued_on": "2026-03-02", "issuer": "x",
                         "appointments_stated": 1, "removals_stated": 0})  # fmt: skip
    document.refresh_from_db()
    assert document.number == "东组任〔2026〕9号"
    # A locked document is no longer offered on the appointment form.
    form = client.get(reverse("staffing:appoint", args=[team.pk])).content.decode()
    assert "东组任〔2026〕9号（" not in form  # the option label


def test_documents_outside_the_jurisdiction_are_not_listed(units, staff, as_user):
    services.create_document(
        staff, units["west"], number="西组任1号", issued_on=D(2026, 1, 5), issuer="x"
    )
    services.create_document(
        staff, units["east"], number="东组任1号", issued_on=D(2026, 1, 5), issuer="x"
    )
    page = as_user(staff).get(reverse("staffing:documents")).content.decode()
    assert "东组任1号" in page and "西组任1号" not in page


def test_document_list_queries_do_not_grow(units, staff, as_user, django_assert_max_num_queries):
    client = as_user(staff)
    client.get(reverse("staffing:documents"))
    for n in range(30):
        services.create_document(
            staff, units["east"], number=f"东组任{n}号", issued_on=D(2026, 1, 5), issuer="x"
        )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("staffing:documents")).status_code == 200
