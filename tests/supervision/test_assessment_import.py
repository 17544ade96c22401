"""Kind ``assessments``: 身份证号, 姓名, 年度, 考核类型, 等次 (and 季度 for 平时考核)."""

import pytest

from pool.imports import runs
from supervision.models import Assessment
from tests.factories import CadreFactory
from tests.pool.import_files import WRITERS, id_number

HEADER = ["身份证号", "姓名", "年度", "考核类型", "季度", "等次"]


@pytest.fixture
def people(units):
    return [
        CadreFactory(name="张三", unit=units["qingshi"], id_number=id_number("19900115", 1)),
        CadreFactory(name="李四", unit=units["beishan"], id_number=id_number("19920310", 2)),
        CadreFactory(name="王五", unit=units["west_edu"], id_number=id_number("19930310", 3)),
    ]


def _import(tmp_path, rows, *, fmt="xlsx", user=None, **options):
    path = tmp_path / f"考核.{fmt}"
    path.write_bytes(WRITERS[fmt]([HEADER, *rows]))
    run, _ = runs.import_file("assessments", str(path), user=user, **options)
    return run


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_annual_and_quarterly_results_are_stored_and_reimport_is_unchanged(people, tmp_path, fmt):
    rows = [
        [id_number("19900115", 1), "张三", 2025, "年度考核", None, "优秀"],
        [id_number("19920310", 2), "李四", "2026年", "平时考核", "第二季度", "较好"],
    ]
    first = _import(tmp_path, rows, fmt=fmt)
    assert (first.created, first.invalid) == (2, 0)
    assert Assessment.objects.get(cadre=people[1]).quarter == 2
    again = _import(tmp_path, rows, fmt=fmt)
    assert (again.created, again.unchanged) == (0, 2)


def test_a_changed_grade_updates_the_stored_result(people, tmp_path):
    _import(tmp_path, [[id_number("19900115", 1), "张三", 2025, "年度", None, "称职"]])
    run = _import(tmp_path, [[id_number("19900115", 1), "张三", 2025, "年度", None, "优秀"]])
    assert run.updated == 1
    assert Assessment.objects.get().grade == "优秀"


def test_each_wrong_row_names_its_row_and_column_and_nothing_is_written(people, tmp_path):
    rows = [
        [id_number("19900115", 1), "张三", 2025, "年度考核", None, "良好"],
        [id_number("19920310", 2), "李四", 2026, "平时考核", None, "好"],
        [id_number("19920310", 2), "李 四四", 2025, "年度考核", None, "称职"],
        [id_number("19800101", 9), "赵六", 2025, "年度考核", None, "称职"],
        [id_number("19900115", 1), "张三", 2025, "年度考核", None, "称职"],
    ]
    run = _import(tmp_path, rows)
    errors = {(e["row"], e["column"]): e["message"] for e in run.errors}
    assert "年度考核等次应为" in errors[(2, "等次")]
    assert errors[(3, "季度")] == "平时考核须填写季度（1～4）"
    assert "与干部名册中该身份证号的姓名“李四”不一致" in errors[(4, "姓名")]
    assert "干部名册中没有此身份证号" in errors[(5, "身份证号")]
    assert errors[(6, "身份证号")] == "与第2行重复（身份证号相同）"
    assert not Assessment.objects.exists()


def test_staff_cannot_import_results_for_people_outside_their_jurisdiction(people, tmp_path, staff):
    run = _import(tmp_path, [[id_number("19930310", 3), "王五", 2025, "年度考核", None, "称职"]],
                  user=staff)  # fmt: skip
    assert run.errors[0]["message"] == "此人不在您的管辖范围内"
    assert not Assessment.objects.exists()
