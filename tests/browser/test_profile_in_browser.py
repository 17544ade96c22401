"""Through Debian's Chromium: a 领导 opens a person's profile from the cadre list (no
talk notes), and a staff member downloads that person's 任免审批表 (.docx)."""

import datetime as dt
import re
import zipfile

import pytest

from pool.models import CareerEntry, FamilyMember
from supervision.models import TalkerRole
from tests.conftest import browser_login
from tests.factories import (
    AssessmentFactory,
    CadreFactory,
    EnrollmentFactory,
    PoolMembershipFactory,
    PostingFactory,
    TalkFactory,
    TalkParticipantFactory,
    TrainingClassFactory,
)
from tests.profile.docx_reading import open_docx, value_right_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TALK_NOTE = "谈话要点：母亲住院，需组织关心"


@pytest.fixture
def person(units):
    cadre = CadreFactory(
        unit=units["qingshi"], name="李明远", birth_month=dt.date(1993, 4, 1),
        category="选调生", current_position="青石镇党委委员、副镇长",
        native_place="湖南长沙", birthplace="湖南浏阳", work_start_month=dt.date(2015, 8, 1),
        fulltime_education="大学本科", fulltime_degree="学士",
    )  # fmt: skip
    CareerEntry.objects.create(
        cadre=cadre, start_month=dt.date(2011, 9, 1), end_month=dt.date(2015, 7, 1),
        description="湖南大学公共管理学院行政管理专业学习",
    )  # fmt: skip
    CareerEntry.objects.create(
        cadre=cadre, start_month=dt.date(2015, 8, 1), end_month=dt.date(2019, 12, 1),
        description="青石镇党政办科员（选调生）",
    )  # fmt: skip
    CareerEntry.objects.create(
        cadre=cadre, start_month=dt.date(2020, 1, 1), description="青石镇党委委员、副镇长"
    )
    FamilyMember.objects.create(cadre=cadre, relation="妻子", name="王芳", political_status="群众")
    PoolMembershipFactory(cadre=cadre)
    AssessmentFactory(cadre=cadre, year=dt.date.today().year - 1, grade="优秀")
    talk = TalkFactory(note=TALK_NOTE, talker_role=TalkerRole.ORG_DEPT)
    TalkParticipantFactory(talk=talk, cadre=cadre)
    for year, name in ((2021, "东县选调生专题培训班"), (2023, "江州市中青年干部培训班"),
                       (2025, "东县党性教育专题班")):  # fmt: skip
        EnrollmentFactory(
            cadre=cadre,
            training_class=TrainingClassFactory(
                unit=units["east"], name=name, start_date=dt.date(year, 4, 7),
                end_date=dt.date(year, 4, 18), political=year == 2025,
            ),
        )  # fmt: skip
    PostingFactory(cadre=cadre, host_name="青石镇石桥村", role="第一书记",
                   start_date=dt.date(2017, 3, 1), end_date=dt.date(2019, 2, 28))  # fmt: skip
    return cadre


def test_a_leader_opens_a_profile_from_the_list_without_talk_notes(
    live_server, person, leader, page, tmp_path
):
    browser_login(page, live_server, "lingdao")
    page.goto(f"{live_server.url}/pool/cadres/")
    page.get_by_role("link", name="李明远").click()
    page.wait_for_url(f"**/people/{person.pk}/")
    assert page.locator("#profile-name").inner_text() == "李明远"
    tags = page.locator("#profile-tags").inner_text()
    assert "90后" in tags and "选调生" in tags and "基层经历" in tags
    timeline = page.locator("#profile-timeline").inner_text()
    assert "青石镇党政办科员（选调生）" in timeline
    assert TALK_NOTE not in page.content()
    assert "谈心谈话" not in timeline
    assert page.get_by_role("link", name="下载任免审批表（Word）").count() == 0
    page.screenshot(path=str(tmp_path / "profile_leader.png"), full_page=True)
    assert page.console_errors == []


def test_staff_download_the_approval_form_from_the_profile(
    live_server, person, staff, page, tmp_path
):
    browser_login(page, live_server, "xiaozhou")
    page.goto(f"{live_server.url}/pool/cadres/")
    page.get_by_role("link", name="李明远").click()
    page.wait_for_url(f"**/people/{person.pk}/")
    timeline = page.locator("#profile-timeline").inner_text()
    assert TALK_NOTE in timeline
    assert "江州市中青年干部培训班" in timeline and "驻村第一书记：青石镇石桥村" in timeline
    # the scoring radar of a pool member, drawn from its JSON
    page.wait_for_selector("#profile-radar .radar-chart[data-ready='1'] svg")
    page.screenshot(path=str(tmp_path / "profile_staff.png"), full_page=True)
    printed = page.pdf(format="A4")  # Chromium prints with the print stylesheet
    (tmp_path / "profile.pdf").write_bytes(printed)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", printed))
    assert 1 <= pages <= 2, pages
    with page.expect_download() as download:
        page.get_by_role("link", name="下载任免审批表（Word）").click()
    assert download.value.suggested_filename == "干部任免审批表_李明远_青石镇.docx"
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    cells = value_right_of(open_docx(path.read_bytes()).tables[0])
    assert cells["姓名"] == "李明远"
    assert cells["现任职务"] == "青石镇党委委员、副镇长"
    assert page.console_errors == []


def test_staff_tick_every_row_and_download_the_forms_as_a_zip(
    live_server, person, units, staff, page, tmp_path
):
    CadreFactory(unit=units["beishan"], name="周敏")
    browser_login(page, live_server, "xiaozhou")
    page.goto(f"{live_server.url}/pool/cadres/")
    page.get_by_label("选择本页全部").check()
    assert page.get_by_label("选择周敏").is_checked()
    with page.expect_download() as download:
        page.get_by_role("button", name="导出所选人员的任免审批表").click()
    assert download.value.suggested_filename.endswith(".zip")
    path = tmp_path / "forms.zip"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["周敏_北山镇.docx", "李明远_青石镇.docx"]
        cells = value_right_of(open_docx(archive.read("周敏_北山镇.docx")).tables[0])
    assert cells["姓名"] == "周敏"
    assert page.console_errors == []
