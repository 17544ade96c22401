"""Demo data of the 任免审批表 for 江州市 (called by ``manage.py load_demo`` after the
pool and supervision demos): the family rows, 专业技术职务, 专长 and 奖惩 of every
current pool member, and a filled-in proposal (拟任/拟免/任免理由) for three 近期使用
members of the home county, the people staff export the form for before the 部务会.
Photos are not invented: staff upload them. Everything follows ``random.Random(seed)``."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from fixtures.demo.people import (
    FEMALE_CHARS,
    HOME_COUNTY,
    MALE_CHARS,
    PLACES,
    SURNAME_WEIGHTS,
    SURNAMES,
)
from pool.models import (
    OPEN_POOL_STATUSES,
    ApprovalForm,
    Cadre,
    FamilyMember,
    PoolMembership,
    Tier,
    UnitLevel,
)
from pool.web.documents import org_department

SPOUSE_JOBS = (
    "县第一中学教师", "县人民医院护士", "县税务局科员", "县农商银行职员", "个体经营",
    "县实验小学教师", "县自然资源局科员", "市城投公司职员", "县妇幼保健院医生",
)  # fmt: skip
PARENT_JOBS = ("务农", "已退休", "个体经营", "退休教师", "退休职工")
TITLES = ("经济师", "助理经济师", "工程师", "助理工程师", "讲师", "主治医师")
SPECIALTIES = (
    "乡村振兴、基层治理", "综合文字、政策研究", "招商引资、项目建设", "党建工作",
    "财务管理", "信访维稳", "生态环境保护", "教育管理", "应急管理",
)  # fmt: skip
REWARDS = (
    "{y}年被评为全县优秀共产党员",
    "{y}年被评为全市脱贫攻坚先进个人",
    "{y}年度公务员年度考核优秀，记三等功一次",
    "{y}年被评为全县防汛抗灾先进个人",
)


@dataclass
class ProfileDemoSummary:
    people: int = 0
    family: int = 0
    proposals: list[str] | None = None

    def describe(self) -> list[str]:
        names = "、".join(self.proposals or []) or "无"
        return [
            f"任免审批表：{self.people} 名在库干部补齐家庭成员 {self.family} 条及专长、奖惩，"
            f"拟任事项已填：{names}"
        ]


def _name(rng: random.Random, surname: str | None, female: bool) -> str:
    chars = FEMALE_CHARS if female else MALE_CHARS
    family = surname or rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
    return family + "".join(rng.choice(chars) for _ in range(rng.choice((1, 2))))


def _month(year: int, rng: random.Random) -> dt.date:
    return dt.date(year, rng.randint(1, 12), 1)


def _family(rng: random.Random, cadre: Cadre, today: dt.date) -> list[FamilyMember]:
    born = cadre.birth_month.year
    age = cadre.age_at(today)
    female = cadre.gender == "女"
    rows = []
    if age >= 26 and rng.random() < 0.85:
        rows.append(
            FamilyMember(
                cadre=cadre,
                relation="丈夫" if female else "妻子",
                name=_name(rng, None, not female),
                birth_month=_month(born + rng.randint(-3, 3), rng),
                political_status=rng.choice(("中共党员", "群众", "中共党员", "共青团员")),
                employer_position=rng.choice(SPOUSE_JOBS),
            )
        )
        if age >= 30 and born + 28 < today.year:
            child_female = rng.random() < 0.5
            rows.append(
                FamilyMember(
                    cadre=cadre,
                    relation="女儿" if child_female else "儿子",
                    name=_name(rng, cadre.name[0], child_female),
                    birth_month=_month(min(today.year - 1, born + rng.randint(26, 33)), rng),
                    political_status="群众",
                    employer_position="学生",
                )
            )
    home = cadre.native_place or rng.choice(PLACES)
    for relation, female_parent, offset in (("父亲", False, (24, 32)), ("母亲", True, (22, 30))):
        rows.append(
            FamilyMember(
                cadre=cadre,
                relation=relation,
                name=_name(rng, cadre.name[0] if not female_parent else None, female_parent),
                birth_month=_month(born - rng.randint(*offset), rng),
                political_status=rng.choice(("群众", "群众", "中共党员")),
                employer_position=f"{home}{rng.choice(PARENT_JOBS)}",
            )
        )
    for position, row in enumerate(rows, start=1):
        row.position = position
    return rows


def load_profile_demo(seed: int = 2026) -> ProfileDemoSummary:
    rng = random.Random(seed * 11 + 10)
    today = timezone.localdate()
    summary = ProfileDemoSummary(proposals=[])
    members = (
        PoolMembership.objects.filter(status__in=OPEN_POOL_STATUSES)
        .select_related("cadre__unit")
        .order_by("cadre_id")
    )
    family: list[FamilyMember] = []
    people: list[Cadre] = []
    for membership in members:
        cadre = membership.cadre
        family.extend(_family(rng, cadre, today))
        if rng.random() < 0.4:
            cadre.professional_title = rng.choice(TITLES)
        cadre.specialty = rng.choice(SPECIALTIES)
        if rng.random() < 0.5:
            cadre.rewards = rng.choice(REWARDS).format(y=today.year - rng.randint(1, 6))
        people.append(cadre)
    FamilyMember.objects.bulk_create(family)
    Cadre.objects.bulk_update(people, ["professional_title", "specialty", "rewards"])
    summary.people, summary.family = len(people), len(family)

    near = [
        m.cadre
        for m in members.filter(
            tier=Tier.NEAR,
            cadre__unit__level=UnitLevel.TOWNSHIP,
            cadre__unit__parent__name=HOME_COUNTY,
        )[:3]
    ]
    for cadre in near:
        bureau = rng.choice(("农业农村局", "发展和改革局", "应急管理局"))
        ApprovalForm.objects.create(
            cadre=cadre,
            proposed_position=f"{HOME_COUNTY}{bureau}副局长",
            proposed_removal=cadre.current_position,
            reason="因工作需要，经县委常委会研究，拟提拔任用",
            submitting_body=org_department(HOME_COUNTY),
            filled_by="小周",
        )
        summary.proposals.append(cadre.name)
    return summary
