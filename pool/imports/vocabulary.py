"""The vocabulary of real cadre files: one normaliser per field, used by every
import kind (rosters, LRMX) so that a word means the same everywhere.

Each normaliser takes the text of a cell (any width, spaces anywhere) and
returns the stored value, or raises cells.CellError with a Chinese message.

- 学历 (``education``): GB/T 4658 and 干部任免审批表 words. 研究生 is 博士研究生 or
  硕士研究生 when the 学位 or the text says which, else 研究生; 大学 = 大学本科,
  大专 = 大学专科; a 在职/全日制 prefix says which column it belongs to; 党校
  education (中央党校/省委党校/市委党校/县委党校 + 研究生/大学/大专) is kept as
  written, and is 在职 education.
- 学位 (``degree``): 法学学士, 管理学硕士, 工商管理硕士, 公共管理硕士（MPA）, 博士 …
  as (level, subject).
- 民族 (``ethnicity``) with or without 族; 政治面貌 (``political_status``);
  职级 and 职务层次 (``rank``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pool.imports.cells import CellError
from pool.models import Degree, Education, Rank

_SPACES = re.compile(r"\s+")


def _key(text: str) -> str:
    """NFKC (full-width to half-width), no spaces, no invisible characters."""
    text = unicodedata.normalize("NFKC", str(text))
    return _SPACES.sub("", text).translate(dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff")))


_NONE = frozenset({"无", "/", "-", "—", "——", "无学位", "无学历", "暂无"})


# --- 学历 ---------------------------------------------------------------------------

PARTY_SCHOOLS = ("中央党校", "省委党校", "市委党校", "县委党校")
# 党校 education by the level it stands for in statistics (党校研究生 is 研究生 level).
PARTY_SCHOOL_LEVELS: dict[str, str] = {
    f"{school}{word}": level
    for school in PARTY_SCHOOLS
    for word, level in (
        ("研究生", Education.GRADUATE),
        ("大学", Education.BACHELOR),
        ("大专", Education.COLLEGE),
    )
}
_PARTY_WORDS = {  # what follows the school's name -> the 审批表 word
    "研究生": "研究生", "研究生班": "研究生", "在职研究生": "研究生",
    "大学": "大学", "本科": "大学", "大学本科": "大学", "函授本科": "大学",
    "大专": "大专", "专科": "大专", "大学专科": "大专", "函授大专": "大专",
}  # fmt: skip
# 中央党校, 省委党校, 中共湖南省委党校, 长沙市委党校, 浏阳市委党校 (a county-level city:
# its 市委党校 is written as such), 东县县委党校, 雨花区委党校 (a district's: 县委党校).
_PARTY_SCHOOL = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{0,10}?(中央|省委|市委|县委|区委)党校(.+)$")
_SCHOOL_OF = {"中央": "中央党校", "省委": "省委党校", "市委": "市委党校", "县委": "县委党校",
              "区委": "县委党校"}  # fmt: skip
_BRACKETED_DEGREE = re.compile(r"^(.+?)\((.*?(?:博士|硕士|学士)(?:学位)?)\)$")
_LEVELS = {  # the rest, after 在职/全日制 and a trailing 毕业/学历
    "博士研究生": Education.DOCTOR, "博士": Education.DOCTOR,
    "硕士研究生": Education.MASTER, "硕士": Education.MASTER,
    "研究生": Education.GRADUATE,
    "大学本科": Education.BACHELOR, "本科": Education.BACHELOR, "大学": Education.BACHELOR,
    "大学专科": Education.COLLEGE, "大专": Education.COLLEGE, "专科": Education.COLLEGE,
    "高职": Education.COLLEGE,
    "中专": Education.SECONDARY, "中技": Education.SECONDARY, "中等专科": Education.SECONDARY,
    "技校": Education.SECONDARY, "职高": Education.SECONDARY,
    "高中": Education.HIGH_SCHOOL, "初中": Education.HIGH_SCHOOL, "小学": Education.HIGH_SCHOOL,
    "高中及以下": Education.HIGH_SCHOOL,
}  # fmt: skip
EDUCATION_WORDS = (
    "博士研究生、硕士研究生、研究生、大学本科（大学）、大学专科（大专）、中专、高中，"
    "可加“在职”“全日制”，或如“省委党校研究生”"
)


@dataclass(frozen=True)
class Study:
    """A 学历 as stored, and the column it belongs to: True 在职, False 全日制,
    None when the text does not say."""

    education: str
    inservice: bool | None = None


def is_party_school(education: str) -> bool:
    return education in PARTY_SCHOOL_LEVELS


def statistics_level(education: str) -> str:
    """The Education a value counts as in statistics: 党校 education by its level."""
    return PARTY_SCHOOL_LEVELS.get(education, education)


def education(text: str, degree_level: str = "") -> Study:
    """学历 as written -> Study. ``degree_level`` (博士/硕士/学士, from the 学位 column)
    settles a bare 研究生. Blank and 无 give Study("")."""
    key = _key(text)
    if not key or key in _NONE:
        return Study("")
    inservice: bool | None = None
    for prefix, flag in (("在职", True), ("全日制", False)):
        if key.startswith(prefix):
            key, inservice = key[len(prefix) :], flag
            break
    bracketed = _BRACKETED_DEGREE.match(key)  # 研究生(硕士), 大学(学士学位)
    if bracketed:
        key, degree_level = bracketed.group(1), degree_level or bracketed.group(2)
    for suffix in ("毕业", "学历", "肄业", "结业"):
        key = key.removesuffix(suffix)
    party = _PARTY_SCHOOL.match(key)
    if party:
        word = _PARTY_WORDS.get(party.group(2))
        if word:
            return Study(f"{_SCHOOL_OF[party.group(1)]}{word}", True)
    level = _LEVELS.get(key)
    if level is None:
        raise CellError(f"“{_key(text)[:40]}”不是可识别的学历，可填：{EDUCATION_WORDS}")
    return Study(settle(level, degree_level), inservice)


def settle(education: str, degree_level: str) -> str:
    """A bare 研究生 with its 学位: 博士 -> 博士研究生, 硕士 -> 硕士研究生."""
    if education == Education.GRADUATE:
        if "博士" in degree_level:
            return Education.DOCTOR
        if "硕士" in degree_level:
            return Education.MASTER
    return education


# --- 学位 ---------------------------------------------------------------------------

_DEGREE_LEVELS = tuple(Degree.values)  # 博士, 硕士, 学士
_ABBREVIATIONS = {
    "MPA": ("硕士", "公共管理"), "MBA": ("硕士", "工商管理"), "JM": ("硕士", "法律"),
    "EMBA": ("硕士", "高级管理人员工商管理"), "MPACC": ("硕士", "会计"), "PHD": ("博士", ""),
}  # fmt: skip
_BRACKETED = re.compile(r"\(([A-Za-z]{2,6})\)$")
DEGREE_WORDS = "博士、硕士、学士（可带学科，如法学学士、公共管理硕士（MPA））"


def degree(text: str) -> tuple[str, str]:
    """学位 as written -> (level, subject): 法学学士 -> (学士, 法学), 公共管理硕士（MPA）
    -> (硕士, 公共管理), MBA -> (硕士, 工商管理); blank and 无 -> ("", "")."""
    key = _key(text)
    if not key or key in _NONE:
        return "", ""
    key = _BRACKETED.sub("", key).removesuffix("学位")
    if key.upper() in _ABBREVIATIONS:
        return _ABBREVIATIONS[key.upper()]
    for prefix in ("在职", "全日制"):
        key = key.removeprefix(prefix)
    for level in _DEGREE_LEVELS:
        if key.endswith(level):
            subject = key[: -len(level)]
            if len(subject) <= 20 and not any(ch.isdigit() for ch in subject):
                return level, subject
    raise CellError(f"“{_key(text)[:40]}”不是有效的学位，可填：{DEGREE_WORDS}")


# --- 民族 ---------------------------------------------------------------------------

_ETHNIC_NAMES = (  # GB/T 3304, without the final 族
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 "
    "怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
)
ETHNIC_GROUPS = tuple(f"{name}族" for name in _ETHNIC_NAMES.split(" "))
_ETHNICITY = {**{g: g for g in ETHNIC_GROUPS}, **{g.removesuffix("族"): g for g in ETHNIC_GROUPS}}
_ETHNICITY.update({"其他": "其他", "入籍": "入籍", "穿青人": "穿青人", "维族": "维吾尔族",
                   "蒙族": "蒙古族"})  # fmt: skip


def ethnicity(text: str) -> str:
    """民族 with or without 族: 汉 -> 汉族, 蒙古 -> 蒙古族."""
    key = _key(text)
    found = _ETHNICITY.get(key)
    if found is None:
        raise CellError(f"“{key[:40]}”不是有效的民族，应为56个民族之一，如汉族、回族（可不写“族”）")
    return found


# --- 政治面貌 -------------------------------------------------------------------------

POLITICAL_STATUSES = (
    "中共党员", "中共预备党员", "共青团员", "民革会员", "民盟盟员", "民建会员", "民进会员",
    "农工党党员", "致公党党员", "九三学社社员", "台盟盟员", "无党派人士", "群众",
)  # fmt: skip
_POLITICAL = {s: s for s in POLITICAL_STATUSES} | {
    "党员": "中共党员", "共产党员": "中共党员", "中国共产党党员": "中共党员",
    "中国共产党员": "中共党员", "中共": "中共党员",
    "预备党员": "中共预备党员", "中国共产党预备党员": "中共预备党员",
    "团员": "共青团员", "共青团": "共青团员", "中国共产主义青年团团员": "共青团员",
    "民革": "民革会员", "民革党员": "民革会员", "中国国民党革命委员会会员": "民革会员",
    "民盟": "民盟盟员", "中国民主同盟盟员": "民盟盟员",
    "民建": "民建会员", "中国民主建国会会员": "民建会员",
    "民进": "民进会员", "中国民主促进会会员": "民进会员",
    "农工党": "农工党党员", "农工民主党党员": "农工党党员", "中国农工民主党党员": "农工党党员",
    "致公党": "致公党党员", "中国致公党党员": "致公党党员",
    "九三学社": "九三学社社员", "九三": "九三学社社员",
    "台盟": "台盟盟员", "台湾民主自治同盟盟员": "台盟盟员",
    "无党派": "无党派人士", "无党派民主人士": "无党派人士",
    "群众": "群众", "普通群众": "群众",
}  # fmt: skip


def political_status(text: str) -> str:
    """政治面貌: 中共党员, 中共预备党员, 共青团员, the eight 民主党派, 无党派人士, 群众."""
    key = _key(text)
    found = _POLITICAL.get(key)
    if found is None:
        shown = "、".join(POLITICAL_STATUSES)
        raise CellError(f"“{key[:40]}”不是有效的政治面貌，可填：{shown}")
    return found


# --- 职级 and 职务层次 ------------------------------------------------------------------

_RANKS = {r: r for r in Rank.values} | {
    # 职务层次, and how files write them
    "正处级": Rank.DIVISION_CHIEF, "处级正职": Rank.DIVISION_CHIEF,
    "县处级正职": Rank.DIVISION_CHIEF, "正县级": Rank.DIVISION_CHIEF,
    "副处级": Rank.DIVISION_DEPUTY, "处级副职": Rank.DIVISION_DEPUTY,
    "县处级副职": Rank.DIVISION_DEPUTY, "副县级": Rank.DIVISION_DEPUTY,
    "正科级": Rank.SECTION_CHIEF, "科级正职": Rank.SECTION_CHIEF,
    "乡科级正职": Rank.SECTION_CHIEF, "正乡级": Rank.SECTION_CHIEF,
    "副科级": Rank.SECTION_DEPUTY, "科级副职": Rank.SECTION_DEPUTY,
    "乡科级副职": Rank.SECTION_DEPUTY, "副乡级": Rank.SECTION_DEPUTY,
    "科员级": Rank.CLERK, "办事员级": Rank.OFFICER,
}  # fmt: skip
_NUMERALS = str.maketrans("1234", "一二三四")
RANK_WORDS = (
    "正处、副处、正科、副科（或正科级、科级正职等）、一级至四级调研员、一级至四级主任科员、"
    "一级科员、二级科员、科员、办事员"
)


def rank(text: str) -> str:
    """职级 (一级调研员 … 二级科员, 1级主任科员) and 职务层次 (正科级, 科级正职 = 正科)."""
    key = _key(text).translate(_NUMERALS)
    found = _RANKS.get(key) or _RANKS.get(key.removesuffix("职级"))
    if found is None:
        raise CellError(f"“{_key(text)[:40]}”不是有效的职级，可填：{RANK_WORDS}")
    return found


CHIEF_OR_DEPUTY = {  # 职务层次 -> the staffing kind of a post (正职/副职)
    **{w: "chief" for w, r in _RANKS.items() if r in (Rank.DIVISION_CHIEF, Rank.SECTION_CHIEF)},
    **{w: "deputy" for w, r in _RANKS.items() if r in (Rank.DIVISION_DEPUTY, Rank.SECTION_DEPUTY)},
}
