"""One LRMX file <-> a ``Person`` of plain strings, in the national software's
element order. Pure: no ORM, no Django.

Safety: a file with a document type declaration (<!DOCTYPE ...>) or an entity
declaration is refused before parsing, so no entity is ever expanded or fetched
(the same rule as pool.imports.readers applies to spreadsheet parts); the
standard library parser then only sees the five predefined entities.

Encoding: UTF-8 (with or without BOM), UTF-16 with BOM, or whatever the XML
declaration names; GB2312/GBK files (older versions of the national software)
are decoded as GB18030, their superset.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

# (element, Chinese label) in the order the national software writes them.
ELEMENTS: tuple[tuple[str, str], ...] = (
    ("XingMing", "姓名"),
    ("XingBie", "性别"),
    ("ChuShengNianYue", "出生年月"),
    ("MinZu", "民族"),
    ("JiGuan", "籍贯"),
    ("ChuShengDi", "出生地"),
    ("RuDangShiJian", "入党时间"),
    ("CanJiaGongZuoShiJian", "参加工作时间"),
    ("JianKangZhuangKuang", "健康状况"),
    ("ZhuanYeJiShuZhiWu", "专业技术职务"),
    ("ShuXiZhuanYeYouHeZhuanChang", "熟悉专业有何专长"),
    ("QuanRiZhiJiaoYu_XueLi", "全日制学历"),
    ("QuanRiZhiJiaoYu_XueWei", "全日制学位"),
    ("QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", "全日制学历毕业院校系及专业"),
    ("QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", "全日制学位毕业院校系及专业"),
    ("ZaiZhiJiaoYu_XueLi", "在职学历"),
    ("ZaiZhiJiaoYu_XueWei", "在职学位"),
    ("ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", "在职学历毕业院校系及专业"),
    ("ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", "在职学位毕业院校系及专业"),
    ("XianRenZhiWu", "现任职务"),
    ("NiRenZhiWu", "拟任职务"),
    ("NiMianZhiWu", "拟免职务"),
    ("JianLi", "简历"),
    ("JiangChengQingKuang", "奖惩情况"),
    ("NianDuKaoHeJieGuo", "年度考核结果"),
    ("RenMianLiYou", "任免理由"),
    ("JiaTingChengYuan", "家庭成员"),
    ("ChengBaoDanWei", "呈报单位"),
    ("JiSuanNianLingShiJian", "计算年龄时间"),
    ("TianBiaoShiJian", "填表时间"),
    ("TianBiaoRen", "填表人"),
    ("ShenFenZheng", "身份证号"),
    ("ZhaoPian", "照片"),
    ("Version", "版本"),
)
LABELS = dict(ELEMENTS)
FAMILY = "JiaTingChengYuan"
TEXT_ELEMENTS = tuple(tag for tag, _ in ELEMENTS if tag != FAMILY)
# (element, label) of each <Item> under <JiaTingChengYuan>.
MEMBER_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("ChengWei", "称谓"),
    ("XingMing", "姓名"),
    ("ChuShengRiQi", "出生年月"),
    ("ZhengZhiMianMao", "政治面貌"),
    ("GongZuoDanWeiJiZhiWu", "工作单位及职务"),
)
# The version of the national software whose layout the files follow.
VERSION = "3.2.1.16"
MAX_BYTES = 8 * 1024 * 1024  # one person's file, photo included

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", re.I)
_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "936", "windows-936"}


class LrmxError(ValueError):
    """The bytes are not a usable LRMX file; the message is Chinese."""


@dataclass(frozen=True)
class Person:
    """The text of every element (stripped; missing elements are ""), and the
    family members as tuples in MEMBER_ELEMENTS order."""

    values: dict[str, str] = field(default_factory=dict)
    family: tuple[tuple[str, ...], ...] = ()

    def get(self, tag: str) -> str:
        return self.values.get(tag, "")


def decode(data: bytes) -> str:
    """The file's text, from its BOM, its XML declaration, or UTF-8 then GB18030."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[3:].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
    except UnicodeDecodeError:
        raise LrmxError("文件内容与其编码标记（BOM）不符，无法读取") from None
    m = _DECLARATION.match(data[:256])
    declared = m.group(1).decode("ascii").lower() if m else "utf-8"
    codec = "gb18030" if declared in _GB else declared
    try:
        codecs.lookup(codec)
    except LookupError:
        raise LrmxError(f"不支持的文件编码“{declared}”") from None
    for attempt in (codec, "gb18030"):
        try:
            return data.decode(attempt)
        except UnicodeDecodeError:
            continue
    raise LrmxError(f"文件内容与声明的编码“{declared}”不符，无法读取")


def parse(data: bytes) -> Person:
    """Read one LRMX file. Raises LrmxError (Chinese) when it cannot be used."""
    if len(data) > MAX_BYTES:
        raise LrmxError(f"文件过大（{len(data) / 1048576:.1f} MB），单人LRMX文件不能超过8 MB")
    if not data.strip():
        raise LrmxError("文件是空的")
    text = decode(data)
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        raise LrmxError("文件中含有 XML 文档类型声明（DTD），已拒绝读取")
    text = _DECLARATION_TEXT.sub("", text, count=1)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line, column = exc.position
        raise LrmxError(f"不是有效的LRMX文件：XML格式错误（第{line}行第{column + 1}列）") from None
    if root.tag.startswith("{"):  # a default namespace: compare local names only
        for element in root.iter():
            element.tag = element.tag.rsplit("}", 1)[-1]
    if root.tag != "Person":
        raise LrmxError(f"不是LRMX文件：根元素应为 Person，实际为 {root.tag[:40]}")
    values = {}
    for tag in TEXT_ELEMENTS:
        element = root.find(tag)
        values[tag] = "" if element is None else "".join(element.itertext()).strip()
    members = []
    holder = root.find(FAMILY)
    for item in holder.findall("Item") if holder is not None else ():
        member = tuple((item.findtext(tag) or "").strip() for tag, _ in MEMBER_ELEMENTS)
        if any(member):
            members.append(member)
    return Person(values, tuple(members))


def render(person: Person) -> bytes:
    """The file the national software writes: UTF-8, every element present, in order."""
    root = ET.Element("Person")
    for tag, _ in ELEMENTS:
        element = ET.SubElement(root, tag)
        if tag == FAMILY:
            for member in person.family:
                item = ET.SubElement(element, "Item")
                for (child, _), value in zip(MEMBER_ELEMENTS, member, strict=True):
                    ET.SubElement(item, child).text = value
        elif tag == "Version":
            element.text = person.get(tag) or VERSION
        else:
            element.text = person.get(tag)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    # Text typed into a browser has CR LF line ends: keep the CR as a character
    # reference, which a parser returns as is (a literal CR would become LF).
    body = _NOT_XML.sub("", body).replace("\r", "&#13;")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")
