"""The vocabulary of real cadre files, one normaliser per field (pool.imports.vocabulary),
table-tested, and used by the roster, LRMX, staffing imports and statistics."""

import pytest

from pool.imports import vocabulary
from pool.imports.cells import CellError
from pool.models import Education, Rank
from pool.selection import rules as selection_rules

Study = vocabulary.Study


@pytest.mark.parametrize(
    ("written", "degree", "expected"),
    [
        ("研究生", "", Study("研究生")),
        ("研究生", "硕士", Study("硕士研究生")),
        ("研究生", "博士", Study("博士研究生")),
        ("研究生（硕士）", "", Study("硕士研究生")),
        ("博士研究生", "", Study("博士研究生")),
        ("硕士", "", Study("硕士研究生")),
        ("大学", "", Study("大学本科")),
        ("大学本科", "学士", Study("大学本科")),
        ("本科", "", Study("大学本科")),
        ("大学本科毕业", "", Study("大学本科")),
        ("大专", "", Study("大学专科")),
        ("大学专科", "", Study("大学专科")),
        ("中专", "", Study("中专")),
        ("高中", "", Study("高中及以下")),
        ("初中", "", Study("高中及以下")),
        ("在职研究生", "", Study("研究生", True)),
        ("在职大学", "", Study("大学本科", True)),
        ("全日制大学", "", Study("大学本科", False)),
        ("全日制硕士研究生", "", Study("硕士研究生", False)),
        ("中央党校研究生", "", Study("中央党校研究生", True)),
        ("中共中央党校研究生", "硕士", Study("中央党校研究生", True)),
        ("省委党校研究生", "", Study("省委党校研究生", True)),
        ("中共湖南省委党校大学", "", Study("省委党校大学", True)),
        ("中央党校大学", "", Study("中央党校大学", True)),
        ("中央党校本科", "", Study("中央党校大学", True)),
        ("市委党校大专", "", Study("市委党校大专", True)),
        ("县委党校大专", "", Study("县委党校大专", True)),
        ("在职省委党校研究生", "", Study("省委党校研究生", True)),
        ("ｓ大学", "", None),
        ("党校研究生", "", None),
        ("大学生", "", None),
        ("", "", Study("")),
        ("无", "", Study("")),
        (" 大 学 ", "", Study("大学本科")),
    ],
)
def test_education(written, degree, expected):
    if expected is None:
        with pytest.raises(CellError, match="不是可识别的学历"):
            vocabulary.education(written, degree)
    else:
        assert vocabulary.education(written, degree) == expected
        assert expected.education in (*Education.values, "")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("法学学士", ("学士", "法学")),
        ("管理学硕士", ("硕士", "管理学")),
        ("工商管理硕士", ("硕士", "工商管理")),
        ("公共管理硕士（MPA）", ("硕士", "公共管理")),
        ("MPA", ("硕士", "公共管理")),
        ("博士", ("博士", "")),
        ("硕士学位", ("硕士", "")),
        ("学士", ("学士", "")),
        ("经济学博士", ("博士", "经济学")),
        ("无", ("", "")),
        ("", ("", "")),
        ("大学本科", None),
        ("1989.13", None),
    ],
)
def test_degree(written, expected):
    if expected is None:
        with pytest.raises(CellError, match="不是有效的学位"):
            vocabulary.degree(written)
    else:
        assert vocabulary.degree(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [("汉", "汉族"), ("汉族", "汉族"), ("蒙古", "蒙古族"), ("维吾尔族", "维吾尔族"),
     ("土家", "土家族"), ("回 族", "回族"), ("土", "土族"), ("汉人", None), ("", None)],
)  # fmt: skip
def test_ethnicity(written, expected):
    assert len(vocabulary.ETHNIC_GROUPS) == 56
    if expected is None:
        with pytest.raises(CellError, match="不是有效的民族"):
            vocabulary.ethnicity(written)
    else:
        assert vocabulary.ethnicity(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("中共党员", "中共党员"), ("党员", "中共党员"), ("中国共产党党员", "中共党员"),
        ("中共预备党员", "中共预备党员"), ("预备党员", "中共预备党员"),
        ("共青团员", "共青团员"), ("团员", "共青团员"),
        ("民革", "民革会员"), ("民盟盟员", "民盟盟员"), ("民建", "民建会员"),
        ("民进会员", "民进会员"), ("农工党", "农工党党员"), ("致公党", "致公党党员"),
        ("九三学社", "九三学社社员"), ("台盟", "台盟盟员"),
        ("无党派人士", "无党派人士"), ("无党派", "无党派人士"), ("群众", "群众"),
        ("已故", None),
    ],
)  # fmt: skip
def test_political_status(written, expected):
    if expected is None:
        with pytest.raises(CellError, match="不是有效的政治面貌"):
            vocabulary.political_status(written)
    else:
        assert vocabulary.political_status(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("一级调研员", "一级调研员"), ("四级调研员", "四级调研员"),
        ("一级主任科员", "一级主任科员"), ("4级主任科员", "四级主任科员"),
        ("一级科员", "一级科员"), ("二级科员", "二级科员"),
        ("正科级", "正科"), ("副科级", "副科"), ("科员", "科员"), ("办事员", "办事员"),
        ("科级正职", "正科"), ("科级副职", "副科"), ("乡科级正职", "正科"),
        ("县处级副职", "副处"), ("正处级", "正处"), ("正科", "正科"),
        ("三级主任科员职级", "三级主任科员"), ("五级调研员", None), ("科长", None),
    ],
)  # fmt: skip
def test_rank(written, expected):
    if expected is None:
        with pytest.raises(CellError, match="不是有效的职级"):
            vocabulary.rank(written)
    else:
        assert vocabulary.rank(written) == expected
        assert expected in Rank.values


def test_every_party_school_education_is_a_stored_choice_with_points():
    for value, level in vocabulary.PARTY_SCHOOL_LEVELS.items():
        assert value in Education.values and level in Education.values
        assert selection_rules.EDUCATION_POINTS[value] == selection_rules.EDUCATION_POINTS[level]
    for value in Education.values:
        assert value in selection_rules.EDUCATION_POINTS


@pytest.mark.parametrize(
    ("fulltime", "inservice", "score"),
    [("", "中央党校研究生", 80.0), ("中央党校研究生", "", 80.0), ("研究生", "", 90.0),
     ("大学本科", "省委党校研究生", 80.0), ("大学专科", "省委党校大学", 70.0)],
)  # fmt: skip
def test_party_school_education_scores_as_in_service(fulltime, inservice, score):
    assert selection_rules.education_score(fulltime, inservice) == score


@pytest.mark.parametrize(
    ("a", "b"),
    [("培训班（第三期）", "培训班(第三期)"), ("东县 财政局", "东县财政局"),
     ("青石镇\u200b", "青石镇"), ("ＡＢＣ办", "ABC办"), ("城关镇\u3000", "城关镇")],
)  # fmt: skip
def test_names_compare_by_one_key_on_both_sides(a, b):
    from pool.imports import cells, unit_index

    assert cells.name_key(a) == cells.name_key(b)
    assert unit_index.norm is cells.name_key
