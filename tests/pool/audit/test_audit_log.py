import datetime as dt

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from pool import audit
from pool.models import AuditAction, AuditEntry
from tests.conftest import PASSWORD
from tests.factories import CadreFactory


def test_database_refuses_to_update_or_delete_an_audit_row(staff):
    entry = audit.record(staff, AuditAction.EXPORT, detail="干部名册")
    with pytest.raises(DatabaseError, match="不可修改"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(detail="改过")
    with pytest.raises(DatabaseError, match="不可删除"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).detail == "干部名册"


def test_rows_older_than_retention_can_be_purged_but_younger_ones_stay(staff):
    with time_machine.travel(dt.datetime(2025, 1, 1, tzinfo=dt.UTC)):
        old = audit.record(staff, AuditAction.EXPORT, detail="旧")
    young = audit.record(staff, AuditAction.EXPORT, detail="新")
    call_command("purge_expired")
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=young.pk).exists()


def test_a_failed_audit_write_fails_the_change(units, staff, monkeypatch):
    cadre = CadreFactory(unit=units["qingshi"])

    def broken(*args, **kwargs):
        raise DatabaseError("audit down")

    monkeypatch.setattr(AuditEntry, "save", broken)
    from pool.people import services as people_services

    with pytest.raises(DatabaseError):
        people_services.reveal_id_number(staff, cadre, "核对身份")


def test_hash_chain_verifies_and_names_a_tampered_row(staff, capsys):
    entries = [audit.record(staff, AuditAction.EXPORT, detail=f"第{i}次") for i in range(4)]
    call_command("verify_audit")
    assert "共校验 4 条" in capsys.readouterr().out
    # Someone with database-owner rights edits a row behind the trigger's back.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE pool_auditentry DISABLE TRIGGER pool_audit_no_update_delete")
        cursor.execute(
            "UPDATE pool_auditentry SET detail = '被改过' WHERE id = %s", [entries[2].pk]
        )
        cursor.execute("ALTER TABLE pool_auditentry ENABLE TRIGGER pool_audit_no_update_delete")
    with pytest.raises(CommandError, match=f"#{entries[2].pk} 内容与校验值不符"):
        call_command("verify_audit")


def test_a_deleted_row_breaks_the_chain(staff):
    entries = [audit.record(staff, AuditAction.EXPORT) for _ in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE pool_auditentry DISABLE TRIGGER pool_audit_no_update_delete")
        cursor.execute("DELETE FROM pool_auditentry WHERE id = %s", [entries[1].pk])
        cursor.execute("ALTER TABLE pool_auditentry ENABLE TRIGGER pool_audit_no_update_delete")
    report = audit.verify_chain()
    assert report.broken_at == entries[2].pk
    assert "链接不符" in report.reason


def test_login_logout_and_failed_login_are_audited(staff, client):
    client.post("/login/", {"username": "xiaozhou", "password": "wrong-password"})
    client.post("/login/", {"username": "xiaozhou", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    client.post("/logout/")
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "success", "actor_name"))
    assert actions == [
        ("login_failed", False, "xiaozhou"),
        ("login", True, "xiaozhou"),
        ("logout", True, "xiaozhou"),
    ]
    assert AuditEntry.objects.get(action="login").ip == "10.1.2.3"


def test_idle_session_ends_after_30_minutes_and_is_audited(staff, client):
    client.post("/login/", {"username": "xiaozhou", "password": PASSWORD})
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=31)):
        response = client.get("/pool/cadres/")
    assert response.status_code == 302
    assert "/login/" in response.url
    assert AuditEntry.objects.filter(action="session_timeout", actor_name="xiaozhou").exists()
    assert client.get("/pool/cadres/").status_code == 302  # really logged out


def test_viewing_a_record_and_revealing_an_id_are_audited(units, staff, as_user):
    cadre = CadreFactory(unit=units["qingshi"], id_number="430181199001011233")
    client = as_user(staff)
    client.get(f"/pool/cadres/{cadre.pk}/")
    refused = client.post(f"/pool/cadres/{cadre.pk}/reveal-id/", {"reason": ""})
    assert refused.status_code == 400
    assert "请填写查看身份证号的事由" in refused.content.decode()
    shown = client.post(f"/pool/cadres/{cadre.pk}/reveal-id/", {"reason": "核对任免审批表"})
    assert "430181199001011233" in shown.content.decode()
    reveal = AuditEntry.objects.get(action="reveal_id")
    assert (reveal.object_id, reveal.detail, reveal.actor_name) == (
        str(cadre.pk),
        "核对任免审批表",
        "xiaozhou",
    )
    assert AuditEntry.objects.filter(action="view", object_id=str(cadre.pk)).exists()


@pytest.mark.parametrize("persona", ["leader", "unit_committee", "sector_dept"])
def test_only_staff_may_reveal_an_id(units, persona, as_user, request):
    cadre = CadreFactory(unit=units["qingshi"])
    client = as_user(request.getfixturevalue(persona))
    response = client.post(f"/pool/cadres/{cadre.pk}/reveal-id/", {"reason": "看看"})
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="reveal_id").exists()


def test_reveal_outside_jurisdiction_is_404(units, staff, as_user):
    other = CadreFactory(unit=units["west_edu"])
    response = as_user(staff).post(f"/pool/cadres/{other.pk}/reveal-id/", {"reason": "看看"})
    assert response.status_code == 404


def test_api_reveal_is_audited_and_list_never_shows_clear_ids(units, staff):
    from rest_framework.test import APIClient

    cadre = CadreFactory(unit=units["qingshi"], id_number="430181199001011233")
    api = APIClient()
    api.force_authenticate(staff)
    assert api.post(f"/api/cadres/{cadre.pk}/reveal-id/", {}).status_code == 400
    body = api.post(f"/api/cadres/{cadre.pk}/reveal-id/", {"reason": "核对"}).json()
    assert body == {"id_number": "430181199001011233"}
    assert AuditEntry.objects.filter(action="reveal_id").count() == 1


def test_auditor_filters_and_exports_the_log(units, staff, audit_admin, as_user):
    audit.record(staff, AuditAction.REVEAL_ID, detail="核对")
    audit.record(staff, AuditAction.EXPORT, detail="=cmd|' /C calc'!A0")
    client = as_user(audit_admin)
    html = client.get("/pool/audit/", {"action": "reveal_id"}).content.decode()
    assert "核对" in html
    assert "calc" not in html
    response = client.get("/pool/audit/", {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "'=cmd|' /C calc'!A0" in values  # written defused, never as a formula
    assert AuditEntry.objects.filter(action="export", actor_name="auditor").exists()


def test_audit_filters_offer_all_rather_than_unknown_by_default(audit_admin, as_user):
    response = as_user(audit_admin).get("/pool/audit/")
    success = response.context["filter"].form["success"]
    assert [label for _, label in success.field.widget.choices] == ["全部", "成功", "失败"]
    assert '<option value="" selected>全部</option>' in response.content.decode()
    failed = as_user(audit_admin).get("/pool/audit/", {"success": "false"})
    assert all(not e.success for e in failed.context["page"].object_list)


@pytest.mark.parametrize("persona", ["staff", "leader", "sys_admin", "security_admin"])
def test_only_the_auditor_reads_the_audit_log(persona, as_user, request):
    assert as_user(request.getfixturevalue(persona)).get("/pool/audit/").status_code == 403


def test_cadre_export_is_audited_and_defused(units, staff, as_user):
    CadreFactory(unit=units["qingshi"], name="=HYPERLINK(1)")
    response = as_user(staff).get("/pool/cadres/", {"export": "xlsx"})
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == "'=HYPERLINK(1)"
    assert sheet.cell(row=2, column=5).value.count("*") == 8
    assert AuditEntry.objects.get(action="export").detail.startswith("干部名册，共1行")


def test_the_log_shows_changes_in_words_with_field_names_and_choice_labels(
    audit_admin, staff, units, as_user
):
    from pool import audit
    from pool.models import AuditEntry
    from tests.factories import CadreFactory

    cadre = CadreFactory(unit=units["qingshi"], name="改甲")
    audit.record(
        staff, "update", cadre,
        before={"work_start_month": "2015-07-01", "gender": "男", "name": "改甲"},
        after={"work_start_month": "2015-09-01", "gender": "女", "name": "改甲"},
    )  # fmt: skip
    entry = AuditEntry.objects.latest("id")
    parts = set(audit.describe_changes(entry).split("；"))  # the unchanged 姓名 is left out
    assert parts == {"参加工作时间：2015-07-01 → 2015-09-01", "性别：男 → 女"}
    audit.record(staff, "update", cadre, before={"ids": []}, after={"ids": [3, 1], "x": {"a": 1}})
    entry = AuditEntry.objects.latest("id")
    assert audit.describe_changes(entry).split("；") == ["ids：（空） → [3, 1]", 'x：{"a": 1}']
    page = as_user(staff).get(f"/pool/cadres/{cadre.pk}/changes/").content.decode()
    assert "参加工作时间：2015-07-01 → 2015-09-01" in page
    assert "{&#x27;work_start_month&#x27;" not in page and "{'work_start_month'" not in page


@pytest.fixture
def family_change(units, staff):
    """A family row added and changed: the relative's name and birth month, and the
    person's 政治面貌, are personal values (finding 7 of #19)."""
    from pool.models import FamilyMember

    cadre = CadreFactory(unit=units["qingshi"], name="改乙")
    relative = FamilyMember.objects.create(cadre=cadre, relation="妻子", name="王秘芳")
    audit.record(staff, "create", relative, after={"name": "王秘芳", "birth_month": "1991-03"})
    before, after = {"political_status": "群众"}, {"political_status": "中共党员"}
    audit.record(staff, "update", cadre, before=before, after=after)
    return cadre


SECRETS = ("王秘芳", "1991-03", "群众", "中共党员")


def test_the_auditor_sees_who_changed_which_fields_but_not_the_values(
    family_change, audit_admin, as_user
):
    client = as_user(audit_admin)
    page = client.get("/pool/audit/").content.decode()
    assert "变更字段：" in page and "改乙" in page and "家庭成员 #" in page
    for secret in SECRETS:
        assert secret not in page, secret
    response = client.get("/pool/audit/", {"export": "xlsx"})
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "变更字段" in cells
    assert any(c.startswith("变更字段：") for c in cells)
    for secret in SECRETS:
        assert not any(secret in c for c in cells), secret


def test_staff_of_the_jurisdiction_see_the_values_of_a_persons_changes(
    family_change, staff, as_user, units
):
    page = as_user(staff).get(f"/pool/cadres/{family_change.pk}/changes/").content.decode()
    for secret in SECRETS:
        assert secret in page, secret
    assert "妻子 王秘芳" in page
    west = _west_staff(units)
    assert as_user(west).get(f"/pool/cadres/{family_change.pk}/changes/").status_code == 404


def _west_staff(units):
    from pool.models import Role
    from tests.conftest import _persona

    return _persona("west_staff_changes", Role.STAFF, units["west"])


def test_the_changes_page_reads_a_fixed_number_of_queries(
    family_change, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    url = f"/pool/cadres/{family_change.pk}/changes/"
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for _ in range(20):
        audit.record(staff, "update", family_change, before={"name": "a"}, after={"name": "b"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_auditor_reads_what_was_done_to_a_person_not_the_findings(
    units, staff, audit_admin, as_user
):
    """Descriptions written by services name people and findings ("录入考核：X 优秀"):
    the auditor reads the action; records that are not about people keep their text."""
    from pool.models import FamilyMember

    cadre = CadreFactory(unit=units["qingshi"], name="考核丙")
    relative = FamilyMember.objects.create(cadre=cadre, relation="儿子", name="秘密丁")
    audit.record(staff, "update", cadre, detail="录入考核：考核丙 2025年度 不称职")
    audit.record(staff, "create", relative, detail="新增家庭成员：秘密丁")
    audit.record(staff, "export", detail="导出：配备台账，共12行")
    page = as_user(audit_admin).get("/pool/audit/").content.decode()
    assert "录入考核：（内容仅管辖范围内的干部科可见）" in page
    assert "不称职" not in page and "秘密丁" not in page
    assert "导出：配备台账，共12行" in page
