"""LRMX files from cadres: one person, or a .zip of several. ``person_of`` is the
inverse of the import kind, field for field, so exporting and importing again
changes nothing (tests/pool/lrmx/test_lrmx_round_trip.py)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from pool.lrmx import document, education, resume, values
from pool.models import Cadre, CareerEntry, FamilyMember


def with_parts(cadres: QuerySet[Cadre]) -> QuerySet[Cadre]:
    """What ``person_of`` reads, in four queries whatever the number of people."""
    return cadres.select_related("photo", "approval_form").prefetch_related(
        Prefetch("career", queryset=CareerEntry.objects.order_by("start_month", "id")),
        Prefetch("family", queryset=FamilyMember.objects.order_by("position", "id")),
    )


def person_of(cadre: Cadre) -> document.Person:
    v: dict[str, str] = {
        "XingMing": cadre.name,
        "XingBie": cadre.gender,
        "ChuShengNianYue": values.month_text(cadre.birth_month),
        "MinZu": cadre.ethnicity,
        "JiGuan": cadre.native_place,
        "ChuShengDi": cadre.birthplace,
        "RuDangShiJian": values.month_text(cadre.party_join_month),
        "CanJiaGongZuoShiJian": values.month_text(cadre.work_start_month),
        "JianKangZhuangKuang": cadre.health,
        "ZhuanYeJiShuZhiWu": cadre.professional_title,
        "ShuXiZhuanYeYouHeZhuanChang": cadre.specialty,
        "XianRenZhiWu": cadre.current_position,
        "JiangChengQingKuang": cadre.rewards,
        "NianDuKaoHeJieGuo": cadre.annual_results,
        "ShenFenZheng": cadre.id_number,
        "Version": document.VERSION,
    }
    for prefix, tag in (("fulltime", "QuanRiZhiJiaoYu"), ("inservice", "ZaiZhiJiaoYu")):
        xueli, xuewei, school_a, school_b = education.to_lrmx(
            getattr(cadre, f"{prefix}_education"),
            getattr(cadre, f"{prefix}_degree"),
            getattr(cadre, f"{prefix}_school_major"),
        )
        v[f"{tag}_XueLi"], v[f"{tag}_XueWei"] = xueli, xuewei
        v[f"{tag}_XueLi_BiYeYuanXiaoXi"], v[f"{tag}_XueWei_BiYeYuanXiaoXi"] = school_a, school_b
    periods = [resume.Period(e.start_month, e.end_month, e.description) for e in cadre.career.all()]
    v["JianLi"] = resume.format_resume(periods)
    form = getattr(cadre, "approval_form", None)
    if form is not None:
        v.update(
            NiRenZhiWu=form.proposed_position,
            NiMianZhiWu=form.proposed_removal,
            RenMianLiYou=form.reason,
            ChengBaoDanWei=form.submitting_body,
            JiSuanNianLingShiJian=values.day_text(form.age_reference),
            TianBiaoShiJian=values.day_text(form.filled_on),
            TianBiaoRen=form.filled_by,
        )
    photo = getattr(cadre, "photo", None)
    v["ZhaoPian"] = values.photo_text(photo.image) if photo else ""
    family = tuple(
        (
            m.relation,
            m.name,
            values.month_text(m.birth_month),
            m.political_status,
            m.employer_position,
        )
        for m in cadre.family.all()
    )
    return document.Person(v, family)


def lrmx_bytes(cadre: Cadre) -> bytes:
    return document.render(person_of(cadre))


def file_name(cadre: Cadre) -> str:
    return f"{cadre.name}.lrmx"


def zip_bytes(cadres: Iterable[Cadre]) -> tuple[bytes, int]:
    """A .zip with one .lrmx per person (姓名.lrmx; 姓名-2.lrmx for a second 姓名)."""
    buffer = io.BytesIO()
    seen: dict[str, int] = {}
    count = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for cadre in cadres:
            seen[cadre.name] = seen.get(cadre.name, 0) + 1
            suffix = f"-{seen[cadre.name]}" if seen[cadre.name] > 1 else ""
            archive.writestr(f"{cadre.name}{suffix}.lrmx", lrmx_bytes(cadre))
            count += 1
    return buffer.getvalue(), count
