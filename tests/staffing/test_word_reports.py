"""The quarter's 通报 and 一对一 feedback sheets as .docx from the ledger (audited)."""

import datetime as dt
import io

import docx
from django.urls import reverse

from pool.models import AuditAction, AuditEntry
from staffing import services
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory

OLD, YOUNG = dt.date(1970, 1, 1), dt.date(1995, 1, 1)


def _team(unit, *births):
    team = LeadershipTeamFactory(unit=unit)
    post = PostFactory(team=team, quota=5)
    for birth in births:
        AppointmentFactory(post=post, cadre=CadreFactory(unit=unit, birth_month=birth))


def _text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_notice_lists_a_and_b_teams_and_the_feedback_every_team(units, staff, as_user):
    _team(units["qingshi"], OLD)  # A
    _team(units["beishan"], YOUNG)  # C
    services.recalc_quarter("2026Q2")
    client = as_user(staff)
    url = reverse("staffing:ledger")
    notice = client.get(url, {"quarter": "2026Q2", "export": "docx"})
    assert notice["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _text(notice.content)
    assert "关于2026年第二季度优秀年轻干部配备预警情况的通报" in text
    assert "青石镇" in text and "北山镇" not in text
    assert "A级（红色）1个" in text
    feedback = _text(client.get(url, {"quarter": "2026Q2", "export": "feedback"}).content)
    assert "东县优秀年轻干部配备情况一对一反馈表" in feedback
    assert "青石镇" in feedback and "北山镇" in feedback
    assert "任务量2名，已完成1名，差额1名，完成率50.0%" in feedback
    exports = AuditEntry.objects.filter(action=AuditAction.EXPORT, actor=staff)
    assert exports.count() == 2


def test_the_notice_counts_every_level_when_the_ledger_is_filtered_to_a_level(
    units, staff, as_user
):
    _team(units["qingshi"], OLD)  # A
    _team(units["beishan"], YOUNG)  # C
    services.recalc_quarter("2026Q2")
    url = reverse("staffing:ledger")
    notice = as_user(staff).get(url, {"quarter": "2026Q2", "level": "A", "export": "docx"})
    text = _text(notice.content)
    assert "对2个领导班子" in text
    assert "A级（红色）1个，B级（黄色）0个，C级（绿色）1个" in text


def test_the_documents_write_dates_without_leading_zeros(units, staff, as_user):
    _team(units["qingshi"], OLD)
    services.recalc_quarter("2026Q3")
    client = as_user(staff)
    url = reverse("staffing:ledger")
    notice = _text(client.get(url, {"quarter": "2026Q3", "export": "docx"}).content)
    assert "以2026年9月30日为基准日" in notice
    assert "09月" not in notice
    feedback = _text(client.get(url, {"quarter": "2026Q3", "export": "feedback"}).content)
    assert "基准日2026年9月30日" in feedback
    assert "09月" not in feedback
