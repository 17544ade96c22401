"""The queue and the person's request list read a fixed number of queries, whatever
the number of requests (people, lines and deciders are loaded with the rows)."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from pool.models import CareerEntry, CorrectionRequest
from tests.factories import CadreFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _requests(person, user, n):
    for i in range(n):
        line = CareerEntry.objects.create(
            cadre=person, start_month=dt.date(2010 + i, 1, 1), description=f"第{i}行"
        )
        req = CorrectionRequest(
            cadre=person,
            requested_by=user,
            is_career=True,
            career_entry=line,
            before={"start_month": "2010-01-01", "end_month": None, "description": f"第{i}行"},
            after={"start_month": "2010-01-01", "end_month": None, "description": f"改{i}"},
            reason="档案",
            scan_name="a.pdf",
        )
        req.scan.save("a.pdf", ContentFile(b"%PDF-1.4"), save=False)
        req.save()


@pytest.mark.parametrize(
    ("persona", "url"), [("staff", "selfservice:queue"), ("cadre_self", "selfservice:my_requests")]
)
def test_the_request_lists_do_not_grow_with_the_rows(
    persona, url, cadre_self, staff, units, client, request, django_assert_max_num_queries
):
    person = cadre_self.grant.cadre
    _requests(person, cadre_self, 1)
    client.force_login(request.getfixturevalue(persona))
    client.get(reverse(url))
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse(url)).status_code == 200
    _requests(person, cadre_self, 15)
    _requests(CadreFactory(unit=units["beishan"]), staff, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse(url)).content.decode()
    assert page.count("改1") >= 1 and "改14" in page
