"""The 纪委监委 liaison's daily work: a notice per new request, counts and deadline in
the inbox, birth month / ID tail / 职务 beside each name, and answering many people at
once with the signatories remembered."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from pool.models import AuditEntry, Notice, Role, RoleGrant
from supervision import integrity_inbox, services
from supervision.models import Conclusion, IntegrityOpinion, IntegrityPurpose, LiaisonSignatories
from tests.factories import CadreFactory


@pytest.fixture
def other_liaison(db):
    user = get_user_model().objects.create_user("shijiwei", first_name="市纪委联络员")
    RoleGrant.objects.create(user=user, role=Role.DISCIPLINE_LIAISON)
    return user


def _ask(staff, liaison, units, n=3, due_on=None, **cadre):
    people = [CadreFactory(unit=units["qingshi"], **cadre) for _ in range(n)]
    return services.request_integrity_opinions(
        staff, people, IntegrityPurpose.ADMISSION, liaison, due_on
    )


def test_a_new_request_notifies_its_liaison_once(staff, discipline_liaison, units):
    req = _ask(staff, discipline_liaison, units, due_on=dt.date(2026, 12, 20))
    [notice] = Notice.objects.filter(recipient=discipline_liaison)
    assert "3人" in notice.title
    assert "2026年12月20日前回复" in notice.title
    assert notice.url == reverse("supervision:inbox_detail", args=[req.pk])
    assert not Notice.objects.filter(recipient=staff).exists()


def test_staff_set_the_deadline_on_the_form(staff, discipline_liaison, units, as_user):
    people = [CadreFactory(unit=units["qingshi"]) for _ in range(2)]
    client = as_user(staff)
    form = client.get(reverse("supervision:integrity_create")).content.decode()
    assert 'name="due_on"' in form
    client.post(
        reverse("supervision:integrity_create"),
        {
            "cadres": [c.pk for c in people],
            "purpose": IntegrityPurpose.PROMOTION,
            "addressed_to": discipline_liaison.pk,
            "due_on": "2026-12-31",
        },
    )
    assert IntegrityOpinion.objects.get(cadre=people[0]).request.due_on == dt.date(2026, 12, 31)


@time_machine.travel(dt.datetime(2026, 12, 25, 10, tzinfo=dt.UTC))
def test_the_inbox_shows_counts_and_deadline(staff, discipline_liaison, units, as_user):
    late = _ask(staff, discipline_liaison, units, n=3, due_on=dt.date(2026, 12, 20))
    services.answer_opinion(
        discipline_liaison, late.opinions.first(), Conclusion.CLEAR, "张三", "李四"
    )
    page = as_user(discipline_liaison).get(reverse("supervision:inbox")).content.decode()
    row = page.split(f'data-request="{late.pk}"')[1].split("</tr>")[0]
    assert '<td class="people-count">3</td>' in row
    assert '<td class="answered-count">1</td>' in row
    assert ">2</span>" in row  # open
    assert "2026-12-20" in row and "已逾期" in row
    assert "2026年12月25日入库廉政意见征求" in row
    assert f"#{late.pk}" not in page


def test_namesakes_are_told_apart_by_birth_month_id_tail_and_post(
    staff, discipline_liaison, units, as_user
):
    a = CadreFactory(
        unit=units["qingshi"],
        name="王伟",
        birth_month=dt.date(1990, 3, 1),
        current_position="副镇长",
    )
    b = CadreFactory(
        unit=units["qingshi"],
        name="王伟",
        birth_month=dt.date(1992, 8, 1),
        current_position="党委委员",
    )
    req = services.request_integrity_opinions(
        staff, [a, b], IntegrityPurpose.ADMISSION, discipline_liaison
    )
    page = (
        as_user(discipline_liaison)
        .get(reverse("supervision:inbox_detail", args=[req.pk]))
        .content.decode()
    )
    for person, month in ((a, "1990.03"), (b, "1992.08")):
        row = page.split(f'data-opinion="{req.opinions.get(cadre=person).pk}"')[1].split("</tr>")[0]
        assert month in row
        assert person.current_position in row
        assert f'<td class="id-tail">{person.id_masked[-4:]}</td>' in row
        assert person.id_number not in page


def test_answering_all_ticked_at_once_and_remembering_the_signatories(
    staff, discipline_liaison, units, as_user
):
    req = _ask(staff, discipline_liaison, units, n=4)
    ids = list(req.opinions.values_list("pk", flat=True))
    client = as_user(discipline_liaison)
    url = reverse("supervision:inbox_answer", args=[req.pk])
    response = client.post(
        url,
        {"opinion": ids[:3], "conclusion": Conclusion.CLEAR, "first_signatory": "张三",
         "second_signatory": "李四"},
    )  # fmt: skip
    assert response.status_code == 302
    answered = IntegrityOpinion.objects.filter(pk__in=ids[:3])
    assert {(o.conclusion, o.first_signatory, o.second_signatory) for o in answered} == {
        (Conclusion.CLEAR, "张三", "李四")
    }
    assert not IntegrityOpinion.objects.get(pk=ids[3]).is_answered
    assert AuditEntry.objects.filter(detail__startswith="回复廉政意见").count() == 3
    assert LiaisonSignatories.objects.get(liaison=discipline_liaison).first_signatory == "张三"
    # Next time the signatures are prefilled, on the batch form and on one person's form.
    other = _ask(staff, discipline_liaison, units, n=1)
    page = client.get(reverse("supervision:inbox_detail", args=[other.pk])).content.decode()
    assert 'value="张三"' in page and 'value="李四"' in page
    one = other.opinions.get()
    page = client.get(reverse("supervision:opinion_answer", args=[one.pk])).content.decode()
    assert 'value="张三"' in page and 'value="李四"' in page


def test_a_refused_batch_answer_writes_nothing(staff, discipline_liaison, units, as_user):
    req = _ask(staff, discipline_liaison, units, n=2)
    ids = list(req.opinions.values_list("pk", flat=True))
    response = as_user(discipline_liaison).post(
        reverse("supervision:inbox_answer", args=[req.pk]),
        {"opinion": ids, "conclusion": Conclusion.CLUES, "first_signatory": "张三",
         "second_signatory": "李四"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "请填写具体情况" in response.content.decode()
    assert not IntegrityOpinion.objects.filter(pk__in=ids, answered_at__isnull=False).exists()
    assert not LiaisonSignatories.objects.exists()


def test_ticking_nobody_is_an_error(staff, discipline_liaison, units, as_user):
    req = _ask(staff, discipline_liaison, units, n=1)
    response = as_user(discipline_liaison).post(
        reverse("supervision:inbox_answer", args=[req.pk]),
        {"conclusion": Conclusion.CLEAR, "first_signatory": "张三", "second_signatory": "李四"},
    )
    assert response.status_code == 400
    assert "请勾选要回复的人员" in response.content.decode()


def test_opinions_of_another_request_cannot_be_slipped_in(
    staff, discipline_liaison, other_liaison, units
):
    mine = _ask(staff, discipline_liaison, units, n=1)
    theirs = _ask(staff, other_liaison, units, n=1)
    with pytest.raises(Exception, match="不在本次征求中"):
        integrity_inbox.answer_many(
            discipline_liaison,
            mine,
            [mine.opinions.get().pk, theirs.opinions.get().pk],
            Conclusion.CLEAR,
            "张三",
            "李四",
        )
    assert not IntegrityOpinion.objects.filter(answered_at__isnull=False).exists()


def test_another_liaisons_request_answers_404(
    staff, discipline_liaison, other_liaison, units, as_user
):
    theirs = _ask(staff, other_liaison, units, n=1)
    response = as_user(discipline_liaison).post(
        reverse("supervision:inbox_answer", args=[theirs.pk]),
        {"opinion": [theirs.opinions.get().pk], "conclusion": Conclusion.CLEAR,
         "first_signatory": "张三", "second_signatory": "李四"},
    )  # fmt: skip
    assert response.status_code == 404


def test_inbox_and_request_pages_read_a_constant_number_of_queries(
    staff, discipline_liaison, units, as_user, django_assert_max_num_queries
):
    client = as_user(discipline_liaison)
    req = _ask(staff, discipline_liaison, units, n=1)
    detail = reverse("supervision:inbox_detail", args=[req.pk])
    with django_assert_max_num_queries(18) as inbox_few:
        client.get(reverse("supervision:inbox"))
    inbox_first = len(inbox_few.captured_queries)
    with django_assert_max_num_queries(18) as detail_few:
        client.get(detail)
    detail_first = len(detail_few.captured_queries)
    for _ in range(4):
        _ask(staff, discipline_liaison, units, n=2)
    services.request_integrity_opinions(
        staff,
        [CadreFactory(unit=units["beishan"]) for _ in range(6)],
        IntegrityPurpose.ADMISSION,
        discipline_liaison,
    )
    req.opinions.model.objects.bulk_create(
        IntegrityOpinion(request=req, cadre=CadreFactory(unit=units["beishan"])) for _ in range(5)
    )
    with django_assert_max_num_queries(inbox_first):
        client.get(reverse("supervision:inbox"))
    with django_assert_max_num_queries(detail_first):
        client.get(detail)
