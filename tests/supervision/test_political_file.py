"""政治素质档案: staff record findings per person; only staff ever read them (the
selectors give a leader nothing, and the page is closed to every other role)."""

import datetime as dt

import pytest
from django.urls import reverse

from pool.models import AuditEntry
from supervision import selectors
from supervision.models import PoliticalFileEntry, PoliticalSource
from tests.factories import CadreFactory

FINDING = "政治站位高，在急难险重任务中表现突出"


def _post(client, cadre, **extra):
    data = {
        "cadre": cadre.pk,
        "source": PoliticalSource.HOME_VISIT,
        "date": "2026-03-01",
        "finding": FINDING,
        "evaluator": "县委组织部家访组",
        **extra,
    }
    return client.post(reverse("supervision:political_file"), data)


def test_staff_record_an_entry_and_see_it_on_the_persons_file(staff, units, as_user):
    cadre = CadreFactory(unit=units["qingshi"])
    client = as_user(staff)
    assert _post(client, cadre).status_code == 302
    entry = PoliticalFileEntry.objects.get()
    assert (entry.source, entry.date) == (PoliticalSource.HOME_VISIT, dt.date(2026, 3, 1))
    assert AuditEntry.objects.filter(object_id=str(entry.pk)).exists()
    page = client.get(reverse("supervision:political_file"), {"cadre": cadre.pk}).content.decode()
    assert FINDING in page
    assert [e.pk for e in selectors.political_file_of(staff, cadre)] == [entry.pk]


def test_missing_finding_is_refused_naming_the_field(staff, units, as_user):
    response = _post(as_user(staff), CadreFactory(unit=units["qingshi"]), finding="")
    assert response.status_code == 400
    assert "政治素质情况" in response.content.decode()
    assert not PoliticalFileEntry.objects.exists()


def test_staff_cannot_file_about_someone_outside_their_jurisdiction(staff, units, as_user):
    assert _post(as_user(staff), CadreFactory(unit=units["west_edu"])).status_code == 400
    assert not PoliticalFileEntry.objects.exists()


@pytest.mark.parametrize("persona", ["leader", "unit_committee", "sector_dept"])
def test_no_other_role_reads_a_finding(persona, staff, units, as_user, request):
    cadre = CadreFactory(unit=units["qingshi"], name="档案人")
    _post(as_user(staff), cadre)
    user = request.getfixturevalue(persona)
    assert selectors.political_file_of(user, cadre) == []
    assert not selectors.political_file_for(user).exists()
    client = as_user(user)
    assert client.get(reverse("supervision:political_file")).status_code == 403
    for name in ("pool:cadre_detail", "pool:pool_timeline"):
        response = client.get(reverse(name, args=[cadre.pk]))
        assert FINDING not in response.content.decode()


@pytest.mark.parametrize("n", [2, 12])
def test_political_file_page_does_not_grow_queries(
    n, staff, units, as_user, django_assert_max_num_queries
):
    for _ in range(n):
        PoliticalFileEntry.objects.create(
            cadre=CadreFactory(unit=units["qingshi"]),
            source=PoliticalSource.SURVEY,
            date=dt.date(2026, 1, 1),
            finding=FINDING,
            evaluator="调研组",
        )
    client = as_user(staff)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("supervision:political_file")).status_code == 200
