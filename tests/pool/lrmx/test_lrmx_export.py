"""LRMX downloads: one person from the cadre page, a .zip of a 干部名册 search or of a
recommendation list. Staff only (the file holds the clear ID number), audited."""

import io
import zipfile

import pytest
from django.urls import reverse

from pool.lrmx import document, views
from pool.models import AuditAction, AuditEntry
from tests.factories import CadreFactory, RecommendationFactory, RecommendationListFactory


def names_in(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.namelist()


def test_staff_download_one_persons_file_and_it_is_audited(units, staff, as_user):
    cadre = CadreFactory(unit=units["qingshi"], name="张伟", current_position="青石镇副镇长")
    response = as_user(staff).get(reverse("pool:cadre_lrmx", args=[cadre.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert "%E5%BC%A0%E4%BC%9F.lrmx" in response["Content-Disposition"]  # 张伟.lrmx
    person = document.parse(response.content)
    assert person.get("XingMing") == "张伟"
    assert person.get("ShenFenZheng") == cadre.id_number
    assert person.get("XianRenZhiWu") == "青石镇副镇长"
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.object_id == str(cadre.pk) and "LRMX" in entry.detail


def test_only_staff_see_the_button(units, staff, leader, as_user):
    cadre = CadreFactory(unit=units["qingshi"])
    url = reverse("pool:cadre_detail", args=[cadre.pk])
    lrmx_url = reverse("pool:cadre_lrmx", args=[cadre.pk])
    assert lrmx_url in as_user(staff).get(url).content.decode()
    assert lrmx_url not in as_user(leader).get(url).content.decode()
    assert as_user(leader).get(lrmx_url).status_code == 403


def test_a_search_downloads_as_one_zip_of_the_people_found(units, staff, as_user):
    CadreFactory(unit=units["qingshi"], name="张伟", gender="男")
    CadreFactory(unit=units["qingshi"], name="李娜", gender="女")
    CadreFactory(unit=units["beishan"], name="李娜", gender="女")
    CadreFactory(unit=units["west_edu"], name="王芳", gender="女")  # outside the county
    url = reverse("pool:cadre_list_lrmx") + "?gender=女"
    response = as_user(staff).post(url, {"reason": "报市委组织部备案"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert sorted(names_in(response.content)) == ["李娜-2.lrmx", "李娜.lrmx"]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert "干部名册LRMX文件" in entry.detail and "共2行" in entry.detail
    assert entry.detail.endswith("事由：报市委组织部备案")


def test_the_zip_takes_the_same_queries_for_few_and_many(
    units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    url = reverse("pool:cadre_list_lrmx")
    CadreFactory.create_batch(2, unit=units["qingshi"])
    with django_assert_max_num_queries(30) as few:
        client.post(url, {"reason": "备案"})
    CadreFactory.create_batch(10, unit=units["qingshi"])
    with django_assert_max_num_queries(len(few)):
        client.post(url, {"reason": "备案"})


def test_too_many_people_are_refused_with_a_message(units, staff, as_user, settings):
    settings.CADRE_LRMX_BATCH_MAX = 2
    CadreFactory.create_batch(3, unit=units["qingshi"])
    url = reverse("pool:cadre_list_lrmx")
    response = as_user(staff).post(url, {"reason": "备案"}, follow=True)
    assert "一次最多导出2人" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_batch_is_capped_at_100_people_by_default(units, staff, as_user):
    assert views.batch_max() == 100


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_batch_without_a_reason_is_refused(units, staff, as_user, reason):
    CadreFactory(unit=units["qingshi"])
    data = {} if reason is None else {"reason": reason}
    response = as_user(staff).post(reverse("pool:cadre_list_lrmx"), data, follow=True)
    assert "请填写导出事由" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_account_downloads_a_few_batches_a_day(units, staff, as_user, settings):
    settings.CADRE_LRMX_BATCHES_PER_DAY = 2
    CadreFactory(unit=units["qingshi"])
    client = as_user(staff)
    url = reverse("pool:cadre_list_lrmx")
    for _ in range(2):
        assert client.post(url, {"reason": "备案"})["Content-Type"] == "application/zip"
    third = client.post(url, {"reason": "备案"}, follow=True)
    assert "达到每日上限" in third.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 2


def test_a_batch_is_never_a_plain_link(units, staff, as_user):
    CadreFactory(unit=units["qingshi"])
    assert as_user(staff).get(reverse("pool:cadre_list_lrmx")).status_code == 405


def test_a_recommendation_list_downloads_its_people(units, staff, as_user):
    rec_list = RecommendationListFactory(unit=units["qingshi"])
    for name in ("张伟", "李娜"):
        RecommendationFactory(
            rec_list=rec_list, cadre=CadreFactory(unit=units["qingshi"], name=name)
        )
    CadreFactory(unit=units["qingshi"], name="不在清单")
    client = as_user(staff)
    assert (
        reverse("pool:list_lrmx", args=[rec_list.pk])
        in client.get(reverse("pool:list_review", args=[rec_list.pk])).content.decode()
    )
    response = client.post(reverse("pool:list_lrmx", args=[rec_list.pk]), {"reason": "考察"})
    assert sorted(names_in(response.content)) == ["张伟.lrmx", "李娜.lrmx"]
