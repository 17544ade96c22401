"""Kind ``enrollments``: 身份证号, 姓名, 班次名称, 学时, 结业情况."""

import datetime as dt
from decimal import Decimal

import pytest

from pool.imports import runs
from tests.factories import CadreFactory, TrainingClassFactory
from tests.pool.import_files import WRITERS, id_number
from training.models import Enrollment

HEADER = ["身份证号", "姓名", "班次名称", "学时", "结业情况"]
COUNTY_CLASS = "2026年东县中青年干部培训班"
CITY_CLASS = "2026年全市年轻干部政治训练班"


@pytest.fixture
def people(units):
    TrainingClassFactory(unit=units["east"], name=COUNTY_CLASS, hours=40)
    TrainingClassFactory(unit=units["city"], name=CITY_CLASS, hours=56, political=True)
    TrainingClassFactory(unit=units["west"], name="西县专题班")
    return [
        CadreFactory(name="张三", unit=units["qingshi"], id_number=id_number("19900115", 1)),
        CadreFactory(name="李四", unit=units["beishan"], id_number=id_number("19920310", 2)),
        CadreFactory(name="王五", unit=units["west_edu"], id_number=id_number("19930310", 3)),
    ]


def _import(tmp_path, rows, *, fmt="xlsx", user=None, **options):
    path = tmp_path / f"参训.{fmt}"
    path.write_bytes(WRITERS[fmt]([["2026年参训情况登记表"], HEADER, *rows]))
    run, _ = runs.import_file("enrollments", str(path), user=user, **options)
    return run


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_enrolments_are_stored_and_a_reimport_is_unchanged(people, tmp_path, fmt, staff):
    rows = [
        [id_number("19900115", 1), "张三", COUNTY_CLASS, 40, "结业"],
        [id_number("19920310", 2), "李四", CITY_CLASS, "32.5学时", "未结业"],
        [id_number("19900115", 1), "张三", CITY_CLASS, None, None],  # defaults: 结业, class hours
    ]
    first = _import(tmp_path, rows, fmt=fmt, user=staff)
    assert (first.created, first.invalid) == (3, 0), first.errors
    li = Enrollment.objects.get(cadre=people[1])
    assert (li.hours, li.result) == (Decimal("32.5"), "not_completed")
    zhang_city = Enrollment.objects.get(cadre=people[0], training_class__name=CITY_CLASS)
    assert (zhang_city.hours, zhang_city.result) == (Decimal(56), "completed")
    again = _import(tmp_path, rows, fmt=fmt, user=staff)
    assert (again.created, again.unchanged) == (0, 3)


def test_a_changed_result_updates_the_stored_enrolment(people, tmp_path):
    _import(tmp_path, [[id_number("19920310", 2), "李四", COUNTY_CLASS, 20, "在训"]])
    run = _import(tmp_path, [[id_number("19920310", 2), "李四", COUNTY_CLASS, 40, "结业"]])
    assert run.updated == 1
    row = Enrollment.objects.get()
    assert (row.hours, row.result) == (Decimal(40), "completed")


def test_each_wrong_row_names_its_column_and_nothing_is_written(people, tmp_path, staff):
    rows = [
        [id_number("19900115", 1), "张三", "不存在的班", 40, "结业"],
        [id_number("19900115", 1), "张三", COUNTY_CLASS, -3, "结业"],
        [id_number("19920310", 2), "李四", COUNTY_CLASS, 40, "优秀"],
        [id_number("19920310", 2), "李四", "西县专题班", 40, "结业"],  # another county's class
        [id_number("19930310", 3), "王五", COUNTY_CLASS, 40, "结业"],  # outside the jurisdiction
    ]
    run = _import(tmp_path, rows, user=staff)
    errors = {(e["row"], e["column"]): e["message"] for e in run.errors}
    assert errors[(3, "班次名称")] == "没有名为“不存在的班”的培训班次，请先在“培训班次”中建立"
    assert "学时“-3”超出范围" in errors[(4, "学时")]
    assert (5, "结业情况") in errors
    assert errors[(6, "班次名称")] == "没有名为“西县专题班”的培训班次，请先在“培训班次”中建立"
    assert errors[(7, "身份证号")] == "此人不在您的管辖范围内"
    assert not Enrollment.objects.exists()


def test_the_same_person_twice_in_one_class_is_a_duplicate(people, tmp_path):
    row = [id_number("19900115", 1), "张三", COUNTY_CLASS, 40, "结业"]
    run = _import(tmp_path, [row, row])
    assert run.errors[0]["message"] == "与第3行重复（身份证号相同）"


def test_imported_hours_count_in_the_compliance_check(people, tmp_path, staff):
    from training import selectors

    _import(tmp_path, [[id_number("19900115", 1), "张三", COUNTY_CLASS, 80, "结业"]])
    hours = selectors.hours_by_cadre([people[0].pk], 2026)
    assert hours == {people[0].pk: Decimal(80)}
    assert selectors.last_training([people[0].pk]) == {people[0].pk: dt.date(2026, 3, 6)}


@pytest.mark.parametrize(
    "written",
    ["2026年东县科级干部培训班（第三期）", "2026年东县科级干部培训班(第三期)",
     "2026年东县科级干部培训班 （第三期）", "２０２６年东县科级干部培训班（第三期）"],
)  # fmt: skip
def test_a_class_is_found_by_its_name_however_its_brackets_and_digits_are_written(
    people, units, tmp_path, written
):
    """Names are compared normalised on both sides: the stored name keeps （）."""
    TrainingClassFactory(unit=units["east"], name="2026年东县科级干部培训班（第三期）", hours=24)
    run = _import(tmp_path, [[id_number("19900115", 1), "张三", written, None, None]])
    assert (run.created, run.invalid) == (1, 0), run.errors
    assert Enrollment.objects.get().training_class.name == "2026年东县科级干部培训班（第三期）"
