"""The person picker: one scoped search endpoint (name, pinyin, initials, ID tail, unit
path; at most 20; a fixed number of queries) and the widget that keeps the chosen
people in the 记录谈话, 征求廉政意见, 记录问题线索 and 逐个添加 forms."""

import datetime as dt

import pytest
from django.urls import reverse

from pool.people.search import search_people, unit_paths
from tests.factories import (
    CadreFactory,
    PoolMembershipFactory,
    TrainingClassFactory,
    UnitFactory,
)

URL = "pool:person_search"


def found(client, **params) -> list[str]:
    response = client.get(reverse(URL), params)
    assert response.status_code == 200
    return [r["name"] for r in response.json()["results"]]


@pytest.fixture
def people(units):
    office = UnitFactory(name="办公室", parent=units["qingshi"], kind="internal_body")
    return {
        "wang": CadreFactory(
            name="王晓明", unit=office, birth_month=dt.date(1991, 3, 1),
            current_position="办公室主任", id_number="43018119910315127X",
        ),
        "namesake": CadreFactory(
            name="王晓明", unit=units["beishan"], birth_month=dt.date(1988, 11, 1),
            current_position="副镇长",
        ),
        "zeng": CadreFactory(name="曾小贤", unit=units["east_edu"]),
        "outsider": CadreFactory(name="王小明", unit=units["west_edu"]),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("王晓明", ["王晓明", "王晓明"]),
        ("晓明", ["王晓明", "王晓明"]),
        ("wxm", ["王晓明", "王晓明"]),  # initials
        ("WXM", ["王晓明", "王晓明"]),
        ("wangxiao", ["王晓明", "王晓明"]),  # full pinyin, a prefix of it
        ("zxx", ["曾小贤"]),  # the surname's reading
        ("cxx", ["曾小贤"]),  # and the common one
        ("127x", ["王晓明"]),  # the masked ID number's tail
        ("青石镇", ["王晓明"]),  # people in the unit and the units below it
        ("东县/青石镇", ["王晓明"]),  # a path
        ("青石镇 wxm", ["王晓明"]),  # every word must match
        ("北山镇 127X", []),
        ("王小明", []),  # outside the jurisdiction
        ("", []),
    ],
)
def test_staff_find_people_by_name_pinyin_id_tail_or_unit(people, staff, as_user, typed, expected):
    assert found(as_user(staff), q=typed) == expected


def test_namesakes_are_told_apart_by_unit_path_position_and_birth_month(people, staff, as_user):
    results = as_user(staff).get(reverse(URL), {"q": "wxm"}).json()["results"]
    shown = {(r["unit_path"], r["position"], r["birth_month"]) for r in results}
    assert shown == {
        ("东县/青石镇/办公室", "办公室主任", "1991.03"),
        ("东县/北山镇", "副镇长", "1988.11"),
    }
    mine = next(r for r in results if r["unit_path"].endswith("办公室"))
    assert mine["id_tail"] == "127X"
    assert mine["label"] == "王晓明（1991.03，东县/青石镇/办公室，办公室主任）"
    assert "430181" not in str(results)  # never the ID number beyond its tail


def test_a_unit_committee_finds_only_its_own_people(people, unit_committee, units, as_user):
    CadreFactory(name="王小梅", unit=units["qingshi"])
    client = as_user(unit_committee)
    assert found(client, q="wx") == ["王小梅"]  # not the 王晓明 of 北山镇 or of 办公室 below
    assert found(client, q="zxx") == []


def test_a_unit_outside_the_jurisdiction_is_refused(people, staff, units, as_user):
    client = as_user(staff)
    assert client.get(reverse(URL), {"unit": units["west_edu"].pk}).status_code == 404
    assert found(client, unit=units["qingshi"].pk) == ["王晓明"]


@pytest.mark.parametrize("persona", ["discipline_liaison", "sys_admin", "audit_admin"])
def test_roles_that_read_no_cadres_are_refused(persona, request, as_user):
    user = request.getfixturevalue(persona)
    assert as_user(user).get(reverse(URL), {"q": "王"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert client.get(reverse(URL), {"q": "王"}).status_code == 302


def test_the_pool_preset_lists_only_current_pool_members(people, staff, as_user):
    PoolMembershipFactory(cadre=people["namesake"])
    client = as_user(staff)
    results = client.get(reverse(URL), {"pool": "1"}).json()["results"]
    assert [(r["name"], r["in_pool"]) for r in results] == [("王晓明", True)]
    assert found(client, q="zxx", pool="1") == []


def test_chosen_people_can_be_left_out(people, staff, as_user):
    assert found(as_user(staff), q="wxm", exclude=people["wang"].pk) == ["王晓明"]


def test_at_most_twenty_are_answered_and_more_is_said(units, staff, as_user):
    for _ in range(23):
        CadreFactory(name="李明", unit=units["qingshi"])
    data = as_user(staff).get(reverse(URL), {"q": "lm"}).json()
    assert len(data["results"]) == 20
    assert data["more"] is True


def test_the_search_takes_the_same_queries_for_3_or_30_matches(
    units, staff, django_assert_num_queries
):
    def run():
        hits, _ = search_people(staff, "李")
        return hits

    CadreFactory(name="李一", unit=units["qingshi"])
    CadreFactory(name="李二", unit=units["beishan"])
    CadreFactory(name="李三", unit=UnitFactory(parent=units["east_edu"]))
    run()  # the grant is read once per request
    with django_assert_num_queries(3):  # scope units, people, their unit paths
        assert len(run()) == 3
    for i in range(27):
        CadreFactory(name=f"李{i}号", unit=UnitFactory(parent=units["qingshi"]))
    with django_assert_num_queries(3):
        assert len(run()) == 20


def test_unit_paths_leave_out_the_shared_root(units):
    office = UnitFactory(name="办公室", parent=units["qingshi"])
    assert unit_paths([office.pk, units["city"].pk, units["east"].pk]) == {
        office.pk: "东县/青石镇/办公室",
        units["city"].pk: "江州市",
        units["east"].pk: "东县",
    }


# --- the widget in the forms -------------------------------------------------------


def test_the_talk_form_offers_no_roster_and_keeps_the_chosen_person_after_an_error(
    people, staff, as_user
):
    client = as_user(staff)
    url = reverse("supervision:talk_record")
    page = client.get(url).content.decode()
    assert "办公室主任" not in page  # no list of every cadre
    response = client.post(url, {"cadres": [people["wang"].pk], "talker_name": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'name="cadres" value="{people["wang"].pk}"' in body
    assert "王晓明（1991.03，东县/青石镇/办公室，办公室主任）" in body


@pytest.mark.parametrize(
    ("url_name", "field"),
    [
        ("supervision:talk_record", "cadres"),
        ("supervision:integrity_create", "cadres"),
        ("supervision:concerns", "cadre"),
    ],
)
def test_a_link_with_a_person_opens_the_form_with_them_chosen(
    people, staff, as_user, url_name, field
):
    client = as_user(staff)
    url = reverse(url_name)
    body = client.get(url, {"cadre": people["wang"].pk}).content.decode()
    assert f'name="{field}" value="{people["wang"].pk}"' in body
    outside = client.get(url, {"cadre": people["outsider"].pk}).content.decode()
    assert f'value="{people["outsider"].pk}"' not in outside
    assert "王小明" not in outside


def test_a_concern_keeps_its_person_after_an_error(people, staff, as_user):
    response = as_user(staff).post(
        reverse("supervision:concerns"), {"cadre": people["zeng"].pk, "source": ""}
    )
    assert response.status_code == 400
    assert f'name="cadre" value="{people["zeng"].pk}"' in response.content.decode()


def test_the_class_page_adds_several_people_picked_at_once(people, staff, units, as_user):
    klass = TrainingClassFactory(unit=units["east"])
    client = as_user(staff)
    page = client.get(
        reverse("training:class_detail", args=[klass.pk]), {"cadre": people["zeng"].pk}
    )
    assert f'name="cadre" value="{people["zeng"].pk}"' in page.content.decode()
    client.post(
        reverse("training:class_enrol", args=[klass.pk]),
        {"cadre": [people["zeng"].pk, people["namesake"].pk]},
    )
    assert set(klass.enrollments.values_list("cadre__name", flat=True)) == {"曾小贤", "王晓明"}


def test_the_profile_offers_the_four_actions_with_the_person_chosen(people, staff, as_user):
    pk = people["wang"].pk
    body = as_user(staff).get(reverse("people:profile", args=[pk])).content.decode()
    for url_name in ("talk_record", "integrity_create", "concerns"):
        assert f"{reverse('supervision:' + url_name)}?cadre={pk}" in body
    assert "加入培训班" in body


def test_a_leader_sees_no_action_buttons_on_the_profile(people, leader, as_user):
    pk = people["wang"].pk
    body = as_user(leader).get(reverse("people:profile", args=[pk])).content.decode()
    assert "记录谈话" not in body
    assert "加入培训班" not in body
