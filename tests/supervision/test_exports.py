"""Each 管 list exports what it shows as .xlsx, audited; formula-like text is defused;
a leader exports the overdue ledger but never a talk note."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from pool.models import AuditAction, AuditEntry
from supervision import services
from supervision.models import Conclusion, KeyTaskPerformance, PoliticalFileEntry, TalkerRole
from tests.factories import (
    AssessmentFactory,
    CadreFactory,
    ConcernFactory,
    IntegrityOpinionFactory,
    IntegrityRequestFactory,
    PersonalReportFactory,
    PoolMembershipFactory,
    TalkFactory,
    TalkParticipantFactory,
)

NOW = dt.datetime(2026, 7, 15, 10, 0)


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [[c for c in row] for row in book.active.iter_rows(values_only=True)]


@pytest.fixture
def records(staff, discipline_liaison, units):
    mine = CadreFactory(unit=units["qingshi"], name="本县甲")
    theirs = CadreFactory(unit=units["west_edu"], name="外县乙")
    PoolMembershipFactory(cadre=mine)
    PoolMembershipFactory(cadre=theirs)
    for cadre in (mine, theirs):
        TalkParticipantFactory(
            cadre=cadre, talk=TalkFactory(note="=HYPERLINK(1)", date=dt.date(2026, 1, 5))
        )
        ConcernFactory(cadre=cadre)
        AssessmentFactory(cadre=cadre)
        IntegrityOpinionFactory(
            request=IntegrityRequestFactory(requested_by=staff, addressed_to=discipline_liaison),
            cadre=cadre,
            conclusion=Conclusion.CLEAR,
            answered_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
            first_signatory="甲",
            second_signatory="乙",
        )
        PoliticalFileEntry.objects.create(
            cadre=cadre, source="survey", date=dt.date(2026, 1, 1), finding="好", evaluator="组"
        )
        KeyTaskPerformance.objects.create(
            cadre=cadre, category="rural", task_name="农田", started_on=dt.date(2026, 1, 1),
            performance="好", rating="优秀",
        )  # fmt: skip
        PersonalReportFactory(cadre=cadre)
        services.record_file_audit(
            staff, cadre, item="birth", file_value="1990.01", source_document="履历表",
            document_date=None, decided_value="", category="pending",
        )  # fmt: skip
    return mine, theirs


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("name", "what", "column"),
    [
        ("talk_list", "谈心谈话", "谈话对象"),
        ("overdue", "谈话提醒台账", "姓名"),
        ("integrity_list", "廉政意见", "姓名"),
        ("concerns", "问题线索", "姓名"),
        ("assessments", "考核结果", "姓名"),
        ("political_file", "政治素质档案", "姓名"),
        ("key_tasks", "重点工作表现", "姓名"),
        ("personal_matters", "个人有关事项", "姓名"),
        ("file_audit", "干部档案专项审核", "姓名"),
    ],
)
def test_each_list_exports_only_the_jurisdiction_and_is_audited(
    name, what, column, records, staff, as_user
):
    sheet = _sheet(as_user(staff).get(reverse(f"supervision:{name}"), {"export": "xlsx"}))
    header, rows = sheet[0], sheet[1:]
    names = {row[header.index(column)] for row in rows}
    assert "本县甲" in names and "外县乙" not in names
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert entry.detail.startswith(what) and f"共{len(rows)}行" in entry.detail


@time_machine.travel(NOW, tick=False)
def test_talk_export_defuses_formula_like_notes(records, staff, as_user):
    sheet = _sheet(as_user(staff).get(reverse("supervision:talk_list"), {"export": "xlsx"}))
    assert sheet[1][sheet[0].index("谈话要点")] == "'=HYPERLINK(1)"


@time_machine.travel(NOW, tick=False)
def test_leader_exports_the_overdue_ledger_without_notes(records, leader, as_user):
    client = as_user(leader)
    response = client.get(
        reverse("supervision:overdue"), {"role": TalkerRole.UNIT_HEAD, "export": "xlsx"}
    )
    sheet = _sheet(response)
    assert [row[sheet[0].index("姓名")] for row in sheet[1:]] == ["本县甲"]
    assert not any("HYPERLINK" in str(cell) for row in sheet for cell in row)
    for name in (
        "talk_list",
        "integrity_list",
        "concerns",
        "assessments",
        "political_file",
        "personal_matters",
        "file_audit",
    ):
        assert client.get(reverse(f"supervision:{name}"), {"export": "xlsx"}).status_code == 403
