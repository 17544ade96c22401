"""动态调整: every path (form, import) raises the same signal. A concern (提醒, 诫勉,
函询 ...), an integrity answer of 有问题线索, an annual 不称职, a second weak 平时考核 or
an adverse 政治素质 finding puts a pool member on the 研判 list with a staff notice;
组织处理 and 处分 veto at once. Staff decide 保留 or 出库 with a reason within 30 days.
The flags follow the person to every place they are proposed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pool.imports import runs
from pool.models import Notice, PoolMembership, Veto
from pool.people import flags
from pool.selection import inspections
from supervision import reviews, services
from supervision.models import AssessmentKind, Handling, PoolReview, ReviewTrigger
from tests.factories import (
    CadreFactory,
    IntegrityOpinionFactory,
    IntegrityRequestFactory,
    PoolMembershipFactory,
)
from tests.pool.import_files import WRITERS, id_number

D = dt.date


@pytest.fixture
def member(units):
    cadre = CadreFactory(name="张三", unit=units["qingshi"], id_number=id_number("19900115", 1))
    return PoolMembershipFactory(cadre=cadre)


def _concern(staff, cadre, handling):
    return services.record_concern(
        staff, cadre, source="信访举报", summary="反映作风问题", handling=handling,
        received_on=timezone.localdate(), handled_on=timezone.localdate(),
    )  # fmt: skip


@pytest.mark.parametrize(
    "handling", [Handling.REMIND, Handling.ADMONISH, Handling.INQUIRY, Handling.CRITICISE]
)
def test_a_concern_puts_a_member_on_the_review_list_and_tells_staff(staff, member, handling):
    _concern(staff, member.cadre, handling)
    review = PoolReview.objects.get()
    assert (review.trigger, review.membership, review.decision) == ("concern", member, "")
    assert review.due_on == review.opened_on + dt.timedelta(days=30)
    assert Notice.objects.filter(recipient=staff, kind="研判").exists()
    member.refresh_from_db()
    assert member.exited_on is None


@pytest.mark.parametrize("handling", [Handling.ORG_MEASURE, Handling.DISCIPLINE])
def test_org_measures_and_discipline_still_remove_at_once(staff, member, handling):
    _concern(staff, member.cadre, handling)
    member.refresh_from_db()
    assert member.exited_on is not None
    assert Veto.objects.filter(cadre=member.cadre, active=True).exists()
    assert not PoolReview.objects.exists()


def test_an_integrity_answer_of_clues_notifies_reviews_and_stops_proposals(
    staff, discipline_liaison, member
):
    opinion = IntegrityOpinionFactory(
        request=IntegrityRequestFactory(requested_by=staff, addressed_to=discipline_liaison),
        cadre=member.cadre,
    )
    services.answer_opinion(discipline_liaison, opinion, "clues", "甲", "乙", "反映收受礼金")
    assert Notice.objects.filter(recipient=staff, kind="廉政意见").exists()
    assert PoolReview.objects.get().trigger == ReviewTrigger.CLUES
    today = timezone.localdate()
    codes = {f.code for f in flags.stopping([member.cadre_id], today)[member.cadre_id]}
    assert {"integrity_clues", "under_review"} <= codes
    with pytest.raises(ValidationError, match=r"张三不能列为考察对象：研判中.*廉政意见有问题线索"):
        inspections.start_inspection(
            staff, member, proposed_post="副镇长", expires_on=today + dt.timedelta(days=90)
        )


def test_an_imported_unfit_year_signals_as_the_form_does(staff, member, units, tmp_path):
    form_member = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"]))
    _, note = services.record_assessment(
        staff, form_member.cadre, year=2025, kind=AssessmentKind.ANNUAL, grade="不称职"
    )
    assert "已列入研判" in note
    path = tmp_path / "考核.xlsx"
    header = ["身份证号", "姓名", "年度", "考核类型", "季度", "等次"]
    path.write_bytes(
        WRITERS["xlsx"](
            [header, [member.cadre.id_number, "张三", 2025, "年度考核", None, "不称职"]]
        )
    )
    run, _ = runs.import_file("assessments", str(path), user=staff)
    assert run.created == 1
    triggers = sorted(PoolReview.objects.values_list("cadre_id", "trigger"))
    assert triggers == sorted([(form_member.cadre_id, "unfit"), (member.cadre_id, "unfit")])


def test_imported_repeated_weak_quarters_signal(staff, member, tmp_path):
    header = ["身份证号", "姓名", "年度", "考核类型", "季度", "等次"]
    rows = [
        [member.cadre.id_number, "张三", 2026, "平时考核", "第一季度", "一般"],
        [member.cadre.id_number, "张三", 2026, "平时考核", "第二季度", "较差"],
    ]
    path = tmp_path / "考核.xlsx"
    path.write_bytes(WRITERS["xlsx"]([header, *rows]))
    runs.import_file("assessments", str(path), user=staff)
    assert list(PoolReview.objects.values_list("trigger", flat=True)) == ["weak"]


def test_an_adverse_political_finding_is_reviewed_and_a_plain_one_is_not(staff, member):
    today = timezone.localdate()
    services.record_political_entry(
        staff, member.cadre, source="annual", date=today, finding="表现良好", evaluator="县委"
    )
    assert not PoolReview.objects.exists()
    services.record_political_entry(
        staff, member.cadre, source="annual", date=today, finding="政治纪律意识淡薄",
        evaluator="县委", adverse=True,
    )  # fmt: skip
    assert PoolReview.objects.get().trigger == ReviewTrigger.POLITICAL


def test_deciding_keep_or_exit_needs_a_reason_and_exit_closes_the_stay(staff, member, as_user):
    _concern(staff, member.cadre, Handling.ADMONISH)
    review = PoolReview.objects.get()
    with pytest.raises(ValidationError, match="请填写研判理由"):
        reviews.decide_review(staff, review, "exit", " ")
    client = as_user(staff)
    home = client.get(reverse("home")).content.decode()
    assert "研判待决定" in home
    page = client.get(reverse("supervision:reviews")).content.decode()
    assert "张三" in page and reverse("supervision:review_decide", args=[review.pk]) in page
    client.post(
        reverse("supervision:review_decide", args=[review.pk]),
        {"decision": "exit", "reason": "诫勉影响期内，不宜继续培养"},
    )
    review.refresh_from_db()
    member.refresh_from_db()
    assert review.decision == "exit" and member.exited_on is not None
    assert PoolMembership.objects.get(pk=member.pk).exit_reason == "integrity"
    with pytest.raises(ValidationError, match="已有结果"):
        reviews.decide_review(staff, review, "keep", "再议")


def test_the_political_file_is_on_the_staff_profile_and_not_the_leaders(
    staff, leader, member, as_user
):
    services.record_political_entry(
        staff, member.cadre, source="annual", date=timezone.localdate(),
        finding="政治站位高，立场坚定", evaluator="县委组织部",
    )  # fmt: skip
    url = reverse("people:profile", args=[member.cadre_id])
    assert "政治站位高，立场坚定" in as_user(staff).get(url).content.decode()
    assert "政治站位高，立场坚定" not in as_user(leader).get(url).content.decode()


def test_the_review_list_queries_do_not_grow(staff, units, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(staff)
    for n in range(2):
        m = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"], name=f"甲{n}"))
        _concern(staff, m.cadre, Handling.REMIND)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("supervision:reviews"))
    for n in range(8):
        m = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"], name=f"乙{n}"))
        _concern(staff, m.cadre, Handling.REMIND)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("supervision:reviews")).content.decode()
    assert page.count("反映作风问题") == 10
    assert len(many) == len(few)
