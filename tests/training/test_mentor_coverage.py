"""导师帮带覆盖 (issue #16): young 新录用人员 (within 3 years of 参加工作), 选调生 and
到村(社区)工作大学生 should each have a mentor; the figure and the list of those
without one, scoped to the jurisdiction, in a fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.factories import CadreFactory, MentorshipFactory
from training import rules, selectors

D = dt.date
REF = D(2026, 12, 7)
YOUNG = D(1998, 5, 1)  # 28 at REF


@pytest.mark.parametrize(
    ("category", "work_start", "groups"),
    [
        ("公务员", D(2024, 1, 1), ["新录用人员"]),  # 35 months
        ("公务员", D(2023, 12, 1), []),  # 36 months: three years done
        ("公务员", D(2026, 12, 1), ["新录用人员"]),
        ("公务员", D(2027, 1, 1), []),  # not yet working
        ("公务员", None, []),
        ("选调生", D(2018, 8, 1), ["选调生"]),
        ("到村(社区)工作大学生", D(2025, 8, 1), ["新录用人员", "到村(社区)工作大学生"]),
        ("事业", D(2015, 7, 1), []),
    ],
)
def test_who_should_have_a_mentor(category, work_start, groups):
    assert rules.mentor_groups(category, work_start, REF) == groups


def _young(unit, **kwargs):
    return CadreFactory(unit=unit, birth_month=YOUNG, **kwargs)


@pytest.fixture
def people(units):
    return {
        "recruit": _young(units["qingshi"], category="公务员", work_start_month=D(2024, 3, 1)),
        "selected": _young(units["qingshi"], category="选调生", work_start_month=D(2019, 8, 1)),
        "village": _young(
            units["beishan"], category="到村(社区)工作大学生", work_start_month=D(2020, 8, 1)
        ),
        "veteran": _young(units["qingshi"], category="公务员", work_start_month=D(2016, 8, 1)),
        "old_recruit": CadreFactory(
            unit=units["qingshi"],
            birth_month=D(1980, 1, 1),
            category="选调生",
            work_start_month=D(2025, 1, 1),
        ),  # fmt: skip — not young
        "outside": _young(units["west_edu"], category="选调生", work_start_month=D(2019, 8, 1)),
    }


def test_coverage_counts_only_those_who_should_have_one_and_a_current_mentor(people, units, staff):
    MentorshipFactory(mentee=people["selected"], start_date=D(2025, 1, 1))
    MentorshipFactory(mentee=people["village"], start_date=D(2024, 1, 1), end_date=D(2026, 6, 30))
    MentorshipFactory(mentee=people["veteran"], start_date=D(2025, 1, 1))  # not counted
    east = [units[k].pk for k in ("east", "qingshi", "beishan", "east_edu")]
    coverage = selectors.mentor_coverage(east, REF)
    assert (coverage.needing, coverage.covered, coverage.without) == (3, 1, 2)
    assert coverage.rate == round(1 / 3, 4)
    gaps = selectors.without_mentor(staff, REF)
    assert {g.cadre.pk: g.groups for g in gaps} == {
        people["recruit"].pk: ["新录用人员"],
        people["village"].pk: ["到村(社区)工作大学生"],  # the mentorship ended
    }


@time_machine.travel(dt.datetime(2026, 12, 7, 10, 0), tick=False)
@pytest.mark.parametrize("n", [1, 8])
def test_coverage_page_lists_the_gaps_in_fixed_queries(
    n, units, staff, as_user, django_assert_max_num_queries
):
    for _ in range(n):
        _young(units["qingshi"], category="选调生", work_start_month=D(2022, 8, 1))
    outsider = _young(units["west_edu"], category="选调生", work_start_month=D(2022, 8, 1))
    client = as_user(staff)
    with django_assert_max_num_queries(15):  # the same for 1 and 8 people
        page = client.get(reverse("training:mentor_coverage"))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'id="mentor-without">{n}<' in html
    assert outsider.name not in html
    assert html.count("选调生</td>") == 2 * n  # 干部类别 and 应帮带原因


@time_machine.travel(dt.datetime(2026, 12, 7, 10, 0), tick=False)
def test_coverage_is_shown_with_the_training_figures(people, staff, leader, as_user):
    MentorshipFactory(mentee=people["selected"], start_date=D(2025, 1, 1))
    page = as_user(staff).get(reverse("training:compliance")).content.decode()
    assert "应帮带 3 人，已有导师 1 人，尚无导师 2 人" in page
    panel = as_user(leader).get("/api/dashboard/training/").json()
    row = next(r for r in panel["rows"] if r[0] == "导师帮带覆盖")
    assert row[1:4] == [3, 1, 2]
    assert as_user(leader).get(reverse("training:mentor_coverage")).status_code == 403
