"""LRMX files as text: reading and writing the XML, the 简历 periods, 学历/学位.
Pure functions; no database."""

import base64
import datetime as dt

import pytest

from pool.imports.cells import CellError
from pool.lrmx import document, education, resume, values
from tests.pool.lrmx_files import MESSY_RESUME, lrmx, sample

D = dt.date


def test_reads_every_element_and_the_family_items():
    person = document.parse(lrmx())
    assert person.get("XingMing") == "张伟"
    assert person.get("ChuShengNianYue") == "199001"
    assert person.get("QuanRiZhiJiaoYu_XueWei") == "法学学士"
    assert person.family[0] == ("父亲", "张建国", "196503", "中共党员", "东县农业农村局退休干部")
    assert len(person.family) == 3


def test_reads_a_gb2312_file_as_its_declaration_says():
    data = lrmx(sample(XingMing="欧阳娜娜", JiGuan="湖南湘潭"), encoding="GB2312")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    person = document.parse(data)
    assert (person.get("XingMing"), person.get("JiGuan")) == ("欧阳娜娜", "湖南湘潭")


def test_reads_utf8_with_a_bom_and_a_file_whose_declaration_lies():
    assert document.parse(b"\xef\xbb\xbf" + lrmx()).get("XingMing") == "张伟"
    mislabelled = lrmx(encoding="UTF-8").decode("utf-8").encode("gb18030")
    assert document.parse(mislabelled).get("XingMing") == "张伟"


def test_missing_elements_read_as_blank():
    person = document.parse(lrmx(drop=("ZhaoPian", "JiaTingChengYuan", "NiRenZhiWu")))
    assert person.get("ZhaoPian") == person.get("NiRenZhiWu") == ""
    assert person.family == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE P [<!ENTITY a "x">]><Person>&a;</Person>', "DTD"),
        (b"<Person><XingMing>a</Person>", "XML格式错误"),
        (b"<Roster><XingMing>a</XingMing></Roster>", "根元素应为 Person"),
        (b"   ", "文件是空的"),
        (b'<?xml version="1.0" encoding="x-klingon"?><Person/>', "不支持的文件编码"),
        (b"\xef\xbb\xbf<Person>\xff\xfe</Person>", "编码标记"),
        (b"\xff\xfe<\x00P\x00\x00\xd8", "编码标记"),  # UTF-16 cut in a surrogate pair
    ],
)
def test_refuses_what_is_not_a_safe_lrmx_file(data, message):
    with pytest.raises(document.LrmxError, match=message):
        document.parse(data)


def test_renders_every_element_in_the_national_order_and_reads_back_the_same():
    person = document.parse(lrmx())
    data = document.render(person)
    text = data.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    positions = [text.index(f"<{tag}>") for tag, _ in document.ELEMENTS]
    assert positions == sorted(positions)
    assert document.parse(data) == person


def test_renders_text_with_markup_characters_escaped():
    person = document.Person({"XingMing": "张三", "JianLi": "2008.09--  A&B<C>"}, ())
    assert document.parse(document.render(person)).get("JianLi") == "2008.09--  A&B<C>"


# --- 简历 --------------------------------------------------------------------------


def test_messy_resume_separators_and_continuation_lines():
    periods = resume.parse_resume(MESSY_RESUME)
    assert [(p.start, p.end) for p in periods] == [
        (D(2008, 9, 1), D(2012, 7, 1)),
        (D(2012, 7, 1), D(2015, 3, 1)),
        (D(2015, 3, 1), D(2018, 12, 1)),
        (D(2019, 1, 1), None),
    ]
    assert periods[1].text == (
        "东县青石镇党政办科员\n（其间：2013.09--2015.07在中央党校函授学院经济管理专业在职大学学习）"
    )
    assert periods[2].text == "东县北山镇副镇长"


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("2008.09--2012.07  学习", D(2008, 9, 1), D(2012, 7, 1)),
        ("2008.9-2012.7 学习", D(2008, 9, 1), D(2012, 7, 1)),
        ("200809--201207 学习", D(2008, 9, 1), D(2012, 7, 1)),
        ("2008年9月至2012年7月 学习", D(2008, 9, 1), D(2012, 7, 1)),
        ("2008.09——2012.07 学习", D(2008, 9, 1), D(2012, 7, 1)),
        ("2008.09～2012.07 学习", D(2008, 9, 1), D(2012, 7, 1)),
        ("2008.09~2012.07 学习", D(2008, 9, 1), D(2012, 7, 1)),
        ("2008-09--2012-07 学习", D(2008, 9, 1), D(2012, 7, 1)),
        ("2008.09--         学习", D(2008, 9, 1), None),
        ("2008.09--至今 学习", D(2008, 9, 1), None),
        ("2008.09--2008.09 学习", D(2008, 9, 1), D(2008, 9, 1)),
    ],
)
def test_resume_line_forms(line, start, end):
    [period] = resume.parse_resume(line)
    assert (period.start, period.end, period.text) == (start, end, "学习")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("湖南大学学习", "简历第1行“湖南大学学习”没有起止年月"),
        ("2008.09--2008.08 学习", "简历第1行：截止年月早于起始年月"),
        ("2008.09--2012.07 学习\n2012.13--2013.01 工作", "简历第2行：“2012.13”不是有效的年月"),
        ("2008.09--2012.07", "只有起止年月"),
        ("2008.09--2012.07 " + "字" * 201, "过长（201个字），每段最多200个字"),
    ],
)
def test_resume_errors_name_the_line(text, message):
    with pytest.raises(resume.ResumeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        resume.parse_resume(text)


def test_resume_of_exactly_200_characters_is_accepted():
    [period] = resume.parse_resume("2008.09--2012.07 " + "字" * 200)
    assert len(period.text) == 200


def test_formatted_resume_reads_back_to_the_same_periods():
    periods = resume.parse_resume(MESSY_RESUME)
    text = resume.format_resume(periods)
    assert text.splitlines()[0] == "2008.09--2012.07  湖南大学法学院法学专业学习"
    assert text.splitlines()[-1] == "2019.01--         东县青石镇党委副书记"
    assert resume.parse_resume(text) == periods


def test_periods_are_put_in_order_of_start_keeping_the_written_order_on_ties():
    periods = resume.parse_resume("2015.01-- B\n2010.01--2015.01 A\n2015.01-- C")
    assert [p.text for p in resume.in_order(periods)] == ["A", "B", "C"]


# --- 学历 / 学位 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "level", "subject"),
    [
        ("法学学士", "学士", "法学"),
        ("工学硕士学位", "硕士", "工学"),
        ("博士", "博士", ""),
        ("", "", ""),
        ("无", "", ""),
    ],
)
def test_degree_keeps_the_level_and_the_subject(written, level, subject):
    assert education.degree_from_lrmx(written) == (level, subject)


def test_unknown_degree_is_an_error():
    with pytest.raises(education.EducationError, match="不是有效的学位"):
        education.degree_from_lrmx("大学本科")


@pytest.mark.parametrize(
    ("written", "level", "stored"),
    [
        ("大学", "学士", "大学本科"),
        ("大学本科", "", "大学本科"),
        ("研究生", "硕士", "硕士研究生"),
        ("研究生", "博士", "博士研究生"),
        ("研究生", "", "研究生"),
        ("中央党校研究生", "", "中央党校研究生"),  # kept as written: 党校学历
        ("省委党校大学", "", "省委党校大学"),
        ("大专", "", "大学专科"),
        ("中专", "", "中专"),
        ("高中", "", "高中及以下"),
        ("", "", ""),
    ],
)
def test_education_words_of_the_national_software(written, level, stored):
    assert education.education_from_lrmx(written, level) == stored


def test_school_and_degree_subject_survive_the_way_back():
    school = education.school_from_lrmx("湖南大学法学专业", "湖南大学法学专业", "法学", "学士")
    assert school == "湖南大学法学专业（法学学士）"
    assert education.to_lrmx("大学本科", "学士", school) == (
        "大学本科", "法学学士", "湖南大学法学专业", "湖南大学法学专业",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("education_", "level", "school"),
    [
        ("大学本科", "学士", "湖南大学法学专业（法学学士）"),
        ("大学本科", "学士", "湖南大学法学专业"),
        ("大学本科", "", "湖南大学法学专业（法学学士）"),  # no degree: the text is only text
        ("硕士研究生", "学士", "湖南大学（法学硕士）"),  # the mark does not match the level
        ("大学本科", "学士", "甲大学；乙大学"),
        ("", "", ""),
    ],
)
def test_every_stored_combination_comes_back_unchanged(education_, level, school):
    xueli, xuewei, a, b = education.to_lrmx(education_, level, school)
    back_level, subject = education.degree_from_lrmx(xuewei)
    assert education.education_from_lrmx(xueli, back_level) == education_
    assert back_level == level
    assert education.school_from_lrmx(a, b, subject, back_level) == school


# --- single values -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("20231024", D(2023, 10, 24)),
        ("2023.10.24", D(2023, 10, 24)),
        ("2023年10月24日", D(2023, 10, 24)),
        ("202310", D(2023, 10, 1)),
        ("2023.10", D(2023, 10, 1)),
    ],
)
def test_day_values(written, expected):
    assert values.day(written) == expected


@pytest.mark.parametrize("written", ["20231032", "2023", "明天"])
def test_bad_day_values(written):
    with pytest.raises(CellError, match="不是有效的日期"):
        values.day(written)


def test_party_time_written_as_words_is_not_a_month():
    assert values.optional_month("民盟") is None
    assert values.optional_month("201106") == D(2011, 6, 1)
    assert values.optional_month("201106；民盟") == D(2011, 6, 1)
    assert values.optional_month("2011.06 民革") == D(2011, 6, 1)
    with pytest.raises(CellError):
        values.optional_month("2011.13")


def test_photo_must_be_base64_jpeg_or_png():
    assert values.photo("/9j/4AAQ")[1] == "image/jpeg"
    with pytest.raises(CellError, match="Base64"):
        values.photo("不是图片")
    with pytest.raises(CellError, match="JPEG或PNG"):
        values.photo("R0lGODlhAQABAAAAACw=")  # a GIF


def test_line_ends_typed_in_a_browser_survive_and_control_characters_are_dropped():
    person = document.Person({"XingMing": "张三", "JiangChengQingKuang": "嘉奖\r\n记功\x0b"}, ())
    assert document.parse(document.render(person)).get("JiangChengQingKuang") == "嘉奖\r\n记功"


def test_a_person_element_with_namespaces_is_read():
    data = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<Person xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="urn:x">'
        "<XingMing>张三</XingMing><JiaTingChengYuan><Item><ChengWei>父亲</ChengWei>"
        "<XingMing>张一</XingMing></Item></JiaTingChengYuan></Person>"
    ).encode()
    person = document.parse(data)
    assert person.get("XingMing") == "张三"
    assert person.family == (("父亲", "张一", "", "", ""),)


@pytest.mark.parametrize(("extra", "accepted"), [(-1, True), (0, True), (1, False), (3, False)])
def test_photo_size_limit(extra, accepted):
    from pool.models import CadrePhoto

    data = b"\xff\xd8\xff" + bytes(CadrePhoto.MAX_BYTES - 3 + extra)
    text = base64.b64encode(data).decode()
    if accepted:
        assert values.photo(text) == (data, "image/jpeg")
    else:
        with pytest.raises(CellError, match="照片过大"):
            values.photo(text)
