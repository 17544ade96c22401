"""Rosters written in the words of the 干部任免审批表 import as they are, and the
研究生 / 党校 education they carry shows correctly on the profile, the 任免审批表
(.docx) and the dashboard's 学历 chart."""

import datetime as dt
import io

import pytest

from pool.imports import engine, readers, runs
from pool.models import Cadre
from tests.pool.import_files import ROSTER_HEADER, person, table, xlsx
from tests.profile.docx_reading import open_docx, value_right_of

HEADER = [*ROSTER_HEADER, "民族", "学历", "学位", "在职学历", "在职学位", "职级"]


def analyse(data: bytes, user=None):
    sheet = readers.open_sheet(io.BytesIO(data))
    return engine.analyse(engine.get_kind("roster"), sheet, runs.context_for(user))


def _import(tmp_path, people, header=HEADER):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(xlsx(table(people, header)))
    run, result = runs.import_file("roster", str(path))
    assert result.errors() == []
    return run


STORED = ("fulltime_education", "fulltime_degree", "inservice_education", "inservice_degree")


@pytest.mark.parametrize(
    ("cells", "stored"),
    [
        ({"学历": "研究生", "学位": "硕士"}, ("硕士研究生", "硕士", "", "")),
        ({"学历": "研究生", "学位": "法学博士"}, ("博士研究生", "博士", "", "")),
        ({"学历": "研究生"}, ("研究生", "", "", "")),
        ({"学历": "大学", "学位": "法学学士"}, ("大学本科", "学士", "", "")),
        ({"学历": "大专"}, ("大学专科", "", "", "")),
        # 党校 and 在职 education in the only 学历 column belong to 在职教育
        ({"学历": "省委党校研究生"}, ("", "", "省委党校研究生", "")),
        ({"学历": "在职研究生", "学位": "公共管理硕士（MPA）"}, ("", "", "硕士研究生", "硕士")),
        ({"学历": "中央党校大学", "在职学历": "在职研究生"},
         ("中央党校大学", "", "研究生", "")),  # both columns filled: kept where written
        ({"学历": "大学", "在职学历": "市委党校大专"}, ("大学本科", "", "市委党校大专", "")),
        ({"在职学历": "全日制大学"}, ("大学本科", "", "", "")),
    ],
)  # fmt: skip
def test_education_words_of_the_approval_form(units, tmp_path, cells, stored):
    _import(tmp_path, [person(**cells)])
    assert Cadre.objects.values_list(*STORED).get() == stored


@pytest.mark.parametrize(
    ("cells", "stored"),
    [
        ({"民族": "汉", "职级": "科级正职"}, ("汉族", "正科")),
        ({"民族": "蒙古族", "职级": "一级主任科员"}, ("蒙古族", "一级主任科员")),
        ({"民族": "土家", "职级": "二级调研员"}, ("土家族", "二级调研员")),
        ({"民族": "回族", "职级": "办事员"}, ("回族", "办事员")),
    ],
)
def test_ethnicity_and_rank_as_files_write_them(units, tmp_path, cells, stored):
    _import(tmp_path, [person(**cells)])
    assert Cadre.objects.values_list("ethnicity", "rank").get() == stored


def test_unknown_words_are_row_errors_naming_the_column(units):
    result = analyse(xlsx(table([person(学历="大学生", 职级="科长", 民族="汉人")], HEADER)))
    columns = {e["column"]: e["message"] for e in result.errors()}
    assert set(columns) == {"全日制学历", "职级", "民族"}
    assert columns["全日制学历"].startswith("“大学生”不是可识别的学历")
    assert columns["职级"].startswith("“科长”不是有效的职级")


def test_a_thousand_rows_in_the_approval_form_words_are_all_valid(units):
    words = ["大学", "研究生", "大专", "中央党校研究生", "省委党校大学", "市委党校大专"]
    people = [
        person(f"人{i}", f"{dt.date(1980, 1, 1) + dt.timedelta(days=i):%Y%m%d}", i,
               学历=words[i % len(words)],
               学位=("硕士" if i % 4 == 0 else ""))
        for i in range(1, 1001)
    ]  # fmt: skip
    result = analyse(xlsx(table(people, HEADER)))
    assert result.counts["invalid"] == 0


@pytest.fixture
def educated(units, tmp_path):
    _import(
        tmp_path,
        [
            person("甲", "19950115", 1, 学历="研究生", 学位="硕士"),
            person("乙", "19960115", 2, 学历="大学", 在职学历="中央党校研究生"),
            person("丙", "19970115", 3, 学历="省委党校大学"),
            person("丁", "19980115", 4, 学历="研究生"),
        ],
    )
    return {c.name: c for c in Cadre.objects.all()}


def test_the_profile_shows_party_school_education_as_written(educated, staff, as_user):
    html = as_user(staff).get(f"/people/{educated['乙'].pk}/").content.decode()
    assert "中央党校研究生" in html and "党校学历" in html
    html = as_user(staff).get(f"/people/{educated['甲'].pk}/").content.decode()
    assert "硕士研究生 硕士" in html and "党校学历" not in html


def test_the_approval_form_writes_party_school_education_as_written(educated, staff, as_user):
    response = as_user(staff).get(f"/people/{educated['乙'].pk}/approval.docx")
    cells = value_right_of(open_docx(response.content).tables[0])
    assert cells["全日制\n教育"] == "大学本科"
    assert cells["在职\n教育"] == "中央党校研究生"


def test_the_education_chart_counts_party_school_as_in_service(educated, staff, as_user):
    response = as_user(staff).get("/api/dashboard/education/")
    rows = {row[0]: row[1:] for row in response.json()["rows"]}
    assert rows["硕士研究生"] == [1, 0]
    assert rows["研究生"] == [1, 1]  # 丁 full-time; 乙 中央党校研究生 in service
    assert rows["大学本科"] == [1, 1]  # 乙 full-time; 丙 省委党校大学 in service
    assert "中央党校研究生" not in rows
