"""A person asks for a correction of their record; the 干部科 approves or refuses it.
The approved 简历 line reaches the 任免审批表; the audit row names who asked and who
approved; both sides are told (站内提醒)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pool import audit
from pool.models import (
    AuditEntry,
    CareerEntry,
    CorrectionRequest,
    CorrectionStatus,
    Notice,
)
from tests.factories import CadreFactory
from tests.profile.docx_reading import open_docx, value_right_of

PDF = b"%PDF-1.4 diploma scan"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def person(cadre_self):
    cadre = cadre_self.grant.cadre
    cadre.inservice_education = "大学本科"
    cadre.save()
    line = CareerEntry.objects.create(
        cadre=cadre,
        start_month=dt.date(2015, 8, 1),
        end_month=dt.date(2019, 12, 1),
        description="青石镇党政办科员",
    )
    return cadre, line


def _scan(name="毕业证.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def _ask_line(client, line, **extra):
    data = {
        "target": "career",
        "career_entry": line.pk,
        "start_month": "2015.08",
        "end_month": "2019.12",
        "description": "青石镇党政办科员（选调生）",
        "reason": "档案中为选调生，简历漏写",
        "scan": _scan(),
        **extra,
    }
    return client.post(reverse("selfservice:correction_new"), data)


def test_an_approved_career_line_shows_on_the_approval_form_and_in_the_audit_log(
    person, cadre_self, staff, client
):
    cadre, line = person
    client.force_login(cadre_self)
    response = _ask_line(client, line)
    assert response.status_code == 302, response.content.decode()[:3000]
    req = CorrectionRequest.objects.get()
    assert req.status == CorrectionStatus.PENDING and req.is_career
    assert Notice.objects.filter(recipient=staff, title__contains="叶青申请更正简历").exists()
    assert CareerEntry.objects.get(pk=line.pk).description == "青石镇党政办科员"

    client.force_login(staff)
    queue = client.get(reverse("selfservice:queue")).content.decode()
    assert "2015.08—2019.12 青石镇党政办科员（选调生）" in queue  # after
    assert "2015.08—2019.12 青石镇党政办科员</td>" in queue  # before
    response = client.post(reverse("selfservice:decide", args=[req.pk]), {"action": "approve"})
    assert response.status_code == 302

    docx = client.get(reverse("people:approval_docx", args=[cadre.pk]))
    cells = value_right_of(open_docx(docx.content).tables[0])
    assert "2015.08--2019.12  青石镇党政办科员（选调生）" in cells["简\n历"].split("\n")

    change = AuditEntry.objects.get(object_type="pool.CareerEntry", object_id=str(line.pk))
    assert change.actor == staff
    assert "申请人 yeqing 叶青" in change.detail and "审核人 xiaozhou 小周" in change.detail
    assert audit.describe_changes(change) == (
        "工作单位及职务：青石镇党政办科员 → 青石镇党政办科员（选调生）"
    )
    # The 审计管理员 reads who asked and who approved (not the values).
    assert "申请人 yeqing 叶青，审核人 xiaozhou 小周" in audit.detail_for_auditor(change)
    assert audit.describe_changes(change, with_values=False) == "变更字段：工作单位及职务"
    # The person's change history (staff) shows it with both names.
    history = client.get(reverse("pool:cadre_changes", args=[cadre.pk])).content.decode()
    assert "申请人 yeqing 叶青" in history and "审核人 xiaozhou 小周" in history
    notice = Notice.objects.get(recipient=cadre_self)
    assert notice.title == "您申请更正的简历已更正"
    req.refresh_from_db()
    assert req.status == CorrectionStatus.APPROVED and req.decided_by == staff


def test_a_field_correction_is_applied_through_the_staff_edit_service(
    person, cadre_self, staff, client
):
    cadre, _ = person
    client.force_login(cadre_self)
    response = client.post(
        reverse("selfservice:correction_new"),
        {
            "target": "inservice_education",
            "value": "省委党校研究生",
            "reason": "2021年省委党校研究生毕业",
            "scan": _scan("证书.png", PNG),
        },
    )
    assert response.status_code == 302
    req = CorrectionRequest.objects.get()
    client.force_login(staff)
    client.post(reverse("selfservice:decide", args=[req.pk]), {"action": "approve"})
    cadre.refresh_from_db()
    assert cadre.inservice_education == "省委党校研究生"
    change = AuditEntry.objects.get(object_type="pool.Cadre", action="update")
    assert change.before == {"inservice_education": "大学本科"}
    assert change.actor == staff and "申请人 yeqing" in change.detail
    # a second decision is refused: nothing applied twice
    client.post(reverse("selfservice:decide", args=[req.pk]), {"action": "refuse", "reason": "x"})
    req.refresh_from_db()
    assert req.status == CorrectionStatus.APPROVED


def test_a_month_correction_is_read_the_way_files_write_months(person, cadre_self, staff, client):
    cadre, _ = person
    client.force_login(cadre_self)
    client.post(
        reverse("selfservice:correction_new"),
        {
            "target": "party_join_month",
            "value": "2012年7月",
            "reason": "入党志愿书",
            "scan": _scan(),
        },
    )
    client.force_login(staff)
    req = CorrectionRequest.objects.get()
    client.post(reverse("selfservice:decide", args=[req.pk]), {"action": "approve"})
    cadre.refresh_from_db()
    assert cadre.party_join_month == dt.date(2012, 7, 1)


def test_a_refusal_needs_a_reason_and_tells_the_person(person, cadre_self, staff, client):
    _, line = person
    client.force_login(cadre_self)
    _ask_line(client, line)
    req = CorrectionRequest.objects.get()
    client.force_login(staff)
    response = client.post(
        reverse("selfservice:decide", args=[req.pk]), {"action": "refuse"}, follow=True
    )
    assert "请填写不同意的理由" in response.content.decode()
    req.refresh_from_db()
    assert req.status == CorrectionStatus.PENDING
    client.post(
        reverse("selfservice:decide", args=[req.pk]),
        {"action": "refuse", "reason": "扫描件看不清，请重新上传"},
    )
    req.refresh_from_db()
    assert req.status == CorrectionStatus.REFUSED
    assert CareerEntry.objects.get(pk=line.pk).description == "青石镇党政办科员"
    notice = Notice.objects.get(recipient=cadre_self)
    assert notice.title == "您申请更正的简历未获同意" and "扫描件看不清" in notice.body
    client.force_login(cadre_self)
    mine = client.get(reverse("selfservice:my_requests")).content.decode()
    assert "未同意" in mine and "扫描件看不清，请重新上传" in mine


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("病毒.exe", b"MZ\x90\x00", "证明材料只能是PDF、JPG或PNG文件"),
        ("假的.pdf", b"MZ\x90\x00not a pdf", "证明材料内容与文件类型不符"),
        ("大.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "证明材料不能超过5MB"),
        ("说明.txt", b"hello", "证明材料只能是PDF、JPG或PNG文件"),
    ],
)
def test_a_bad_scan_is_refused_with_a_chinese_message(
    person, cadre_self, client, name, content, message
):
    _, line = person
    client.force_login(cadre_self)
    response = _ask_line(client, line, scan=_scan(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_a_line_of_another_person_cannot_be_asked_for(person, cadre_self, units, client):
    other = CareerEntry.objects.create(
        cadre=CadreFactory(unit=units["qingshi"], name="别人"),
        start_month=dt.date(2010, 1, 1),
        description="别人的简历",
    )
    client.force_login(cadre_self)
    response = _ask_line(client, other)
    assert "请从列表中选择要更正的简历行" in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_sending_requests_is_rate_limited(person, cadre_self, client):
    _, line = person
    client.force_login(cadre_self)
    for n in range(10):
        assert _ask_line(client, line, reason=f"第{n}次").status_code == 302
    response = _ask_line(client, line)
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert CorrectionRequest.objects.count() == 10


def test_the_correction_form_refuses_a_post_without_the_csrf_token(person, cadre_self):
    _, line = person
    client = Client(enforce_csrf_checks=True)
    client.force_login(cadre_self)
    assert _ask_line(client, line).status_code == 403
    assert not CorrectionRequest.objects.exists()


def test_a_unit_committee_reads_its_units_requests_without_deciding(
    person, cadre_self, unit_committee, client
):
    _, line = person
    client.force_login(cadre_self)
    _ask_line(client, line)
    req = CorrectionRequest.objects.get()
    client.force_login(unit_committee)
    page = client.get(reverse("selfservice:queue")).content.decode()
    assert "青石镇党政办科员（选调生）" in page and "只供查阅" in page
    assert reverse("selfservice:decide", args=[req.pk]) not in page
    assert reverse("selfservice:scan", args=[req.pk]) not in page
    response = client.post(reverse("selfservice:decide", args=[req.pk]), {"action": "approve"})
    assert response.status_code == 403
