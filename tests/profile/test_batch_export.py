"""Batch export from the cadre list: one .docx per person in a .zip, named 姓名_单位,
for the ticked rows or the current filter, audited as an export."""

import io
import zipfile

import pytest

from cadre_portal.profile import views
from pool.models import AuditAction, AuditEntry
from tests.factories import CadreFactory
from tests.profile.docx_reading import open_docx, value_right_of


@pytest.fixture
def people(units):
    return {
        "zhang_qs": CadreFactory(unit=units["qingshi"], name="张三", gender="男"),
        "zhang_qs2": CadreFactory(unit=units["qingshi"], name="张三", gender="男"),
        "li_bs": CadreFactory(unit=units["beishan"], name="李四", gender="女"),
        "wang_west": CadreFactory(unit=units["west_edu"], name="王五"),
    }


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_ticked_rows_become_one_docx_each_with_unique_names(people, staff, as_user):
    ids = [people[k].pk for k in ("zhang_qs", "zhang_qs2", "li_bs")]
    archive = _zip(as_user(staff).get("/people/approval.zip", {"ids": ids}))
    assert sorted(archive.namelist()) == [
        "张三_青石镇(2).docx",
        "张三_青石镇.docx",
        "李四_北山镇.docx",
    ]
    doc = open_docx(archive.read("李四_北山镇.docx"))
    assert value_right_of(doc.tables[0])["姓名"] == "李四"
    assert value_right_of(doc.tables[0])["性别"] == "女"


def test_people_outside_the_jurisdiction_are_left_out(people, staff, as_user):
    ids = [people["li_bs"].pk, people["wang_west"].pk]
    archive = _zip(as_user(staff).get("/people/approval.zip", {"ids": ids}))
    assert archive.namelist() == ["李四_北山镇.docx"]
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert "共1行" in entry.detail and "选中2人，其中1人不在管辖范围内、未导出" in entry.detail


def test_without_ticks_the_current_filter_is_exported(people, staff, as_user):
    archive = _zip(as_user(staff).get("/people/approval.zip", {"gender": "女"}))
    assert archive.namelist() == ["李四_北山镇.docx"]
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert (
        entry.detail == "干部任免审批表（.zip，每人一份.docx），共1行；筛选条件：gender=%E5%A5%B3"
    )


def test_too_many_people_are_refused_with_a_message(people, staff, as_user, monkeypatch):
    monkeypatch.setattr(views, "BATCH_MAX", 2)
    response = as_user(staff).get("/people/approval.zip", follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "一次最多导出2人的任免审批表（当前3人），请缩小筛选范围" in messages
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_cadre_list_offers_batch_export_to_staff_only(people, staff, leader, as_user):
    html = as_user(staff).get("/pool/cadres/").content.decode()
    assert 'name="ids"' in html
    assert "/people/approval.zip" in html
    html = as_user(leader).get("/pool/cadres/").content.decode()
    assert 'name="ids"' not in html
    assert "/people/approval.zip" not in html


def test_batch_export_queries_do_not_grow_with_people(
    units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    for _ in range(2):
        CadreFactory(unit=units["qingshi"])
    with django_assert_max_num_queries(30) as few:
        client.get("/people/approval.zip")
    for _ in range(8):
        CadreFactory(unit=units["beishan"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        archive = _zip(client.get("/people/approval.zip"))
    assert len(archive.namelist()) == 10
