"""Import in the browser: upload, preview with row errors in Chinese, confirm;
templates, error report, history; staff only."""

import io

import pytest
import python_calamine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pool.models import (
    AccountSecurity,
    AuditEntry,
    Cadre,
    ImportRun,
    ImportStatus,
    Role,
    RoleGrant,
)
from tests.pool.import_files import person, table, xlsx


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, people, *, kind="roster", name="东县名册.xlsx", skip=False, data=None):
    content = data if data is not None else xlsx(table(people))
    form = {"kind": kind, "file": SimpleUploadedFile(name, content)}
    if skip:
        form["skip_invalid"] = "on"
    return client.post(reverse("pool:import_upload"), form)


def read_xlsx(content: bytes) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    return book.get_sheet_by_index(0).to_python()


def test_upload_previews_every_row_then_confirm_writes(units, staff, as_user):
    client = as_user(staff)
    people = [person("张三", serial=1), person("李四", serial=2, 出生年月="1985.07")]
    response = upload(client, people)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("pool:import_preview", args=[run.pk])
    html = client.get(response.url).content.decode()
    assert "出生年月</strong>：出生年月1985.07与身份证号中的出生年月1990.01不一致" in html
    assert "<td>3</td>" in html  # the row number as in the sheet
    assert Cadre.objects.count() == 0  # the preview writes nothing

    client.post(reverse("pool:import_confirm", args=[run.pk]))
    assert Cadre.objects.count() == 0  # invalid rows and no skipping: all or nothing
    client.post(reverse("pool:import_confirm", args=[run.pk]), {"skip_invalid": "1"})
    run.refresh_from_db()
    assert run.status == ImportStatus.COMMITTED
    assert list(Cadre.objects.values_list("name", flat=True)) == ["张三"]
    assert AuditEntry.objects.filter(action="import", actor=staff).count() == 1


def test_a_clean_file_is_confirmed_in_one_click(units, staff, as_user):
    client = as_user(staff)
    upload(client, [person("张三", serial=1)])
    run = ImportRun.objects.get()
    html = client.get(reverse("pool:import_preview", args=[run.pk])).content.decode()
    assert "确认导入（1行）" in html
    response = client.post(reverse("pool:import_confirm", args=[run.pk]), follow=True)
    assert "导入完成：新增1" in response.content.decode()
    assert Cadre.objects.get().name == "张三"
    client.post(reverse("pool:import_confirm", args=[run.pk]))  # a double click
    assert Cadre.objects.count() == 1


def test_a_file_that_cannot_be_used_shows_why(units, staff, as_user):
    client = as_user(staff)
    response = upload(client, [], data=b"\x00\x01 not a spreadsheet", name="x.xlsx")
    html = client.get(response.url).content.decode()
    assert "无法识别的文件格式" in html
    assert ImportRun.objects.get().status == ImportStatus.FAILED


def test_staff_find_the_upload_form_and_templates_in_the_menu(units, staff, as_user):
    html = as_user(staff).get(reverse("pool:import_upload")).content.decode()
    assert "导入数据" in html  # the menu entry
    assert 'name="file"' in html
    for kind in ("roster", "units"):
        assert reverse("pool:import_template", args=[kind]) in html


@pytest.mark.parametrize("persona", ["leader", "unit_committee", "sector_dept", "sys_admin"])
def test_only_staff_may_import(units, persona, as_user, request):
    client = as_user(request.getfixturevalue(persona))
    assert client.get(reverse("pool:import_upload")).status_code == 403
    assert upload(client, [person()]).status_code == 403
    assert client.get(reverse("pool:import_history")).status_code == 403
    assert ImportRun.objects.count() == 0


def test_the_error_report_holds_the_bad_rows_and_an_error_column(units, staff, as_user):
    client = as_user(staff)
    bad = person("王五", serial=3, 工作单位="西县教育局", 现任职务='=HYPERLINK("x")')
    upload(client, [person("张三", serial=1), bad])
    run = ImportRun.objects.get()
    response = client.get(reverse("pool:import_error_report", args=[run.pk]))
    assert response.status_code == 200
    rows = read_xlsx(response.content)
    assert rows[0][-2:] == ["错误说明", "原行号"]
    assert len(rows) == 2
    assert rows[1][0] == "王五"
    assert rows[1][-2:] == ["工作单位：工作单位“西县教育局”不在您的管辖范围内", 3.0]
    assert '\'=HYPERLINK("x")' in rows[1]  # defused like every export, never a formula
    assert AuditEntry.objects.filter(action="export", actor=staff).exists()


@pytest.mark.parametrize("kind, last_column", [("roster", "身份证号"), ("units", "领域")])
def test_each_template_imports_cleanly(units, staff, as_user, kind, last_column):
    client = as_user(staff)
    response = client.get(reverse("pool:import_template", args=[kind]))
    assert response.status_code == 200
    assert read_xlsx(response.content)[0][-1] == last_column
    upload(client, [], kind=kind, data=response.content, name="template.xlsx")
    run = ImportRun.objects.get()
    assert (run.rows_total, run.invalid) == (1, 0)


def test_the_preview_can_show_only_invalid_rows(units, staff, as_user):
    client = as_user(staff)
    upload(client, [person("张三", serial=1), person("李四", serial=2, 性别="女")])
    url = reverse("pool:import_preview", args=[ImportRun.objects.get().pk])
    html = client.get(url, {"only": "invalid"}).content.decode()
    assert "李四" in html
    assert "张三" not in html


def test_preview_queries_do_not_grow_with_rows(
    units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    upload(client, [person("张三", serial=1)])
    small = reverse("pool:import_preview", args=[ImportRun.objects.get().pk])
    with django_assert_max_num_queries(13) as few:
        client.get(small)
    baseline = len(few)  # now: the next request resets the connection's query log
    upload(client, [person(f"干部{i}", serial=i) for i in range(1, 60)])
    big = reverse("pool:import_preview", args=[ImportRun.objects.latest("pk").pk])
    with django_assert_max_num_queries(baseline):
        client.get(big)


def test_history_lists_imports_in_the_jurisdiction(
    units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    upload(client, [person("张三", serial=1)], name="第一批.xlsx")
    with django_assert_max_num_queries(13) as few:
        html = client.get(reverse("pool:import_history")).content.decode()
    baseline = len(few)
    assert "第一批.xlsx" in html
    for i in range(5):
        upload(client, [person("张三", serial=1)], name=f"批次{i}.xlsx")
    with django_assert_max_num_queries(baseline):
        client.get(reverse("pool:import_history"))


def test_history_hides_imports_of_other_jurisdictions(units, staff, as_user, django_user_model):
    other = django_user_model.objects.create_user("xixian")
    RoleGrant.objects.create(user=other, role=Role.STAFF, unit=units["west"])
    AccountSecurity.objects.create(
        user=other, must_change_password=False, password_changed_at=timezone.now()
    )
    upload(as_user(other), [person("张三", serial=1, 工作单位="西县教育局")], name="西县.xlsx")
    theirs = ImportRun.objects.get()
    client = as_user(staff)
    assert "西县.xlsx" not in client.get(reverse("pool:import_history")).content.decode()
    assert client.get(reverse("pool:import_preview", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("pool:import_confirm", args=[theirs.pk])).status_code == 404
