"""Demo data for a fictional prefecture-level city, 江州市 (``manage.py load_demo``).

Everything is drawn from one ``random.Random(seed)``: a seed gives the same units,
people, ID numbers and accounts. Ages are drawn relative to today's month, so the
demo keeps its profile (young cadres, 35岁以下 township leaders) as years pass.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from pool.models import (
    AccountSecurity,
    Cadre,
    CareerEntry,
    Rank,
    Role,
    RoleGrant,
    Unit,
    UnitKind,
    UnitLevel,
)
from pool.models import CadreCategory as Cat
from pool.models import Degree as Deg
from pool.models import Education as Edu
from pool.people import rules

DEMO_PASSWORD = "Demo#2026pass"
DEFAULT_SEED = 2026
BATCH_SIZE = 2000
CITY_NAME, CITY_CODE = "江州市", "439000"


def _w(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


# (name, 县/区, ID region code). HOME_COUNTY holds 北山镇 and 青石镇 and the scoped logins.
COUNTIES = [("东县", "县", "439001"), ("西县", "县", "439002"), ("南河区", "区", "439003")]
COUNTIES.append(("北山县", "县", "439004"))
HOME_COUNTY, HOME_TOWNS = "北山县", ["城关镇", "北山镇", "青石镇", "南河乡"]
TOWN_POOL = _w(
    "白沙镇 黄土岭镇 石门乡 桃花镇 梅溪乡 龙潭镇 清水镇 双江镇 金盆乡 杨柳镇 大坪乡 高桥镇 新塘镇 "
    "长岭乡 马鞍镇 莲花镇 花桥镇 枫林乡 竹山镇 松柏乡 太平镇 永兴镇 和平乡 三合镇 九龙镇 溪口镇"
)
STREET_POOL = _w("城关街道 柳林街道 东门街道 西城街道 河西街道 凤凰街道 五里牌街道 望城街道")
# (city name, county name with {s} = 县/区, sector, internal body stems after 办公室)
DEPTS = [
    ("市委办公室", "{s}委办公室", "党群", "秘书 督查 信息"),
    ("市委组织部", "{s}委组织部", "党群", "干部 组织 干部监督"),
    ("市委宣传部", "{s}委宣传部", "党群", "宣传 理论"),
    ("市委政法委", "{s}委政法委", "政法", "综治 执法监督"),
    ("市发改委", "发展和改革局", "经济", "综合 项目 价格"),
    ("市教育局", "教育局", "教育卫生", "人事 基础教育 计划财务"),
    ("市公安局", "公安局", "政法", "警务保障 治安 法制"),
    ("市财政局", "财政局", "经济", "预算 国库 综合"),
    ("市农业农村局", "农业农村局", "农业农村", "乡村振兴 农田建设 产业发展"),
    ("市卫生健康委", "卫生健康局", "教育卫生", "医政医管 疾病预防控制"),
    ("市民政局", "民政局", "社会治理", "社会救助 养老服务"),
    ("市人力资源和社会保障局", "人力资源和社会保障局", "社会治理", "就业促进 人事"),
]
CITY_INSTITUTIONS = [("市中心医院", "教育卫生", "院长"), ("市职业技术学院", "教育卫生", "院长")]
COUNTY_INSTITUTIONS = [("人民医院", "教育卫生", "院长"), ("第一中学", "教育卫生", "校长")]
COUNTY_INSTITUTIONS += [("融媒体中心", "党群", "主任"), ("农业技术推广中心", "农业农村", "主任")]
CITY_SOE, COUNTY_SOE = "市城市发展集团有限公司", "城市建设投资有限公司"
TOP_LEADERS = ["{c}委书记", "{c}{s}长", "{c}人大常委会主任", "{c}政协主席"]
DEPUTY_LEADERS = ["{c}委副书记", "{c}委常委、组织部部长", "{c}委常委、纪委书记"]
DEPUTY_LEADERS += ["{c}委常委、常务副{s}长", "{c}委常委、宣传部部长", "{c}委常委、政法委书记"]
DEPUTY_LEADERS += ["{c}副{s}长"] * 3
TOWN_OFFICES = ["党政综合办公室", "经济发展办公室", "社会事务办公室", "综合行政执法队"]
SERVICE_CENTRES = ["便民服务中心", "农业综合服务中心", "退役军人服务站"]
VILLAGES = _w("白竹 杉木 金鸡 花园 柳塘 石桥 长冲 新屋 高坪 枫树")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
SURNAME_WEIGHTS = [1 / (i + 6) for i in range(len(SURNAMES))]
MALE_CHARS = "伟强军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆磊晨阳峰建国志海林东旭龙坤成毅哲睿"
FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲婷雪慧颖琳晶倩洁莉蓉佳欣怡萍红梅丹媛瑶璐悦菲薇琴"
COMMON_CHARS = "文思晓子雨嘉一天安清春新德永家宏振立世玉金长云秋忠光学少若梓"
ETHNICITIES, ETHNICITY_WEIGHTS = ["汉族", "土家族", "苗族", "回族"], [90, 5, 3, 2]
PLACES = _w("湖南长沙 湖南衡阳 湖南邵阳 湖南常德 湖南怀化 湖南湘西 湖北荆州 江西萍乡 贵州铜仁")
TOP_SCHOOLS = _w("武汉大学 中南大学 湖南大学 华中科技大学 中山大学 厦门大学 中国人民大学")
SCHOOLS = _w(
    "湖南师范大学 湘潭大学 长沙理工大学 湖南农业大学 吉首大学 湖南科技大学 南华大学 怀化学院 "
    "湖南工商大学 中南林业科技大学 湖南文理学院 衡阳师范学院 中南财经政法大学"
)
COLLEGES = _w("长沙民政职业技术学院 湖南工业职业技术学院 湖南警察学院 江州职业技术学院")
SECONDARY_SCHOOLS = _w("江州农业学校 湖南省财经学校 江州卫生学校 江州师范学校")
MAJORS = _w("行政管理 法学 汉语言文学 计算机科学与技术 思想政治教育 土木工程 公共事业管理")
SECTOR_MAJORS = {
    "经济": "经济学 会计学 财政学 金融学",
    "政法": "法学 侦查学 治安学",
    "教育卫生": "教育学 临床医学 汉语言文学 公共卫生",
    "农业农村": "农学 农林经济管理 园艺",
    "党群": "汉语言文学 新闻学 行政管理 马克思主义理论",
    "社会治理": "社会工作 行政管理 劳动与社会保障",
}
INSERVICE_BACHELOR = _w(
    "中央党校 经济管理|湖南省委党校 法律|湖南省委党校 经济管理|湘潭大学 法学", "|"
)
INSERVICE_MASTER = _w(
    "湖南大学 公共管理|中南大学 公共管理|湘潭大学 法律|湖南师范大学 教育管理", "|"
)
# education -> (age at graduation, years of study, degree)
GRADUATION = {
    Edu.DOCTOR: (28, 3, Deg.DOCTOR),
    Edu.MASTER: (25, 3, Deg.MASTER),
    Edu.BACHELOR: (22, 4, Deg.BACHELOR),
    Edu.COLLEGE: (21, 3, ""),
    Edu.SECONDARY: (19, 3, ""),
}
DOWNGRADE = {Edu.DOCTOR: Edu.MASTER, Edu.MASTER: Edu.BACHELOR}
STAFF_RANKS = [Rank.STAFF_2, Rank.STAFF_1, Rank.PRINCIPAL_4, Rank.PRINCIPAL_3]
STAFF_RANKS += [Rank.PRINCIPAL_2, Rank.PRINCIPAL_1]
STAFF_WEIGHTS = [15, 35, 18, 14, 10, 8]
STAFF_AGES = [(24, 28), (25, 33), (30, 40), (35, 48), (40, 55), (45, 59)]
STAFF_AGES = dict(zip(STAFF_RANKS, STAFF_AGES, strict=True))
# age profile -> (share aged <= 35 or so, young age range, older age range)
AGES = {
    "top": (0.0, (46, 57), (46, 57)),
    "chu": (0.15, (36, 40), (41, 56)),
    "chief": (0.12, (31, 35), (36, 56)),
    "deputy": (0.23, (28, 35), (36, 55)),
    "head": (0.35, (27, 35), (36, 54)),
    "village": (1.0, (24, 30), (24, 30)),
    "other": (0.45, (24, 35), (36, 58)),
}
SENIORITY = {Rank.DIVISION_CHIEF: 6, Rank.DIVISION_DEPUTY: 5, Rank.SECTION_CHIEF: 4}
SENIORITY |= {Rank.SECTION_DEPUTY: 3}
# username, display name, role, scope (home county / city / 青石镇 / none), sector
DEMO_USERS = [
    ("zuzhibu", "小周", Role.STAFF, "county", ""),
    ("shi_zuzhibu", "小林", Role.STAFF, "city", ""),
    ("qingshi", "小吴", Role.UNIT_COMMITTEE, "qingshi", ""),
    ("jiaoyu_lingyu", "小黄", Role.SECTOR_DEPT, "county", "教育卫生"),
    ("lingdao", "县委副书记", Role.LEADER, "county", ""),
    ("jiwei", "小郑", Role.DISCIPLINE_LIAISON, None, ""),
    ("sysadmin", "小孙", Role.SYS_ADMIN, None, ""),
    ("secadmin", "小钱", Role.SECURITY_ADMIN, None, ""),
    ("auditor", "小李", Role.AUDIT_ADMIN, None, ""),
]
DEMO_USERNAMES = [u[0] for u in DEMO_USERS]


class DemoError(Exception):
    """Demo data cannot be loaded; the message is Chinese, for the operator."""


@dataclass
class Region:
    """The city itself or one county: where people's careers run."""

    unit: Unit
    suffix: str  # 市 / 县 / 区
    code: str
    towns: list[Unit] = field(default_factory=list)
    depts: list[tuple[Unit, list[Unit]]] = field(default_factory=list)

    def full(self, name: str) -> str:
        """A unit's name as written in a 简历: 县委组织部 -> 北山县委组织部."""
        if name.startswith(self.unit.name):
            return name
        return self.unit.name + (name[1:] if name[0] in "市县区" else name)


@dataclass
class Seat:
    unit: Unit
    region: Region
    position: str
    rank: str
    profile: str  # key of AGES, or "staff"
    category: str = ""


@dataclass
class Summary:
    units: int = 0
    cadres: int = 0
    career_entries: int = 0
    seconds: float = 0.0
    young_by_county: list[tuple[str, int, int]] = field(default_factory=list)
    township_leaders: tuple[int, int] = (0, 0)
    accounts: list[tuple[str, str, str, str]] = field(default_factory=list)


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return dt.date(y, m + 1, 1)


def _months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _take(items: list, scale: float, minimum: int = 0) -> list:
    return items[: max(minimum, min(len(items), round(len(items) * scale)))]


def _n(base: int, scale: float, minimum: int = 0) -> int:
    return max(minimum, round(base * scale))


def _dept_titles(name: str) -> tuple[str, str]:
    if name.endswith("政法委"):
        return "常务副书记", "副书记"
    if name.endswith("部"):
        return "常务副部长", "副部长"
    return ("局长", "副局长") if name.endswith("局") else ("主任", "副主任")


def _body_titles(name: str) -> tuple[str, str]:
    return {"科": ("科长", "副科长"), "股": ("股长", "副股长")}.get(name[-1], ("主任", "副主任"))


def _town_titles(name: str) -> tuple[str, str, str]:
    """(party committee, government head, deputy head) of a township or street."""
    if name.endswith("街道"):
        return "党工委", "办事处主任", "办事处副主任"
    return "党委", f"{name[-1]}长", f"副{name[-1]}长"


def _staff_seat(rng, unit, region, prefix) -> Seat:
    rank = rng.choices(STAFF_RANKS, STAFF_WEIGHTS)[0]
    return Seat(unit, region, f"{prefix}{rank}", rank, "staff")


def _dept_seats(rng, scale, region, dept, bodies, city) -> list[Seat]:
    chief, deputy = _dept_titles(dept.name)
    ranks = list(SENIORITY)[:2] if city else list(SENIORITY)[2:]  # 正处 副处 | 正科 副科
    seats = [Seat(dept, region, dept.name + chief, ranks[0], "top" if city else "chief")]
    for _ in _take([0] * rng.randint(2, 3), scale):
        seats.append(Seat(dept, region, dept.name + deputy, ranks[1], "chu" if city else "deputy"))
    for body in bodies:
        head, sub = _body_titles(body.name)
        prefix = dept.name + body.name
        head_rank = Rank.SECTION_CHIEF if city else rng.choice(STAFF_RANKS[1:4])
        seats.append(Seat(body, region, prefix + head, head_rank, "head"))
        if rng.random() < 0.5 * min(1.0, scale * 2):
            sub_rank = Rank.SECTION_DEPUTY if city else Rank.STAFF_1
            seats.append(Seat(body, region, prefix + sub, sub_rank, "head"))
        for _ in range(_n(rng.randint(5, 9), scale)):
            seats.append(_staff_seat(rng, body, region, prefix))
    return seats


def _town_seats(rng, scale, region, town) -> list[Seat]:
    t = town.name
    party, gov, dgov = _town_titles(t)
    chiefs = [f"{t}{party}书记", f"{t}{party}副书记、{gov}"]
    chiefs += [] if t.endswith("街道") else [f"{t}人大主席"]
    discipline = "纪工委书记" if t.endswith("街道") else "纪委书记"
    deputies = [f"{t}{party}副书记", f"{t}{party}委员、{discipline}", f"{t}{party}委员、组织委员"]
    deputies += [f"{t}{party}委员、宣传委员", f"{t}武装部部长", f"{t}{dgov}", f"{t}{dgov}"]
    deputies += [f"{t}{dgov}"] if t.endswith("街道") else [f"{t}人大副主席"]
    seats = [Seat(town, region, p, Rank.SECTION_CHIEF, "chief") for p in chiefs]
    seats += [
        Seat(town, region, p, Rank.SECTION_DEPUTY, "deputy") for p in _take(deputies, scale, 1)
    ]
    for _ in range(_n(rng.randint(24, 38), scale, 1)):
        r = rng.random()
        if r < 0.12:
            pos = f"{t}{rng.choice(VILLAGES)}村党支部副书记（到村任职）"
            seats.append(Seat(town, region, pos, Rank.OTHER, "village", Cat.VILLAGE_GRADUATE))
        elif r < 0.22:
            pos = f"{t}{rng.choice(SERVICE_CENTRES)}工作人员"
            seats.append(Seat(town, region, pos, Rank.OTHER, "other", Cat.INSTITUTION))
        else:
            seats.append(_staff_seat(rng, town, region, t + rng.choice(TOWN_OFFICES)))
    return seats


def _institution_seats(rng, scale, region, unit, head) -> list[Seat]:
    """A 事业单位 (``head`` is its chief's title) or, without ``head``, a 国有企业."""
    category = Cat.INSTITUTION if head else Cat.SOE
    head, deputy = (head, "副" + head) if head else ("董事长", "总经理")
    seats = [Seat(unit, region, unit.name + head, Rank.SECTION_CHIEF, "chief", category)]
    for _ in _take([0] * rng.randint(1, 2), scale):
        seats.append(
            Seat(unit, region, unit.name + deputy, Rank.SECTION_DEPUTY, "deputy", category)
        )
    staff = "专业技术人员" if category == Cat.INSTITUTION else "员工"
    for _ in range(_n(rng.randint(4, 9), scale)):
        seats.append(Seat(unit, region, unit.name + staff, Rank.OTHER, "other", category))
    return seats


def _town_names(rng, name: str, suffix: str) -> list[str]:
    count = rng.randint(8, 14)
    if name == HOME_COUNTY:
        others = [t for t in TOWN_POOL if t not in HOME_TOWNS]
        return HOME_TOWNS + rng.sample(others, count - len(HOME_TOWNS))
    first = rng.sample(STREET_POOL, rng.randint(4, 6)) if suffix == "区" else ["城关镇"]
    return first + rng.sample(TOWN_POOL, count - len(first))


def _build_units(rng, scale) -> tuple[list[list[Unit]], list[Region], list[Seat]]:
    """The unit tree by depth (for bulk_create), the regions and every seat to fill."""
    depths: list[list[Unit]] = [[], [], [], []]
    positions: dict[int, int] = {}
    seats: list[Seat] = []

    def add(depth, parent, name, level, kind, sector="") -> Unit:
        positions[id(parent)] = positions.get(id(parent), 0) + 1
        unit = Unit(parent=parent, name=name, level=level, kind=kind, sector=sector)
        unit.position = positions[id(parent)]
        depths[depth].append(unit)
        return unit

    def fill(region: Region, depth: int, level: str) -> None:
        city = level == UnitLevel.CITY
        depts = DEPTS if city else DEPTS[: rng.randint(10, 12)]
        for city_name, county_name, sector, stems in depts:
            name = city_name if city else county_name.format(s=region.suffix)
            dept = add(depth, region.unit, name, level, UnitKind.PARTY_GOV_DEPT, sector)
            bodies = [s + ("科" if city else "股") for s in _w(stems)][: rng.randint(1, 2)]
            bodies = [
                add(depth + 1, dept, b, level, UnitKind.INTERNAL_BODY, sector)
                for b in ["办公室", *bodies]
            ]
            region.depts.append((dept, bodies))
            seats.extend(_dept_seats(rng, scale, region, dept, bodies, city))
        for name in [] if city else _town_names(rng, region.unit.name, region.suffix):
            town = add(depth, region.unit, name, UnitLevel.TOWNSHIP, UnitKind.TOWNSHIP)
            region.towns.append(town)
            seats.extend(_town_seats(rng, scale, region, town))
        institutions = (
            CITY_INSTITUTIONS if city else rng.sample(COUNTY_INSTITUTIONS, rng.randint(2, 3))
        )
        for name, sector, head in [*institutions, (CITY_SOE if city else COUNTY_SOE, "经济", "")]:
            kind = UnitKind.INSTITUTION if head else UnitKind.SOE
            unit = add(depth, region.unit, name, level, kind, sector)
            seats.extend(_institution_seats(rng, scale, region, unit, head))

    root = add(0, None, CITY_NAME, UnitLevel.CITY, UnitKind.REGION)
    regions = [Region(root, "市", CITY_CODE)]
    fill(regions[0], 1, UnitLevel.CITY)
    for name, suffix, code in COUNTIES:
        county = add(1, root, name, UnitLevel.COUNTY, UnitKind.COUNTY_LEADERSHIP)
        region = Region(county, suffix, code)
        regions.append(region)
        for title in _take(TOP_LEADERS, scale, 2) + _take(DEPUTY_LEADERS, scale, 1):
            chief = title in TOP_LEADERS
            rank = Rank.DIVISION_CHIEF if chief else Rank.DIVISION_DEPUTY
            title = title.format(c=name, s=suffix)
            seats.append(Seat(county, region, title, rank, "top" if chief else "chu"))
        fill(region, 2, UnitLevel.COUNTY)
    return depths, regions, seats


def _age(rng, seat: Seat) -> int:
    if seat.profile == "staff":
        return rng.randint(*STAFF_AGES[seat.rank])
    share, young, older = AGES[seat.profile]
    return rng.randint(*(young if rng.random() < share else older))


def _category(rng, seat: Seat, age: int) -> str:
    if seat.category:
        return seat.category
    r, township = rng.random(), seat.unit.kind == UnitKind.TOWNSHIP
    if age <= 32 and r < (0.3 if township else 0.1):
        return Cat.SELECTED_GRADUATE
    if age <= 38 and r > 0.96:
        return Cat.TALENT
    if not township and r > 0.86 and seat.rank not in SENIORITY:
        return Cat.QUASI_CIVIL
    return Cat.CIVIL_SERVANT


def _education(rng, category: str, age: int) -> str:
    if category == Cat.TALENT:
        return rng.choices([Edu.MASTER, Edu.DOCTOR], [4, 1])[0]
    if category == Cat.SELECTED_GRADUATE:
        return rng.choice([Edu.BACHELOR, Edu.MASTER])
    if age <= 35:
        return rng.choices([Edu.BACHELOR, Edu.MASTER, Edu.COLLEGE], [70, 22, 8])[0]
    options = [Edu.BACHELOR, Edu.COLLEGE, Edu.MASTER, Edu.SECONDARY]
    return rng.choices(options, [55, 30, 10, 5] if age <= 45 else [35, 40, 5, 20])[0]


def _school(rng, education: str, category: str, sector: str) -> tuple[str, str]:
    if education == Edu.COLLEGE:
        school = rng.choice(COLLEGES)
    elif education == Edu.SECONDARY:
        school = rng.choice(SECONDARY_SCHOOLS)
    elif category == Cat.SELECTED_GRADUATE or (education != Edu.BACHELOR and rng.random() < 0.6):
        school = rng.choice(TOP_SCHOOLS)
    else:
        school = rng.choice(SCHOOLS)
    majors = SECTOR_MAJORS[sector].split() if sector and rng.random() < 0.5 else MAJORS
    return school, rng.choice(majors)


def _id_number(rng, code: str, birth: dt.date, gender: str, seen: set[str]) -> str:
    day = rng.randint(1, calendar.monthrange(birth.year, birth.month)[1])
    digits = (1, 3, 5, 7, 9) if gender == "男" else (0, 2, 4, 6, 8)
    while True:
        first17 = f"{code}{birth:%Y%m}{day:02d}{rng.randrange(100):02d}{rng.choice(digits)}"
        if first17 not in seen:
            seen.add(first17)
            return first17 + rules.id_check_char(first17)


def _past_position(rng, seat: Seat, regions: list[Region], s: int) -> str:
    """An earlier post of seniority ``s`` (0 科员 .. 5 副县长), in the person's region mostly."""
    region = seat.region
    if s >= 5 or (region.suffix == "市" and s >= 3) or rng.random() < 0.08:
        region = rng.choice(regions[1:])
    if s >= 5:
        return f"{region.unit.name}副{region.suffix}长"
    if region.towns and rng.random() < 0.5:
        town = rng.choice(region.towns)
        party, gov, dgov = _town_titles(town.name)
        title = [f"{rng.choice(TOWN_OFFICES)}科员", "党政综合办公室副主任", "党政综合办公室主任"]
        title += [f"{party}委员、{dgov}", f"{party}副书记、{gov}"]
        return region.full(town.name) + title[s]
    dept, bodies = rng.choice(region.depts)
    body = rng.choice(bodies)
    chief, deputy = _dept_titles(dept.name)
    head, sub = _body_titles(body.name)
    title = [body.name + "科员", body.name + sub, body.name + head, deputy, chief][s]
    return region.full(dept.name) + title


def _career(rng, cadre, seat, regions, study, ref: dt.date) -> list:
    """The 简历: a study line, then 2-5 posts, consecutive, the last one open-ended."""
    lines = [(study[0], f"{study[1]}专业学习")]
    work_start = cadre.work_start_month
    months = _months_between(work_start, ref)
    n = min(rng.randint(2, 5), max(2, months // 10))
    weights = [rng.uniform(0.5, 1.5) for _ in range(n)]
    spare, month = months - 3 * n, work_start
    target = SENIORITY.get(seat.rank, 2 if seat.profile == "head" else 0)
    staff = STAFF_RANKS.index(seat.rank) if seat.rank in STAFF_RANKS else 0
    for i in range(n):
        if i == n - 1:
            text = seat.region.full(seat.position)
        elif seat.profile == "village":
            text = f"{seat.region.full(seat.unit.name)}{rng.choice(VILLAGES)}村主任助理（到村任职）"
        else:
            text = _past_position(rng, seat, regions, target * i // (n - 1))
            rank = STAFF_RANKS[max(0, staff - n + 1 + i)]
            if rank != Rank.STAFF_2 and text.endswith("科员"):
                text = text[:-2] + rank
        lines.append((month, text))
        month = _add_months(month, 3 + int(spare * weights[i] / sum(weights)))
    ends = [s for s, _ in lines[1:]] + [None]
    return [
        CareerEntry(cadre=cadre, start_month=s, end_month=e, description=d)
        for (s, d), e in zip(lines, ends, strict=True)
    ]


def _person(rng, seat: Seat, regions, ref: dt.date, seen: set[str]):
    gender = "男" if rng.random() < 0.7 else "女"
    age = _age(rng, seat)
    birth = _add_months(ref, -(12 * age + rng.randrange(12)))
    birth = min(max(birth, dt.date(1966, 1, 1)), dt.date(2001, 12, 1))
    category = _category(rng, seat, age)
    education = _education(rng, category, age)
    latest = _add_months(ref, -14)
    while True:
        grad_age, years, degree = GRADUATION[education]
        work_start = dt.date(birth.year + grad_age + rng.choice((0, 0, 1)), 7, 1)
        if work_start <= latest or education not in DOWNGRADE:
            break
        education = DOWNGRADE[education]
    work_start = min(work_start, latest)
    if degree == Deg.BACHELOR and rng.random() < 0.05:
        degree = ""
    school, major = _school(rng, education, category, seat.unit.sector)
    chars = MALE_CHARS if gender == "男" else FEMALE_CHARS
    given = rng.choice(chars) if rng.random() < 0.25 else ""
    given = given or rng.choice(COMMON_CHARS + chars) + rng.choice(chars)
    native = "湖南江州" if rng.random() < 0.65 else rng.choice(PLACES)
    code = seat.region.code if rng.random() < 0.85 else rng.choice(regions).code
    cadre = Cadre(
        name=rng.choices(SURNAMES, SURNAME_WEIGHTS)[0] + given,
        gender=gender,
        ethnicity=rng.choices(ETHNICITIES, ETHNICITY_WEIGHTS)[0],
        birth_month=birth,
        native_place=native,
        birthplace=native if rng.random() < 0.8 else rng.choice(PLACES),
        work_start_month=work_start,
        fulltime_education=education,
        fulltime_degree=degree,
        fulltime_school_major=f"{school} {major}",
        current_position=seat.position,
        rank=seat.rank,
        category=category,
        unit=seat.unit,
    )
    party_max = _months_between(birth, ref) - 2
    if rng.random() < (0.99 if seat.rank in SENIORITY else 0.88) and party_max > 222:
        cadre.party_join_month = _add_months(birth, rng.randint(222, min(party_max, 360)))
    if education in (Edu.COLLEGE, Edu.SECONDARY) and rng.random() < 0.7:
        cadre.inservice_education = Edu.BACHELOR
        cadre.inservice_degree = Deg.BACHELOR if rng.random() < 0.3 else ""
        cadre.inservice_school_major = rng.choice(INSERVICE_BACHELOR)
    elif education == Edu.BACHELOR and age > 32 and rng.random() < 0.15:
        cadre.inservice_education, cadre.inservice_degree = Edu.MASTER, Deg.MASTER
        cadre.inservice_school_major = rng.choice(INSERVICE_MASTER)
    cadre.id_number = _id_number(rng, code, birth, gender, seen)
    study = (dt.date(work_start.year - years, 9, 1), school + major)
    return cadre, _career(rng, cadre, seat, regions, study, ref)


def reset_demo() -> None:
    """Delete the demo logins, every cadre (with career lines) and every unit."""
    get_user_model().objects.filter(username__in=DEMO_USERNAMES).delete()
    try:
        Cadre.objects.all().delete()
        Unit.objects.all().delete()
    except ProtectedError as exc:
        blockers = sorted({obj._meta.verbose_name for obj in exc.protected_objects})
        raise DemoError(
            f"无法清空：以下数据仍引用单位或干部（{'、'.join(blockers)}），请先删除"
        ) from exc


def _create_accounts(home: Region, city: Region) -> list[tuple[str, str, str, str]]:
    qingshi = next(t for t in home.towns if t.name == "青石镇")
    scopes = {"county": home.unit, "city": city.unit, "qingshi": qingshi, None: None}
    password = make_password(DEMO_PASSWORD)  # hashed once: the slow step
    rows = []
    for username, display, role, scope, sector in DEMO_USERS:
        user = get_user_model().objects.create(
            username=username, first_name=display, password=password
        )
        unit = scopes[scope]
        RoleGrant.objects.create(user=user, role=role, unit=unit, sector=sector)
        # Demo logins are printed on the console; they are not forced to change it.
        AccountSecurity.objects.create(
            user=user, must_change_password=False, password_changed_at=timezone.now()
        )
        where = "—" if unit is None else unit.name
        where = f"{home.unit.name} / {where}" if scope == "qingshi" else where
        where += f"（{sector}领域）" if sector else ""
        rows.append((username, f"{Role(role).label}（{display}）", where, DEMO_PASSWORD))
    return rows


def _summarise(summary: Summary, regions: list[Region], ref: dt.date) -> None:
    cutoff = rules.young_cutoff(35, ref)
    for region in regions[1:]:
        units = Unit.objects.descendants(region.unit, include_self=True)
        people = Cadre.objects.filter(unit__in=units)
        young = people.filter(birth_month__gte=cutoff).count()
        summary.young_by_county.append((region.unit.name, people.count(), young))
    leaders = Cadre.objects.filter(
        unit__kind=UnitKind.TOWNSHIP, rank__in=[Rank.SECTION_CHIEF, Rank.SECTION_DEPUTY]
    )
    summary.township_leaders = (leaders.count(), leaders.filter(birth_month__gte=cutoff).count())


def load_demo(scale: float = 1.0, seed: int = DEFAULT_SEED, stdout=None, reset: bool = False):
    """Build 江州市 with about ``3,500 * scale`` cadres and one login per role.

    ``scale`` may be a fraction (0.05 for tests): every unit, county leader, township
    head and dept head stays; deputies and staff shrink. Refuses (DemoError) when units
    or demo logins exist, unless ``reset``. Returns a Summary.
    """
    started = time.perf_counter()

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    rng = random.Random(seed)
    ref = dt.date.today().replace(day=1)
    with transaction.atomic():
        if reset:
            say("正在清空已有的演示数据……")
            reset_demo()
        existing = Unit.objects.count()
        users = get_user_model().objects.filter(username__in=DEMO_USERNAMES).count()
        if existing or users:
            raise DemoError(
                f"数据库中已有 {existing} 个单位、{users} 个演示账号，为避免重复导入已停止。"
                "如需清空后重新生成演示数据，请加 --reset。"
            )
        depths, regions, seats = _build_units(rng, scale)
        for units in depths:
            Unit.objects.bulk_create(units, batch_size=BATCH_SIZE)
        summary = Summary(units=sum(len(units) for units in depths))
        say(f"单位 {summary.units} 个，正在生成干部……")
        seen: set[str] = set()
        for start in range(0, len(seats), BATCH_SIZE):
            people = [
                _person(rng, seat, regions, ref, seen) for seat in seats[start : start + BATCH_SIZE]
            ]
            Cadre.objects.bulk_create([cadre for cadre, _ in people])
            entries = [entry for _, lines in people for entry in lines]
            CareerEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
            summary.cadres += len(people)
            summary.career_entries += len(entries)
        home = next(r for r in regions if r.unit.name == HOME_COUNTY)
        summary.accounts = _create_accounts(home, regions[0])
        _summarise(summary, regions, ref)
    summary.seconds = time.perf_counter() - started
    return summary
