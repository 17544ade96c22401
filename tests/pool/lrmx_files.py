"""Hand-written LRMX files for the tests, as the national software and the
systems around it write them (element order, yyyymm months, an Item per family
member, base64 photo)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

from tests.factories import make_id_number

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) + b"\xff\xd9"
TAGS = (
    "XingMing", "XingBie", "ChuShengNianYue", "MinZu", "JiGuan", "ChuShengDi", "RuDangShiJian",
    "CanJiaGongZuoShiJian", "JianKangZhuangKuang", "ZhuanYeJiShuZhiWu",
    "ShuXiZhuanYeYouHeZhuanChang", "QuanRiZhiJiaoYu_XueLi", "QuanRiZhiJiaoYu_XueWei",
    "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi",
    "ZaiZhiJiaoYu_XueLi", "ZaiZhiJiaoYu_XueWei", "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi",
    "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", "XianRenZhiWu", "NiRenZhiWu", "NiMianZhiWu", "JianLi",
    "JiangChengQingKuang", "NianDuKaoHeJieGuo", "RenMianLiYou", "JiaTingChengYuan",
    "ChengBaoDanWei", "JiSuanNianLingShiJian", "TianBiaoShiJian", "TianBiaoRen", "ShenFenZheng",
    "ZhaoPian", "Version",
)  # fmt: skip
MESSY_RESUME = (
    "2008.09--2012.07  湖南大学法学院法学专业学习\r\n"
    "2012.07—2015.03 东县青石镇党政办科员\r\n"
    "                （其间：2013.09--2015.07在中央党校函授学院经济管理专业在职大学学习）\r\n"
    "２０１５．０３～２０１８．１２　东县北山镇副镇长\r\n"
    "2019.01至今 东县青石镇党委副书记"
)
FAMILY = (
    ("父亲", "张建国", "196503", "中共党员", "东县农业农村局退休干部"),
    ("母亲", "李秀英", "196708", "群众", "东县青石镇居民"),
    ("妻子", "王芳", "199105", "中共党员", "东县第一中学教师"),
)


def sample(**overrides) -> dict:
    birth = dt.date(1990, 1, 15)
    values = {
        "XingMing": "张伟",
        "XingBie": "男",
        "ChuShengNianYue": "199001",
        "MinZu": "汉族",
        "JiGuan": "湖南浏阳",
        "ChuShengDi": "湖南浏阳",
        "RuDangShiJian": "201106",
        "CanJiaGongZuoShiJian": "201207",
        "JianKangZhuangKuang": "健康",
        "ZhuanYeJiShuZhiWu": "",
        "ShuXiZhuanYeYouHeZhuanChang": "基层党建、乡村振兴",
        "QuanRiZhiJiaoYu_XueLi": "大学",
        "QuanRiZhiJiaoYu_XueWei": "法学学士",
        "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": "湖南大学法学院法学专业",
        "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": "湖南大学法学院法学专业",
        "ZaiZhiJiaoYu_XueLi": "",
        "ZaiZhiJiaoYu_XueWei": "",
        "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": "",
        "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": "",
        "XianRenZhiWu": "东县青石镇党委副书记",
        "NiRenZhiWu": "东县北山镇党委书记",
        "NiMianZhiWu": "东县青石镇党委副书记",
        "JianLi": MESSY_RESUME,
        "JiangChengQingKuang": "2020年被评为东县优秀共产党员。",
        "NianDuKaoHeJieGuo": "2022年、2023年年度考核均为称职，2024年年度考核为优秀。",
        "RenMianLiYou": "工作需要",
        "JiaTingChengYuan": FAMILY,
        "ChengBaoDanWei": "中共东县县委组织部",
        "JiSuanNianLingShiJian": "20260601",
        "TianBiaoShiJian": "20260520",
        "TianBiaoRen": "周敏",
        "ShenFenZheng": make_id_number(birth),
        "ZhaoPian": base64.b64encode(JPEG).decode(),
        "Version": "3.2.1.16",
    }
    values.update(overrides)
    return values


def lrmx(values: dict | None = None, *, encoding: str = "UTF-8", drop: tuple = ()) -> bytes:
    values = sample() if values is None else values
    lines = [f'<?xml version="1.0" encoding="{encoding}"?>', "<Person>"]
    for tag in TAGS:
        if tag in drop:
            continue
        if tag == "JiaTingChengYuan":
            lines.append("  <JiaTingChengYuan>")
            for member in values.get(tag, ()):
                lines.append("    <Item>")
                for child, value in zip(
                    ("ChengWei", "XingMing", "ChuShengRiQi", "ZhengZhiMianMao",
                     "GongZuoDanWeiJiZhiWu"), member, strict=True,
                ):  # fmt: skip
                    lines.append(f"      <{child}>{escape(value)}</{child}>")
                lines.append("    </Item>")
            lines.append("  </JiaTingChengYuan>")
        else:
            lines.append(f"  <{tag}>{escape(values.get(tag, ''))}</{tag}>")
    lines.append("</Person>")
    text = "\r\n".join(lines)
    codec = "gb18030" if encoding.lower() in ("gb2312", "gbk") else encoding
    return text.encode(codec)


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
