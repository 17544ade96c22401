"""manage.py load_demo: the fictional city 江州市, its people and one login per role."""

import datetime as dt
import io
import itertools

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from fixtures.demo import people as demo
from pool.models import Cadre, CareerEntry, Rank, Role, RoleGrant, Unit, UnitKind, UnitLevel
from pool.people import rules

FROZEN = dt.datetime(2026, 3, 15, 10, 0, tzinfo=dt.UTC)
TINY = "0.05"


def _load(*extra: str) -> str:
    out = io.StringIO()
    with time_machine.travel(FROZEN, tick=False):
        call_command("load_demo", "--scale", TINY, *extra, stdout=out)
    return out.getvalue()


def _snapshot() -> list[tuple]:
    return list(
        Cadre.objects.order_by("id").values_list(
            "name", "birth_month", "gender", "id_masked", "current_position", "unit__name"
        )
    )


@pytest.mark.django_db
def test_same_seed_gives_the_same_people_after_reset():
    _load("--seed", "7")
    first = _snapshot()
    _load("--seed", "7", "--reset")
    assert _snapshot() == first
    assert len(first) > 100
    _load("--seed", "8", "--reset")
    assert _snapshot() != first


@pytest.mark.django_db
def test_second_load_without_reset_is_refused():
    _load()
    with pytest.raises(CommandError, match="--reset"):
        _load()


@pytest.mark.django_db
def test_id_numbers_are_valid_and_match_birth_month_and_gender():
    _load()
    cadres = list(Cadre.objects.all())
    for cadre in cadres:
        number = cadre.id_number
        assert rules.normalize_id_number(number) == number
        assert rules.birth_date_from_id(number).replace(day=1) == cadre.birth_month
        assert rules.gender_from_id(number) == cadre.gender
        assert dt.date(1966, 1, 1) <= cadre.birth_month <= dt.date(2001, 12, 1)
    assert len({c.id_hash for c in cadres}) == len(cadres)


@pytest.mark.django_db
def test_career_lines_are_consecutive_and_end_open():
    _load()
    lines: dict[int, list[CareerEntry]] = {}
    for entry in CareerEntry.objects.order_by("cadre_id", "start_month"):
        lines.setdefault(entry.cadre_id, []).append(entry)
    assert len(lines) == Cadre.objects.count()
    for entries in lines.values():
        assert 3 <= len(entries) <= 6
        assert entries[-1].end_month is None
        for before, after in itertools.pairwise(entries):
            assert before.end_month == after.start_month
            assert before.start_month.day == 1 == before.end_month.day


@pytest.mark.django_db
def test_demo_logins_have_their_roles_and_scopes():
    output = _load()
    qingshi = Unit.objects.get(name="青石镇", kind=UnitKind.TOWNSHIP)
    county = qingshi.parent
    assert county.level == UnitLevel.COUNTY
    assert Unit.objects.filter(parent=county, name="北山镇").exists()
    city = Unit.objects.get(parent=None)
    assert city.name == "江州市"
    expected = {
        "zuzhibu": (Role.STAFF, county, ""),
        "shi_zuzhibu": (Role.STAFF, city, ""),
        "qingshi": (Role.UNIT_COMMITTEE, qingshi, ""),
        "jiaoyu_lingyu": (Role.SECTOR_DEPT, county, "教育卫生"),
        "lingdao": (Role.LEADER, county, ""),
        "jiwei": (Role.DISCIPLINE_LIAISON, None, ""),
        "sysadmin": (Role.SYS_ADMIN, None, ""),
        "secadmin": (Role.SECURITY_ADMIN, None, ""),
        "auditor": (Role.AUDIT_ADMIN, None, ""),
    }
    for username, (role, unit, sector) in expected.items():
        grant = RoleGrant.objects.select_related("user").get(user__username=username)
        assert (grant.role, grant.unit, grant.sector) == (role, unit, sector)
        assert grant.user.first_name
        assert not grant.user.is_staff and not grant.user.is_superuser
        assert username in output
    assert get_user_model().objects.get(username="zuzhibu").check_password(demo.DEMO_PASSWORD)
    assert "http://127.0.0.1:8000/" in output


@pytest.mark.django_db
def test_every_county_has_townships_and_young_township_leaders_exist():
    _load()
    ref = FROZEN.date()
    for county in Unit.objects.filter(level=UnitLevel.COUNTY, kind=UnitKind.COUNTY_LEADERSHIP):
        assert Unit.objects.filter(parent=county, kind=UnitKind.TOWNSHIP).count() >= 8
    leaders = Cadre.objects.filter(
        unit__kind=UnitKind.TOWNSHIP, rank__in=[Rank.SECTION_CHIEF, Rank.SECTION_DEPUTY]
    )
    young = [c for c in leaders if c.age_at(ref) <= 35]
    assert young
    assert 0.05 <= len(young) / leaders.count() <= 0.5
