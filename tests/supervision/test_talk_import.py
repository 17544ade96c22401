"""Kind ``talks``: 身份证号, 姓名, 谈话人, 谈话人身份, 谈话类型, 谈话日期, 谈话要点.
Rows of one meeting become one talk with several people; the notes stay staff-only."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from pool.imports import runs
from supervision import selectors
from supervision.models import Talk, TalkerRole, TalkKind, TalkParticipant
from tests.factories import PoolMembershipFactory
from tests.pool.import_files import WRITERS, id_number

HEADER = ["身份证号", "姓名", "谈话人", "谈话人身份", "谈话类型", "谈话日期", "谈话要点"]
NOTE = "本人反映家庭困难，需组织关心"
NOW = dt.datetime(2026, 7, 15, 10, 0)


@pytest.fixture
def people(units):
    from tests.factories import CadreFactory

    return [
        CadreFactory(name="张三", unit=units["qingshi"], id_number=id_number("19900115", 1)),
        CadreFactory(name="李四", unit=units["qingshi"], id_number=id_number("19920310", 2)),
        CadreFactory(name="王五", unit=units["west_edu"], id_number=id_number("19930310", 3)),
    ]


def _import(tmp_path, rows, *, fmt="xlsx", user=None):
    path = tmp_path / f"谈话.{fmt}"
    path.write_bytes(WRITERS[fmt]([HEADER, *rows]))
    run, _ = runs.import_file("talks", str(path), user=user)
    return run


MEETING = [
    [id_number("19900115", 1), "张三", "王建国", "县级领导", "谈心谈话", dt.date(2026, 7, 1), NOTE],
    [id_number("19920310", 2), "李四", "王建国", "县领导", "谈心", "2026.7.1", NOTE],
]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_rows_of_one_meeting_become_one_bulk_talk_and_reimport_is_unchanged(
    people, tmp_path, fmt, staff
):
    run = _import(tmp_path, MEETING, fmt=fmt, user=staff)
    assert (run.created, run.invalid) == (2, 0)
    talk = Talk.objects.get()
    assert (talk.talker_name, talk.talker_role, talk.kind) == (
        "王建国",
        TalkerRole.COUNTY_LEADER,
        TalkKind.HEART,
    )
    assert talk.date == dt.date(2026, 7, 1) and talk.note == NOTE
    assert set(talk.participants.values_list("cadre_id", flat=True)) == {
        people[0].pk,
        people[1].pk,
    }
    again = _import(tmp_path, MEETING, fmt=fmt, user=staff)
    assert (again.created, again.unchanged) == (0, 2)
    assert Talk.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_imported_talks_shrink_the_overdue_ledger(people, tmp_path, staff):
    for cadre in people[:2]:
        PoolMembershipFactory(cadre=cadre)
    rows = [[*r[:3], "单位主要领导", *r[4:]] for r in MEETING]
    assert len(selectors.overdue(staff, NOW.date(), TalkerRole.UNIT_HEAD)) == 2
    _import(tmp_path, rows, user=staff)
    assert selectors.overdue(staff, NOW.date(), TalkerRole.UNIT_HEAD) == []


@time_machine.travel(NOW, tick=False)
def test_each_wrong_row_names_its_column_and_nothing_is_written(people, tmp_path, staff):
    ok = MEETING[0]
    rows = [
        [*ok[:3], "村干部", *ok[4:]],
        [*ok[:4], "批评", *ok[5:]],
        [*ok[:5], "2026-07-16", ok[6]],
        [*ok[:5], "2026-02-30", ok[6]],
        [id_number("19930310", 3), "王五", *ok[2:]],
    ]
    run = _import(tmp_path, rows, user=staff)
    errors = {(e["row"], e["column"]): e["message"] for e in run.errors}
    assert "不是有效的谈话人身份" in errors[(2, "谈话人身份")]
    assert "不是有效的谈话类型" in errors[(3, "谈话类型")]
    assert "晚于今天" in errors[(4, "谈话日期")]
    assert "不是有效的日期" in errors[(5, "谈话日期")]
    assert errors[(6, "身份证号")] == "此人不在您的管辖范围内"
    assert not TalkParticipant.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_imported_notes_reach_staff_but_never_a_leader(people, tmp_path, staff, leader, as_user):
    for cadre in people[:2]:
        PoolMembershipFactory(cadre=cadre)
    _import(tmp_path, MEETING, user=staff)
    assert NOTE in as_user(staff).get(reverse("supervision:talk_list")).content.decode()
    client = as_user(leader)
    assert client.get(reverse("supervision:talk_list")).status_code == 403
    for name in ("supervision:overdue", "home"):
        assert NOTE not in client.get(reverse(name)).content.decode()
