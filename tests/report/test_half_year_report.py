# Over 400 lines: one report checked section by section.
"""The half-yearly report's data part (向常委会专题汇报): each figure counted in the right
half-year (30 June in the first, 1 July in the second), beside the previous half-year,
only within the reader's jurisdiction; the page, the .docx and the .xlsx show the same
numbers; downloads are audited; the query count does not grow with the data."""

import datetime as dt
import io
import zoneinfo

import docx
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cadre_portal.report import figures
from cadre_portal.report.rules import HalfYear
from pool.models import (
    AuditAction,
    AuditEntry,
    Decision,
    ListKind,
    ListStatus,
    PoolEvent,
    PoolEventKind,
    PoolStatus,
    Role,
    Tier,
    UnitKind,
    UnitLevel,
)
from pool.selection import period_stats
from pool.selection.stats import Scope
from staffing import services as staffing_services
from supervision.models import Conclusion, IntegrityRequest, TalkerRole
from tests.conftest import _persona
from tests.factories import (
    AppointmentFactory,
    CadreFactory,
    EnrollmentFactory,
    IntegrityOpinionFactory,
    IntegrityRequestFactory,
    LeadershipTeamFactory,
    PoolMembershipFactory,
    PostFactory,
    PostingFactory,
    RecommendationFactory,
    RecommendationListFactory,
    RoundFactory,
    TalkFactory,
    TalkParticipantFactory,
    TrainingClassFactory,
    UnitFactory,
)

TODAY = dt.date(2026, 7, 15)  # 2026H1 is over, 2026H2 runs
H1, H2 = HalfYear(2026, 1), HalfYear(2026, 2)
LAST_DAY, FIRST_DAY = dt.date(2026, 6, 30), dt.date(2026, 7, 1)
LOCAL = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 7, 15, 10, 0, tzinfo=LOCAL), tick=False):
        yield


def _talk(cadre, day, role=TalkerRole.ORG_DEPT):
    TalkParticipantFactory(talk=TalkFactory(date=day, talker_role=role), cadre=cadre)


def _stay(cadre, entered, tier, *moves, exited=None, reason=""):
    """A pool stay with its entry event and ``moves`` = (day, kind, from, to)."""
    last_tier = [m[3] for m in moves if m[1] == PoolEventKind.TIER_CHANGE][-1:] or [tier]
    stay = PoolMembershipFactory(
        cadre=cadre,
        tier=last_tier[0],
        entered_on=entered,
        exited_on=exited,
        exit_reason=reason,
        status=PoolStatus.EXITED if exited else PoolStatus.IN_POOL,
    )
    PoolEvent.objects.create(
        membership=stay, kind=PoolEventKind.ENTRY, to_value=tier, happened_on=entered
    )
    for day, kind, before, after in moves:
        PoolEvent.objects.create(
            membership=stay, kind=kind, from_value=before, to_value=after, happened_on=day
        )
    return stay


@pytest.fixture
def county(units, staff):
    """东县 around the 30 June / 1 July boundary: 甲 (1995) and 乙 (1996), young, in 青石镇;
    丙 and 丁 (1970) not young; 戊 (1996) in 西县, whom no 东县 reader may count."""
    qingshi, east_edu = units["qingshi"], units["east_edu"]
    p = {
        "jia": CadreFactory(name="甲", unit=qingshi, birth_month=dt.date(1995, 1, 1), rank="副科"),
        "yi": CadreFactory(
            name="乙", unit=qingshi, birth_month=dt.date(1996, 1, 1), rank="一级科员"
        ),
        "bing": CadreFactory(name="丙", unit=qingshi, birth_month=dt.date(1970, 1, 1)),
        "ding": CadreFactory(name="丁", unit=east_edu, birth_month=dt.date(1970, 1, 1)),
        "wu": CadreFactory(name="戊", unit=units["west_edu"], birth_month=dt.date(1996, 1, 1)),
    }  # fmt: skip
    # 谈心谈话: one the last day of each half, one the first day of 2026H2.
    _talk(p["jia"], dt.date(2025, 12, 31))
    _talk(p["jia"], LAST_DAY)
    _talk(p["yi"], FIRST_DAY)
    _talk(p["wu"], LAST_DAY)
    # 任免: 青石镇 (丙 its chief since 2020; 甲 seated 30 June, 乙 1 July) and 东县教育局
    # (丁, not young, seated in March); 戊 in 西县 on 30 June.
    qingshi_team = LeadershipTeamFactory(unit=qingshi)
    AppointmentFactory(cadre=p["bing"], post=PostFactory(team=qingshi_team, is_chief=True))
    deputies = PostFactory(team=qingshi_team, quota=2, title="副镇长")
    AppointmentFactory(cadre=p["jia"], post=deputies, start_date=LAST_DAY)
    AppointmentFactory(cadre=p["yi"], post=deputies, start_date=FIRST_DAY)
    edu = PostFactory(team=LeadershipTeamFactory(unit=east_edu), title="局长", is_chief=True)
    AppointmentFactory(cadre=p["ding"], post=edu, start_date=dt.date(2026, 3, 2))
    west = PostFactory(team=LeadershipTeamFactory(unit=units["west_edu"]), title="副局长")
    AppointmentFactory(cadre=p["wu"], post=west, start_date=LAST_DAY)
    # 培训: a class ending 30 June (甲, 丙, and 戊 from 西县), one ending 1 July (乙).
    june = TrainingClassFactory(
        unit=units["city"], start_date=dt.date(2026, 6, 26), end_date=LAST_DAY, hours=40
    )
    for who in ("jia", "bing", "wu"):
        EnrollmentFactory(cadre=p[who], training_class=june)
    july = TrainingClassFactory(
        unit=units["east"], kind="party_spirit", start_date=dt.date(2026, 6, 29),
        end_date=FIRST_DAY, hours=24,
    )  # fmt: skip
    EnrollmentFactory(cadre=p["yi"], training_class=july)
    # 实践锻炼: 甲 挂职 through 30 June; 乙 驻村 from 1 July.
    PostingFactory(
        cadre=p["jia"], kind="secondment", start_date=dt.date(2026, 1, 1), end_date=LAST_DAY
    )
    PostingFactory(cadre=p["yi"], kind="village_secretary", start_date=FIRST_DAY, end_date=None)
    # 年轻干部库: 甲 长期跟踪 since Oct 2025, 中期培养 on 30 June, 近期使用 on 1 July;
    # 丙 中期培养 since Aug 2025, out (超龄) on 30 June; 乙 in on 1 July.
    _stay(
        p["jia"], dt.date(2025, 10, 1), Tier.LONG,
        (LAST_DAY, PoolEventKind.TIER_CHANGE, Tier.LONG, Tier.MID),
        (FIRST_DAY, PoolEventKind.TIER_CHANGE, Tier.MID, Tier.NEAR),
    )  # fmt: skip
    exit_ = (LAST_DAY, PoolEventKind.EXIT, PoolStatus.IN_POOL, "over_age")
    _stay(p["bing"], dt.date(2025, 8, 1), Tier.MID, exit_, exited=LAST_DAY, reason="over_age")
    _stay(p["yi"], FIRST_DAY, Tier.MID)
    # 三张清单: 青石镇's list sent 30 June at 23:30 (甲 taken in, 乙), the department's on
    # 1 July at 00:10 Beijing time (still 30 June in UTC) with 甲; a returned list.
    round_ = RoundFactory(opens_on=dt.date(2026, 6, 1), closes_on=dt.date(2026, 7, 31))
    unit_list = RecommendationListFactory(
        round=round_, unit=qingshi, status=ListStatus.SUBMITTED,
        submitted_at=dt.datetime(2026, 6, 30, 23, 30, tzinfo=LOCAL),
    )  # fmt: skip
    RecommendationFactory(rec_list=unit_list, cadre=p["jia"], decision=Decision.ACCEPTED)
    RecommendationFactory(rec_list=unit_list, cadre=p["yi"])
    org_list = RecommendationListFactory(
        round=round_, kind=ListKind.ORG, unit=units["east"], status=ListStatus.UNDER_REVIEW,
        submitted_at=dt.datetime(2026, 7, 1, 0, 10, tzinfo=LOCAL),
    )  # fmt: skip
    RecommendationFactory(rec_list=org_list, cadre=p["jia"])
    returned = RecommendationListFactory(
        round=round_, unit=units["beishan"], status=ListStatus.RETURNED, return_reason="理由笼统",
        submitted_at=dt.datetime(2026, 6, 1, 9, 0, tzinfo=LOCAL),
    )  # fmt: skip
    RecommendationFactory(rec_list=returned)
    # 廉政意见: asked on 30 June about 甲 (answered 无问题 on 1 July) and 乙 (unanswered).
    liaison = _persona("jiwei2", Role.DISCIPLINE_LIAISON)
    request = IntegrityRequestFactory(requested_by=staff, addressed_to=liaison)
    IntegrityRequest.objects.filter(pk=request.pk).update(
        created=dt.datetime(2026, 6, 30, 16, 0, tzinfo=LOCAL)
    )
    IntegrityOpinionFactory(
        request=request, cadre=p["jia"], conclusion=Conclusion.CLEAR,
        answered_at=dt.datetime(2026, 7, 1, 9, 0, tzinfo=LOCAL),
        first_signatory="王", second_signatory="李",
    )  # fmt: skip
    IntegrityOpinionFactory(request=request, cadre=p["yi"])
    # A/B/C at the end of 2025 and of June.
    for quarter in ("2025Q4", "2026Q2"):
        staffing_services.recalc_quarter(quarter)
    return p


def _report(user, period=H1):
    return figures.build(user, period, TODAY)


def _section(report, key):
    return next(s for s in report.sections if s.key == key)


def _row(report, key, label):
    return next(r for r in _section(report, key).rows if r.label == label)


def _values(report, key, label, metric=0):
    figure = _row(report, key, label).figures[metric]
    return figure.current, figure.previous, figure.change


def test_talks_on_30_june_count_in_the_first_half_and_on_1_july_in_the_second(county, staff):
    first, second = _report(staff, H1), _report(staff, H2)
    assert _values(first, "talks", "组织人事部门") == (1, 1, 0)  # 西县's 30 June talk is not ours
    assert _values(second, "talks", "组织人事部门") == (1, 1, 0)
    assert _values(first, "talks", "合计") == (1, 1, 0)


def test_young_appointments_count_on_their_first_day_by_rank(county, staff):
    first, second = _report(staff, H1), _report(staff, H2)
    # 甲 (副科) seated 30 June: H1. 丁 (not young) never counts, 戊 is in 西县.
    assert _values(first, "appointments", "副科") == (1, 0, 1)
    assert _values(first, "appointments", "合计") == (1, 0, 1)
    assert _values(second, "appointments", "一级科员") == (1, 0, 1)
    assert _values(second, "appointments", "合计") == (1, 1, 0)


def test_training_counts_classes_by_the_day_they_end(county, staff):
    first, second = _report(staff, H1), _report(staff, H2)
    assert _values(first, "training", "中青年干部培训班") == (2, 0, 2)  # 甲, 丙
    assert _values(first, "training", "中青年干部培训班", metric=1)[0] == 80
    assert _values(second, "training", "党性教育") == (1, 0, 1)
    assert _values(second, "training", "合计") == (1, 2, -1)


def test_postings_count_whoever_was_posted_during_the_half(county, staff):
    first, second = _report(staff, H1), _report(staff, H2)
    assert _values(first, "postings", "挂职") == (1, 0, 1)
    assert _values(first, "postings", "挂职", metric=1) == (1, 0, 1)  # sent in the half
    assert _values(second, "postings", "挂职") == (0, 1, -1)  # ended 30 June
    assert _values(second, "postings", "驻村第一书记") == (1, 0, 1)


def test_the_pool_by_tier_is_the_tier_held_on_the_last_day(county, staff):
    first, second = _report(staff, H1), _report(staff, H2)
    # 30 June: 甲 中期培养 (changed that day), 丙 gone (left that day).
    # 31 Dec 2025: 甲 长期跟踪, 丙 中期培养.
    assert _values(first, "pool", "中期培养") == (1, 1, 0)
    assert _values(first, "pool", "长期跟踪") == (0, 1, -1)
    assert _values(first, "pool", "合计") == (1, 2, -1)
    # 15 July (the running half): 甲 近期使用, 乙 中期培养.
    assert _values(second, "pool", "近期使用") == (1, 0, 1)
    assert _values(second, "pool", "合计") == (2, 1, 1)


def test_entries_and_exits_are_counted_from_the_history(county, staff):
    first, second = _report(staff, H1), _report(staff, H2)
    assert _values(first, "moves", "入库（含重新入库）（人）") == (0, 2, -2)
    assert _values(first, "moves", "出库（人）") == (1, 0, 1)
    assert _values(first, "moves", "其中：超龄") == (1, 0, 1)
    assert _values(first, "moves", "调整梯次（人次）") == (1, 0, 1)
    assert _values(second, "moves", "入库（含重新入库）（人）") == (1, 0, 1)


def test_lists_count_by_the_local_day_they_were_sent(county, staff):
    first, second = _report(staff, H1), _report(staff, H2)
    unit_list = "单位党组织推荐清单"
    assert [f.current for f in _row(first, "lists", unit_list).figures] == [1, 2, 1]
    assert [f.current for f in _row(first, "lists", "组织部门推荐清单").figures] == [0, 0, 0]
    # 00:10 on 1 July in Beijing is 30 June in UTC: the second half all the same.
    assert [f.current for f in _row(second, "lists", "组织部门推荐清单").figures] == [1, 1, 0]
    assert _values(second, "lists", "合计", metric=1) == (1, 2, -1)


def test_a_person_on_two_lists_is_one_candidate_in_the_total(county, staff):
    counts = period_stats.list_counts(Scope.for_user(staff), H1.start, H2.end)
    assert counts[""].lists == 2  # the returned list is not before the department
    assert counts[""].people == 2  # 甲 on both lists, 乙 on one
    assert counts[ListKind.UNIT].people + counts[ListKind.ORG].people == 3


def test_integrity_opinions_are_asked_and_answered_in_their_own_halves(county, staff):
    first, second = _report(staff, H1), _report(staff, H2)
    assert _values(first, "opinions", "征求廉政意见") == (2, 0, 2)
    assert _values(first, "opinions", "已回复") == (0, 0, 0)
    assert _values(first, "opinions", "期末待回复") == (2, 0, 2)
    assert _values(second, "opinions", "其中：无问题") == (1, 0, 1)
    assert _values(second, "opinions", "期末待回复") == (1, 2, -1)


def test_targets_are_read_on_each_last_day(county, staff):
    report = _report(staff)
    row = _row(report, "targets", "每个乡镇（街道）班子配备35岁以下干部·乡镇(街道)")
    # 青石镇: 甲 (31) seated on 30 June; nobody young on 31 December.
    assert (row.figures[0].current, row.figures[0].previous) == (1.0, 0.0)
    assert row.figures[0].change_text == "+100.0"
    assert "期末1/1，已达标" in row.note
    section = _section(report, "targets")
    assert "各层次均达到才算达标" in section.summary
    # each row is one target in one layer; a layer short of its ratio names the shortfall
    assert all("·" in r.label for r in section.rows)
    short = [r for r in section.rows if "未达标" in r.note]
    assert all("还差" in r.note for r in short)
    assert all(r.label.split("·")[0] in section.summary for r in short)


def test_a_county_sees_abc_by_kind_of_unit_against_the_previous_half(county, staff):
    report = _report(staff)
    section = _section(report, "warnings")
    assert section.head == "单位类别"
    assert "2026年第二季度" in section.basis and "2025年第四季度" in section.basis
    # 青石镇 went from A (nobody young) to C (甲); 东县教育局 stayed A.
    township = _row(report, "warnings", "乡镇(街道)")
    assert [(f.current, f.previous) for f in township.figures[:3]] == [(0, 1), (0, 0), (1, 0)]
    assert _values(report, "warnings", "党政工作部门") == (1, 1, 0)
    assert _values(report, "warnings", "合计") == (1, 2, -1)
    assert "A级班子与2025年第四季度相比减少1个" in section.summary


def test_a_city_sees_abc_by_county(county, units):
    leader = _persona("shiwei", Role.LEADER, units["city"])
    report = _report(leader)
    section = _section(report, "warnings")
    assert section.head == "地区"
    assert [r.label for r in section.rows] == ["东县", "西县", "合计"]
    # 戊 (30) seated on 30 June: 西县教育局 went from A to C, like 青石镇.
    assert _values(report, "warnings", "西县") == (0, 1, -1)
    assert _values(report, "warnings", "合计", metric=2) == (2, 0, 2)
    assert report.title == "江州市优秀年轻干部工作情况（2026年上半年）数据部分"


def test_a_county_never_counts_another_county(county, units):
    west_staff = _persona("west_staff", Role.STAFF, units["west"])
    report = _report(west_staff)
    assert report.title.startswith("西县")
    assert _values(report, "talks", "组织人事部门")[0] == 1  # 戊's talk only
    assert _values(report, "appointments", "合计")[0] == 1  # 戊
    assert _values(report, "training", "合计")[0] == 1
    assert _values(report, "pool", "合计")[0] == 0
    assert _values(report, "lists", "合计", metric=1)[0] == 0


def test_a_section_sentence_states_the_main_figures(county, staff):
    report = _report(staff)
    assert _section(report, "pool").summary == (
        "期末年轻干部库在库1人，其中中期培养1人；在库人数比上期末减少1人。"
    )
    assert _section(report, "talks").summary.startswith("本期与干部谈心谈话1人次，与上期持平")


def test_the_page_shows_the_tables_for_the_chosen_half(county, staff, as_user):
    page = as_user(staff).get(reverse("report:index"), {"period": "2026H2"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "东县优秀年轻干部工作情况（2026年下半年）数据部分" in html
    assert "本半年尚未结束" in html
    assert '<option value="2026H2" selected>2026年下半年</option>' in html
    assert "?period=2026H2" in html  # the downloads take the same half-year
    assert "谈话要点" not in html  # counts only, never a talk note


def test_without_a_period_the_page_shows_the_last_finished_half(county, leader, as_user):
    page = as_user(leader).get(reverse("report:index"))
    assert page.context["report"].period == H1
    assert "上期为2025年下半年" in page.content.decode()


def test_a_bad_period_is_refused_in_chinese(county, staff, as_user):
    client = as_user(staff)
    page = client.get(reverse("report:index"), {"period": "2027H1"})
    assert page.status_code == 200
    assert "统计期应在2000年上半年至本半年（2026年下半年）之间" in page.content.decode()
    assert page.context["report"].period == H1
    download = client.get(reverse("report:docx"), {"period": "2026年"})
    assert download.status_code == 400
    assert "不是有效的统计期" in download.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize("persona", ["unit_committee", "sector_dept", "discipline_liaison"])
def test_only_staff_and_leaders_get_the_report(persona, units, as_user, request):
    client = as_user(request.getfixturevalue(persona))
    for name in ("report:index", "report:docx", "report:xlsx"):
        assert client.get(reverse(name)).status_code == 403


def _word_table(document, report, key):
    index = [s.key for s in report.sections].index(key)
    table = document.tables[index]
    return {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows[2:]}


def test_the_word_file_holds_each_table_with_this_and_the_previous_half(county, staff, as_user):
    response = as_user(staff).get(reverse("report:docx"), {"period": "2026H1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "东县优秀年轻干部工作情况" in text and "（2026年上半年）数据部分" in text
    assert "一、三张清单推荐情况" in text and "十、班子配备预警（A/B/C）按单位类别" in text
    report = _report(staff)
    assert len(document.tables) == len(report.sections)
    header = document.tables[0].rows
    assert [c.text for c in header[0].cells[:4]] == ["清单", *["报送清单（份）"] * 3]
    assert [c.text for c in header[1].cells[1:4]] == ["本期", "上期", "增减"]
    assert _word_table(document, report, "pool")["合计"] == ["1", "2", "-1"]
    assert _word_table(document, report, "training")["中青年干部培训班"] == [
        "2", "0", "+2", "80", "0", "+80",
    ]  # fmt: skip
    targets = _word_table(document, report, "targets")
    assert targets["每个乡镇（街道）班子配备35岁以下干部·乡镇(街道)"][:3] == [
        "100.0%",
        "0.0%",
        "+100.0",
    ]
    warnings = _word_table(document, report, "warnings")
    assert warnings["合计"] == ["1", "2", "-1", "0", "0", "0", "1", "0", "+1",
                               "50.0%", "0.0%", "+50.0"]  # fmt: skip
    # Chinese faces named for East Asian text: 宋体 in tables, 黑体 headings, 仿宋 text.
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == (
        "宋体"
    )
    heading = next(p for p in document.paragraphs if p.text == "一、三张清单推荐情况")
    assert heading.runs[0].font.name == "黑体"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_the_excel_file_has_an_overview_and_a_sheet_per_section(county, staff, as_user):
    response = as_user(staff).get(reverse("report:xlsx"), {"period": "2026H1"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "概况"
    assert "十、班子配备预警（A·B·C）按单位类别" in book.sheetnames
    assert len(book.sheetnames) == 11
    overview = book["概况"]
    assert overview["A1"].value == "东县优秀年轻干部工作情况（2026年上半年）数据部分"
    assert overview["B5"].value.startswith("期末年轻干部库在库1人")
    pool = book["二、年轻干部库梯次结构"]
    rows = {r[0]: r[1:4] for r in pool.iter_rows(min_row=7, values_only=True) if r[0]}
    assert rows["中期培养"] == (1, 1, 0)
    assert rows["合计"] == (1, 2, -1)
    targets = book["九、配备目标完成情况"]
    rows = {r[0]: r[1:] for r in targets.iter_rows(min_row=7, values_only=True) if r[0]}
    row = rows["每个乡镇（街道）班子配备35岁以下干部·乡镇(街道)"]
    assert row[:3] == (1.0, 0.0, 100.0)  # shares as numbers; the change in points
    assert "期末1/1" in row[3]


def test_each_download_is_audited(county, leader, as_user):
    client = as_user(leader)
    client.get(reverse("report:docx"), {"period": "2026H1"})
    client.get(reverse("report:xlsx"), {"period": "2026H1"})
    entries = list(
        AuditEntry.objects.filter(action=AuditAction.EXPORT, actor=leader).order_by("id")
    )
    assert len(entries) == 2
    assert "半年工作情况报告数据·东县优秀年轻干部工作情况（2026年上半年）数据部分（Word）" in (
        entries[0].detail
    )
    assert "（Excel）" in entries[1].detail and "period=2026H1" in entries[1].detail


@pytest.mark.parametrize(("persona", "shown"), [("staff", True), ("leader", True),
                                                 ("unit_committee", False)])  # fmt: skip
def test_staff_and_leaders_find_the_report_in_the_navigation(
    persona, shown, units, as_user, request
):
    home = as_user(request.getfixturevalue(persona)).get(reverse("home")).content.decode()
    link = f'<a class="dropdown-item" href="{reverse("report:index")}">半年报告数据</a>'
    assert (link in home) is shown


def _more_of_everything(units, n: int) -> None:
    """``n`` more young people in a new township, each with a talk, an appointment, a
    class, a posting, a pool stay, a recommendation and an opinion in each half."""
    town = UnitFactory(
        name=f"新镇{n}", parent=units["east"], level=UnitLevel.TOWNSHIP, kind=UnitKind.TOWNSHIP
    )
    team = LeadershipTeamFactory(unit=town)
    course = TrainingClassFactory(unit=units["east"], end_date=dt.date(2026, 5, 8))
    rec_list = RecommendationListFactory(
        unit=town, status=ListStatus.SUBMITTED, submitted_at=dt.datetime(2026, 3, 1, tzinfo=LOCAL)
    )
    request = IntegrityRequestFactory(
        requested_by=_persona(f"s{n}", Role.STAFF, units["east"]),
        addressed_to=_persona(f"l{n}", Role.DISCIPLINE_LIAISON),
    )
    for i in range(n):
        person = CadreFactory(unit=town, birth_month=dt.date(1994, 1 + i % 12, 1), rank="副科")
        _talk(person, dt.date(2026, 3, 1) + dt.timedelta(days=i))
        _talk(person, dt.date(2025, 9, 1), TalkerRole.UNIT_HEAD)
        AppointmentFactory(
            cadre=person, post=PostFactory(team=team), start_date=dt.date(2026, 4, 1)
        )
        EnrollmentFactory(cadre=person, training_class=course)
        PostingFactory(cadre=person, start_date=dt.date(2025, 11, 1), end_date=None)
        _stay(person, dt.date(2025, 9, 1), Tier.MID)
        RecommendationFactory(rec_list=rec_list, cadre=person)
        IntegrityOpinionFactory(request=request, cadre=person)
    staffing_services.recalc_quarter("2026Q2")


def test_the_number_of_queries_does_not_grow_with_the_data(
    county, units, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    client.get(reverse("home"))  # the first request after logging in does more

    def count(name: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name), {"period": "2026H1"}).status_code == 200
        return len(queries)

    page, word = count("report:index"), count("report:docx")
    _more_of_everything(units, 3)
    assert (count("report:index"), count("report:docx")) == (page, word)
    _more_of_everything(units, 12)
    assert (count("report:index"), count("report:docx")) == (page, word)
    assert _values(_report(staff), "appointments", "副科")[0] == 16  # 甲 and the 15 new
    with django_assert_max_num_queries(48):
        client.get(reverse("report:xlsx"), {"period": "2026H1"})
