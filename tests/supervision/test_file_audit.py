"""干部档案专项审核: a determined month corrects the roster (so ages follow it), every
determination is kept, and the list shows who is not audited and where roster and file
disagree. Staff only."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pool.models import AuditAction, AuditEntry
from supervision import selectors, services
from supervision.models import AuditCategory, FileAuditRecord, FileItem
from tests.factories import CadreFactory, PoolMembershipFactory


def _audit(staff, cadre, item=FileItem.BIRTH, category=AuditCategory.DETERMINED, **kw):
    data = {
        "file_value": "1990.05",
        "source_document": "招工登记表",
        "document_date": dt.date(2010, 7, 1),
        "decided_value": "1990.05",
        "category": category,
        **kw,
    }
    return services.record_file_audit(staff, cadre, item=item, **data)


def test_determined_birth_month_corrects_the_roster_and_keeps_the_old_value(staff, units):
    cadre = CadreFactory(unit=units["qingshi"], birth_month=dt.date(1990, 3, 1))
    assert cadre.age_at(dt.date(2026, 4, 15)) == 36
    record = _audit(staff, cadre, decided_value="1990年5月")
    cadre.refresh_from_db()
    assert cadre.birth_month == dt.date(1990, 5, 1)
    assert cadre.age_at(dt.date(2026, 4, 15)) == 35
    assert (record.roster_value, record.decided_value) == ("1990.03", "1990.05")
    change = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(cadre.pk))
    assert change.before == {"birth_month": "1990-03-01"}


def test_every_determination_is_kept_and_the_latest_is_current(staff, units):
    cadre = CadreFactory(unit=units["qingshi"], work_start_month=dt.date(2012, 7, 1))
    PoolMembershipFactory(cadre=cadre)
    _audit(staff, cadre, FileItem.WORK_START, AuditCategory.PENDING, file_value="2012.08",
           decided_value="")  # fmt: skip
    _audit(staff, cadre, FileItem.WORK_START, file_value="2012.08", decided_value="2012.08")
    assert FileAuditRecord.objects.filter(cadre=cadre).count() == 2
    (row,) = selectors.file_audit_overview(staff)
    assert row.latest[FileItem.WORK_START].category == AuditCategory.DETERMINED


def test_pending_or_consistent_findings_leave_the_roster_alone(staff, units):
    cadre = CadreFactory(unit=units["qingshi"], birth_month=dt.date(1990, 3, 1))
    _audit(staff, cadre, category=AuditCategory.PENDING, decided_value="")
    _audit(staff, cadre, category=AuditCategory.CONSISTENT, file_value="1990.03", decided_value="")
    cadre.refresh_from_db()
    assert cadre.birth_month == dt.date(1990, 3, 1)
    assert FileAuditRecord.objects.latest("id").decided_value == "1990.03"


def test_a_determined_month_must_be_a_month(staff, units):
    with pytest.raises(ValidationError) as error:
        _audit(staff, CadreFactory(unit=units["qingshi"]), decided_value="九零年")
    assert "不是有效的年月" in error.value.message_dict["decided_value"][0]


def test_overview_shows_the_unaudited_and_the_disagreeing(staff, units):
    q = units["qingshi"]
    done, disagree, none = (
        PoolMembershipFactory(
            cadre=CadreFactory(
                unit=q, work_start_month=dt.date(2012, 7, 1), party_join_month=dt.date(2011, 6, 1)
            )
        ).cadre
        for _ in "abc"
    )
    for item in (FileItem.BIRTH, FileItem.WORK_START, FileItem.PARTY_JOIN):
        same = services.roster_value(done, item)
        _audit(staff, done, item, AuditCategory.CONSISTENT, file_value=same, decided_value="")
    _audit(staff, disagree)  # the file says 1990.05, the roster something else
    unaudited = {r.cadre.pk for r in selectors.file_audit_overview(staff, "unaudited")}
    assert unaudited == {disagree.pk, none.pk}
    disagreeing = {r.cadre.pk for r in selectors.file_audit_overview(staff, "disagree")}
    assert disagreeing == {disagree.pk}


def test_staff_record_on_the_page_and_others_are_refused(staff, leader, units, as_user):
    cadre = CadreFactory(unit=units["qingshi"], birth_month=dt.date(1991, 1, 1))
    PoolMembershipFactory(cadre=cadre)
    client = as_user(staff)
    response = client.post(
        reverse("supervision:file_audit"),
        {
            "cadre": cadre.pk,
            "item": "birth",
            "file_value": "1991.02",
            "source_document": "入学登记表",
            "category": "determined",
            "decided_value": "1991.02",
        },
    )
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert cadre.birth_month == dt.date(1991, 2, 1)
    assert "入学登记表" in client.get(reverse("supervision:file_audit")).content.decode()
    assert as_user(leader).get(reverse("supervision:file_audit")).status_code == 403
    assert selectors.file_audit_overview(leader) == []
    assert not selectors.file_audits_for(leader).exists()


@pytest.mark.parametrize("n", [2, 12])
def test_file_audit_page_does_not_grow_queries(
    n, staff, units, as_user, django_assert_max_num_queries
):
    for _ in range(n):
        cadre = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"])).cadre
        _audit(staff, cadre)
    client = as_user(staff)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("supervision:file_audit")).status_code == 200
