"""Promotion (提拔) gates: what a promotion is (the seat's level above the person's);
a standing veto refuses it; 凡提四必 (档案必审, 个人有关事项必核, 纪检监察机关意见必听,
线索具体的信访举报必查) must all hold, and the refusal names what is missing. The
same function answers for the page, the 动议 checklist and ``import appointments``."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pool.models import Rank, UnitKind, UnitLevel
from pool.selection import services as pool_services
from staffing import rules, services
from staffing.models import Appointment
from supervision.gates import four_musts, matters_checked_since
from supervision.models import (
    AuditCategory,
    CheckFinding,
    CheckKind,
    Concern,
    FileAuditRecord,
    FileItem,
    FilingKind,
    Handling,
    PersonalMattersReport,
)
from tests.factories import (
    CadreFactory,
    IntegrityOpinionFactory,
    IntegrityRequestFactory,
    LeadershipTeamFactory,
    PostFactory,
    UnitFactory,
)

D = dt.date


@pytest.mark.parametrize(
    ("level", "kind", "chief", "expected"),
    [
        (UnitLevel.COUNTY, UnitKind.COUNTY_LEADERSHIP, False, 5),  # 副县长: 副处
        (UnitLevel.COUNTY, UnitKind.COUNTY_LEADERSHIP, True, 6),
        (UnitLevel.CITY, UnitKind.PARTY_GOV_DEPT, True, 6),  # 市直部门正职: 正处
        (UnitLevel.CITY, UnitKind.INTERNAL_BODY, True, 4),  # 市内设机构正职: 正科
        (UnitLevel.COUNTY, UnitKind.PARTY_GOV_DEPT, False, 3),  # 县局副职: 副科
        (UnitLevel.TOWNSHIP, UnitKind.TOWNSHIP, True, 4),  # 镇长: 正科
        (UnitLevel.COUNTY, UnitKind.INTERNAL_BODY, True, 0),  # 股长: no rank
        (UnitLevel.CITY, UnitKind.REGION, False, 7),
    ],
)
def test_post_levels(level, kind, chief, expected):
    assert rules.post_level(level, kind, chief) == expected


@pytest.mark.parametrize(
    ("rank", "held", "seat", "promotion"),
    [
        (Rank.SECTION_DEPUTY, [], 3, False),  # 副科 to a 副科 seat: lateral
        (Rank.SECTION_DEPUTY, [], 4, True),  # 副科 to 正科
        (Rank.PRINCIPAL_2, [], 4, False),  # 二级主任科员 counts as 正科
        (Rank.PRINCIPAL_3, [], 4, True),  # 三级主任科员 counts as 副科
        (Rank.STAFF_1, [], 3, True),
        ("", [], 3, True),  # unknown rank: treated as below any ranked seat
        ("", [4], 4, False),  # holds a 正科 seat already
        (Rank.DIVISION_CHIEF, [], 5, False),  # a step down
        (Rank.STAFF_1, [], 0, False),  # a seat without rank is never a promotion
    ],
)
def test_is_promotion(rank, held, seat, promotion):
    assert rules.is_promotion(rank, held, seat) is promotion


@pytest.mark.parametrize(
    ("on", "earliest"),
    [
        (D(2026, 12, 7), D(2025, 12, 7)),
        (D(2026, 2, 28), D(2025, 2, 28)),
        (D(2028, 2, 29), D(2027, 2, 28)),  # clamped to the month's end
    ],
)
def test_the_matters_check_counts_for_twelve_months(on, earliest):
    assert matters_checked_since(on) == earliest


TODAY = timezone.localdate


@pytest.fixture
def seat(units):
    """东县政府副县长 (副处): a promotion for a 正科."""
    county = UnitFactory(
        name="东县人民政府", parent=units["east"], level=UnitLevel.COUNTY,
        kind=UnitKind.COUNTY_LEADERSHIP,
    )  # fmt: skip
    team = LeadershipTeamFactory(unit=county)
    return PostFactory(team=team, title="副县长", quota=3)


def _clean(cadre, staff, liaison, *, skip=(), checked_on=None, answered_on=None):
    """Every item of 凡提四必 in order for ``cadre``, except those in ``skip``."""
    today = TODAY()
    if "file_audit" not in skip:
        for item in FileItem:
            FileAuditRecord.objects.create(
                cadre=cadre, item=item, file_value="一致", source_document="档案",
                category=AuditCategory.CONSISTENT,
            )  # fmt: skip
    if "personal_matters" not in skip:
        PersonalMattersReport.objects.create(
            cadre=cadre, year=today.year, filing=FilingKind.ANNUAL, due_on=today,
            returned_on=today, check_kind=CheckKind.RANDOM,
            checked_on=checked_on or today, finding=CheckFinding.TRUTHFUL,
        )  # fmt: skip
    if "integrity" not in skip:
        on = answered_on or today
        IntegrityOpinionFactory(
            request=IntegrityRequestFactory(requested_by=staff, addressed_to=liaison),
            cadre=cadre, conclusion="clear",
            answered_at=timezone.make_aware(dt.datetime.combine(on, dt.time(9))),
            first_signatory="甲", second_signatory="乙",
        )  # fmt: skip


def _cadre(units, **kw):
    return CadreFactory(
        unit=units["east"], name="钱五十二", birth_month=D(1974, 1, 1), rank=Rank.SECTION_CHIEF,
        party_join_month=D(2000, 1, 1), **kw,
    )  # fmt: skip


def test_a_vetoed_52_year_old_is_not_seated_as_deputy_county_head(
    staff, discipline_liaison, units, seat
):
    cadre = _cadre(units)
    _clean(cadre, staff, discipline_liaison)
    pool_services.record_veto(staff, cadre, "党纪处分影响期内")
    with pytest.raises(ValidationError, match="钱五十二有一票否决记录且未解除，不能提拔任用"):
        services.appoint(staff, cadre, seat, TODAY(), "东委〔2026〕1号")
    assert not Appointment.objects.exists()
    # a record of the past is entered as it happened
    services.appoint(staff, cadre, seat, TODAY() - dt.timedelta(days=1), "东委〔2025〕9号")


@pytest.mark.parametrize(
    ("skip", "named"),
    [
        ("file_audit", "档案必审（未审核：出生时间"),
        ("personal_matters", "个人有关事项必核（没有个人有关事项核查记录）"),
        ("integrity", "纪检监察机关意见必听（没有在有效期内、结论为“无问题”的廉政意见）"),
    ],
)
def test_a_promotion_missing_an_item_is_refused_naming_it(
    staff, discipline_liaison, units, seat, skip, named
):
    cadre = _cadre(units)
    _clean(cadre, staff, discipline_liaison, skip=(skip,))
    with pytest.raises(ValidationError) as refused:
        services.appoint(staff, cadre, seat, TODAY(), "东委〔2026〕1号")
    assert named in refused.value.messages[0]
    assert refused.value.messages[0].startswith("钱五十二提拔任职须凡提四必，尚缺：")


def test_an_open_concern_refuses_and_a_handled_one_does_not(staff, discipline_liaison, units, seat):
    cadre = _cadre(units)
    _clean(cadre, staff, discipline_liaison)
    concern = Concern.objects.create(
        cadre=cadre, source="信访举报", summary="反映违规经商", handling=Handling.VERIFY,
        received_on=TODAY() - dt.timedelta(days=10),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="线索具体的信访举报必查（有1件问题线索尚未办结）"):
        services.appoint(staff, cadre, seat, TODAY(), "x")
    concern.handled_on = TODAY()
    concern.save()
    assert services.appoint(staff, cadre, seat, TODAY(), "x").pk


@pytest.mark.parametrize(
    ("checked_days_ago", "ok"),
    [(0, True), ("12m", True), ("12m+1", False)],
)
def test_the_matters_check_boundary(staff, discipline_liaison, units, checked_days_ago, ok):
    today = TODAY()
    since = matters_checked_since(today)
    checked = {0: today, "12m": since, "12m+1": since - dt.timedelta(days=1)}[checked_days_ago]
    cadre = _cadre(units)
    _clean(cadre, staff, discipline_liaison, checked_on=checked)
    item = next(m for m in four_musts(cadre, today) if m.code == "personal_matters")
    assert item.ok is ok


def test_the_opinion_validity_last_day(staff, discipline_liaison, units):
    from supervision.rules import period_start

    today = TODAY()
    first_valid = period_start(today, 6)
    for answered, ok in ((first_valid, True), (first_valid - dt.timedelta(days=1), False)):
        cadre = _cadre(units, id_number=None)
        _clean(cadre, staff, discipline_liaison, answered_on=answered)
        item = next(m for m in four_musts(cadre, today) if m.code == "integrity")
        assert item.ok is ok, answered


def test_a_lateral_move_needs_no_four_musts(staff, units, seat):
    cadre = _cadre(units)
    cadre.rank = Rank.DIVISION_DEPUTY
    cadre.save()
    assert services.appoint(staff, cadre, seat, TODAY(), "x").pk


def test_the_form_refuses_the_promotion_naming_items(staff, units, seat, as_user):
    cadre = _cadre(units)
    response = as_user(staff).post(
        reverse("staffing:appoint", args=[seat.team_id]),
        {"post": seat.pk, "cadre": cadre.pk, "start_date": TODAY().isoformat(),
         "document_number": "x"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    for label in ("档案必审", "个人有关事项必核", "纪检监察机关意见必听"):
        assert label in page


def test_import_refuses_a_future_promotion_as_the_page_does_and_keeps_past_records(
    staff, units, tmp_path
):
    from pool.imports import runs
    from tests.pool.import_files import WRITERS, id_number

    team = LeadershipTeamFactory(unit=units["qingshi"])
    PostFactory(team=team, title="党委书记", is_chief=True, quota=2)
    vetoed = CadreFactory(
        name="钱五十二", unit=units["qingshi"], id_number=id_number("19740101", 1),
        birth_month=D(1974, 1, 1),
    )  # fmt: skip
    unchecked = CadreFactory(
        name="孙未审", unit=units["qingshi"], id_number=id_number("19800101", 2),
        birth_month=D(1980, 1, 1),
    )  # fmt: skip
    pool_services.record_veto(staff, vetoed, "党纪处分影响期内")
    today = TODAY()
    future = f"{today.year}.{today.month:02d}"  # months only: this one may be today
    header = ["身份证号", "姓名", "单位名称", "职务", "正副职", "任职时间", "免职时间"]
    rows = [
        [vetoed.id_number, "钱五十二", "东县/青石镇", "党委书记", "正职", future, ""],
        [unchecked.id_number, "孙未审", "东县/青石镇", "党委书记", "正职", future, ""],
        [vetoed.id_number, "钱五十二", "东县/青石镇", "党委书记", "正职", "2019.03", "2020.03"],
    ]
    path = tmp_path / "appointments.xlsx"
    path.write_bytes(WRITERS["xlsx"]([header, *rows]))
    run, _ = runs.import_file("appointments", str(path), user=staff)
    errors: dict[int, str] = {}
    for e in run.errors:
        errors[e["row"]] = errors.get(e["row"], "") + e["message"]
    assert "钱五十二有一票否决记录且未解除，不能提拔任用" in errors[2]
    assert "孙未审提拔任职须凡提四必，尚缺：档案必审" in errors[3]
    assert 4 not in errors
