import datetime as dt

import pytest

from tests.factories import CadreFactory


def test_staff_sees_cadres_of_their_county_with_masked_ids(units, staff, as_user):
    mine = CadreFactory(unit=units["qingshi"], name="张三", id_number="430181199001011233")
    CadreFactory(unit=units["west_edu"], name="李四")
    html = as_user(staff).get("/pool/cadres/").content.decode()
    assert "张三" in html
    assert "李四" not in html
    assert "430181********1233" in html
    assert "430181199001011233" not in html
    detail = as_user(staff).get(f"/pool/cadres/{mine.pk}/")
    assert detail.status_code == 200
    assert "430181199001011233" not in detail.content.decode()


def test_a_cadre_outside_the_jurisdiction_answers_404(units, unit_committee, as_user):
    other = CadreFactory(unit=units["beishan"])
    assert as_user(unit_committee).get(f"/pool/cadres/{other.pk}/").status_code == 404


@pytest.mark.parametrize(
    "persona", ["sys_admin", "security_admin", "audit_admin", "discipline_liaison"]
)
def test_administrators_cannot_open_cadre_records(units, persona, as_user, request):
    cadre = CadreFactory(unit=units["qingshi"])
    client = as_user(request.getfixturevalue(persona))
    assert client.get("/pool/cadres/").status_code == 403
    assert client.get(f"/pool/cadres/{cadre.pk}/").status_code == 403


def test_filters_narrow_the_list(units, staff, as_user):
    CadreFactory(unit=units["qingshi"], name="王五", gender="女")
    CadreFactory(unit=units["qingshi"], name="赵六", gender="男")
    html = as_user(staff).get("/pool/cadres/", {"gender": "女"}).content.decode()
    assert "王五" in html
    assert "赵六" not in html


def test_cadre_list_queries_do_not_grow_with_rows(
    units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    for i in range(3):
        CadreFactory(unit=units["qingshi"], birth_month=dt.date(1990, 1 + i, 1))
    # 14: the jurisdiction's unit paths (one recursive query) label the unit select and rows.
    with django_assert_max_num_queries(14) as few:
        client.get("/pool/cadres/")
    for _ in range(30):
        CadreFactory(unit=units["beishan"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/pool/cadres/")
