"""The 干部任免审批表 as .docx (read back with python-docx: each field in its cell)
and as PDF where LibreOffice is installed."""

import datetime as dt
import shutil
import subprocess

import pytest
import time_machine
from docx.oxml.ns import qn

from pool.models import ApprovalForm, AuditAction, AuditEntry, CadrePhoto, CareerEntry, FamilyMember
from tests.factories import AssessmentFactory, CadreFactory
from tests.profile import images
from tests.profile.docx_reading import open_docx, rows_text, value_right_of

NOW = dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC)


@pytest.fixture
def person(units):
    cadre = CadreFactory(
        unit=units["qingshi"], name="李明远", gender="男", birth_month=dt.date(1990, 6, 1),
        ethnicity="汉族", native_place="湖南长沙", birthplace="湖南浏阳",
        party_join_month=dt.date(2011, 6, 1), work_start_month=dt.date(2012, 8, 1),
        health="健康", professional_title="经济师", specialty="乡村振兴、基层治理",
        fulltime_education="大学本科", fulltime_degree="学士",
        fulltime_school_major="湖南大学经济学院经济学专业",
        inservice_education="硕士研究生", inservice_degree="硕士",
        inservice_school_major="中共湖南省委党校经济管理专业",
        current_position="青石镇党委副书记、镇长", rewards="2020年被评为全县优秀共产党员",
    )  # fmt: skip
    CareerEntry.objects.create(
        cadre=cadre, start_month=dt.date(2012, 8, 1), end_month=dt.date(2015, 6, 1),
        description="青石镇党政办科员",
    )  # fmt: skip
    CareerEntry.objects.create(
        cadre=cadre, start_month=dt.date(2015, 6, 1), description="青石镇党委副书记、镇长"
    )
    FamilyMember.objects.create(
        cadre=cadre, relation="妻子", name="王芳", birth_month=dt.date(1991, 3, 1),
        political_status="中共党员", employer_position="东县第一中学教师", position=1,
    )  # fmt: skip
    FamilyMember.objects.create(
        cadre=cadre, relation="父亲", name="李建国", birth_month=dt.date(1962, 5, 1),
        political_status="群众", employer_position="浏阳市农民", position=2,
    )  # fmt: skip
    ApprovalForm.objects.create(
        cadre=cadre, proposed_position="东县农业农村局局长",
        proposed_removal="青石镇党委副书记、镇长", reason="工作需要",
        submitting_body="中共东县县委组织部", age_reference=dt.date(2026, 5, 31),
        filled_on=dt.date(2026, 5, 6), filled_by="小周",
    )  # fmt: skip
    for year, grade in ((2023, "称职"), (2024, "优秀"), (2025, "称职")):
        AssessmentFactory(cadre=cadre, year=year, grade=grade)
    return cadre


def _download(client, cadre):
    response = client.get(f"/people/{cadre.pk}/approval.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response


@time_machine.travel(NOW)
def test_page_one_puts_each_field_in_its_cell(person, staff, as_user):
    doc = open_docx(_download(as_user(staff), person).content)
    assert len(doc.tables) == 2
    cells = value_right_of(doc.tables[0])
    assert cells["姓名"] == "李明远"
    assert cells["性别"] == "男"
    assert cells["出生年月\n(岁)"] == "1990.06(35岁)"  # at the form's 计算年龄时间 2026-05-31
    assert cells["民族"] == "汉族"
    assert cells["籍贯"] == "湖南长沙"
    assert cells["出生地"] == "湖南浏阳"
    assert cells["入党时间"] == "2011.06"
    assert cells["参加工作时间"] == "2012.08"
    assert cells["健康状况"] == "健康"
    assert cells["专业技术\n职务"] == "经济师"
    assert cells["熟悉专业\n有何专长"] == "乡村振兴、基层治理"
    assert cells["全日制\n教育"] == "大学本科\n学士"
    assert cells["在职\n教育"] == "硕士研究生\n硕士"
    rows = rows_text(doc.tables[0])
    assert ["学历\n学位", "全日制\n教育", "大学本科\n学士", "毕业院校\n系及专业",
            "湖南大学经济学院经济学专业"] in rows  # fmt: skip
    assert cells["现任职务"] == "青石镇党委副书记、镇长"
    assert cells["拟任职务"] == "东县农业农村局局长"
    assert cells["拟免职务"] == "青石镇党委副书记、镇长"
    career = cells["简\n历"].split("\n")
    assert career[0] == "2012.08--2015.06  青石镇党政办科员"
    assert career[1].startswith("2015.06--") and career[1].endswith("  青石镇党委副书记、镇长")


@time_machine.travel(NOW)
def test_page_two_has_rewards_assessments_reason_family_and_footer(person, staff, as_user):
    doc = open_docx(_download(as_user(staff), person).content)
    cells = value_right_of(doc.tables[1])
    assert cells["奖惩\n情况"] == "2020年被评为全县优秀共产党员"
    assert cells["年度考核\n结果"] == "2023年度、2025年度考核均为称职；2024年度考核为优秀。"
    assert cells["任免\n理由"] == "工作需要"
    assert cells["呈报\n单位"].startswith("中共东县县委组织部")
    assert "审批机关\n意见" in cells
    assert "行政机关\n任免意见" in cells
    rows = rows_text(doc.tables[1])
    head = next(i for i, r in enumerate(rows) if "称谓" in r)
    assert rows[head][1:] == ["称谓", "姓名", "出生年月", "政治面貌", "工作单位及职务"]
    assert rows[head + 1][-5:] == ["妻子", "王芳", "1991.03", "中共党员", "东县第一中学教师"]
    assert rows[head + 2][-5:] == ["父亲", "李建国", "1962.05", "群众", "浏阳市农民"]
    footer = doc.paragraphs[-1].text
    assert "填表人：小周" in footer
    assert "填表时间：2026年5月6日" in footer


@time_machine.travel(NOW)
def test_written_annual_results_win_over_assessment_records(person, staff, as_user):
    person.annual_results = "2023-2025年度考核均为称职"
    person.save()
    doc = open_docx(_download(as_user(staff), person).content)
    assert value_right_of(doc.tables[1])["年度考核\n结果"] == "2023-2025年度考核均为称职"


@time_machine.travel(NOW)
def test_age_defaults_to_today_without_a_reference_date(person, staff, as_user):
    ApprovalForm.objects.filter(cadre=person).update(age_reference=None)
    doc = open_docx(_download(as_user(staff), person).content)
    assert value_right_of(doc.tables[0])["出生年月\n(岁)"] == "1990.06(35岁)"
    ApprovalForm.objects.filter(cadre=person).update(age_reference=dt.date(2026, 5, 1))
    doc = open_docx(_download(as_user(staff), person).content)
    assert value_right_of(doc.tables[0])["出生年月\n(岁)"] == "1990.06(35岁)"
    ApprovalForm.objects.filter(cadre=person).update(age_reference=dt.date(2025, 5, 31))
    doc = open_docx(_download(as_user(staff), person).content)
    assert value_right_of(doc.tables[0])["出生年月\n(岁)"] == "1990.06(34岁)"


@time_machine.travel(NOW)
def test_the_photo_is_embedded_and_fonts_are_chinese(person, staff, as_user):
    CadrePhoto.objects.create(cadre=person, image=images.png(60, 80), content_type="image/png")
    doc = open_docx(_download(as_user(staff), person).content)
    assert len(doc.inline_shapes) == 1
    assert "照片" not in value_right_of(doc.tables[0]).values()
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "宋体"
    run = doc.tables[0].rows[0].cells[1].paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


@time_machine.travel(NOW)
def test_without_a_photo_the_box_says_photo(person, staff, as_user):
    doc = open_docx(_download(as_user(staff), person).content)
    assert len(doc.inline_shapes) == 0
    assert doc.tables[0].rows[0].cells[6].text == "照片"


def test_the_download_is_named_after_the_person_and_audited(person, staff, as_user):
    response = _download(as_user(staff), person)
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    assert "%E6%9D%8E%E6%98%8E%E8%BF%9C" in response["Content-Disposition"]  # 李明远
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert entry.object_id == str(person.pk)
    assert entry.detail == "导出干部任免审批表（.docx）"


def test_leaders_cannot_download_the_form(person, leader, as_user):
    assert as_user(leader).get(f"/people/{person.pk}/approval.docx").status_code == 403


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
@time_machine.travel(NOW, tick=True)
def test_the_pdf_is_converted_with_chinese_text(person, staff, as_user, tmp_path):
    client = as_user(staff)
    assert (
        f"/people/{person.pk}/approval.pdf" in client.get(f"/people/{person.pk}/").content.decode()
    )
    response = client.get(f"/people/{person.pk}/approval.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "form.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "干部任免审批表" in text
        assert "李明远" in text
        assert "王芳" in text and "东县第一中学教师" in text
        assert "\f" in text.strip()  # two pages
    assert AuditEntry.objects.filter(detail="导出干部任免审批表（.pdf）").exists()


def test_without_libreoffice_the_pdf_link_is_hidden_and_the_endpoint_explains(
    person, staff, as_user, settings
):
    settings.CADRE_SOFFICE = "/nonexistent/soffice"
    client = as_user(staff)
    assert "approval.pdf" not in client.get(f"/people/{person.pk}/").content.decode()
    response = client.get(f"/people/{person.pk}/approval.pdf")
    assert response.status_code == 503
    assert "未安装LibreOffice" in response.content.decode()
    assert not AuditEntry.objects.filter(detail="导出干部任免审批表（.pdf）").exists()


@time_machine.travel(NOW)
def test_a_long_family_gets_more_rows_and_the_footer_rows_stay_below(person, staff, as_user):
    for i in range(6):
        FamilyMember.objects.create(
            cadre=person, relation="弟弟", name=f"李{i}弟", political_status="群众", position=10 + i
        )
    doc = open_docx(_download(as_user(staff), person).content)
    rows = rows_text(doc.tables[1])
    head = next(i for i, r in enumerate(rows) if "称谓" in r)
    family = [r[-5:] for r in rows[head + 1 : head + 9]]
    assert [f[1] for f in family] == ["王芳", "李建国", *(f"李{i}弟" for i in range(6))]
    assert rows[head + 9][0] == "呈报\n单位"
    assert value_right_of(doc.tables[1])["呈报\n单位"].startswith("中共东县县委组织部")


@time_machine.travel(NOW)
def test_fields_the_roster_never_supplied_stay_blank(units, staff, as_user):
    cadre = CadreFactory(unit=units["qingshi"], name="空白项")
    assert cadre.health == "" and cadre.rewards == ""
    client = as_user(staff)
    doc = open_docx(_download(client, cadre).content)
    assert value_right_of(doc.tables[0])["健康状况"] == ""
    assert value_right_of(doc.tables[1])["奖惩\n情况"] == ""
    html = client.get(f"/people/{cadre.pk}/").content.decode()
    assert ">健康<" not in html
    assert '<td colspan="5" class="text-prewrap">无</td>' not in html
