"""The import engine on messy real-world files: header finding, cell forms,
duplicates, units by name or path, jurisdiction, upsert and all-or-nothing."""

import datetime as dt
import io

import pytest
import xlsxwriter

from pool.imports import engine, readers, runs
from pool.imports.readers import FileProblem
from pool.models import AuditEntry, Cadre, ImportRun, ImportStatus, Unit, UnitKind, UnitLevel
from pool.people import rules
from tests.factories import CadreFactory, UnitFactory
from tests.pool.import_files import (
    ROSTER_HEADER,
    csv_bytes,
    id_number,
    person,
    table,
    xls,
    xlsx,
)


def analyse(data: bytes, kind="roster", user=None):
    sheet = readers.open_sheet(io.BytesIO(data))
    return engine.analyse(engine.get_kind(kind), sheet, runs.context_for(user))


def errors_of(result) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in result.errors()]


def run_file(tmp_path, data: bytes, kind="roster", name="名册.xlsx", **options):
    path = tmp_path / name
    path.write_bytes(data)
    return runs.import_file(kind, str(path), **options)


@pytest.fixture
def clean(units):
    """Two people in 青石镇, a clean file."""
    return [person("张三", "19900115", 1), person("李四", "19921003", 2, gender="女")]


@pytest.mark.parametrize("write", [xlsx, xls], ids=["xlsx", "xls"])
def test_title_rows_are_skipped_and_rows_keep_their_sheet_numbers(units, write):
    bad = person("王五", "19930101", 3, 身份证号="430181199301010000")
    data = write(
        [ROSTER_HEADER, None, *table([person()])[1:], None, None, *table([bad])[1:]],
        title_rows=[["江州市东县优秀年轻干部名册"], ["填报单位：东县委组织部"]],
    )
    result = analyse(data)
    assert result.header.row == 3
    assert result.counts["rows_total"] == 2  # the blank rows are not counted
    assert [r.number for r in result.rows] == [5, 8]
    assert errors_of(result) == [(8, "身份证号", "身份证号“430181********0000”校验位错误（应为5）")]


def test_a_unit_merged_down_several_rows_applies_to_each_of_them(units):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    ws.merge_range(0, 1, 0, 5, "东县干部名册")  # a title over the used columns, from column B
    ws.write_row(1, 1, ["姓名", "干部类别", "工作单位", "身份证号"])
    for r, serial in enumerate((1, 2, 3), start=2):
        ws.write_row(r, 1, [f"甲{serial}", "公务员"])
        ws.write_string(r, 4, id_number("19900115", serial))
    ws.merge_range(2, 3, 4, 3, "青石镇")
    book.close()
    result = analyse(buffer.getvalue())
    assert errors_of(result) == []
    assert {r.values["unit_id"] for r in result.rows} == {units["qingshi"].pk}


def test_the_header_repeated_further_down_is_skipped(units):
    rows = table([person(serial=1)])
    result = analyse(xlsx([*rows, rows[0], *table([person(serial=2)])[1:]]))
    assert errors_of(result) == []
    assert [r.number for r in result.rows] == [2, 4]


def test_header_synonyms_are_recognised(units):
    header = ["姓名", "公民身份号码", "出生日期", "所在单位", "职务", "人员类别"]
    row = ["张三", id_number("19900115"), "1990.01", "青石镇", "党委委员", "公务员"]
    result = analyse(xlsx([header, row]))
    assert errors_of(result) == []
    assert result.rows[0].values["current_position"] == "党委委员"
    assert result.rows[0].values["unit_id"] == units["qingshi"].pk


def test_a_file_without_a_recognisable_header_cannot_be_used(units):
    with pytest.raises(FileProblem, match="没有找到表头"):
        analyse(xlsx([["序号", "备注"], ["1", "无"]]))


def test_a_missing_required_column_cannot_be_used(units):
    with pytest.raises(FileProblem, match="缺少必需的列：身份证号"):
        analyse(xlsx([["姓名", "工作单位"], ["张三", "青石镇"]]))


@pytest.mark.parametrize(
    "written",
    ["1988.03", "1988.3", "1988年3月", "198803", "1988-03-15", dt.date(1988, 3, 15), 1988.03,
     198803],
    ids=["dot", "dot-short", "chinese", "digits", "iso-day", "date-cell", "float", "int"],
)  # fmt: skip
@pytest.mark.parametrize("write", [xlsx, xls], ids=["xlsx", "xls"])
def test_every_usual_form_of_a_birth_month_is_read(units, write, written):
    row = person(born="19880315", 出生年月=written)
    result = analyse(write(table([row])))
    assert errors_of(result) == []
    assert result.rows[0].values["birth_month"] == dt.date(1988, 3, 1)


@pytest.mark.parametrize(
    "born, expected", [("19911003", dt.date(1991, 10, 1)), ("19910103", dt.date(1991, 1, 1))]
)
def test_a_float_1991_1_is_settled_by_the_id_number(units, born, expected):
    result = analyse(xlsx(table([person(born=born, 出生年月=1991.1)])))
    assert errors_of(result) == []
    assert result.rows[0].values["birth_month"] == expected


def test_a_float_1991_1_with_nothing_to_settle_it_is_an_error(units):
    header = [*ROSTER_HEADER, "入党时间"]
    result = analyse(xlsx(table([person(入党时间=2011.1)], header)))
    message = "“2011.1”是数字格式，无法确定是1月还是10月，请写成 2011.01 或 2011.10（文本格式）"
    assert errors_of(result) == [(2, "入党时间", message)]


def test_an_unsettled_float_birth_month_beside_other_months_is_an_error_not_a_crash(units):
    # No ID number to settle 1991.1: the other months cannot be compared with it.
    header = [*ROSTER_HEADER, "入党时间", "参加工作时间"]
    row = person(出生年月=1991.1, 身份证号=None, 入党时间="2012.07", 参加工作时间="2013.08")
    result = analyse(xlsx(table([row], header)))
    fields = [field for _, field, _ in errors_of(result)]
    assert "出生年月" in fields or "身份证号" in fields
    assert "入党时间" not in fields and "参加工作时间" not in fields


def test_a_birth_month_may_be_blank_when_the_id_gives_it(units):
    result = analyse(xlsx(table([person(born="19900115", 出生年月=None, 性别=None)])))
    assert errors_of(result) == []
    assert result.rows[0].values["birth_month"] == dt.date(1990, 1, 1)
    assert result.rows[0].values["gender"] == "男"


def test_a_birth_month_contradicting_the_id_is_an_error(units):
    result = analyse(xlsx(table([person(born="19900115", 出生年月="1990.05")])))
    assert errors_of(result) == [
        (2, "出生年月", "出生年月1990.05与身份证号中的出生年月1990.01不一致")
    ]


CLEAN_ID = id_number("19900115", 7)


@pytest.mark.parametrize(
    "written",
    [CLEAN_ID.lower(), f" {CLEAN_ID[:6]} {CLEAN_ID[6:]} ", f"\u200b{CLEAN_ID}\u200b",
     CLEAN_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))],
    ids=["lowercase-x", "spaces", "zero-width", "full-width"],
)  # fmt: skip
def test_id_numbers_are_cleaned_as_people_type_them(units, written):
    result = analyse(xlsx(table([person(born="19900115", serial=7, 身份证号=written)])))
    assert errors_of(result) == []
    assert result.rows[0].key == CLEAN_ID


@pytest.mark.parametrize("write", [xlsx, xls], ids=["xlsx", "xls"])
def test_a_15_digit_id_as_a_number_becomes_18_digits(units, write):
    row = person(born="19650412", 出生年月=None, 身份证号=430181650412101)  # 男: 1 is odd
    result = analyse(write(table([row])))
    assert errors_of(result) == []
    assert result.rows[0].key == "43018119650412101" + rules.id_check_char("43018119650412101")


def test_an_18_digit_id_stored_as_a_number_is_refused_not_guessed(units):
    result = analyse(xlsx(table([person(身份证号=float(id_number("19900115")))])))
    [(row, column, message)] = errors_of(result)
    assert (row, column) == (2, "身份证号")
    assert "15位有效数字" in message
    assert "文本格式" in message


def test_full_width_characters_and_spaces_in_names_are_normalised(units):
    result = analyse(xlsx(table([person(name=" 张　三\u200b "), person("ＡＢＣ·李", serial=2)])))
    assert [r.values["name"] for r in result.rows] == ["张三", "ABC·李"]


@pytest.mark.parametrize("written, stored", [("男性", "男"), ("女性", "女"), ("女", "女")])
def test_gender_may_be_written_long_or_short(units, written, stored):
    result = analyse(xlsx(table([person(gender=stored, 性别=written)])))
    assert errors_of(result) == []
    assert result.rows[0].values["gender"] == stored


def test_a_gender_contradicting_the_id_is_an_error(units):
    result = analyse(xlsx(table([person(gender="男", 性别="女")])))
    assert errors_of(result) == [(2, "性别", "性别“女”与身份证号不符（身份证号显示为男）")]


def test_the_same_person_twice_is_an_error_on_the_second_row_naming_the_first(units):
    twice = person("张三", "19900115", 1)
    result = analyse(xlsx(table([twice, person("李四", serial=2), {**twice, "姓名": "张叁"}])))
    assert errors_of(result) == [(4, "身份证号", "与第2行重复（身份证号相同）")]
    assert result.counts == {
        "rows_total": 3, "valid": 2, "invalid": 1, "created": 2, "updated": 0, "unchanged": 0
    }  # fmt: skip


def test_cells_that_look_like_formulas_are_stored_as_written(units, tmp_path):
    looks = ["=1+1", "+86 123", "-副主任", "@所有人"]
    people = [person(f"甲{i}", serial=i, 现任职务=text) for i, text in enumerate(looks)]
    run, _ = run_file(tmp_path, xlsx(table(people)))
    assert run.status == ImportStatus.COMMITTED
    assert sorted(Cadre.objects.values_list("current_position", flat=True)) == sorted(looks)


def test_a_unit_is_found_by_path_where_a_bare_name_is_ambiguous(units, staff):
    UnitFactory(name="综合办公室", parent=units["qingshi"], kind=UnitKind.INTERNAL_BODY)
    UnitFactory(name="综合办公室", parent=units["beishan"], kind=UnitKind.INTERNAL_BODY)
    rows = [person(serial=1, unit="综合办公室"), person(serial=2, unit="北山镇/综合办公室")]
    result = analyse(xlsx(table(rows)), user=staff)
    assert errors_of(result) == [
        (2, "工作单位", "工作单位“综合办公室”有2个同名单位：江州市/东县/青石镇/综合办公室、"
         "江州市/东县/北山镇/综合办公室，请写出上级单位，例如“青石镇/综合办公室”"),
    ]  # fmt: skip
    assert Unit.objects.get(pk=result.rows[1].values["unit_id"]).parent == units["beishan"]


def test_of_two_units_with_one_name_the_one_in_the_jurisdiction_is_taken(units, staff):
    UnitFactory(name="城关镇", parent=units["east"], level=UnitLevel.TOWNSHIP)
    theirs = UnitFactory(name="城关镇", parent=units["west"], level=UnitLevel.TOWNSHIP)
    result = analyse(xlsx(table([person(unit="城关镇")])), user=staff)
    assert errors_of(result) == []
    assert result.rows[0].values["unit_id"] != theirs.pk


def test_a_unit_outside_the_jurisdiction_is_an_error(units, staff):
    result = analyse(xlsx(table([person(unit="西县教育局")])), user=staff)
    assert errors_of(result) == [(2, "工作单位", "工作单位“西县教育局”不在您的管辖范围内")]


def test_a_person_registered_outside_the_jurisdiction_cannot_be_overwritten(units, staff):
    CadreFactory(unit=units["west_edu"], id_number=id_number("19900115", 1))
    result = analyse(xlsx(table([person("张三", "19900115", 1)])), user=staff)
    [(row, column, message)] = errors_of(result)
    assert (row, column) == (2, "身份证号")
    assert "管辖范围以外" in message


def test_a_new_person_without_a_cadre_category_is_stored_as_unfilled(units, tmp_path):
    header = [h for h in ROSTER_HEADER if h != "干部类别"]  # 花名册 have no such column
    run, result = run_file(tmp_path, xlsx(table([person()], header)))
    assert (run.created, errors_of(result)) == (1, [])
    assert Cadre.objects.get().category == ""


def test_the_files_default_category_fills_rows_without_one_only(units, tmp_path):
    people = [person("张三", serial=1, 干部类别=None), person("李四", serial=2, 干部类别="选调生")]
    run_file(tmp_path, xlsx(table(people)), options={"category": "事业编制"})
    stored = dict(Cadre.objects.values_list("name", "category"))
    assert stored == {"张三": "事业", "李四": "选调生"}


def test_an_unknown_default_category_is_a_file_problem(units, tmp_path):
    with pytest.raises(FileProblem, match="所选干部类别无效：“公务员员”不是有效的干部类别"):
        run_file(tmp_path, xlsx(table([person()])), options={"category": "公务员员"})


def test_a_second_import_of_the_same_file_changes_nothing(clean, tmp_path):
    data = xlsx(table(clean))
    first, _ = run_file(tmp_path, data)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    stored = list(Cadre.objects.order_by("pk").values())
    second, _ = run_file(tmp_path, data)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert list(Cadre.objects.order_by("pk").values()) == stored


def test_a_changed_row_updates_only_what_the_file_says(clean, tmp_path):
    run_file(tmp_path, xlsx(table(clean)))
    clean[1]["现任职务"] = "党委副书记"
    clean[0]["干部类别"] = None  # blank never erases
    run, result = run_file(tmp_path, xlsx(table(clean)))
    assert (run.created, run.updated, run.unchanged) == (0, 1, 1)
    assert result.rows[1].changes == ("现任职务",)
    assert Cadre.objects.get(name="李四").current_position == "党委副书记"
    assert Cadre.objects.get(name="张三").category == "公务员"


def test_invalid_rows_stop_the_whole_file_unless_skipping_was_chosen(clean, tmp_path):
    data = xlsx(table([*clean, person("王五", serial=3, unit="不存在的单位")]))
    run, _ = run_file(tmp_path, data)
    assert run.status == ImportStatus.FAILED
    assert Cadre.objects.count() == 0
    run, _ = run_file(tmp_path, data, skip_invalid=True)
    assert run.status == ImportStatus.COMMITTED
    assert (run.created, run.invalid) == (2, 1)
    assert sorted(Cadre.objects.values_list("name", flat=True)) == ["张三", "李四"]


def test_a_failure_in_the_middle_of_writing_leaves_the_database_as_it_was(
    clean, tmp_path, monkeypatch
):
    from pool.imports import bulk
    from pool.people import crypto

    real_encrypt, calls = crypto.encrypt, []

    def encrypt_then_fail(clear):
        calls.append(clear)
        if len(calls) > 1:
            raise RuntimeError("数据库连接中断")
        return real_encrypt(clear)

    monkeypatch.setattr(bulk, "BATCH", 1)  # the first row reaches the table before the failure
    monkeypatch.setattr(crypto, "encrypt", encrypt_then_fail)
    audit_rows = AuditEntry.objects.count()
    with pytest.raises(RuntimeError):
        run_file(tmp_path, xlsx(table(clean)))
    assert Cadre.objects.count() == 0
    assert AuditEntry.objects.count() == audit_rows
    assert ImportRun.objects.get().status == ImportStatus.FAILED
    monkeypatch.undo()
    run, _ = run_file(tmp_path, xlsx(table(clean)))  # and it can be retried
    assert run.created == 2


def test_a_committed_import_is_recorded_and_audited(clean, tmp_path, staff):
    run, _ = run_file(tmp_path, xlsx(table(clean)), user=staff)
    assert (run.actor, run.kind, run.rows_total, run.created) == (staff, "roster", 2, 2)
    assert len(run.sha256) == 64
    entry = AuditEntry.objects.get(action="import")
    assert entry.actor == staff
    assert "新增2" in entry.detail


def test_legacy_xls_is_read(clean):
    result = analyse(xls(table(clean)))
    assert result.format == "xls"
    assert errors_of(result) == []
    assert result.counts["created"] == 2


@pytest.mark.parametrize(
    "encoding, bom", [("gb18030", False), ("utf-8", True), ("utf-8", False), ("gbk", False)]
)
def test_csv_in_the_encodings_older_systems_write_is_read(clean, encoding, bom):
    result = analyse(csv_bytes(table(clean), encoding, bom))
    assert result.format == "csv"
    assert errors_of(result) == []
    assert [r.values["name"] for r in result.rows] == ["张三", "李四"]


def test_the_format_comes_from_the_content_not_the_name(clean, tmp_path):
    run, _ = run_file(tmp_path, csv_bytes(table(clean)), name="名册.xlsx")
    assert run.created == 2


def test_a_file_that_is_no_spreadsheet_cannot_be_used(units):
    with pytest.raises(FileProblem, match="无法识别的文件格式"):
        analyse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_a_file_over_the_size_limit_cannot_be_used(clean, settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(FileProblem, match="文件过大"):
        analyse(xlsx(table(clean)))


UNIT_HEADER = ["单位名称", "上级单位", "层级", "单位类别", "领域"]


def test_units_may_name_parents_created_earlier_in_the_same_file(units, staff, tmp_path):
    rows = [
        UNIT_HEADER,
        ["城关镇", "东县", "乡镇级", "乡镇（街道）", ""],
        ["党政综合办公室", "东县/城关镇", "乡镇级", "内设机构", ""],
        ["东县教育局", "东县", "县级", "党政工作部门", "教育卫生"],
    ]
    run, result = run_file(tmp_path, xlsx(rows), kind="units", user=staff)
    assert errors_of(result) == []
    assert (run.created, run.updated, run.unchanged) == (2, 0, 1)
    office = Unit.objects.get(name="党政综合办公室")
    assert (office.parent.name, office.parent.parent_id) == ("城关镇", units["east"].pk)
    assert (office.level, office.kind) == (UnitLevel.TOWNSHIP, UnitKind.INTERNAL_BODY)


def test_a_unit_row_with_errors_is_named_by_its_children(units, staff):
    rows = [
        UNIT_HEADER,
        ["城关镇", "东县", "省级", "乡镇(街道)", ""],
        ["综合办", "城关镇", "乡镇级", "内设机构", ""],
        ["新单位", "西县", "县级", "事业单位", ""],
        ["东县", "江州市", "县级", "县市区党政班子", "综合"],
    ]
    result = analyse(xlsx(rows), kind="units", user=staff)
    assert errors_of(result) == [
        (2, "层级", "“省级”不是有效的层级，可填：市级、县(市、区)级、乡镇(街道)级"),
        (3, "上级单位", "上级单位“城关镇”在第2行，该行有错误，请先改正"),
        (4, "上级单位", "上级单位“西县”不在您的管辖范围内"),
    ]
    assert result.rows[3].status == engine.UPDATED  # the jurisdiction's own top unit
