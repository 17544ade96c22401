# Over 400 lines: one journey (write, submit, review) tested step by step.
"""The three recommendation lists: status flow, what blocks a submission, the pages of a
unit committee and of the organisation department, and the merged candidate view."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pool.models import (
    AuditAction,
    AuditEntry,
    Cadre,
    Decision,
    ListKind,
    ListStatus,
    Notice,
    PoolMembership,
    Recommendation,
    RecommendationList,
    Role,
)
from pool.selection import new_people, services
from pool.selection import rules as selection_rules
from pool.selection import selectors as selection_selectors
from tests.conftest import _persona
from tests.factories import (
    CadreFactory,
    RecommendationFactory,
    RecommendationListFactory,
    RoundFactory,
    VetoFactory,
    make_id_number,
)

TODAY = dt.date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _young(years: int = 30) -> dt.date:
    return dt.date(TODAY.year - years, 1, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _pdf(name="会议纪要.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- rules ---------------------------------------------------------------------------

ALLOWED = {
    ("draft", "submitted"),
    ("submitted", "under_review"),
    ("submitted", "returned"),
    ("under_review", "accepted"),
    ("under_review", "returned"),
    ("returned", "submitted"),
}


@pytest.mark.parametrize("current", ListStatus.values)
@pytest.mark.parametrize("target", ListStatus.values)
def test_list_status_flow_allows_only_the_designed_moves(current, target):
    allowed = (current, target) in ALLOWED
    assert selection_rules.list_transition_allowed(current, target) is allowed
    error = selection_rules.list_transition_error(current, target)
    assert (error is None) is allowed
    if not allowed:
        assert "不能改为" in error


@pytest.mark.parametrize(
    ("reason", "age", "max_age", "vetoed", "expected"),
    [
        ("具体事例", 35, 35, False, []),  # 35岁以下 includes 35
        ("具体事例", 36, 35, False, ["张三：36岁，超过本职级的年轻干部年龄上限（35岁以下）"]),
        ("具体事例", 30, 30, False, []),
        ("具体事例", 31, 30, False, ["张三：31岁，超过本职级的年轻干部年龄上限（30岁以下）"]),
        ("具体事例", 60, None, False, []),  # no ceiling for the rank: no age check
        ("", 30, 35, False, ["张三：未填写推荐理由"]),
        ("  \n ", 30, 35, False, ["张三：未填写推荐理由"]),
        ("具体事例", 30, 35, True, ["张三：存在一票否决情形，不能推荐"]),
    ],
)
def test_recommendation_problems_name_the_person(reason, age, max_age, vetoed, expected):
    problems = selection_rules.recommendation_problems(
        name="张三", reason=reason, age=age, max_age=max_age, vetoed=vetoed
    )
    assert problems == expected


@pytest.mark.parametrize(
    ("count", "cap", "blocked"), [(5, 5, False), (6, 5, True), (100, None, False), (0, 0, False)]
)
def test_cap_blocks_only_above_the_cap(count, cap, blocked):
    assert (selection_rules.cap_problem(count, cap) is not None) is blocked


@pytest.mark.parametrize(
    ("votes_for", "votes_total", "ok"),
    [(30, 30, True), (31, 30, False), (None, 30, True), (5, None, True), (0, 0, True)],
)
def test_votes_for_cannot_exceed_votes_total(votes_for, votes_total, ok):
    assert (selection_rules.votes_problem(votes_for, votes_total) is None) is ok


MB = 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("name", "size", "head", "message"),
    [
        ("纪要.pdf", 1000, b"%PDF-1.7", None),
        ("纪要.PDF", 10 * MB, b"%PDF-1.7", None),  # exactly 10 MB is allowed
        ("纪要.pdf", 10 * MB + 1, b"%PDF-1.7", "不能超过10MB"),
        ("纪要.pdf", 0, b"", "空文件"),
        ("纪要.pdf", 1000, b"MZ\x90\x00", "内容与文件类型不符"),
        ("纪要.pdf", 1000, b"PK\x03\x04", "内容与文件类型不符"),
        ("纪要.docx", 1000, b"PK\x03\x04\x14\x00", None),
        ("纪要.doc", 1000, OLE2, None),
        ("纪要.doc", 1000, b"%PDF-1.7", "内容与文件类型不符"),
        ("纪要.exe", 1000, b"MZ", "只能是PDF或Word"),
        ("纪要", 1000, b"%PDF-", "只能是PDF或Word"),
        ("纪要.pdf.exe", 1000, b"%PDF-", "只能是PDF或Word"),
    ],
)
def test_attachment_must_be_a_real_pdf_or_word_file_up_to_10mb(name, size, head, message):
    problem = selection_rules.attachment_problem(name, size, head)
    if message is None:
        assert problem is None
    else:
        assert message in problem


# --- services ------------------------------------------------------------------------


def _list_with(units, *people, cap=None, status=ListStatus.DRAFT):
    round_ = RoundFactory(unit_cap=cap)
    rec_list = RecommendationListFactory(round=round_, unit=units["qingshi"], status=status)
    for person in people:
        RecommendationFactory(rec_list=rec_list, **person)
    return rec_list


def test_submission_names_the_person_without_a_reason(units, unit_committee):
    rec_list = _list_with(units, {"reason": "工作扎实"}, {"reason": "", "cadre__name": "李四"})
    with pytest.raises(ValidationError) as caught:
        services.submit_list(unit_committee, rec_list)
    assert caught.value.messages == ["李四：未填写推荐理由"]
    rec_list.refresh_from_db()
    assert rec_list.status == ListStatus.DRAFT


def test_submission_over_the_cap_is_refused(units, unit_committee):
    rec_list = _list_with(units, {}, {}, {}, cap=2)
    with pytest.raises(ValidationError, match="推荐3人，超过本批次每份清单2人的上限"):
        services.submit_list(unit_committee, rec_list)


def test_submission_of_someone_over_the_township_threshold_is_refused(units, unit_committee):
    rec_list = _list_with(units, {"cadre__birth_month": _young(37), "cadre__name": "王五"})
    with pytest.raises(ValidationError) as caught:
        services.submit_list(unit_committee, rec_list)
    assert "王五：" in caught.value.messages[0]
    assert "35岁以下" in caught.value.messages[0]


def test_submission_with_a_vetoed_person_is_refused(units, unit_committee):
    rec_list = _list_with(units, {"cadre__name": "赵六"})
    VetoFactory(cadre=rec_list.recommendations.get().cadre)
    with pytest.raises(ValidationError, match="赵六：存在一票否决情形，不能推荐"):
        services.submit_list(unit_committee, rec_list)


def test_an_empty_list_cannot_be_submitted(units, unit_committee):
    with pytest.raises(ValidationError, match="还没有推荐人选"):
        services.submit_list(unit_committee, _list_with(units))


def test_submission_is_audited_with_before_and_after(units, unit_committee):
    rec_list = services.submit_list(unit_committee, _list_with(units, {}))
    assert rec_list.status == ListStatus.SUBMITTED
    assert rec_list.submitted_by == unit_committee
    entry = AuditEntry.objects.filter(object_type="pool.RecommendationList").latest("id")
    assert entry.action == AuditAction.UPDATE
    assert entry.before["status"] == "draft"
    assert entry.after["status"] == "submitted"


def test_a_submitted_list_cannot_be_changed_by_the_unit(units, unit_committee):
    rec_list = services.submit_list(unit_committee, _list_with(units, {}))
    rec = rec_list.recommendations.get()
    with pytest.raises(ValidationError, match="已报送"):
        services.remove_recommendation(unit_committee, rec)
    with pytest.raises(ValidationError, match="不能改为"):
        services.submit_list(unit_committee, rec_list)


def test_returning_requires_a_reason_and_only_from_submitted_or_review(
    units, staff, unit_committee
):
    rec_list = _list_with(units, {})
    with pytest.raises(ValidationError, match="不能改为"):
        services.return_list(staff, rec_list, "推荐理由过于笼统")
    services.submit_list(unit_committee, rec_list)
    with pytest.raises(ValidationError, match="请填写退回原因"):
        services.return_list(staff, rec_list, " ")
    services.return_list(staff, rec_list, "推荐理由过于笼统")
    rec_list.refresh_from_db()
    assert (rec_list.status, rec_list.return_reason) == (ListStatus.RETURNED, "推荐理由过于笼统")


def test_a_returned_list_is_announced_to_the_unit_that_writes_it(
    units, staff, unit_committee, sector_dept
):
    other = _persona("beishan", Role.UNIT_COMMITTEE, units["beishan"], name="北山镇党委")
    rec_list = services.submit_list(unit_committee, _list_with(units, {}))
    services.return_list(staff, rec_list, "推荐理由过于笼统")
    notice = Notice.objects.get(recipient=unit_committee)
    assert "推荐清单已被退回" in notice.title
    assert "推荐理由过于笼统" in notice.body
    assert notice.url == f"/pool/lists/mine/?round={rec_list.round_id}"
    assert not Notice.objects.filter(recipient__in=[other, sector_dept, staff]).exists()


def test_opening_a_round_is_announced_to_the_units_and_sectors_that_write_lists(
    units, staff, unit_committee, sector_dept, leader
):
    round_ = services.create_round(
        staff, name="2027年度", opens_on=dt.date(2027, 6, 1), closes_on=dt.date(2027, 7, 15)
    )
    for writer in (unit_committee, sector_dept):
        notice = Notice.objects.get(recipient=writer)
        assert notice.title == "2027年度优秀年轻干部推荐已开始，截止2027年7月15日"
        assert notice.url == f"/pool/lists/mine/?round={round_.pk}"
    assert not Notice.objects.filter(recipient__in=[staff, leader]).exists()


def test_unit_adds_only_people_of_its_own_unit(units, unit_committee):
    round_ = RoundFactory()
    other = CadreFactory(unit=units["beishan"], birth_month=_young())
    with pytest.raises(ValidationError, match="只能推荐本单位"):
        services.add_recommendation(unit_committee, round_, other, reason="x")
    assert not Recommendation.objects.exists()


def test_nobody_is_recommended_twice_on_one_list(units, unit_committee):
    round_ = RoundFactory()
    person = CadreFactory(unit=units["qingshi"], birth_month=_young(), name="钱七")
    services.add_recommendation(unit_committee, round_, person, reason="扎实")
    with pytest.raises(ValidationError, match="钱七已在本清单中"):
        services.add_recommendation(unit_committee, round_, person, reason="扎实")


def _new_person(units, **overrides):
    birth = dt.date(TODAY.year - 25, 5, 10)
    values = {
        "id_number": make_id_number(birth, "女"),
        "name": "孙选调",
        "gender": "女",
        "birth_month": birth.replace(day=1),
        "category": "选调生",
        "unit": units["qingshi"],
    }
    values.update(overrides)
    return services.NewPerson(**values)


def test_unit_adds_a_new_person_checked_against_the_id_number(units, unit_committee, staff):
    round_ = RoundFactory()
    request = new_people.submit(
        unit_committee, round_, _new_person(units), reason="基层一线表现突出"
    )
    assert not Cadre.objects.filter(name="孙选调").exists()  # staff check it first
    rec = new_people.accept(staff, request)
    cadre = Cadre.objects.get(name="孙选调")
    assert rec.reason == "基层一线表现突出" and rec.rec_list == request.rec_list
    assert rec.cadre == cadre
    assert cadre.unit == units["qingshi"]
    assert AuditEntry.objects.filter(object_type="pool.Cadre", action=AuditAction.CREATE).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": "43018119900101123X"}, "id_number", "校验位错误"),
        ({"birth_month": dt.date(1990, 1, 1)}, "birth_month", "出生年月与身份证号"),
        ({"gender": "男"}, "gender", "性别与身份证号不一致"),
    ],
)
def test_a_new_person_whose_details_contradict_the_id_is_refused(
    units, unit_committee, overrides, field, message
):
    with pytest.raises(ValidationError) as caught:
        new_people.submit(unit_committee, RoundFactory(), _new_person(units, **overrides))
    assert message in " ".join(caught.value.message_dict[field])
    assert not Cadre.objects.filter(name="孙选调").exists()


def test_a_new_person_already_on_the_roster_is_pointed_to_the_roster(units, unit_committee):
    existing = CadreFactory(unit=units["qingshi"], name="周八", birth_month=_young())
    person = _new_person(
        units,
        id_number=existing.id_number,
        birth_month=existing.birth_month,
        gender=existing.gender,
    )
    with pytest.raises(ValidationError) as caught:
        new_people.submit(unit_committee, RoundFactory(), person)
    assert "已在干部名册中（周八）" in caught.value.message_dict["id_number"][0]


def test_a_closed_round_takes_no_changes(units, unit_committee):
    round_ = RoundFactory(is_open=False)
    person = CadreFactory(unit=units["qingshi"], birth_month=_young())
    with pytest.raises(ValidationError, match="推荐已截止"):
        services.add_recommendation(unit_committee, round_, person, reason="x")


# --- selectors: who sees which lists --------------------------------------------------


def test_each_role_sees_its_own_lists_only(units, staff, unit_committee, sector_dept, leader):
    round_ = RoundFactory()
    qingshi = RecommendationListFactory(round=round_, unit=units["qingshi"])
    beishan = RecommendationListFactory(round=round_, unit=units["beishan"])
    sector = RecommendationListFactory(
        round=round_, kind=ListKind.SECTOR, unit=units["east"], sector="教育卫生"
    )
    west = RecommendationListFactory(round=round_, unit=units["west_edu"])
    assert set(selection_selectors.lists_for(unit_committee)) == {qingshi}
    assert set(selection_selectors.lists_for(sector_dept)) == {sector}
    assert set(selection_selectors.lists_for(staff)) == {qingshi, beishan, sector}
    assert west not in selection_selectors.lists_for(staff)
    assert not selection_selectors.lists_for(leader).exists()


# --- pages ---------------------------------------------------------------------------


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_unit_list_goes_from_draft_to_accepted_in_the_pages(units, unit_committee, staff, client):
    round_ = RoundFactory(name="2026年度")
    li = CadreFactory(unit=units["qingshi"], name="李青", birth_month=_young(31))
    client.force_login(unit_committee)

    page = client.get("/pool/lists/mine/")
    assert page.status_code == 200
    assert "李青" in page.content.decode()  # offered from the roster

    added = client.post(
        "/pool/lists/mine/add/", {"round": round_.pk, "cadre": li.pk, "method": "individual"}
    )
    assert added.status_code == 302
    refused = client.post("/pool/lists/mine/submit/", {"round": round_.pk}, follow=True)
    assert "李青：未填写推荐理由" in _messages(refused)

    rec = Recommendation.objects.get(cadre=li)
    edited = client.post(
        f"/pool/recommendations/{rec.pk}/",
        {
            "reason": "工作不错",
            "achievements": "完成防汛任务",
            "method": "democratic",
            "votes_for": "28",
            "votes_total": "30",
            "attachment": _pdf(),
        },
    )
    assert edited.status_code == 302
    rec.refresh_from_db()
    assert (rec.votes_for, rec.votes_total, rec.attachment_name) == (28, 30, "会议纪要.pdf")

    birth = dt.date(TODAY.year - 24, 7, 3)
    new = client.post(
        "/pool/lists/mine/add-new/",
        {
            "round": round_.pk,
            "id_number": make_id_number(birth, "女").lower(),
            "name": "王选调",
            "gender": "女",
            "birth_month": f"{birth.year}.{birth.month:02d}",
            "category": "选调生",
            "unit": units["qingshi"].pk,
            "reason": "到村任职两年，牵头建成村级光伏电站",
            "method": "meeting",
        },
    )
    assert new.status_code == 302, new.content.decode()
    submitted = client.post("/pool/lists/mine/submit/", {"round": round_.pk}, follow=True)
    assert "已报送" in _messages(submitted)
    rec_list = RecommendationList.objects.get()
    assert rec_list.status == ListStatus.SUBMITTED

    client.force_login(staff)
    index = client.get("/pool/lists/", {"round": round_.pk}).content.decode()
    assert "青石镇" in index
    action = f"/pool/lists/{rec_list.pk}/action/"
    client.post(action, {"action": "start_review"})
    client.post(action, {"action": "return", "reason": "推荐理由过于笼统"})
    rec_list.refresh_from_db()
    assert rec_list.status == ListStatus.RETURNED

    client.force_login(unit_committee)
    page = client.get("/pool/lists/mine/").content.decode()
    assert "推荐理由过于笼统" in page
    client.post(
        f"/pool/recommendations/{rec.pk}/",
        {"reason": "汛期连续驻守堤段40天，转移群众120人", "method": "meeting"},
    )
    client.post("/pool/lists/mine/submit/", {"round": round_.pk})
    rec_list.refresh_from_db()
    assert rec_list.status == ListStatus.SUBMITTED

    client.force_login(staff)
    client.post(action, {"action": "start_review"})
    client.post(action, {"action": "accept"})
    rec_list.refresh_from_db()
    assert rec_list.status == ListStatus.ACCEPTED
    accepted = client.post(
        f"/pool/candidates/{li.pk}/accept/", {"round": round_.pk, "tier": "near"}, follow=True
    )
    assert "李青已入库（近期使用）" in _messages(accepted)
    membership = PoolMembership.objects.get(cadre=li)
    assert membership.tier == "near"
    rec.refresh_from_db()
    assert rec.decision == Decision.ACCEPTED

    client.force_login(unit_committee)
    assert "已入库" in client.get("/pool/lists/mine/").content.decode()


def test_printable_sheet_lists_every_person_with_reasons(units, unit_committee, as_user):
    rec_list = _list_with(units, {"cadre__name": "郑九", "reason": "敢于担当"})
    html = as_user(unit_committee).get(f"/pool/lists/{rec_list.pk}/sheet/").content.decode()
    assert "优秀年轻干部推荐表" in html
    assert "郑九" in html and "敢于担当" in html
    assert "data-print" in html
    assert "<script>" not in html  # CSP: no inline scripts


def test_fake_pdf_attachment_is_refused(units, unit_committee, as_user):
    rec = RecommendationFactory(rec_list__unit=units["qingshi"])
    response = as_user(unit_committee).post(
        f"/pool/recommendations/{rec.pk}/",
        {"reason": "x", "method": "meeting", "attachment": _pdf("病毒.pdf", b"MZ\x90\x00rest")},
    )
    assert response.status_code == 400
    assert "内容与文件类型不符" in response.content.decode()
    rec.refresh_from_db()
    assert not rec.attachment


def test_attachment_download_is_scoped_and_audited(units, unit_committee, staff, as_user):
    rec = RecommendationFactory(rec_list__unit=units["qingshi"])
    services.update_recommendation(
        unit_committee,
        rec,
        reason="x",
        achievements="",
        method="meeting",
        votes_for=None,
        votes_total=None,
        attachment=_pdf(),
    )
    response = as_user(staff).get(f"/pool/recommendations/{rec.pk}/attachment/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(rec.pk)).exists()
    other = RecommendationFactory(rec_list__unit=units["beishan"])
    assert (
        as_user(unit_committee).get(f"/pool/recommendations/{other.pk}/attachment/").status_code
        == 404
    )


def test_unit_committee_cannot_see_another_units_list(units, unit_committee, as_user):
    mine = RecommendationListFactory(unit=units["qingshi"])
    theirs = RecommendationFactory(rec_list__unit=units["beishan"])
    client = as_user(unit_committee)
    assert client.get(f"/pool/lists/{mine.pk}/sheet/").status_code == 200
    assert client.get(f"/pool/lists/{theirs.rec_list.pk}/sheet/").status_code == 404
    assert client.get(f"/pool/recommendations/{theirs.pk}/").status_code == 404
    assert client.post(f"/pool/recommendations/{theirs.pk}/delete/").status_code == 404
    assert Recommendation.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize(
    "url", ["/pool/lists/", "/pool/candidates/", "/pool/members/", "/pool/lists/{pk}/"]
)
def test_unit_committee_cannot_open_staff_pages(units, unit_committee, as_user, url):
    rec_list = RecommendationListFactory(unit=units["qingshi"])
    assert as_user(unit_committee).get(url.format(pk=rec_list.pk)).status_code == 403


def test_sector_department_writes_the_sector_list(units, sector_dept, as_user):
    round_ = RoundFactory()
    teacher = CadreFactory(unit=units["east_edu"], name="吴老师", birth_month=_young())
    client = as_user(sector_dept)
    page = client.get("/pool/lists/mine/").content.decode()
    assert "本领域推荐清单" in page
    client.post(
        "/pool/lists/mine/add/",
        {"round": round_.pk, "cadre": teacher.pk, "reason": "x", "method": "individual"},
    )
    rec_list = RecommendationList.objects.get()
    assert (rec_list.kind, rec_list.unit, rec_list.sector) == (
        ListKind.SECTOR,
        units["east"],
        "教育卫生",
    )


# --- the merged candidate view ---------------------------------------------------------


def _two_source_round(units, extra=0):
    round_ = RoundFactory()
    teacher = CadreFactory(unit=units["east_edu"], name="赵老师", birth_month=_young())
    unit_list = RecommendationListFactory(
        round=round_, unit=units["east_edu"], status=ListStatus.SUBMITTED
    )
    sector_list = RecommendationListFactory(
        round=round_,
        kind=ListKind.SECTOR,
        unit=units["east"],
        sector="教育卫生",
        status=ListStatus.UNDER_REVIEW,
    )
    draft = RecommendationListFactory(round=round_, unit=units["qingshi"])
    RecommendationFactory(rec_list=unit_list, cadre=teacher)
    RecommendationFactory(rec_list=sector_list, cadre=teacher, method="individual")
    RecommendationFactory(rec_list=draft, cadre__name="草稿中")
    for _ in range(extra):
        RecommendationFactory(rec_list=unit_list)
    return round_, teacher


def test_a_person_on_two_lists_is_one_candidate_with_two_sources(units, staff, as_user):
    round_, teacher = _two_source_round(units)
    candidates = selection_selectors.merged_candidates(staff, round_)
    assert [c.cadre for c in candidates] == [teacher]
    owners = [r.rec_list.owner_name for r in candidates[0].sources]
    assert sorted(owners) == ["东县教育局", "东县（教育卫生领域）"]

    html = as_user(staff).get("/pool/candidates/", {"round": round_.pk}).content.decode()
    assert html.count('data-cadre="') == 1
    assert 'data-sources="2"' in html
    assert "草稿中" not in html  # drafts are not before the department yet
    assert "其中 1 人被多份清单推荐" in html


def test_merged_view_queries_do_not_grow_with_candidates(
    units, staff, as_user, django_assert_max_num_queries
):
    round_, _ = _two_source_round(units, extra=2)
    client = as_user(staff)
    with django_assert_max_num_queries(20) as few:
        client.get("/pool/candidates/", {"round": round_.pk})
    unit_list = RecommendationList.objects.get(
        round=round_, kind=ListKind.UNIT, unit=units["east_edu"]
    )
    for _ in range(30):
        RecommendationFactory(rec_list=unit_list)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/pool/candidates/", {"round": round_.pk})
    assert response.content.decode().count('data-cadre="') == 33


def test_candidates_export_is_audited(units, staff, as_user):
    round_, _ = _two_source_round(units)
    response = as_user(staff).get("/pool/candidates/", {"round": round_.pk, "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, detail__contains="推荐人选汇总"
    ).exists()
