"""Staff keep the 审批表's extra data: photo, family rows, 拟任/拟免/任免理由, 奖惩.
Every change is audited; errors are Chinese and name the field."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pool.models import ApprovalForm, AuditAction, AuditEntry, CadrePhoto, FamilyMember
from tests.factories import CadreFactory
from tests.profile import images


@pytest.fixture
def person(units):
    return CadreFactory(unit=units["qingshi"], name="李明远")


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _upload(client, cadre, content: bytes, name="photo.jpg"):
    return client.post(
        f"/people/{cadre.pk}/photo/upload/",
        {"photo": SimpleUploadedFile(name, content, content_type="image/jpeg")},
        follow=True,
    )


def test_staff_upload_and_replace_the_photo_with_an_audit_entry(person, staff, as_user):
    client = as_user(staff)
    response = _upload(client, person, images.png(), name="证件照.png")
    assert "照片已更新" in _messages(response)
    photo = CadrePhoto.objects.get(cadre=person)
    assert photo.content_type == "image/png"
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, detail="上传照片").exists()
    jpeg = images.jpeg_head() + b"\x00" * 100
    _upload(client, person, jpeg)
    photo.refresh_from_db()
    assert photo.content_type == "image/jpeg"
    assert bytes(photo.image) == jpeg
    replaced = AuditEntry.objects.get(action=AuditAction.UPDATE, detail="更换照片")
    assert replaced.before == {"content_type": "image/png", "bytes": len(images.png())}
    served = client.get(f"/people/{person.pk}/photo/")
    assert served["Content-Type"] == "image/jpeg"
    assert served.content == jpeg


def test_a_photo_over_the_limit_is_refused(person, staff, as_user):
    big = images.png() + b"\x00" * CadrePhoto.MAX_BYTES
    response = _upload(as_user(staff), person, big, name="big.png")
    assert any(m.startswith("照片不能超过2MB") for m in _messages(response))
    assert not CadrePhoto.objects.filter(cadre=person).exists()


def test_a_photo_exactly_at_the_limit_is_accepted(person, staff, as_user):
    exact = images.jpeg_head().ljust(CadrePhoto.MAX_BYTES, b"\x00")
    response = _upload(as_user(staff), person, exact)
    assert "照片已更新" in _messages(response)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"GIF89a" + b"\x00" * 50),  # a GIF named .jpg
        ("photo.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
        ("photo.jpg", b"%PDF-1.4 not a picture"),
    ],
)
def test_only_real_jpeg_or_png_files_are_accepted(person, staff, as_user, name, content):
    response = _upload(as_user(staff), person, content, name=name)
    assert "照片只能是JPG或PNG图片" in _messages(response)
    assert not CadrePhoto.objects.filter(cadre=person).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.CREATE).exists()


def test_leaders_cannot_upload_photos(person, leader, as_user):
    response = as_user(leader).post(
        f"/people/{person.pk}/photo/upload/", {"photo": SimpleUploadedFile("a.png", images.png())}
    )
    assert response.status_code == 403
    assert not CadrePhoto.objects.exists()


def test_staff_delete_the_photo_with_an_audit_entry(person, staff, as_user):
    CadrePhoto.objects.create(cadre=person, image=images.png(), content_type="image/png")
    as_user(staff).post(f"/people/{person.pk}/photo/delete/")
    assert not CadrePhoto.objects.filter(cadre=person).exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, detail="删除照片").exists()


def test_staff_add_edit_and_delete_family_rows(person, staff, as_user):
    client = as_user(staff)
    response = client.post(
        f"/people/{person.pk}/family/add/",
        {"relation": "妻子", "name": "王芳", "birth_month": "1991年3月",
         "political_status": "中共党员", "employer_position": "东县第一中学教师"},
    )  # fmt: skip
    assert response.status_code == 302
    member = FamilyMember.objects.get(cadre=person)
    assert member.birth_month == dt.date(1991, 3, 1)
    assert AuditEntry.objects.filter(detail="新增家庭成员：妻子 王芳").exists()

    client.post(
        f"/people/family/{member.pk}/",
        {"relation": "妻子", "name": "王芳", "birth_month": "1991.04", "political_status": "群众"},
    )
    member.refresh_from_db()
    assert (member.birth_month, member.political_status) == (dt.date(1991, 4, 1), "群众")
    change = AuditEntry.objects.get(detail="修改家庭成员：妻子 王芳")
    assert change.before["political_status"] == "中共党员"
    assert change.after["political_status"] == "群众"

    client.post(f"/people/family/{member.pk}/delete/")
    assert not FamilyMember.objects.filter(cadre=person).exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.DELETE, detail="删除家庭成员：妻子 王芳"
    ).exists()


def test_family_form_errors_are_chinese_and_name_the_field(person, staff, as_user):
    response = as_user(staff).post(
        f"/people/{person.pk}/family/add/",
        {"relation": "", "name": "王芳", "birth_month": "九一年"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写称谓" in html
    assert "出生年月格式不正确，请写成 1988.03 这样的年月" in html
    assert not FamilyMember.objects.exists()


def test_staff_edit_the_form_fields_with_an_audit_entry(person, staff, as_user):
    response = as_user(staff).post(
        f"/people/{person.pk}/sheet/",
        {
            "person-professional_title": "经济师",
            "person-specialty": "乡村振兴",
            "person-rewards": "2020年被评为全县优秀共产党员",
            "person-annual_results": "",
            "form-proposed_position": "东县农业农村局局长",
            "form-proposed_removal": "青石镇党委副书记",
            "form-reason": "工作需要",
            "form-submitting_body": "中共东县县委组织部",
            "form-age_reference": "2026-05-31",
            "form-filled_on": "2026-05-06",
            "form-filled_by": "小周",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.rewards == "2020年被评为全县优秀共产党员"
    form = ApprovalForm.objects.get(cadre=person)
    assert form.proposed_position == "东县农业农村局局长"
    assert form.age_reference == dt.date(2026, 5, 31)
    entry = AuditEntry.objects.get(detail="修改任免审批表信息")
    assert entry.after["proposed_position"] == "东县农业农村局局长"
    assert entry.before["proposed_position"] is None  # the form did not exist yet


def test_form_errors_name_the_field(person, staff, as_user):
    response = as_user(staff).post(
        f"/people/{person.pk}/sheet/",
        {"person-professional_title": "长" * 51, "form-age_reference": "明年"},
    )
    html = response.content.decode()
    assert "专业技术职务不能超过50个字" in html
    assert "计算年龄时间格式不正确" in html


def test_leaders_cannot_edit_the_form(person, leader, as_user):
    client = as_user(leader)
    assert client.get(f"/people/{person.pk}/sheet/").status_code == 403
    assert client.post(f"/people/{person.pk}/family/add/", {"relation": "妻子"}).status_code == 403


def test_a_stored_photo_that_is_not_jpeg_or_png_is_never_served(person, leader, as_user):
    CadrePhoto.objects.create(
        cadre=person, image=b"<svg onload=alert(1)>", content_type="image/png"
    )
    assert as_user(leader).get(f"/people/{person.pk}/photo/").status_code == 404
