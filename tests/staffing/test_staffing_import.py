"""Kinds ``posts`` (单位名称, 正职职数, 副职职数) and ``appointments`` (身份证号, 姓名,
单位名称, 职务, 正副职, 任职时间, 免职时间): .xlsx and .xls, idempotent re-import, the
超职数 and double-seat checks per row, and the importer's jurisdiction."""

import datetime as dt

import pytest

from pool.imports import runs
from staffing.models import Appointment, LeadershipTeam, Post
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory
from tests.pool.import_files import WRITERS, id_number

POSTS = ["单位名称", "正职职数", "副职职数"]
SEATS = ["身份证号", "姓名", "单位名称", "职务", "正副职", "任职时间", "免职时间"]
ZHANG, LI, WANG, ZHAO = (
    id_number("19900115", 1),
    id_number("19920310", 2),
    id_number("19930310", 3),
    id_number("19700101", 4),
)


@pytest.fixture
def people(units):
    return {
        "张三": CadreFactory(name="张三", unit=units["qingshi"], id_number=ZHANG),
        "李四": CadreFactory(name="李四", unit=units["qingshi"], id_number=LI),
        "王五": CadreFactory(name="王五", unit=units["west_edu"], id_number=WANG),
        "赵六": CadreFactory(name="赵六", unit=units["qingshi"], id_number=ZHAO),
    }


def _import(tmp_path, kind, header, rows, *, fmt="xlsx", user=None, **options):
    path = tmp_path / f"{kind}.{fmt}"
    path.write_bytes(WRITERS[fmt]([header, *rows]))
    run, _ = runs.import_file(kind, str(path), user=user, **options)
    return run


def _errors(run):
    return {(e["row"], e["column"]): e["message"] for e in run.errors}


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_posts_create_teams_and_reimport_is_unchanged(units, tmp_path, fmt):
    rows = [["东县/青石镇", 2, 5], ["北山镇", "1", 0]]
    first = _import(tmp_path, "posts", POSTS, rows, fmt=fmt)
    assert (first.created, first.invalid) == (2, 0)
    qingshi = LeadershipTeam.objects.get(unit=units["qingshi"])
    assert sorted(qingshi.posts.values_list("title", "is_chief", "quota")) == [
        ("副职", False, 5),
        ("正职", True, 2),
    ]
    assert list(
        LeadershipTeam.objects.get(unit=units["beishan"]).posts.values_list("title", flat=True)
    ) == ["正职"]
    again = _import(tmp_path, "posts", POSTS, rows, fmt=fmt)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Post.objects.count() == 3


def test_posts_adjust_a_single_post_and_refuse_an_ambiguous_one(units, tmp_path):
    team = LeadershipTeamFactory(unit=units["qingshi"])
    PostFactory(team=team, title="党委书记", is_chief=True, quota=1)
    PostFactory(team=team, title="镇长", is_chief=True, quota=1)
    deputy = PostFactory(team=team, title="副镇长", quota=2)
    AppointmentFactory(post=deputy, cadre=CadreFactory(unit=units["qingshi"]))
    AppointmentFactory(post=deputy, cadre=CadreFactory(unit=units["qingshi"]))
    run = _import(tmp_path, "posts", POSTS, [["青石镇", 2, 4]])
    assert run.updated == 1
    deputy.refresh_from_db()
    assert deputy.quota == 4
    errors = _errors(_import(tmp_path, "posts", POSTS, [["青石镇", 3, 1]]))
    assert (
        "已按职位设置正职（党委书记1名、镇长1名，合计2名），导入的3名与合计不一致"
        in errors[(2, "正职职数")]
    )
    assert errors[(2, "副职职数")] == "副镇长现有在任2名，职数不能少于在任人数"
    deputy.refresh_from_db()
    assert deputy.quota == 4  # nothing written


def test_posts_outside_the_jurisdiction_are_refused(units, tmp_path, staff):
    run = _import(tmp_path, "posts", POSTS, [["西县教育局", 1, 2]], user=staff)
    assert "不在您的管辖范围内" in run.errors[0]["message"]
    assert not LeadershipTeam.objects.exists()


@pytest.fixture
def teams(units, tmp_path):
    _import(tmp_path, "posts", POSTS, [["青石镇", 1, 2], ["西县教育局", 1, 2]])


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_appointments_are_seated_and_reimport_is_unchanged(people, teams, tmp_path, fmt):
    rows = [
        [ZHANG, "张三", "青石镇", "党委书记", "正职", "2021.03", None],
        [LI, "李四", "青石镇", "副镇长", "副职", "2023年6月", None],
        [ZHAO, "赵六", "青石镇", "副镇长", "副职", "2015.01", "2021.02"],
    ]
    first = _import(tmp_path, "appointments", SEATS, rows, fmt=fmt)
    assert (first.created, first.invalid) == (3, 0), first.errors
    zhang = Appointment.objects.get(cadre=people["张三"])
    assert (zhang.post.title, zhang.title, zhang.start_date, zhang.end_date) == (
        "正职", "党委书记", dt.date(2021, 3, 1), None,
    )  # fmt: skip
    assert Appointment.objects.get(cadre=people["赵六"]).end_date == dt.date(2021, 2, 1)
    again = _import(tmp_path, "appointments", SEATS, rows, fmt=fmt)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Appointment.objects.count() == 3


def test_a_removal_date_added_later_ends_the_seat(people, teams, tmp_path):
    _import(
        tmp_path, "appointments", SEATS, [[LI, "李四", "青石镇", "副镇长", "副职", "2023.06", None]]
    )
    run = _import(
        tmp_path,
        "appointments",
        SEATS,
        [[LI, "李四", "青石镇", "副镇长", "副职", "2023.06", "2025.09"]],
    )
    assert run.updated == 1
    assert Appointment.objects.get().end_date == dt.date(2025, 9, 1)


def test_each_refused_row_says_why_and_nothing_is_written(people, teams, units, tmp_path):
    rows = [
        [ZHANG, "张三", "青石镇", "党委书记", "正职", "2021.03", None],
        [ZHAO, "赵六", "青石镇", "镇长", "正职", "2022.01", None],  # 2nd chief, quota 1
        [ZHANG, "张三", "青石镇", "副镇长", "副职", "2022.01", None],  # 2nd seat
        [LI, "李四", "北山镇", "副镇长", "副职", "2022.01", None],  # no team
        [LI, "李四", "青石镇", "副镇长", "副职", "2022.01", "2021.01"],  # ends before start
        [LI, "李四", "青石镇", "副镇长", "主任", "2022.01", None],
    ]
    run = _import(tmp_path, "appointments", SEATS, rows)
    errors = _errors(run)
    assert errors[(3, "职务")] == "超职数配备：正职核定职数1名，2022年1月起已有1名在任"
    assert "同一人不能在同一班子中同时担任两个职位" in errors[(4, "职务")]
    assert (
        errors[(5, "单位名称")] == "“江州市/东县/北山镇”尚未设置领导职数，请先导入职数（领导职数）"
    )
    assert errors[(6, "免职时间")] == "免职时间早于任职时间"
    assert "不是有效的正副职" in errors[(7, "正副职")]
    assert not Appointment.objects.exists()


def test_a_seat_is_free_again_after_the_predecessor_leaves(people, teams, tmp_path):
    rows = [
        [ZHAO, "赵六", "青石镇", "党委书记", "正职", "2015.01", "2021.03"],
        [ZHANG, "张三", "青石镇", "党委书记", "正职", "2021.03", None],
    ]
    run = _import(tmp_path, "appointments", SEATS, rows)
    assert run.created == 2, run.errors


def test_staff_cannot_seat_people_outside_their_jurisdiction(people, teams, tmp_path, staff):
    rows = [
        [WANG, "王五", "西县教育局", "局长", "正职", "2021.03", None],
        [WANG, "王五", "青石镇", "党委书记", "正职", "2021.03", None],
    ]
    errors = _errors(_import(tmp_path, "appointments", SEATS, rows, user=staff))
    assert errors[(2, "单位名称")] == "单位“西县教育局”不在您的管辖范围内"
    assert errors[(3, "身份证号")] == "此人不在您的管辖范围内"
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("kind", ["posts", "appointments"])
def test_each_kind_has_a_template_with_chinese_headers(kind, staff, as_user):
    import io

    import openpyxl
    from django.urls import reverse

    response = as_user(staff).get(reverse("pool:import_template", kwargs={"kind": kind}))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = {c for row in sheet.iter_rows(max_row=3, values_only=True) for c in row if c}
    assert {"单位名称"} <= {str(h).rstrip("*") for h in headers}
