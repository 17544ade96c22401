# Over 400 lines: one table of real file shapes.
"""Roster files shaped like the ones offices keep: total rows and footers under
the table, ditto marks, one sheet per unit, two-row headers, hidden rows and
columns, wrapped cells, 出生年月（年龄）. Each is read without editing and the
preview says what was left out and why."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pool.imports import engine, readers, runs
from pool.imports.readers import FileProblem
from pool.models import Cadre, ImportRun
from tests.pool.import_files import ROSTER_HEADER, csv_bytes, id_number, person, table, xlsx
from tests.pool.roster_books import Cell, SheetSpec, xls_book, xlsx_book


def analyse(data: bytes, user=None):
    book = readers.open_book(io.BytesIO(data))
    return engine.analyse(engine.get_kind("roster"), book, runs.context_for(user))


def errors_of(result) -> list[tuple]:
    return [(e["sheet"], e["row"], e["column"], e["message"]) for e in result.errors()]


def skipped_of(result) -> list[tuple]:
    return [(s["sheet"], s["row"], s["reason"]) for s in result.skipped_rows]


FOOTER = "填表人：张三  审核人：李四  填表日期：2026年6月30日"
NO_HEADER = "前10行中没有找到表头：请确认文件是干部名册，表头应包含姓名、工作单位、身份证号等列"


@pytest.mark.parametrize(
    ("total", "reason"),
    [("合计", "合计行"), ("小计", "小计行"), ("总计", "总计行"), ("合  计", "合计行"),
     ("合计：2人", "合计行"), ("共计", "合计行")],
)  # fmt: skip
def test_a_total_row_is_skipped_and_reported(units, total, reason):
    rows = table([person(serial=1), person("李四", serial=2)])
    result = analyse(xlsx([*rows, [total, None, None, None, None, "2人"]]))
    assert errors_of(result) == []
    assert result.counts["rows_total"] == 2
    assert skipped_of(result) == [("名册", 4, reason)]


@pytest.mark.parametrize(
    "footer",
    [FOOTER, "审核人：李四", "制表：东县委组织部", "填表日期：2026.06.30", "联系电话：0731-8888",
     "备注：职级按2026年6月底填写", "注：以上人员均已考察", "填报人：王五", "单位（盖章）"],
)  # fmt: skip
def test_a_footer_line_under_the_table_is_skipped_and_reported(units, footer):
    rows = table([person(serial=1)])
    result = analyse(xlsx([*rows, None, [footer]]))
    assert errors_of(result) == []
    assert result.counts["rows_total"] == 1
    assert result.skipped_rows == [
        {"sheet": "名册", "row": 4, "reason": "表尾", "text": " ".join(footer.split())}
    ]


def test_footer_cells_spread_over_the_row_and_lines_below_them_are_all_footer(units):
    rows = table([person(serial=1)])
    footer = [["填表人：", "张三", None, "审核人：", "李四"], ["2. 本表一式两份"], ["（盖章）"]]
    result = analyse(xlsx([*rows, *footer]))
    assert errors_of(result) == []
    assert skipped_of(result) == [("名册", 3, "表尾"), ("名册", 4, "表尾"), ("名册", 5, "表尾")]
    assert result.skipped_rows[0]["text"] == "填表人： 张三 审核人： 李四"


def test_a_person_whose_name_starts_like_a_footer_word_is_not_mistaken_for_one(units):
    """Only whole footer words count: 备 is a surname, 制 too."""
    rows = table([person("备战", serial=1), person("制衡", serial=2)])
    result = analyse(xlsx(rows))
    assert errors_of(result) == [] and result.skipped_rows == []
    assert [r.values["name"] for r in result.rows] == ["备战", "制衡"]


def test_a_row_holding_only_a_serial_number_is_left_out_quietly(units):
    header = ["序号", *ROSTER_HEADER]
    rows = [header, [1, *table([person()])[1]], [2], [3]]
    result = analyse(xlsx(rows))
    assert result.counts["rows_total"] == 1 and errors_of(result) == []
    assert result.skipped_rows == []


@pytest.mark.parametrize("mark", ["同上", "〃", '"', '""', "同前", "“", "”", " 同上 "])
def test_a_ditto_mark_repeats_the_value_above_including_the_unit(units, mark):
    first = person(serial=1, 工作单位="北山镇", 现任职务="副镇长")
    second = person("李四", serial=2, 工作单位=mark, 现任职务=mark, 干部类别=mark)
    result = analyse(xlsx(table([first, second])))
    assert errors_of(result) == []
    values = result.rows[1].values
    assert values["unit_id"] == units["beishan"].pk
    assert (values["current_position"], values["category"]) == ("副镇长", "公务员")


def test_a_ditto_mark_chains_down_and_skips_total_rows(units):
    rows = table([person(serial=1, 工作单位="北山镇")])
    rows += [["小计", None, None, None, None, "1人"]]
    rows += table(
        [person("李四", serial=2, 工作单位="同上"), person("王五", serial=3, 工作单位="〃")]
    )[1:]
    result = analyse(xlsx(rows))
    assert errors_of(result) == []
    assert {r.values["unit_id"] for r in result.rows} == {units["beishan"].pk}


def test_a_ditto_mark_with_nothing_above_is_an_error_on_that_cell(units):
    rows = table([person(serial=1, 工作单位="同上")])
    result = analyse(xlsx(rows))
    assert errors_of(result) == [
        ("名册", 2, "工作单位", "工作单位写的是“同上”，但上方没有可沿用的内容")
    ]


def _unit_sheet(name: str, people: list[dict], title: str | None = None) -> SheetSpec:
    rows = table(people)
    return SheetSpec(name, [[title or f"{name}干部名册"], *rows, [FOOTER]])


def test_every_sheet_with_a_header_is_read_and_errors_name_their_sheet(units):
    bad = person("王五", "19930101", 3, 身份证号="430181199301010000", 工作单位="北山镇")
    data = xlsx_book([
        _unit_sheet("青石镇", [person(serial=1, 工作单位="青石镇")]),
        SheetSpec("填表说明", [["填表说明"], ["1. 身份证号请设为文本格式"]]),
        _unit_sheet("北山镇", [person("李四", serial=2, 工作单位="北山镇"), bad]),
        SheetSpec("Sheet3", []),
        SheetSpec("下拉选项", [["公务员"], ["参公"]], hidden=True),
    ])  # fmt: skip
    result = analyse(data)
    assert [(r.sheet, r.number) for r in result.rows] == [
        ("青石镇", 3),
        ("北山镇", 3),
        ("北山镇", 4),
    ]
    assert errors_of(result) == [
        ("北山镇", 4, "身份证号", "身份证号“430181********0000”校验位错误（应为5）")
    ]
    assert result.sheets == [
        {"sheet": "青石镇", "header_row": 2, "header_from": 2, "rows": 1},
        {"sheet": "北山镇", "header_row": 2, "header_from": 2, "rows": 2},
    ]
    assert result.skipped_sheets == [
        {"sheet": "下拉选项", "reason": "隐藏的工作表，未读取"},
        {"sheet": "填表说明", "reason": NO_HEADER},
        {"sheet": "Sheet3", "reason": "空白工作表"},
    ]
    assert skipped_of(result) == [("青石镇", 4, "表尾"), ("北山镇", 5, "表尾")]


def test_the_same_person_on_two_sheets_names_the_first_sheet(units):
    data = xlsx_book([
        _unit_sheet("汇总", [person(serial=1)]),
        _unit_sheet("青石镇", [person(serial=1)]),
    ])  # fmt: skip
    result = analyse(data)
    assert errors_of(result) == [
        ("青石镇", 3, "身份证号", "与工作表《汇总》第3行重复（身份证号相同）")
    ]


def test_a_workbook_where_no_sheet_has_a_header_names_each_sheet(units):
    data = xlsx_book([
        SheetSpec("说明", [["说明"]]),
        SheetSpec("统计", [["单位", "人数"], ["青石镇", 3]]),
    ])  # fmt: skip
    with pytest.raises(FileProblem) as caught:
        analyse(data)
    assert str(caught.value) == (
        "没有找到可导入的工作表：工作表《说明》前10行中没有找到表头：请确认文件是干部名册，"
        "表头应包含姓名、工作单位、身份证号等列；工作表《统计》第1行表头缺少必需的列：姓名、身份证号"
    )


EDU_TOP = ["姓名", "性别", "干部类别", "工作单位", "身份证号", Cell("全日制教育", across=2),
           None, None, Cell("在职教育", across=2), None, None]  # fmt: skip
EDU_BOTTOM = [None, None, None, None, None, "学历", "学位", "毕业院校系及专业", "学历", "学位",
              "毕业院校系及专业"]  # fmt: skip


@pytest.mark.parametrize("merged_down", [True, False], ids=["merged-down", "upper-only"])
def test_a_two_row_header_puts_education_in_the_right_fields(units, merged_down):
    top = [Cell(v, down=1) if merged_down and isinstance(v, str) else v for v in EDU_TOP]
    p = person()
    row = [p["姓名"], "男", "公务员", "青石镇", p["身份证号"], "大学本科", "学士",
           "湖南大学法学专业", "硕士研究生", "硕士", "中央党校经济管理专业"]  # fmt: skip
    data = xlsx_book([SheetSpec("名册", [["东县干部名册"], top, EDU_BOTTOM, row])])
    result = analyse(data)
    assert errors_of(result) == []
    assert result.header.row == 3
    values = result.rows[0].values
    assert (values["fulltime_education"], values["fulltime_degree"]) == ("大学本科", "学士")
    assert values["fulltime_school_major"] == "湖南大学法学专业"
    assert (values["inservice_education"], values["inservice_degree"]) == ("硕士研究生", "硕士")
    assert values["inservice_school_major"] == "中央党校经济管理专业"


def test_a_two_row_header_in_a_csv_is_read_too(units):
    p = person()
    top = ["姓名", "干部类别", "工作单位", "身份证号", "全日制教育", "", "在职教育", ""]
    bottom = ["", "", "", "", "学历", "学位", "学历", "学位"]
    row = [p["姓名"], "公务员", "青石镇", p["身份证号"], "大学本科", "学士", "硕士研究生", "硕士"]
    result = analyse(csv_bytes([top, bottom, row]))
    assert errors_of(result) == []
    values = result.rows[0].values
    assert (values["fulltime_education"], values["inservice_education"]) == (
        "大学本科",
        "硕士研究生",
    )
    assert (values["fulltime_degree"], values["inservice_degree"]) == ("学士", "硕士")


def test_hidden_rows_and_columns_are_read_like_visible_ones(units):
    rows = table([person(serial=1), person("李四", serial=2, gender="女")])
    data = xlsx_book([SheetSpec("名册", rows, hidden_rows=(2,), hidden_columns=(6,))])
    result = analyse(data)
    assert errors_of(result) == []
    assert [r.values["name"] for r in result.rows] == ["张三", "李四"]
    assert [r.key for r in result.rows] == [
        id_number("19900115", 1),
        id_number("19900115", 2, "女"),
    ]


@pytest.mark.parametrize(
    "num_format",
    ["yyyy.mm", "yyyy年m月", 'yyyy"年"m"月"', "[$-804]yyyy年m月", "[DBNum1]yyyy年m月", "yyyy/m/d",
     "mmm-yy", "yyyy.mm.dd"],
)  # fmt: skip
@pytest.mark.parametrize("writer", [xlsx_book, xls_book], ids=["xlsx", "xls"])
def test_date_cells_of_any_number_format_are_read(units, num_format, writer):
    p = person(born="19900115", 出生年月=Cell(dt.date(1990, 1, 15), num_format))
    p["入党时间"] = Cell(dt.date(2012, 6, 1), num_format)
    data = writer([SheetSpec("名册", table([p], [*ROSTER_HEADER, "入党时间"]))])
    result = analyse(data)
    assert errors_of(result) == []
    assert result.rows[0].values["party_join_month"] == dt.date(2012, 6, 1)


@pytest.mark.parametrize("header", ["出生年月（年龄）", "出生年月(年龄)", "出生年月\n（年龄）"])
@pytest.mark.parametrize("written", ["1990.01(36岁)", "1990.01（36岁）", "1990.01\n（36岁）"])
def test_a_birth_month_with_the_age_beside_it_is_read(units, header, written):
    head = [h if h != "出生年月" else header for h in ROSTER_HEADER]
    data = xlsx([head, table([person(出生年月=written)])[1]])
    result = analyse(data)
    assert errors_of(result) == []
    assert result.rows[0].values["birth_month"] == dt.date(1990, 1, 1)


def test_line_breaks_inside_cells_read_as_one_line(units):
    p = person(姓名="欧阳\n修文", 现任职务="青石镇党委委员、\n副镇长", 工作单位="青石\n镇")
    result = analyse(xlsx(table([p])))
    assert errors_of(result) == []
    values = result.rows[0].values
    assert (values["name"], values["current_position"]) == ("欧阳修文", "青石镇党委委员、副镇长")
    assert values["unit_id"] == units["qingshi"].pk


def test_the_cli_json_lists_sheets_skipped_sheets_and_skipped_rows(units, tmp_path):
    data = xlsx_book([
        _unit_sheet("青石镇", [person(serial=1, 工作单位="青石镇")]),
        SheetSpec("说明", [["说明"]]),
    ])  # fmt: skip
    path = tmp_path / "名册.xlsx"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import", "roster", str(path), "--json", "--dry-run", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["sheets"] == ["青石镇"]
    assert payload["skipped_sheets"] == [
        {
            "sheet": "说明",
            "reason": NO_HEADER,
        }
    ]
    assert payload["skipped_rows"] == [
        {
            "sheet": "青石镇",
            "row": 4,
            "reason": "表尾",
            "text": "填表人：张三 审核人：李四 填表日期：2026年6月30日",
        }
    ]


def test_the_preview_page_names_the_sheet_of_each_row_and_lists_what_was_skipped(
    units, staff, as_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = person("王五", "19930101", 3, 身份证号="430181199301010000", 工作单位="北山镇")
    data = xlsx_book([
        _unit_sheet("青石镇", [person(serial=1, 工作单位="青石镇")]),
        _unit_sheet("北山镇", [bad]),
        SheetSpec("说明", [["说明"]]),
    ])  # fmt: skip
    client = as_user(staff)
    client.post(
        reverse("pool:import_upload"),
        {"kind": "roster", "file": SimpleUploadedFile("名册.xlsx", data)},
    )
    run = ImportRun.objects.get()
    assert run.errors[0]["sheet"] == "北山镇"
    assert [(r.sheet, r.row) for r in run.rows.order_by("sheet_no", "row")] == [
        ("青石镇", 3), ("北山镇", 3)
    ]  # fmt: skip
    page = client.get(reverse("pool:import_preview", args=[run.pk])).content.decode()
    assert "读取了2个工作表：《青石镇》1行、《北山镇》1行" in page
    assert '<th scope="col">工作表</th>' in page
    assert "<td>北山镇</td><td>3</td>" in page
    assert "工作表《说明》：前10行中没有找到表头" in page
    assert "工作表《青石镇》第4行（表尾）：填表人：张三 审核人：李四" in page
    invalid = client.get(reverse("pool:import_preview", args=[run.pk]) + "?only=invalid")
    assert "<td>北山镇</td><td>3</td>" in invalid.content.decode()


def test_the_error_report_of_a_workbook_keeps_one_sheet_per_sheet_with_errors(
    units, staff, as_user
):
    import python_calamine
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = person("王五", "19930101", 3, 身份证号="430181199301010000", 工作单位="北山镇")
    also_bad = person("赵六", serial=4, 工作单位="无此镇")
    data = xlsx_book([
        _unit_sheet("青石镇", [person(serial=1, 工作单位="青石镇"), also_bad]),
        _unit_sheet("北山镇", [person("李四", serial=2, 工作单位="北山镇"), bad]),
    ])  # fmt: skip
    client = as_user(staff)
    client.post(
        reverse("pool:import_upload"),
        {"kind": "roster", "file": SimpleUploadedFile("名册.xlsx", data)},
    )
    run = ImportRun.objects.get()
    response = client.get(reverse("pool:import_error_report", args=[run.pk]))
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["青石镇", "北山镇"]
    qingshi = book.get_sheet_by_name("青石镇").to_python()
    assert qingshi[0] == [*ROSTER_HEADER, "错误说明", "原行号"]
    assert qingshi[1][0] == "赵六" and qingshi[1][-1] == 4
    beishan = book.get_sheet_by_name("北山镇").to_python()
    assert [r[0] for r in beishan] == ["姓名", "王五"]
    assert not Cadre.objects.exists()


def test_line_breaks_stay_in_columns_of_sentences():
    header = engine.Header(1, {"reason": 0, "name": 1}, [], [], ["推荐理由", "姓名"])
    columns = {
        0: engine.Column("推荐理由", "reason", multiline=True),
        1: engine.Column("姓名", "name"),
    }
    raw = ["敢于担当。\n群众认可。", "Li\nMing"]
    assert engine._SheetReader(header, columns).take(2, raw) is None
    assert raw == ["敢于担当。\n群众认可。", "Li Ming"]
    sentences = {c.name for k in engine.kinds().values() for c in k.columns if c.multiline}
    assert sentences == {"推荐理由", "主要实绩", "谈话要点", "后续事项"}


FORMULAS = ["=cmd|' /C calc'!A0", "@SUM(1)", "+86 123", "-副主任", '=HYPERLINK("http://x")']


def _report(client, staff_rows) -> list[list]:
    import python_calamine
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("pool:import_upload"),
        {"kind": "roster", "file": SimpleUploadedFile("名册.xlsx", xlsx(staff_rows))},
    )
    run = ImportRun.objects.latest("pk")
    response = client.get(reverse("pool:import_error_report", args=[run.pk]))
    assert response.status_code == 200
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


def test_the_error_report_defuses_formulas_like_every_export(units, staff, as_user):
    """Issue #19 item 16: =cmd|..., @SUM(1) were written verbatim."""
    header = [*ROSTER_HEADER, "=备注"]
    bad = [
        person(f"甲{i}", serial=i, 工作单位="西县教育局", 现任职务=f, **{"=备注": f})
        for i, f in enumerate(FORMULAS, start=1)
    ]
    rows = _report(as_user(staff), table(bad, header))
    assert rows[0][len(ROSTER_HEADER)] == "'=备注"
    position = ROSTER_HEADER.index("现任职务")
    assert [r[position] for r in rows[1:]] == ["'" + f for f in FORMULAS]
    assert [r[len(ROSTER_HEADER)] for r in rows[1:]] == ["'" + f for f in FORMULAS]


def test_a_defused_cell_reads_back_as_it_was_written(units):
    """The corrected error report imports again: the apostrophe goes, text stays."""
    rows = [[*ROSTER_HEADER], *table([person(现任职务="'" + f, serial=i) for i, f in
                                      enumerate(FORMULAS, 1)])[1:]]  # fmt: skip
    result = analyse(xlsx(rows))
    assert errors_of(result) == []
    assert [r.values["current_position"] for r in result.rows] == FORMULAS
    plain = analyse(xlsx(table([person(现任职务="'引号开头", serial=9)])))
    assert plain.rows[0].values["current_position"] == "'引号开头"


@pytest.mark.parametrize("id_header", ["身份证号", "公民身份号码", "身份证号（18位）"])
def test_the_error_report_masks_id_numbers_like_the_pages(units, staff, as_user, id_header):
    """Issue #19 item 9: the report had a clear 身份证号 column."""
    header = [id_header if h == "身份证号" else h for h in ROSTER_HEADER]
    clear = id_number("19900115", 1)
    other = id_number("19920305", 2, "女")
    bad = [
        person(serial=1, 工作单位="西县教育局", 现任职务=f"原身份证{other}有误"),
        person("李四", serial=3, 身份证号="430181199201010001"),
        {"姓名": "王五", "工作单位": "西县教育局", "身份证号": 430181880101125.0},
    ]
    bad[0][id_header] = bad[0].pop("身份证号")
    bad[1][id_header] = bad[1].pop("身份证号")
    bad[2][id_header] = bad[2].pop("身份证号")
    rows = _report(as_user(staff), table(bad, header))
    ids = [r[header.index(id_header)] for r in rows[1:]]
    assert ids == [clear[:6] + "********" + clear[-4:], "430181********0001", "430181*****1125"]
    position = header.index("现任职务")
    assert rows[1][position] == f"原身份证{other[:6]}********{other[-4:]}有误"
    text = "".join(str(c) for r in rows for c in r)
    assert clear not in text and other not in text


CELL = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(["同上", "〃", '"', "合计", "小计：3人", "填表人：", "备注", "'=1+1",
                     "1990.05(36岁)", "a\nb", "姓名", "身份证号", "全日制教育", "学历", "\x00\x1f",
                     "　"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)  # fmt: skip
ROWS = st.lists(st.lists(CELL, max_size=12), max_size=14)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(head=ROWS, body=ROWS)
def test_reading_any_cells_gives_rows_or_a_file_problem_never_an_exception(head, body):
    """Header finding and the row reader (totals, footers, ditto, line breaks,
    ages, defused cells) take whatever a sheet holds."""
    kind = engine.get_kind("roster")
    numbered = list(enumerate(head, start=1))
    try:
        header = engine.find_header(kind, numbered)
    except FileProblem as exc:
        assert str(exc)
        return
    reader = engine._SheetReader(header, {i: kind.columns[0] for i in header.index.values()})
    for number, raw in enumerate([*head, *body], start=1):
        why = reader.take(number, list(raw))
        assert why is None or isinstance(why, str)
