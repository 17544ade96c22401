"""The 年轻干部库 page: filters, export, who may read it, and a query count that stays the
same from 10 to 1,000 members."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from pool.models import (
    AuditAction,
    AuditEntry,
    Cadre,
    ListStatus,
    PoolMembership,
    PoolStatus,
    RecommendationRound,
    Tier,
)
from pool.people import rules
from pool.selection import selectors as selection_selectors
from pool.selection import services
from tests.factories import CadreFactory, PoolMembershipFactory, make_id_number


def _bulk_members(unit, count: int, start: int = 0) -> None:
    """``count`` members in ``unit`` without the per-row cost of factories."""
    cadres = []
    for i in range(start, start + count):
        birth = dt.date(1992, 1 + i % 12, 1)
        cadre = Cadre(name=f"库员{i}", gender="男", birth_month=birth, category="公务员", unit=unit)
        cadre.id_number = make_id_number(birth.replace(day=15))
        cadres.append(cadre)
    Cadre.objects.bulk_create(cadres, batch_size=500)
    tiers = [Tier.NEAR, Tier.MID, Tier.LONG]
    PoolMembership.objects.bulk_create(
        [
            PoolMembership(cadre=c, tier=tiers[n % 3], entered_on=dt.date(2026, 1, 1))
            for n, c in enumerate(cadres)
        ],
        batch_size=500,
    )


def test_pool_list_keeps_a_constant_number_of_queries(
    units, staff, as_user, django_assert_max_num_queries, django_assert_num_queries
):
    client = as_user(staff)
    _bulk_members(units["qingshi"], 10)
    client.get("/pool/members/")  # warm the session and the grant
    # 22: includes one query per person flag that later stages register (pool.people.flags,
    # six of them); the equality below checks it does not grow with the rows.
    with django_assert_max_num_queries(22) as ten:
        small = client.get("/pool/members/")
    assert small.content.decode().count("/pool/members/") >= 10
    _bulk_members(units["beishan"], 990, start=10)
    assert PoolMembership.objects.count() == 1000
    with django_assert_num_queries(len(ten.captured_queries)):
        large = client.get("/pool/members/")
    assert "共 1000 人" in large.content.decode()


def test_pool_export_has_every_filtered_row_and_is_audited(units, staff, as_user):
    _bulk_members(units["qingshi"], 60)
    response = as_user(staff).get("/pool/members/", {"tier": "near", "export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("姓名", "性别", "出生年月")
    assert len(rows) == 1 + 20
    assert {r[8] for r in rows[1:]} == {"近期使用"}
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert "年轻干部库，共20行" in entry.detail and "tier=near" in entry.detail


def test_filters_narrow_the_pool(units, staff, as_user):
    PoolMembershipFactory(cadre__unit=units["qingshi"], cadre__name="青石近", tier=Tier.NEAR)
    PoolMembershipFactory(cadre__unit=units["beishan"], cadre__name="北山中", tier=Tier.MID)
    PoolMembershipFactory(
        cadre__unit=units["qingshi"],
        cadre__name="已出库者",
        status=PoolStatus.EXITED,
        exited_on=dt.date(2026, 6, 1),
        exit_reason="transferred",
    )
    PoolMembershipFactory(cadre__unit=units["west_edu"], cadre__name="西县人")
    client = as_user(staff)
    html = client.get("/pool/members/").content.decode()
    assert "青石近" in html and "北山中" in html
    assert "已出库者" not in html and "西县人" not in html
    html = client.get("/pool/members/", {"tier": "near"}).content.decode()
    assert "青石近" in html and "北山中" not in html
    html = client.get("/pool/members/", {"unit": units["beishan"].pk}).content.decode()
    assert "北山中" in html and "青石近" not in html
    html = client.get("/pool/members/", {"status": "exited"}).content.decode()
    assert "已出库者" in html and "青石近" not in html


def test_leader_reads_the_pool_but_cannot_change_it(units, leader, as_user):
    membership = PoolMembershipFactory(cadre__unit=units["qingshi"], cadre__name="领导可见")
    client = as_user(leader)
    assert "领导可见" in client.get("/pool/members/").content.decode()
    timeline = client.get(f"/pool/members/{membership.cadre_id}/").content.decode()
    assert "调整梯次" not in timeline and "记录一票否决" not in timeline
    for action in ("tier", "exit", "veto"):
        response = client.post(f"/pool/members/{membership.cadre_id}/{action}/", {"tier": "near"})
        assert response.status_code == 403


@pytest.mark.parametrize("persona", ["unit_committee", "sector_dept", "discipline_liaison"])
def test_others_cannot_open_the_pool(units, persona, as_user, request):
    client = as_user(request.getfixturevalue(persona))
    assert client.get("/pool/members/").status_code == 403
    assert client.get("/api/pool/").status_code == 403


def test_timeline_shows_every_move_in_order(units, staff, as_user):
    membership = PoolMembershipFactory(cadre__unit=units["qingshi"], tier=Tier.LONG)
    services.change_tier(staff, membership, Tier.MID, "年度考核优秀", on=dt.date(2026, 3, 1))
    client = as_user(staff)
    response = client.post(
        f"/pool/members/{membership.cadre_id}/exit/",
        {"reason": "promoted", "on": "2026-10-08", "note": "任青石镇副镇长"},
    )
    assert response.status_code == 302
    html = client.get(f"/pool/members/{membership.cadre_id}/").content.decode()
    history = html[html.index('id="pool-history"') :]
    assert history.index("长期跟踪 → 中期培养") < history.index("任青石镇副镇长")
    assert "提拔使用" in history


def test_tier_change_through_the_page(units, staff, as_user):
    membership = PoolMembershipFactory(cadre__unit=units["qingshi"], tier=Tier.MID)
    as_user(staff).post(
        f"/pool/members/{membership.cadre_id}/tier/", {"tier": "near", "reason": "实绩突出"}
    )
    membership.refresh_from_db()
    assert membership.tier == Tier.NEAR


def test_the_api_lists_pool_members_in_the_jurisdiction(units, leader, as_user):
    PoolMembershipFactory(cadre__unit=units["qingshi"], cadre__name="甲")
    PoolMembershipFactory(cadre__unit=units["west_edu"], cadre__name="乙")
    data = as_user(leader).get("/api/pool/").json()
    assert [row["cadre_name"] for row in data["results"]] == ["甲"]


def test_birth_months_in_the_list_are_written_the_cadre_file_way(units, staff, as_user):
    membership = PoolMembershipFactory(
        cadre=CadreFactory(unit=units["qingshi"], birth_month=dt.date(1994, 3, 1))
    )
    html = as_user(staff).get("/pool/members/").content.decode()
    assert rules.format_month(membership.cadre.birth_month) == "1994.03"
    assert "1994.03" in html


@pytest.mark.django_db
def test_demo_has_lists_in_every_state_and_a_pool_with_history(client):
    with time_machine.travel(dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC), tick=False):
        call_command("load_demo", "--scale", "0.05", stdout=io.StringIO())
        _check_demo(client)


def _check_demo(client):
    current = RecommendationRound.objects.get(is_open=True)
    returned = current.lists.filter(status=ListStatus.RETURNED)
    assert returned.count() == 3
    assert all("过于笼统" in rl.return_reason for rl in returned)
    statuses = set(current.lists.values_list("status", flat=True))
    assert {ListStatus.SUBMITTED, ListStatus.ACCEPTED} <= statuses
    assert current.lists.get(unit__name="青石镇").status == ListStatus.DRAFT
    staff = get_user_model().objects.get(username="zuzhibu")
    assert any(len(c.sources) > 1 for c in selection_selectors.merged_candidates(staff, current))
    members = list(PoolMembership.objects.prefetch_related("events"))
    assert members
    assert all(m.events.all() for m in members)  # every stay has its history rows
    client.force_login(staff)
    assert client.get("/pool/members/").status_code == 200
    for m in members:
        assert client.get(f"/pool/members/{m.cadre_id}/").status_code == 200
