"""积分排序: the editable scheme (nine default items), items computed through the
registry (学历, 基层经历, 年龄; 年度考核 from supervision), hand scores, the ranked pool
with export and the radar JSON against the pool average."""

import datetime as dt

import pytest

from pool.models import AuditEntry, CareerEntry, ManualScore, ScoringItem, ScoringScheme
from pool.people import rules
from pool.selection import rules as selection_rules
from pool.selection import scoring
from tests.factories import AssessmentFactory, PoolMembershipFactory


@pytest.mark.parametrize(
    ("fulltime", "inservice", "score"),
    [
        ("大学本科", "", 80.0),
        ("大学本科", "硕士研究生", 80.0),  # in-service master counts 90 - 10
        ("大学专科", "硕士研究生", 80.0),
        ("大学专科", "大学本科", 70.0),
        ("博士研究生", "", 100.0),
        ("", "", None),
    ],
)
def test_education_score(fulltime, inservice, score):
    assert selection_rules.education_score(fulltime, inservice) == score


def test_grassroots_months_count_only_grassroots_lines_up_to_the_reference():
    entries = [
        (dt.date(2010, 9, 1), dt.date(2014, 7, 1), "江州大学法学专业学习"),
        (dt.date(2014, 7, 1), dt.date(2016, 7, 1), "青石镇党政办科员"),
        (dt.date(2016, 7, 1), None, "北山镇副镇长"),
    ]
    # 2014.07 through 2017.07, the shared month 2016.07 once (pool.people.rules.covered_months)
    assert rules.grassroots_months(entries, dt.date(2017, 7, 1)) == 37
    assert selection_rules.grassroots_score(36) == 60.0
    assert selection_rules.grassroots_score(60) == selection_rules.grassroots_score(90) == 100.0


@pytest.mark.parametrize(
    ("age", "max_age", "score"),
    [(35, 35, 10.0), (36, 35, 0.0), (30, 35, 60.0), (20, 35, 100.0), (30, None, None)],
)
def test_age_score(age, max_age, score):
    assert selection_rules.age_score(age, max_age) == score


def test_weighted_total_counts_missing_items_as_zero():
    weights = {"a": 20.0, "b": 10.0, "c": 10.0}
    assert selection_rules.weighted_total({"a": 90, "b": 60, "c": None}, weights) == 60.0
    assert selection_rules.weighted_total({}, {}) == 0.0


def test_default_scheme_has_nine_items_in_three_groups_summing_to_100(db):
    scheme = ScoringScheme.objects.get(is_active=True)
    items = list(scheme.items.all())
    assert len(items) == 9
    assert sum(i.weight for i in items) == 100
    assert {i.group for i in items} == {"quality", "performance", "foundation"}
    assert [i.label for i in items][:3] == ["政治素质", "道德品行", "廉洁自律"]


def test_annual_assessment_is_registered_by_supervision(db):
    assert scoring.is_computed("annual_assessment")
    assert not scoring.is_computed("political")  # scored by hand


@pytest.fixture
def pool_members(units):
    a = PoolMembershipFactory(cadre__unit=units["qingshi"], cadre__name="甲",
                              cadre__fulltime_education="硕士研究生")  # fmt: skip
    b = PoolMembershipFactory(cadre__unit=units["beishan"], cadre__name="乙",
                              cadre__fulltime_education="大学本科")  # fmt: skip
    CareerEntry.objects.create(
        cadre=a.cadre, start_month=dt.date(2018, 1, 1), description="青石镇党政办科员"
    )
    AssessmentFactory(cadre=a.cadre, year=2025, grade="优秀")
    AssessmentFactory(cadre=b.cadre, year=2025, grade="称职")
    AssessmentFactory(cadre=b.cadre, year=2021, grade="不称职")  # too old to count
    ManualScore.objects.create(cadre=b.cadre, code="political", score=100)
    return a, b


def test_scores_come_from_the_registry_and_hand_scores(pool_members):
    a, b = pool_members
    items = scoring.scheme_items(scoring.active_scheme())
    scores = scoring.score_people([a.cadre_id, b.cadre_id], items, dt.date(2026, 3, 15))
    assert scores[a.cadre_id]["education"] == 90.0
    assert scores[a.cadre_id]["grassroots"] == 100.0  # 8 years
    assert scores[a.cadre_id]["annual_assessment"] == 100.0
    assert scores[b.cadre_id]["annual_assessment"] == 80.0
    assert scores[b.cadre_id]["political"] == 100.0
    assert scores[a.cadre_id]["political"] is None


@pytest.mark.usefixtures("pool_members")
def test_ranking_orders_by_weighted_total(staff, as_user):
    page = as_user(staff).get("/pool/ranking/")
    rows = page.context["rows"]
    # 甲: education 90*10 + grassroots 100*10 + assessment 100*10 = 2900 / 100 = 29
    # 乙: education 80*10 + assessment 80*10 + political 100*15 = 3100 / 100 = 31
    assert [(r.cadre.name, r.total, r.rank) for r in rows] == [("乙", 31.0, 1), ("甲", 29.0, 2)]


def test_ranking_page_keeps_a_constant_number_of_queries(
    units, staff, as_user, django_assert_max_num_queries
):
    PoolMembershipFactory.create_batch(3, cadre__unit=units["qingshi"])
    client = as_user(staff)
    with django_assert_max_num_queries(25) as few:  # one per computed item, township names
        assert client.get("/pool/ranking/").status_code == 200
    PoolMembershipFactory.create_batch(40, cadre__unit=units["beishan"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/pool/ranking/").context["rows"]) == 43


def test_ranking_export_is_audited(pool_members, leader, as_user):
    response = as_user(leader).get("/pool/ranking/?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    entry = AuditEntry.objects.get(action="export")
    assert "积分排序，共2行" in entry.detail


def test_radar_json_has_the_person_and_the_pool_average(pool_members, leader, as_user):
    a, _ = pool_members
    data = as_user(leader).get(f"/pool/ranking/{a.cadre_id}/radar.json").json()
    assert [i["name"] for i in data["indicators"]][:3] == ["政治素质", "道德品行", "廉洁自律"]
    assert data["person"][0] == 0 and data["average"][0] == 50.0  # 乙's 100 over two people
    assert (data["rank"], data["of"]) == (2, 2)


def test_person_page_embeds_the_radar_and_staff_enter_hand_scores(pool_members, staff, as_user):
    a, _ = pool_members
    client = as_user(staff)
    page = client.get(f"/pool/ranking/{a.cadre_id}/").content.decode()
    assert "data-radar-url" in page and "js/radar.js" in page and "manual-scores" in page
    client.post(f"/pool/ranking/{a.cadre_id}/scores/", {"political": "95", "moral": "88.5"})
    assert dict(ManualScore.objects.filter(cadre=a.cadre).values_list("code", "score")) == {
        "political": 95,
        "moral": 88.5,
    }
    assert AuditEntry.objects.filter(detail="积分排序人工评分").exists()


def test_a_score_over_100_is_refused_naming_the_item(pool_members, staff, as_user):
    a, _ = pool_members
    response = as_user(staff).post(
        f"/pool/ranking/{a.cadre_id}/scores/", {"political": "120"}, follow=True
    )
    assert "政治素质：" in " ".join(str(m) for m in response.context["messages"])
    assert not ManualScore.objects.filter(cadre=a.cadre).exists()


def test_computed_items_cannot_be_scored_by_hand(pool_members, staff):
    with pytest.raises(Exception, match="系统计算"):
        scoring.set_manual_scores(staff, pool_members[0].cadre, {"education": 50})


def test_leaders_read_but_cannot_score(pool_members, leader, as_user):
    a, _ = pool_members
    client = as_user(leader)
    assert "manual-scores" not in client.get(f"/pool/ranking/{a.cadre_id}/").content.decode()
    assert client.post(f"/pool/ranking/{a.cadre_id}/scores/", {"political": "1"}).status_code == 403


def test_staff_change_a_weight_and_it_is_audited(db, city_staff, as_user):
    scheme = ScoringScheme.objects.get(is_active=True)
    items = list(scheme.items.all())
    data = {}
    for i in items:
        data.update(
            {
                f"item{i.pk}-label": i.label,
                f"item{i.pk}-group": i.group,
                f"item{i.pk}-weight": "30" if i.code == "performance" else str(i.weight),
                f"item{i.pk}-position": i.position,
            }
        )
    response = as_user(city_staff).post("/pool/ranking/scheme/", data)
    assert response.status_code == 302
    assert ScoringItem.objects.get(scheme=scheme, code="performance").weight == 30
    entry = AuditEntry.objects.get(detail="修改积分排序方案")
    assert entry.before["performance"][1] == "20.00" and entry.after["performance"][1] == "30"


def test_staff_add_a_registered_item(db, city_staff, as_user):
    as_user(city_staff).post(
        "/pool/ranking/scheme/add/",
        {"code": "age", "label": "年龄", "group": "foundation", "weight": "5"},
    )
    assert ScoringItem.objects.filter(code="age", weight=5).exists()


def test_the_pool_filters_narrow_the_ranking(pool_members, staff, as_user, units):
    client = as_user(staff)
    rows = client.get("/pool/ranking/", {"unit": units["qingshi"].pk}).context["rows"]
    assert [r.cadre.name for r in rows] == ["甲"]
    rows = client.get("/pool/ranking/", {"grassroots": "none"}).context["rows"]
    assert [r.cadre.name for r in rows] == ["乙"]
    assert "more-filters" in client.get("/pool/ranking/").content.decode()


@pytest.mark.parametrize(
    ("hours", "score"), [(0, 0.0), (40, 50.0), (79, 98.8), (80, 100.0), (120, 100.0)]
)
def test_training_score_is_last_years_hours_against_the_requirement(hours, score):
    from training.rules import training_score

    assert training_score(hours, 80) == score


def test_training_and_work_performance_are_registered_by_their_stages(pool_members, units):
    from supervision.models import KeyTaskPerformance
    from tests.factories import EnrollmentFactory, TrainingClassFactory

    a, b = pool_members
    assert scoring.is_computed("training") and scoring.is_computed("performance")
    last_year = TrainingClassFactory(
        unit=units["east"], start_date=dt.date(2025, 5, 5), end_date=dt.date(2025, 5, 9), hours=40
    )
    EnrollmentFactory(cadre=a.cadre, training_class=last_year)
    EnrollmentFactory(cadre=b.cadre, training_class=TrainingClassFactory(unit=units["east"]))
    KeyTaskPerformance.objects.create(
        cadre=a.cadre, category="rural", task_name="高标准农田建设", started_on=dt.date(2025, 3, 1),
        performance="按期完成", rating="优秀",
    )  # fmt: skip
    items = list(ScoringScheme.objects.get(is_active=True).items.all())
    scores = scoring.score_people([a.cadre_id, b.cadre_id], items, dt.date(2026, 6, 1))
    assert scores[a.cadre_id]["training"] == 50.0  # 40 of 80 学时 in 2025
    assert scores[b.cadre_id]["training"] == 0.0  # this year's class counts next year
    assert scores[a.cadre_id]["performance"] == 100.0
    assert scores[b.cadre_id]["performance"] is None  # no record: no score


def test_grassroots_postings_count_when_the_resume_does_not_show_them(pool_members):
    from tests.factories import PostingFactory

    a, b = pool_members  # a: 8 years in a township per 简历; b: no 简历 lines
    PostingFactory(cadre=b.cadre, start_date=dt.date(2024, 3, 1), end_date=dt.date(2026, 2, 28))
    PostingFactory(cadre=a.cadre, start_date=dt.date(2024, 3, 1), end_date=dt.date(2026, 2, 28))
    items = list(ScoringScheme.objects.get(is_active=True).items.all())
    scores = scoring.score_people([a.cadre_id, b.cadre_id], items, dt.date(2026, 3, 15))
    assert scores[b.cadre_id]["grassroots"] == 40.0  # two years of 驻村 out of five
    assert scores[a.cadre_id]["grassroots"] == 100.0  # the longer source, not the sum
