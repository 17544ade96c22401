# Over 400 lines: the saved real-file corpus described in one place.
"""A corpus of roster files shaped like the ones 组织部 offices keep, each with the
exact JSON ``manage.py import roster FILE --json`` prints for it (dry run, into
the ``units`` fixture: 东县 with 青石镇, 北山镇, 东县教育局).

Most files are built here when the test runs (.xlsx by xlsxwriter, .xls by xlwt,
CSV in GBK and UTF-8 with a BOM). Files saved by LibreOffice (.ods, and .xls /
.xlsx as LibreOffice writes them) cannot be written from Python here, so they are
committed beside this module, made once by ``make_saved_files.py`` from the
builders below (``SAVED``).

``Case.needs_vocab``: the file uses words of the 干部任免审批表 (研究生, 党校
education, 四级调研员, no 干部类别 column) that issue #15's vocabulary work reads;
its expected result is the one the issue asks for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.pool.import_files import csv_bytes, id_number
from tests.pool.roster_books import Cell, SheetSpec, xls_book, xlsx_book

HERE = Path(__file__).resolve().parent
FOOTER = "填表人：张三  审核人：李四  填表日期：2026年6月30日"
FOOTER_TEXT = "填表人：张三 审核人：李四 填表日期：2026年6月30日"
NO_HEADER = "前10行中没有找到表头：请确认文件是干部名册，表头应包含姓名、工作单位、身份证号等列"

# The columns most 干部名册 have, in their usual order.
HEADER = ["序号", "姓名", "性别", "民族", "出生年月", "籍贯", "入党时间", "参加工作时间",
          "全日制学历", "全日制学位", "现任职务", "职级", "干部类别", "工作单位",
          "身份证号"]  # fmt: skip


@dataclass
class Case:
    name: str
    extension: str
    build: Callable[[], bytes]
    expected: dict
    needs_vocab: bool = False
    written: dict = field(default_factory=dict)  # ID number -> stored values to check


def P(name: str, serial: int, unit: str = "青石镇", born: str = "19900115", gender: str = "男",
      **cols) -> dict:  # fmt: skip
    """One person as a row by header, with a valid ID matching ``born`` and ``gender``."""
    row = {
        "姓名": name, "性别": gender, "民族": "汉族", "出生年月": f"{born[:4]}.{born[4:6]}",
        "籍贯": "湖南浏阳", "入党时间": "2012.06", "参加工作时间": "2012.08",
        "全日制学历": "大学本科", "全日制学位": "学士", "现任职务": "党政办副主任",
        "职级": "一级科员",
        "干部类别": "公务员", "工作单位": unit, "身份证号": id_number(born, serial, gender),
    }  # fmt: skip
    row.update(cols)
    return row


def rows(people: list[dict], header: list[str] = HEADER, first: int = 1) -> list[list]:
    """Data rows under ``header``; a 序号 column is numbered from ``first``."""
    out = []
    for i, p in enumerate(people, start=first):
        out.append([i if h == "序号" else p.get(h) for h in header])
    return out


def result(new: int, *, errors=(), sheets=("名册",), skipped_sheets=(), skipped_rows=(),
           unchanged: int = 0) -> dict:  # fmt: skip
    """The JSON a dry run prints (without "kind" and "file")."""
    invalid = len({(e["sheet"], e["row"]) for e in errors})
    return {
        "rows_total": new + unchanged + invalid, "valid": new + unchanged, "invalid": invalid,
        "created": new, "updated": 0, "unchanged": unchanged, "errors": list(errors),
        "sheets": list(sheets), "skipped_sheets": list(skipped_sheets),
        "skipped_rows": list(skipped_rows),
    }  # fmt: skip


def err(sheet: str, row: int, column: str, message: str) -> dict:
    return {"sheet": sheet, "row": row, "column": column, "message": message}


def skip(sheet: str, row: int, reason: str, text: str) -> dict:
    return {"sheet": sheet, "row": row, "reason": reason, "text": text}


def footer_skip(sheet: str, row: int) -> dict:
    return skip(sheet, row, "表尾", FOOTER_TEXT)


# --- the shapes ---------------------------------------------------------------------

TOWNSHIP = [P("张伟", 1), P("李娜", 2, gender="女", born="19920305"), P("王强", 3, born="19880712")]
BEISHAN = [P("赵敏", 4, "北山镇", gender="女", born="19910101"), P("陈刚", 5, "北山镇")]
EDU = [P("周杰", 6, "东县教育局", born="19870920"), P("吴芳", 7, "东县教育局", gender="女")]


def title_and_footer() -> list[list]:
    return [["东县优秀年轻干部名册"], ["填报单位：东县委组织部（盖章）", None, None, None,
            None, None, None, None, None, None, None, None, "2026年6月"],
            HEADER, *rows(TOWNSHIP), None, [FOOTER]]  # fmt: skip


def unit_sheets(write=xlsx_book) -> bytes:
    def sheet(name, people, first=1):
        return SheetSpec(name, [[f"{name}科级干部名册"], HEADER, *rows(people, first=first),
                                [f"小计：{len(people)}人"], [FOOTER]])  # fmt: skip

    return write([
        SheetSpec("填表说明", [["填表说明"], ["1. 每个单位一个工作表"],
                               ["2. 身份证号设为文本格式"]]),
        sheet("青石镇", TOWNSHIP), sheet("北山镇", BEISHAN), sheet("东县教育局", EDU),
        SheetSpec("Sheet5", []),
        SheetSpec("代码表", [["公务员"], ["参公"], ["事业"]], hidden=True),
    ])  # fmt: skip


UNIT_SHEETS_RESULT = result(
    7,
    sheets=["青石镇", "北山镇", "东县教育局"],
    skipped_sheets=[
        {"sheet": "代码表", "reason": "隐藏的工作表，未读取"},
        {"sheet": "填表说明", "reason": NO_HEADER},
        {"sheet": "Sheet5", "reason": "空白工作表"},
    ],
    skipped_rows=[
        skip("青石镇", 6, "小计行", "小计：3人"), footer_skip("青石镇", 7),
        skip("北山镇", 5, "小计行", "小计：2人"), footer_skip("北山镇", 6),
        skip("东县教育局", 5, "小计行", "小计：2人"), footer_skip("东县教育局", 6),
    ],
)  # fmt: skip

EDU_TOP = ["序号", "姓名", "性别", "出生年月", "全日制教育", None, None, "在职教育", None, None,
           "现任职务", "工作单位", "干部类别", "身份证号"]  # fmt: skip
EDU_BOTTOM = [None, None, None, None, "学历", "学位", "毕业院校系及专业", "学历", "学位",
              "毕业院校系及专业"]  # fmt: skip
EDU_PEOPLE = [
    P("张伟", 1, 全日制学历="大学本科", 全日制学位="法学学士",
      全日制毕业院校系及专业="湖南大学法学专业",
      在职学历="硕士研究生", 在职学位="管理学硕士", 在职毕业院校系及专业="中央党校经济管理专业"),
    P("李娜", 2, gender="女", born="19920305", 全日制学历="大学专科", 全日制学位=None,
      全日制毕业院校系及专业="长沙民政职业技术学院", 在职学历="大学本科", 在职学位="学士",
      在职毕业院校系及专业="湖南师范大学汉语言文学专业"),
]  # fmt: skip


def _edu_row(i: int, p: dict) -> list:
    return [i, p["姓名"], p["性别"], p["出生年月"], p["全日制学历"], p["全日制学位"],
            p["全日制毕业院校系及专业"], p["在职学历"], p["在职学位"], p["在职毕业院校系及专业"],
            p["现任职务"], p["工作单位"], p["干部类别"], p["身份证号"]]  # fmt: skip


def two_row_header(write=xlsx_book) -> bytes:
    top = [Cell(v, across=2) if v in ("全日制教育", "在职教育") else Cell(v, down=1) if v else None
           for v in EDU_TOP]  # fmt: skip
    return write([SheetSpec("名册", [
        [Cell("东县年轻干部学历情况表", across=13)], top, EDU_BOTTOM,
        *[_edu_row(i, p) for i, p in enumerate(EDU_PEOPLE, start=1)],
        [Cell("合计", across=1), None, "2人"],
    ])])  # fmt: skip


TWO_ROW_WRITTEN = {
    EDU_PEOPLE[0]["身份证号"]: {
        "fulltime_education": "大学本科", "fulltime_degree": "学士",
        "fulltime_school_major": "湖南大学法学专业", "inservice_education": "硕士研究生",
        "inservice_degree": "硕士", "inservice_school_major": "中央党校经济管理专业",
    },
    EDU_PEOPLE[1]["身份证号"]: {
        "fulltime_education": "大学专科", "fulltime_degree": "",
        "inservice_education": "大学本科", "inservice_degree": "学士",
    },
}  # fmt: skip
TWO_ROW_RESULT = result(2, skipped_rows=[skip("名册", 6, "合计行", "合计 2人")])


def totals_per_unit() -> bytes:
    body = [["东县科级干部名册"], HEADER, *rows(TOWNSHIP), ["小计", None, "3人"],
            *rows(BEISHAN, first=4), ["小计", None, "2人"], ["合计", None, "5人"],
            [FOOTER]]  # fmt: skip
    return xlsx_book([SheetSpec("名册", body)])


TOTALS_RESULT = result(5, skipped_rows=[
    skip("名册", 6, "小计行", "小计 3人"), skip("名册", 9, "小计行", "小计 2人"),
    skip("名册", 10, "合计行", "合计 5人"), footer_skip("名册", 11),
])  # fmt: skip


def ditto_people() -> list[dict]:
    return [
        P("张伟", 1, "北山镇", 现任职务="副镇长", 职级="副科"),
        P("李娜", 2, "同上", gender="女", 现任职务="〃", 职级="同上", 干部类别='"', 籍贯="同上"),
        P("王强", 3, "〃", 职级='""', 干部类别="同前", 民族="〃"),
        P("赵敏", 4, "青石镇", gender="女"),
        P("陈刚", 5, "“", 干部类别="”"),
    ]


def ditto(write=xlsx_book) -> bytes:
    return write([SheetSpec("名册", [["东县干部名册"], HEADER, *rows(ditto_people())])])


DITTO_WRITTEN = {
    id_number("19900115", 2, "女"): {"current_position": "副镇长", "rank": "副科",
                                     "category": "公务员"},
    id_number("19900115", 3): {"rank": "副科", "ethnicity": "汉族"},
}  # fmt: skip


def numbers_and_text() -> bytes:
    """序号 and months typed as text, months and 序号 typed as numbers, a 15-digit
    ID as a number, an ID with a trailing space and full-width digits."""
    people = [
        P("张伟", 1, 出生年月=1990.01, 入党时间=201206, 参加工作时间="2012.08"),
        P("李娜", 2, gender="女", born="19920305", 出生年月="1992.03", 入党时间=" 2013.7 ",
          参加工作时间=2014.09),
        P("王强", 3, born="19881012", 出生年月=1988.1, 入党时间="2010年7月", 参加工作时间="201008"),
        P("赵敏", 4, gender="女", born="19910101",
          身份证号="４３０１８１" + id_number("19910101", 4, "女")[6:] + " "),
    ]  # fmt: skip
    body = [["东县干部名册"], HEADER]
    for i, r in enumerate(rows(people), start=1):
        r[0] = str(i) if i % 2 else i
        body.append(r)
    old = ["5", "刘洋", "男", "汉族", None, None, None, None, None, None, "科员", None, "公务员",
           "青石镇", 430181880101125]  # fmt: skip
    return xlsx_book([SheetSpec("名册", [*body, old])])


NUMBERS_RESULT = result(5)


def date_formats(write=xlsx_book) -> bytes:
    forms = ["yyyy.mm", 'yyyy"年"m"月"', "[$-804]yyyy年m月", "yyyy/m/d", "[DBNum1]yyyy年m月"]
    people = []
    for i, form in enumerate(forms, start=1):
        born = f"19{80 + i}0{i}15"
        people.append(P(f"甲{i}", i, born=born, 出生年月=Cell(dt.date(1980 + i, i, 15), form),
                        入党时间=Cell(dt.date(2010 + i, i, 1), form),
                        参加工作时间=Cell(dt.datetime(2008 + i, 7, 1, 0, 0), form)))  # fmt: skip
    return write([SheetSpec("名册", [HEADER, *rows(people)])])


DATE_WRITTEN = {
    id_number("19810115", 1): {"birth_month": dt.date(1981, 1, 1),
                               "party_join_month": dt.date(2011, 1, 1),
                               "work_start_month": dt.date(2009, 7, 1)},
    id_number("19850515", 5): {"party_join_month": dt.date(2015, 5, 1)},
}  # fmt: skip


def age_column() -> bytes:
    header = [h if h != "出生年月" else "出生年月\n（年龄）" for h in HEADER]
    people = [P("张伟", 1, 出生年月="1990.01(36岁)"),
              P("李娜", 2, gender="女", born="19920305", 出生年月="1992.03\n（34岁）")]  # fmt: skip
    return xlsx_book([SheetSpec("名册", [header, *rows(people, header)])])


def hidden_parts() -> bytes:
    body = [["东县干部名册"], HEADER, *rows(TOWNSHIP), ["（以下为已调出人员，隐藏）"]]
    return xlsx_book([
        SheetSpec("名册", [*body[:4], *body[4:]], hidden_rows=(3, 4), hidden_columns=(5, 14)),
        SheetSpec("下拉列表", [["公务员", "参公"]], hidden=True),
    ])  # fmt: skip


# The note under the table has nothing in any column read: left out like a blank row.
HIDDEN_RESULT = result(3, skipped_sheets=[{"sheet": "下拉列表", "reason": "隐藏的工作表，未读取"}])


def line_breaks() -> bytes:
    people = [
        P("欧阳\n修文", 1, 现任职务="青石镇党委委员、\n副镇长"),
        P("李娜", 2, "北山\n镇", gender="女", 现任职务="北山镇党政办\n主任"),
    ]
    header = [h.replace("参加工作时间", "参加工作\n时间") for h in HEADER]
    return xlsx_book([SheetSpec("名册", [header, *rows(people, header)])])


LINE_WRITTEN = {
    id_number("19900115", 1): {"name": "欧阳修文", "current_position": "青石镇党委委员、副镇长"},
    id_number("19900115", 2, "女"): {"current_position": "北山镇党政办主任"},
}


def merged_unit() -> bytes:
    people = TOWNSHIP + BEISHAN
    body = rows(people)
    for r in body:
        r[13] = None
    body[0][13] = Cell("青石镇", down=2)
    body[3][13] = Cell("北山镇", down=1)
    return xlsx_book([SheetSpec("名册", [["东县干部名册"], HEADER, *body])])


def printed_pages() -> bytes:
    """Printed rosters repeat the header (and a page title) on every page."""
    return xlsx_book([SheetSpec("名册", [
        ["东县干部名册"], HEADER, *rows(TOWNSHIP), HEADER, *rows(BEISHAN, first=4),
        None, [FOOTER], ["第 1 页，共 1 页"],
    ])])  # fmt: skip


PRINTED_RESULT = result(5, skipped_rows=[footer_skip("名册", 10),
                                         skip("名册", 11, "表尾", "第 1 页，共 1 页")])  # fmt: skip


def with_errors() -> bytes:
    people = [
        P("张伟", 1),
        P("李娜", 2, gender="男", born="19920305"),  # the ID says 女
        P("王强", 3, "西山镇"),
        P("赵敏", 4, gender="女", 身份证号="430181199101010001"),
        P("张伟", 1),
    ]
    people[1]["身份证号"] = id_number("19920305", 2, "女")
    return xlsx_book([SheetSpec("名册", [["东县干部名册"], HEADER, *rows(people), [FOOTER]])])


ERRORS_RESULT = result(1, errors=[
    err("名册", 4, "性别", "性别“男”与身份证号不符（身份证号显示为女）"),
    err("名册", 5, "工作单位", "工作单位“西山镇”不存在，请先导入或新增该单位"),
    err("名册", 6, "身份证号", "身份证号“430181********0001”校验位错误（应为0）"),
    err("名册", 7, "身份证号", "与第3行重复（身份证号相同）"),
], skipped_rows=[footer_skip("名册", 8)])  # fmt: skip


def approval_words_current() -> bytes:
    """审批表 words the importer already reads: 大学, 大专, 法学学士, 汉 without 族."""
    people = [
        P("张伟", 1, 全日制学历="大学", 全日制学位="法学学士", 民族="汉"),
        P("李娜", 2, gender="女", 全日制学历="大专", 全日制学位=None, 民族="土家"),
        P("王强", 3, 全日制学历="中专", 全日制学位=None, 职级="正科级"),
    ]
    return xlsx_book([SheetSpec("名册", [HEADER, *rows(people)])])


APPROVAL_WRITTEN = {
    id_number("19900115", 1): {"fulltime_education": "大学本科", "fulltime_degree": "学士",
                               "ethnicity": "汉族"},
    id_number("19900115", 2, "女"): {"fulltime_education": "大学专科", "ethnicity": "土家族"},
    id_number("19900115", 3): {"rank": "正科"},
}  # fmt: skip


def approval_words_vocab() -> bytes:
    """研究生 and 党校 education, 在职 prefixes, MPA, 四级调研员 and the older 科员."""
    header = [*HEADER[:10], "在职学历", "在职学位", *HEADER[10:]]
    people = [
        P("张伟", 1, 全日制学历="研究生", 全日制学位="法学硕士", 在职学历=None),
        P("李娜", 2, gender="女", 全日制学历="大学", 在职学历="省委党校研究生", 职级="四级调研员"),
        P("王强", 3, 全日制学历="大专", 全日制学位=None, 在职学历="中央党校大学", 职级="科员"),
        P("赵敏", 4, gender="女", 全日制学历="大学", 在职学历="在职研究生",
          在职学位="公共管理硕士（MPA）", 职级="办事员"),
        P("陈刚", 5, 全日制学历="大学", 在职学历="市委党校大专", 职级="一级主任科员"),
    ]  # fmt: skip
    return xlsx_book([SheetSpec("干部任免审批表信息", [header, *rows(people, header)])])


def no_category() -> bytes:
    """优秀年轻干部名册 without a 干部类别 column."""
    header = [h for h in HEADER if h != "干部类别"]
    return xlsx_book([SheetSpec("名册", [["东县优秀年轻干部名册"], header,
                                         *rows(TOWNSHIP, header), [FOOTER]])])  # fmt: skip


def xls_title_totals() -> bytes:
    return xls_book([SheetSpec("名册", [*title_and_footer()[:-2],
                                        ["合计", None, "3人"], [FOOTER]])])  # fmt: skip


def csv_gbk() -> bytes:
    body = [["东县优秀年轻干部名册"], HEADER, *rows(TOWNSHIP), ["合计", "", "3人"], [FOOTER]]
    return csv_bytes(body, "gbk")


def csv_bom_ditto() -> bytes:
    return csv_bytes([["东县干部名册"], HEADER, *rows(ditto_people())], "utf-8", bom=True)


def csv_bom_two_rows() -> bytes:
    return csv_bytes([EDU_TOP, EDU_BOTTOM, *[_edu_row(i, p) for i, p in enumerate(EDU_PEOPLE, 1)]],
                     "utf-8", bom=True)  # fmt: skip


def wps_era_formats() -> bytes:
    """Dates as WPS formats them (e年m月, yyyy年m月d日) and a tab-separated 名册 title."""
    people = [P("张伟", 1, 出生年月=Cell(dt.date(1990, 1, 15), "e年m月"),
                入党时间=Cell(dt.date(2012, 6, 1), "yyyy年m月d日"))]  # fmt: skip
    return xlsx_book([SheetSpec("Sheet1", [["东县\t干部名册"], HEADER, *rows(people)])])


def saved(name: str) -> Callable[[], bytes]:
    def read() -> bytes:
        return (HERE / name).read_bytes()

    return read


def _ok(n: int, sheet: str = "名册", **kw) -> dict:
    return result(n, sheets=[sheet], **kw)


TITLE_RESULT = _ok(3, skipped_rows=[footer_skip("名册", 8)])
XLS_TOTALS_RESULT = _ok(3, skipped_rows=[skip("名册", 7, "合计行", "合计 3人"),
                                         footer_skip("名册", 8)])  # fmt: skip
CSV_RESULT = result(3, sheets=[""], skipped_rows=[skip("", 6, "合计行", "合计 3人"),
                                                  footer_skip("", 7)])  # fmt: skip

# The files LibreOffice saves (make_saved_files.py writes them from these builders).
SAVED = {
    "title_footer.ods": lambda: xlsx_book([SheetSpec("名册", title_and_footer())]),
    "unit_sheets.ods": unit_sheets,
    "two_row_header.ods": two_row_header,
    "ditto.ods": ditto,
    "unit_sheets_lo.xls": unit_sheets,
    "two_row_header_lo.xls": two_row_header,
    "date_formats_lo.xlsx": date_formats,
}

CASES = [
    Case("xlsx-title-footer", "xlsx", lambda: xlsx_book([SheetSpec("名册", title_and_footer())]),
         TITLE_RESULT),
    Case("xlsx-unit-sheets", "xlsx", unit_sheets, UNIT_SHEETS_RESULT),
    Case("xlsx-two-row-header", "xlsx", two_row_header, TWO_ROW_RESULT, written=TWO_ROW_WRITTEN),
    Case("xlsx-totals-per-unit", "xlsx", totals_per_unit, TOTALS_RESULT),
    Case("xlsx-ditto", "xlsx", ditto, _ok(5), written=DITTO_WRITTEN),
    Case("xlsx-numbers-and-text", "xlsx", numbers_and_text, NUMBERS_RESULT),
    Case("xlsx-date-formats", "xlsx", date_formats, _ok(5), written=DATE_WRITTEN),
    Case("xlsx-age-column", "xlsx", age_column, _ok(2)),
    Case("xlsx-hidden-rows-columns-sheet", "xlsx", hidden_parts, HIDDEN_RESULT),
    Case("xlsx-line-breaks", "xlsx", line_breaks, _ok(2), written=LINE_WRITTEN),
    Case("xlsx-merged-unit", "xlsx", merged_unit, _ok(5)),
    Case("xlsx-printed-pages", "xlsx", printed_pages, PRINTED_RESULT),
    Case("xlsx-errors", "xlsx", with_errors, ERRORS_RESULT),
    Case("xlsx-approval-words", "xlsx", approval_words_current, _ok(3), written=APPROVAL_WRITTEN),
    Case("xlsx-approval-words-vocab", "xlsx", approval_words_vocab,
         _ok(5, "干部任免审批表信息")),
    Case("xlsx-no-category", "xlsx", no_category,
         _ok(3, skipped_rows=[footer_skip("名册", 6)])),
    Case("xlsx-wps-formats", "xlsx", wps_era_formats, _ok(1, "Sheet1")),
    Case("xls-title-totals", "xls", xls_title_totals, XLS_TOTALS_RESULT),
    Case("xls-unit-sheets", "xls", lambda: unit_sheets(xls_book), UNIT_SHEETS_RESULT),
    Case("xls-two-row-header", "xls", lambda: two_row_header(xls_book), TWO_ROW_RESULT,
         written=TWO_ROW_WRITTEN),
    Case("xls-ditto", "xls", lambda: ditto(xls_book), _ok(5), written=DITTO_WRITTEN),
    Case("xls-date-formats", "xls", lambda: date_formats(xls_book), _ok(5),
         written=DATE_WRITTEN),
    Case("csv-gbk", "csv", csv_gbk, CSV_RESULT),
    Case("csv-utf8-bom-ditto", "csv", csv_bom_ditto, result(5, sheets=[""]),
         written=DITTO_WRITTEN),
    Case("csv-utf8-bom-two-row-header", "csv", csv_bom_two_rows, result(2, sheets=[""]),
         written=TWO_ROW_WRITTEN),
    Case("ods-title-footer", "ods", saved("title_footer.ods"), TITLE_RESULT),
    Case("ods-unit-sheets", "ods", saved("unit_sheets.ods"), UNIT_SHEETS_RESULT),
    Case("ods-two-row-header", "ods", saved("two_row_header.ods"), TWO_ROW_RESULT,
         written=TWO_ROW_WRITTEN),
    Case("ods-ditto", "ods", saved("ditto.ods"), _ok(5), written=DITTO_WRITTEN),
    Case("xls-libreoffice-unit-sheets", "xls", saved("unit_sheets_lo.xls"), UNIT_SHEETS_RESULT),
    Case("xls-libreoffice-two-row-header", "xls", saved("two_row_header_lo.xls"), TWO_ROW_RESULT,
         written=TWO_ROW_WRITTEN),
    Case("xlsx-libreoffice-date-formats", "xlsx", saved("date_formats_lo.xlsx"), _ok(5),
         written=DATE_WRITTEN),
]  # fmt: skip
