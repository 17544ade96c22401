"""Export then import changes nothing: generated cadres with every 审批表 part
(简历 with continuation lines and open ends, family, photo, 拟任免, 学历学位 with
degree subjects, full-width punctuation) go out as LRMX and come back field for field,
into the same database (all unchanged, nothing written) or into an empty one."""

import base64
import datetime as dt
import random

import pytest

from pool.imports import runs
from pool.lrmx import export
from pool.models import ApprovalForm, Cadre, CadrePhoto, CareerEntry, FamilyMember
from tests.factories import CadreFactory, make_id_number
from tests.pool.lrmx_files import JPEG

D = dt.date
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(200))
SKIPPED = {"id", "id_cipher", "id_hash", "created_at", "updated_at"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def generate(unit, count: int, seed: int = 7) -> list[Cadre]:
    rnd = random.Random(seed)
    schools = [
        "湖南大学法学院法学专业",
        "中南大学土木工程专业",
        "湘潭大学（本部）中文系汉语言文学专业",
    ]
    people = []
    for i in range(count):
        gender = rnd.choice("男女")
        birth = D(rnd.randint(1984, 1998), rnd.randint(1, 12), 1)
        degree = rnd.choice(["学士", "硕士", ""])
        school = rnd.choice(schools)
        if degree and i % 2:
            school += f"（{rnd.choice(['法学', '工学', '管理学'])}{degree}）"
        cadre = CadreFactory(
            unit=unit,
            name=rnd.choice(["张", "李", "欧阳", "王"])
            + rnd.choice(["伟", "娜", "晓明", "丽"])
            + str(i),
            gender=gender,
            birth_month=birth,
            id_number=make_id_number(birth.replace(day=15), gender),
            ethnicity=rnd.choice(["汉族", "土家族", "苗族"]),
            native_place="湖南浏阳",
            birthplace=rnd.choice(["湖南浏阳", ""]),
            party_join_month=rnd.choice([None, D(birth.year + 22, 6, 1)]),
            work_start_month=D(birth.year + 23, 7, 1),
            health=rnd.choice(["健康", "良好", ""]),
            fulltime_education={"学士": "大学本科", "硕士": "硕士研究生", "": "大学专科"}[degree],
            fulltime_degree=degree,
            fulltime_school_major=school,
            inservice_education=rnd.choice(["", "硕士研究生"]),
            inservice_school_major=rnd.choice(["", "中央党校经济管理专业"]),
            current_position="东县青石镇党委副书记（挂职）",
            professional_title=rnd.choice(["", "经济师"]),
            specialty="乡村振兴；基层治理",
            rewards="2021年，被评为东县“优秀共产党员”；\r\n2023年，嘉奖。" if i % 3 else "",
            annual_results="2023年度考核优秀，2024年度考核称职。",
        )
        start = D(birth.year + 18, 9, 1)
        work = D(birth.year + 22, 7, 1)
        CareerEntry.objects.create(cadre=cadre, start_month=start, end_month=work,
                                   description=school.split("（")[0] + "学习")  # fmt: skip
        CareerEntry.objects.create(
            cadre=cadre, start_month=work, end_month=D(work.year + 3, 3, 1),
            description="东县青石镇党政办科员\n（其间：2016.09--2018.07在中央党校函授学院学习）",
        )  # fmt: skip
        CareerEntry.objects.create(
            cadre=cadre, start_month=D(work.year + 3, 3, 1), end_month=None,
            description="东县青石镇党委副书记",
        )  # fmt: skip
        for position, (relation, name) in enumerate([("父亲", "张建国"), ("母亲", "李秀英")]):
            FamilyMember.objects.create(
                cadre=cadre, relation=relation, name=name, position=position,
                birth_month=rnd.choice([None, D(1960 + position, 3, 1)]),
                political_status=rnd.choice(["中共党员", "群众", ""]),
                employer_position=rnd.choice(["东县农业农村局退休干部", "已故", ""]),
            )  # fmt: skip
        if i % 4 != 3:
            CadrePhoto.objects.create(
                cadre=cadre, image=JPEG if i % 2 else PNG,
                content_type="image/jpeg" if i % 2 else "image/png",
            )  # fmt: skip
        if i % 3 != 2:
            ApprovalForm.objects.create(
                cadre=cadre, proposed_position="东县北山镇党委书记",
                proposed_removal="东县青石镇党委副书记", reason="工作需要（交流任职）",
                submitting_body="中共东县县委组织部", age_reference=D(2026, 6, 30),
                filled_on=rnd.choice([None, D(2026, 5, 20)]), filled_by="周敏",
            )  # fmt: skip
        people.append(cadre)
    return people


def snapshot() -> dict[str, dict]:
    """Every stored value of every cadre and its 审批表 parts, by ID number."""
    result = {}
    for cadre in export.with_parts(Cadre.objects.all()):
        fields = {
            f.attname: getattr(cadre, f.attname)
            for f in Cadre._meta.concrete_fields
            if f.attname not in SKIPPED
        }
        photo = getattr(cadre, "photo", None)
        form = getattr(cadre, "approval_form", None)
        result[cadre.id_number] = {
            **fields,
            "career": [(e.start_month, e.end_month, e.description) for e in cadre.career.all()],
            "family": [
                (
                    m.position,
                    m.relation,
                    m.name,
                    m.birth_month,
                    m.political_status,
                    m.employer_position,
                )
                for m in cadre.family.all()
            ],
            "photo": (bytes(photo.image), photo.content_type) if photo else None,
            "form": {
                f.attname: getattr(form, f.attname)
                for f in ApprovalForm._meta.concrete_fields
                if f.attname not in ("id", "cadre_id", "updated_at")
            }
            if form
            else None,
        }
    return result


def export_zip(tmp_path) -> str:
    content, _count = export.zip_bytes(export.with_parts(Cadre.objects.order_by("id")))
    path = tmp_path / "export.zip"
    path.write_bytes(content)
    return str(path)


def test_import_of_an_export_into_the_same_database_finds_everything_unchanged(
    units, staff, tmp_path
):
    generate(units["qingshi"], 12)
    before = snapshot()
    career_pks = sorted(CareerEntry.objects.values_list("pk", flat=True))
    _run, result = runs.import_file("lrmx", export_zip(tmp_path), user=staff)
    assert result.counts == {
        "rows_total": 12, "valid": 12, "invalid": 0, "created": 0, "updated": 0, "unchanged": 12,
    }  # fmt: skip
    assert snapshot() == before
    assert sorted(CareerEntry.objects.values_list("pk", flat=True)) == career_pks


def test_import_of_an_export_into_an_empty_database_restores_every_field(units, staff, tmp_path):
    generate(units["qingshi"], 12, seed=11)
    before = snapshot()
    path = export_zip(tmp_path)
    Cadre.objects.all().delete()
    assert not CareerEntry.objects.exists() and not CadrePhoto.objects.exists()
    options = {"unit": units["qingshi"].pk, "category": "公务员"}
    _, result = runs.import_file("lrmx", path, user=staff, options=options)
    assert result.counts["created"] == 12
    after = snapshot()
    assert after.keys() == before.keys()
    for id_number, stored in before.items():
        for field, value in stored.items():
            assert after[id_number][field] == value, (id_number, field)
    # And once more: the restored people export to the very same files.
    _, again = runs.import_file("lrmx", export_zip(tmp_path), user=staff)
    assert again.counts["unchanged"] == 12


def test_one_persons_download_imports_unchanged(units, staff, as_user, tmp_path):
    [cadre] = generate(units["qingshi"], 1, seed=3)
    response = as_user(staff).get(f"/pool/cadres/{cadre.pk}/lrmx/")
    path = tmp_path / "one.lrmx"
    path.write_bytes(response.content)
    _, result = runs.import_file("lrmx", str(path), user=staff)
    assert result.counts["unchanged"] == 1


def test_photo_in_the_file_is_the_stored_image(units):
    [cadre] = generate(units["qingshi"], 1, seed=5)
    person = export.person_of(export.with_parts(Cadre.objects.all()).get())
    assert base64.b64decode(person.get("ZhaoPian")) == bytes(cadre.photo.image)
