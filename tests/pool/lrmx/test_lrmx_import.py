"""Import kind ``lrmx``: .lrmx files, .zip archives and folders of them through the
same engine as the spreadsheets (preview, all or nothing, errors naming the file
and the field, history, audit, command line with --json and exit codes, API)."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from pool.imports import runs
from pool.lrmx import source
from pool.models import (
    ApprovalForm,
    AuditAction,
    AuditEntry,
    Cadre,
    CadrePhoto,
    CareerEntry,
    FamilyMember,
    ImportRun,
    ImportStatus,
)
from tests.factories import CadreFactory, make_id_number
from tests.pool.lrmx_files import JPEG, lrmx, sample, zipped

D = dt.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def cli(*args) -> tuple[int, dict | str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", "lrmx", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    text = out.getvalue()
    return code, (json.loads(text) if "--json" in args else text), err.getvalue()


def write(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def options(units):
    return {"unit": units["qingshi"].pk, "category": "公务员"}


def test_a_new_person_comes_in_whole_into_the_chosen_unit(units, staff, tmp_path):
    values = sample()
    path = write(tmp_path, "张伟.lrmx", lrmx(values))
    run, result = runs.import_file("lrmx", path, user=staff, options=options(units))
    assert run.status == ImportStatus.COMMITTED
    assert result.counts["created"] == 1
    cadre = Cadre.objects.get()
    assert cadre.id_number == values["ShenFenZheng"]
    assert (cadre.unit, cadre.category) == (units["qingshi"], "公务员")
    assert (cadre.name, cadre.gender, cadre.birth_month) == ("张伟", "男", D(1990, 1, 1))
    assert (cadre.party_join_month, cadre.work_start_month) == (D(2011, 6, 1), D(2012, 7, 1))
    assert (cadre.fulltime_education, cadre.fulltime_degree) == ("大学本科", "学士")
    assert cadre.fulltime_school_major == "湖南大学法学院法学专业（法学学士）"
    assert cadre.current_position == "东县青石镇党委副书记"
    assert cadre.annual_results.startswith("2022年、2023年")
    career = list(CareerEntry.objects.filter(cadre=cadre).order_by("start_month", "id"))
    assert [(e.start_month, e.end_month) for e in career] == [
        (D(2008, 9, 1), D(2012, 7, 1)),
        (D(2012, 7, 1), D(2015, 3, 1)),
        (D(2015, 3, 1), D(2018, 12, 1)),
        (D(2019, 1, 1), None),
    ]
    assert career[1].description.endswith("在职大学学习）")
    family = list(FamilyMember.objects.filter(cadre=cadre))
    assert [(m.position, m.relation, m.name, m.birth_month) for m in family] == [
        (0, "父亲", "张建国", D(1965, 3, 1)),
        (1, "母亲", "李秀英", D(1967, 8, 1)),
        (2, "妻子", "王芳", D(1991, 5, 1)),
    ]
    photo = CadrePhoto.objects.get(cadre=cadre)
    assert (bytes(photo.image), photo.content_type) == (JPEG, "image/jpeg")
    form = ApprovalForm.objects.get(cadre=cadre)
    assert (form.proposed_position, form.reason, form.age_reference, form.filled_by) == (
        "东县北山镇党委书记", "工作需要", D(2026, 6, 1), "周敏",
    )  # fmt: skip
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert "任免审批表（LRMX）导入" in entry.detail and "新增1" in entry.detail


def test_the_same_file_again_changes_nothing(units, staff, tmp_path):
    path = write(tmp_path, "张伟.lrmx", lrmx())
    runs.import_file("lrmx", path, user=staff, options=options(units))
    before = list(CareerEntry.objects.values_list("pk", flat=True))
    _, result = runs.import_file("lrmx", path, user=staff)
    assert result.counts == {
        "rows_total": 1, "valid": 1, "invalid": 0, "created": 0, "updated": 0, "unchanged": 1,
    }  # fmt: skip
    assert list(CareerEntry.objects.values_list("pk", flat=True)) == before


def test_someone_on_the_roster_keeps_unit_and_category_and_gets_the_file(units, staff, tmp_path):
    values = sample()
    cadre = CadreFactory(
        id_number=values["ShenFenZheng"], unit=units["beishan"], category="选调生",
        birth_month=D(1990, 1, 1), name="张伟",
    )  # fmt: skip
    CareerEntry.objects.create(cadre=cadre, start_month=D(2000, 1, 1), description="旧简历")
    path = write(tmp_path, "张伟.lrmx", lrmx(values))
    _, result = runs.import_file("lrmx", path, user=staff, options=options(units))
    assert result.counts["updated"] == 1
    assert "简历" in result.rows[0].changes and "家庭成员" in result.rows[0].changes
    cadre.refresh_from_db()
    assert (cadre.unit, cadre.category) == (units["beishan"], "选调生")
    assert cadre.current_position == "东县青石镇党委副书记"
    assert not CareerEntry.objects.filter(description="旧简历").exists()
    assert CareerEntry.objects.filter(cadre=cadre).count() == 4


def test_a_file_without_a_photo_keeps_the_stored_one(units, staff, tmp_path):
    values = sample()
    runs.import_file("lrmx", write(tmp_path, "a.lrmx", lrmx(values)), options=options(units))
    _, result = runs.import_file("lrmx", write(tmp_path, "b.lrmx", lrmx(sample(
        ShenFenZheng=values["ShenFenZheng"], ZhaoPian="")))
    )  # fmt: skip
    assert result.counts["unchanged"] == 1
    assert CadrePhoto.objects.count() == 1


def test_missing_id_number_names_the_file_and_the_field_and_writes_nothing(units, staff, tmp_path):
    good = lrmx()
    missing = lrmx(sample(XingMing="李娜", ShenFenZheng=""))
    path = write(tmp_path, "两人.zip", zipped({"张伟.lrmx": good, "李娜.lrmx": missing}))
    code, payload, err = cli(path, "--json", "--user", staff.username, "--unit", "东县/青石镇",
                             "--category", "公务员")  # fmt: skip
    assert (code, err) == (1, "")
    assert payload["rows_total"] == 2 and payload["invalid"] == 1
    assert payload["errors"] == [
        {"row": 2, "column": "身份证号", "message": "《李娜.lrmx》身份证号不能为空"}
    ]
    assert not Cadre.objects.exists()
    assert ImportRun.objects.get().status == ImportStatus.FAILED


def test_a_zip_with_another_kind_of_file_reports_it_and_skip_imports_the_rest(
    units, staff, tmp_path
):
    path = write(tmp_path, "审批表.zip", zipped({
        "说明.docx": b"PK\x03\x04 not a real docx",
        "张伟.lrmx": lrmx(),
        "坏文件.lrmx": b"<Person><XingMing>x</Person>",
        "__MACOSX/._张伟.lrmx": b"junk",
    }))  # fmt: skip
    code, payload, _ = cli(path, "--json", "--unit", "青石镇", "--category", "公务员")
    assert code == 1
    messages = {e["row"]: (e["column"], e["message"]) for e in payload["errors"]}
    assert messages[1] == ("文件", "《说明.docx》不是LRMX文件（文件名应以 .lrmx 结尾），未导入")
    assert messages[3][1].startswith("《坏文件.lrmx》不是有效的LRMX文件：XML格式错误")
    assert payload["rows_total"] == 3
    code, payload, _ = cli(path, "--json", "--skip-invalid", "--unit", "青石镇",
                           "--category", "公务员")  # fmt: skip
    assert (code, payload["created"], payload["invalid"]) == (0, 1, 2)
    assert Cadre.objects.get().name == "张伟"


def test_a_zip_bomb_is_refused_before_reading(units, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("炸弹.lrmx", b"\x00" * (20 * 1024 * 1024))
    code, payload, err = cli(write(tmp_path, "b.zip", buffer.getvalue()), "--json")
    assert code == 2
    assert "压缩炸弹" in err and payload["rows_total"] == 0


def test_a_single_file_that_is_not_lrmx_cannot_be_used(units, tmp_path):
    code, _, err = cli(write(tmp_path, "a.lrmx", b"hello"), "--json")
    assert code == 2 and "不是有效的LRMX文件" in err


def test_a_gb2312_file_in_a_folder(units, staff, tmp_path):
    folder = tmp_path / "审批表"
    folder.mkdir()
    (folder / "欧阳娜.lrmx").write_bytes(
        lrmx(sample(XingMing="欧阳娜", XingBie="女", ShenFenZheng=make_id_number(
            D(1992, 3, 15), "女"), ChuShengNianYue="1992.03", XianRenZhiWu="副镇长"),
             encoding="GB2312")  # no unit in 现任职务: --unit decides
    )  # fmt: skip
    (folder / ".DS_Store").write_bytes(b"junk")
    code, payload, _ = cli(str(folder), "--json", "--user", staff.username, "--unit", "北山镇",
                           "--category", "选调生")  # fmt: skip
    assert (code, payload["created"]) == (0, 1)
    cadre = Cadre.objects.get()
    assert (cadre.name, cadre.unit.name, cadre.category) == ("欧阳娜", "北山镇", "选调生")
    assert ImportRun.objects.get().file_name == "审批表"


@pytest.mark.parametrize(
    ("override", "column", "message"),
    [
        ({"ChuShengNianYue": "198501"}, "出生年月", "与身份证号中的出生年月1990.01不一致"),
        ({"XingBie": "女"}, "性别", "与身份证号不符"),
        ({"XingMing": ""}, "姓名", "姓名不能为空"),
        ({"ShenFenZheng": "430181199001011234"}, "身份证号", "校验位"),
        ({"JianLi": "湖南大学学习"}, "简历", "简历第1行“湖南大学学习”没有起止年月"),
        ({"QuanRiZhiJiaoYu_XueWei": "大学本科"}, "全日制学位", "不是有效的学位"),
        ({"ZhaoPian": "R0lGODlhAQABAAAAACw="}, "照片", "JPEG或PNG"),
        ({"TianBiaoShiJian": "2026.13.01"}, "填表时间", "不是有效的日期"),
        ({"JiaTingChengYuan": (("", "王芳", "", "", ""),)}, "家庭成员", "须填写称谓和姓名"),
        ({"CanJiaGongZuoShiJian": "198001"}, "参加工作时间", "早于出生年月"),
    ],
)
def test_row_errors_name_the_field(units, tmp_path, override, column, message):
    path = write(tmp_path, "甲.zip", zipped({"甲.lrmx": lrmx(sample(**override))}))
    code, payload, _ = cli(path, "--json", "--unit", "青石镇", "--category", "公务员")
    assert code == 1
    [error] = payload["errors"]
    assert error["column"] == column and error["row"] == 1
    assert error["message"].startswith("《甲.lrmx》") and message in error["message"]


def test_a_new_person_needs_a_unit_and_a_valid_category(units, staff, tmp_path):
    path = write(tmp_path, "a.lrmx", lrmx(sample(XianRenZhiWu="党委副书记")))  # no unit named
    code, payload, _ = cli(path, "--json", "--user", staff.username)
    assert code == 1
    assert {e["column"] for e in payload["errors"]} == {"所在单位"}  # no category: 未填
    code, payload, _ = cli(path, "--json", "--user", staff.username, "--unit", "西县教育局",
                           "--category", "公务员")  # fmt: skip
    assert code == 1
    assert "不在您的管辖范围内" in payload["errors"][0]["message"]
    code, payload, _ = cli(path, "--json", "--unit", "999999", "--category", "公务员员")
    assert code == 1
    found = {e["column"]: e["message"] for e in payload["errors"]}
    assert found["所在单位"] == "所选单位不存在"
    assert found["干部类别"].startswith("“公务员员”不是有效的干部类别")


def test_someone_registered_outside_the_jurisdiction_is_not_changed(units, staff, tmp_path):
    values = sample()
    CadreFactory(
        id_number=values["ShenFenZheng"], unit=units["west_edu"], birth_month=D(1990, 1, 1)
    )
    code, payload, _ = cli(write(tmp_path, "a.lrmx", lrmx(values)), "--json", "--user",
                           staff.username)  # fmt: skip
    assert code == 1
    assert payload["errors"][0]["column"] == "身份证号"
    assert "管辖范围以外" in payload["errors"][0]["message"]


def test_zip_names_written_in_gbk_without_the_utf8_flag_are_read_right():
    info = zipfile.ZipInfo("张伟.lrmx".encode("gbk").decode("cp437"))
    assert source._name(info) == "张伟.lrmx"


# --- browser and API -------------------------------------------------------------------


def test_upload_preview_and_confirm_in_the_browser(units, staff, as_user):
    client = as_user(staff)
    page = client.get(reverse("pool:import_upload"))
    assert "新增干部的所在单位" in page.content.decode()
    assert "任免审批表（LRMX）导入模板" not in page.content.decode()
    archive = zipped(
        {
            "张伟.lrmx": lrmx(),
            "李娜.lrmx": lrmx(
                sample(
                    XingMing="李娜", XingBie="女", ShenFenZheng=make_id_number(D(1990, 1, 15), "女")
                )
            ),
        }
    )
    response = client.post(reverse("pool:import_upload"), {
        "kind": "lrmx", "file": SimpleUploadedFile("审批表.zip", archive),
        "unit": units["qingshi"].pk, "category": "公务员",
    })  # fmt: skip
    run = ImportRun.objects.get()
    assert response.url == reverse("pool:import_preview", args=[run.pk])
    assert (run.status, run.created, run.options["unit"]) == ("previewed", 2, units["qingshi"].pk)
    preview = client.get(response.url).content.decode()
    assert "张伟.lrmx" in preview and "李娜.lrmx" in preview
    assert "新增干部的所在单位：青石镇；干部类别：公务员" in preview
    assert not Cadre.objects.exists()
    client.post(reverse("pool:import_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.COMMITTED
    assert set(Cadre.objects.values_list("unit__name", flat=True)) == {"青石镇"}


def test_a_unit_outside_the_jurisdiction_is_not_offered(units, staff, as_user):
    response = as_user(staff).post(reverse("pool:import_upload"), {
        "kind": "lrmx", "file": SimpleUploadedFile("a.lrmx", lrmx()),
        "unit": units["west_edu"].pk, "category": "公务员",
    })  # fmt: skip
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not ImportRun.objects.exists()


def test_error_report_lists_the_bad_files(units, staff, as_user):
    client = as_user(staff)
    archive = zipped({"好.lrmx": lrmx(), "坏.lrmx": lrmx(sample(ShenFenZheng=""))})
    client.post(reverse("pool:import_upload"), {
        "kind": "lrmx", "file": SimpleUploadedFile("审批表.zip", archive),
        "unit": units["qingshi"].pk, "category": "公务员",
    })  # fmt: skip
    run = ImportRun.objects.get()
    response = client.get(reverse("pool:import_error_report", args=[run.pk]))
    assert response.status_code == 200
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0][0] == "文件" and rows[0][-2] == "错误说明"
    assert [r[0] for r in rows[1:]] == ["坏.lrmx"]
    assert "身份证号不能为空" in rows[1][-2]
    assert rows[0][-4] == "照片" and rows[1][-4] == "（照片）"  # not 40 KB of base64


def test_the_api_imports_with_the_chosen_unit(units, staff, as_user):
    data = lrmx(sample(XianRenZhiWu="副镇长"))  # names no unit: the chosen one applies
    response = as_user(staff).post("/api/imports/", {
        "kind": "lrmx", "file": SimpleUploadedFile("张伟.lrmx", data), "confirm": "true",
        "unit": units["beishan"].pk, "category": "选调生",
    })  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "committed"
    assert response.json()["options"] == {"unit": units["beishan"].pk, "category": "选调生"}
    assert Cadre.objects.get().unit == units["beishan"]


def test_a_large_archive_is_checked_and_written_by_a_worker_with_the_chosen_unit(
    units, staff, settings
):
    settings.IMPORT_BACKGROUND_BYTES = 10
    archive = SimpleUploadedFile("审批表.zip", zipped({"张伟.lrmx": lrmx()}))
    run = runs.preview_upload(staff, "lrmx", archive, confirm_after=True, options=options(units))
    assert run.status == ImportStatus.QUEUED
    assert runs.run_job(run.pk, runs.PREVIEW, True) == ImportStatus.COMMITTED
    assert Cadre.objects.get().unit == units["qingshi"]


def test_the_same_person_twice_in_an_archive_is_reported_on_the_second_file(units, tmp_path):
    data = lrmx()
    path = write(tmp_path, "a.zip", zipped({"甲.lrmx": data, "甲（副本）.lrmx": data}))
    code, payload, _ = cli(path, "--json", "--unit", "青石镇", "--category", "公务员")
    assert code == 1
    assert payload["errors"] == [
        {
            "row": 2,
            "column": "身份证号",
            "message": "《甲（副本）.lrmx》与第1行重复（身份证号相同）",
        }
    ]


def test_every_apps_kinds_are_found_although_the_pool_kinds_were_imported_first():
    from pool.imports import engine

    assert {"units", "roster", "lrmx", "assessments"} <= set(engine.kinds())


def test_a_damaged_file_inside_the_archive_is_a_row_error(units, tmp_path):
    data = bytearray(zipped({"甲.lrmx": lrmx(), "乙.lrmx": lrmx()}))
    start = data.index("乙.lrmx".encode()) + len("乙.lrmx".encode())
    for i in range(start + 20, start + 60):  # inside 乙's compressed data
        data[i] ^= 0xFF
    code, payload, _ = cli(write(tmp_path, "a.zip", bytes(data)), "--json", "--unit", "青石镇",
                           "--category", "公务员")  # fmt: skip
    assert code == 1
    [error] = payload["errors"]
    assert (error["row"], error["column"]) == (2, "文件")
    assert error["message"] == "《乙.lrmx》无法从压缩包中读出该文件（已加密或已损坏）"
