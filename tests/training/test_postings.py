"""实践锻炼: overlapping full-time postings of one person are refused, in the service
(with a Chinese message naming the other posting) and by the database."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import CadreFactory, PostingFactory
from training import services
from training.models import Posting, PostingKind


def _data(start, end=None, full_time=True, **extra):
    return {
        "kind": PostingKind.SECONDMENT,
        "host_name": "市发改委",
        "start_date": start,
        "end_date": end,
        "full_time": full_time,
        **extra,
    }


@pytest.fixture
def cadre(units):
    return CadreFactory(unit=units["qingshi"], name="刘洋")


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        (dt.date(2026, 2, 28), dt.date(2026, 8, 31), True),  # starts on the last day
        (dt.date(2026, 3, 1), dt.date(2026, 8, 31), False),  # starts the day after
        (dt.date(2023, 1, 1), dt.date(2024, 3, 1), True),  # ends on the first day
        (dt.date(2023, 1, 1), dt.date(2024, 2, 29), False),
        (dt.date(2025, 1, 1), None, True),  # open-ended inside
    ],
)
def test_overlapping_full_time_postings_are_refused(cadre, staff, start, end, refused):
    PostingFactory(cadre=cadre, start_date=dt.date(2024, 3, 1), end_date=dt.date(2026, 2, 28))
    if refused:
        with pytest.raises(ValidationError) as caught:
            services.save_posting(staff, cadre, _data(start, end))
        message = caught.value.message_dict["start_date"][0]
        assert message == (
            "刘洋在2024-03-01至2026-02-28已有全脱产的驻村第一书记（青石镇石桥村），"
            "全脱产实践锻炼时间不能重叠"
        )
        assert Posting.objects.count() == 1
    else:
        services.save_posting(staff, cadre, _data(start, end))
        assert Posting.objects.count() == 2


def test_a_part_time_posting_may_overlap_a_full_time_one(cadre, staff):
    PostingFactory(cadre=cadre, start_date=dt.date(2024, 3, 1), end_date=None)
    data = _data(dt.date(2025, 1, 1), full_time=False, kind=PostingKind.FRONTLINE, area="petition")
    services.save_posting(staff, cadre, data)
    assert Posting.objects.count() == 2


def test_two_people_may_hold_postings_at_the_same_time(units, cadre, staff):
    PostingFactory(cadre=cadre, start_date=dt.date(2024, 3, 1), end_date=None)
    other = CadreFactory(unit=units["qingshi"])
    services.save_posting(staff, other, _data(dt.date(2024, 3, 1)))
    assert Posting.objects.count() == 2


def test_changing_a_posting_does_not_collide_with_itself(cadre, staff):
    posting = PostingFactory(cadre=cadre)
    services.save_posting(
        staff,
        cadre,
        _data(posting.start_date, posting.end_date, kind=posting.kind, host_name=posting.host_name,
              evaluation="工作扎实，群众认可", grade="excellent"),
        posting,
    )  # fmt: skip
    posting.refresh_from_db()
    assert posting.get_grade_display() == "优秀"


def test_the_database_refuses_overlapping_full_time_postings_too(cadre):
    PostingFactory(cadre=cadre, start_date=dt.date(2024, 3, 1), end_date=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        PostingFactory(cadre=cadre, start_date=dt.date(2030, 1, 1), end_date=dt.date(2030, 2, 1))
    PostingFactory(cadre=cadre, start_date=dt.date(2030, 1, 1), end_date=None, full_time=False)


def test_a_frontline_posting_needs_its_area(cadre, staff):
    with pytest.raises(ValidationError) as caught:
        services.save_posting(staff, cadre, _data(dt.date(2025, 1, 1), kind=PostingKind.FRONTLINE))
    assert caught.value.message_dict["area"] == ["一线锻炼请选择一线领域"]


def test_the_posting_form_shows_the_overlap_refusal(cadre, staff, as_user):
    PostingFactory(cadre=cadre, start_date=dt.date(2024, 3, 1), end_date=None)
    response = as_user(staff).post(
        reverse("training:posting_create", args=[cadre.pk]),
        {"kind": "secondment", "host_name": "市发改委", "start_date": "2025-05-01",
         "full_time": "on"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "全脱产实践锻炼时间不能重叠" in response.content.decode()


def test_posting_list_queries_do_not_grow_with_rows(
    units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)

    def add(n):
        for _ in range(n):
            PostingFactory(cadre=CadreFactory(unit=units["qingshi"]))

    add(2)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("training:posting_list"))
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "青石镇石桥村" in client.get(reverse("training:posting_list")).content.decode()


@pytest.mark.parametrize(
    ("kind", "host", "role", "host_unit", "grassroots"),
    [
        (PostingKind.SECONDMENT, "县农业农村局", "副局长（挂职）", None, False),
        (PostingKind.SECONDMENT, "", "副镇长（挂职）", "qingshi", True),  # a township on file
        (PostingKind.VILLAGE_SECRETARY, "大塘村", "", None, True),
        (PostingKind.SHADOW_POST, "县司法局社区矫正科", "", None, False),
        (PostingKind.FRONTLINE, "北山乡信访办", "工作人员", None, True),
    ],
)
def test_grassroots_is_judged_by_the_one_rule_whatever_was_ticked(
    staff, cadre, units, kind, host, role, host_unit, grassroots
):
    data = _data(dt.date(2025, 1, 1), dt.date(2025, 6, 30), grassroots=True)
    data.update(kind=kind, host_name=host, role=role, area="rural" if kind == "frontline" else "")
    data["host_unit"] = units[host_unit] if host_unit else None
    assert services.save_posting(staff, cadre, data).grassroots is grassroots
