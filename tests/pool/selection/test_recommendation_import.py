"""Kind ``recommendations``: rows go to the importer's own list in the current round,
only while that list is being written; people are found by 身份证号 and 姓名."""

import pytest

from pool.imports import runs
from pool.models import ListKind, ListStatus, Recommendation, RecommendationList
from pool.selection import services
from tests.factories import CadreFactory, RecommendationListFactory, RoundFactory, VetoFactory
from tests.pool.import_files import WRITERS, id_number

HEADER = [
    "身份证号",
    "姓名",
    "推荐单位",
    "推荐方式",
    "推荐理由",
    "主要实绩",
    "得票数",
    "参加推荐人数",
]


@pytest.fixture
def round_(db):
    return RoundFactory(name="2026年度")


@pytest.fixture
def people(units):
    return [
        CadreFactory(name="张三", unit=units["qingshi"], id_number=id_number("19900115", 1)),
        CadreFactory(name="李四", unit=units["beishan"], id_number=id_number("19920310", 2)),
        CadreFactory(name="王五", unit=units["west_edu"], id_number=id_number("19930310", 3)),
    ]


def _import(tmp_path, rows, *, user, fmt="xlsx", **options):
    path = tmp_path / f"推荐.{fmt}"
    path.write_bytes(WRITERS[fmt]([HEADER, *rows]))
    run, _ = runs.import_file("recommendations", str(path), user=user, **options)
    return run


ZHANG = [id_number("19900115", 1), "张三", "", "民主推荐", "防汛救灾冲锋在前", "整治3个村", 40, 45]
LI = [
    id_number("19920310", 2),
    "李四",
    "东县组织部门",
    "会议推荐",
    "招商引资成效突出",
    "",
    None,
    None,
]


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_rows_go_to_the_staff_list_in_the_current_round(staff, round_, people, tmp_path, fmt):
    run = _import(tmp_path, [ZHANG, LI], user=staff, fmt=fmt)
    assert (run.created, run.invalid) == (2, 0)
    rec_list = RecommendationList.objects.get()
    assert (rec_list.kind, rec_list.unit.name, rec_list.round) == (ListKind.ORG, "东县", round_)
    zhang = Recommendation.objects.get(cadre=people[0])
    assert (zhang.method, zhang.votes_for, zhang.votes_total) == ("democratic", 40, 45)
    again = _import(tmp_path, [ZHANG, LI], user=staff)
    assert (again.created, again.unchanged) == (0, 2)


def test_a_changed_reason_updates_the_recommendation(staff, round_, people, tmp_path):
    _import(tmp_path, [ZHANG], user=staff)
    run = _import(tmp_path, [[*ZHANG[:4], "敢于担当，群众认可", *ZHANG[5:]]], user=staff)
    assert run.updated == 1
    assert Recommendation.objects.get().reason == "敢于担当，群众认可"


def test_a_unit_committee_imports_into_its_own_list(unit_committee, round_, people, tmp_path):
    run = _import(tmp_path, [[*ZHANG[:2], "青石镇", *ZHANG[3:]]], user=unit_committee)
    assert run.created == 1
    assert RecommendationList.objects.get().kind == ListKind.UNIT


def test_each_wrong_row_is_named_and_nothing_is_written(staff, round_, people, tmp_path):
    VetoFactory(cadre=people[1])
    rows = [
        [*ZHANG[:6], 50, 45],  # more votes than voters
        LI,  # vetoed
        [id_number("19930310", 3), "王五", "", "会议推荐", "理由", "", None, None],  # 西县
        [*ZHANG[:2], "北山镇", *ZHANG[3:]],  # not this list's owner
        [*ZHANG[:3], "推举", *ZHANG[4:]],
    ]
    run = _import(tmp_path, rows, user=staff)
    errors = {(e["row"], e["column"]): e["message"] for e in run.errors}
    assert "不能超过参加推荐人数" in errors[(2, "得票数")]
    assert errors[(3, "身份证号")] == "该同志存在一票否决情形，不能推荐"
    assert errors[(4, "身份证号")] == "此人不在您的管辖范围内"
    assert "不是本清单的推荐单位" in errors[(5, "推荐单位")]
    assert "推荐方式" in errors[(6, "推荐方式")]
    assert not Recommendation.objects.exists()


def test_a_submitted_list_takes_no_more_rows(staff, units, round_, people, tmp_path):
    RecommendationListFactory(
        round=round_, kind=ListKind.ORG, unit=units["east"], status=ListStatus.SUBMITTED
    )
    run = _import(tmp_path, [ZHANG], user=staff)
    assert run.invalid == 1 and "已报送，不能再导入" in run.errors[0]["message"]


def test_a_closed_round_takes_no_rows(staff, city_staff, round_, people, tmp_path):
    services.close_round(city_staff, round_)
    run = _import(tmp_path, [ZHANG], user=staff)
    assert run.invalid == 1 and "当前没有正在推荐的批次" in run.errors[0]["message"]


def test_the_command_line_needs_a_user(round_, people, tmp_path):
    run = _import(tmp_path, [ZHANG], user=None)
    assert "--user" in run.errors[0]["message"]
