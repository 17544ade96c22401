"""load_demo --scale N (N >= 2): 江南省, the demo city copied N-1 times by SQL."""

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from fixtures.demo import province
from pool.models import Cadre, CareerEntry, PoolMembership, Unit
from pool.people import crypto, rules, selectors
from staffing.models import Appointment, LeadershipTeam, Post, WarningRecord

FROZEN = dt.datetime(2026, 3, 15, 10, 0, tzinfo=dt.UTC)


def _tree_city(unit_ids: dict[int, int | None], pk: int, top: int) -> int:
    """The city (child of the province root ``top``) above unit ``pk``."""
    while unit_ids[pk] != top:
        pk = unit_ids[pk]
    return pk


@pytest.fixture
def grown():
    with time_machine.travel(FROZEN, tick=False):
        call_command("load_demo", "--scale", "0.05", stdout=io.StringIO())
        base = {
            "units": Unit.objects.count(),
            "cadres": Cadre.objects.count(),
            "career": CareerEntry.objects.count(),
            "teams": LeadershipTeam.objects.count(),
            "posts": Post.objects.count(),
            "appointments": Appointment.objects.count(),
            "members": PoolMembership.objects.count(),
        }
        summary = province.grow_province(3, seed=5)
    return base, summary


@pytest.mark.django_db
def test_province_is_three_copies_of_the_city_under_one_root(grown):
    base, summary = grown
    top = Unit.objects.get(parent=None)
    assert top.name == province.PROVINCE_NAME
    cities = list(Unit.objects.filter(parent=top).order_by("position"))
    assert cities[0].name == "江州市"
    assert len({c.name for c in cities}) == 3
    for city in cities:
        assert Unit.objects.descendants(city, include_self=True).count() == base["units"]
    assert Unit.objects.count() == 3 * base["units"] + 1 == summary.units
    assert Cadre.objects.count() == 3 * base["cadres"] == summary.cadres
    assert CareerEntry.objects.count() == 3 * base["career"]
    assert LeadershipTeam.objects.count() == 3 * base["teams"] == summary.teams
    assert Post.objects.count() == 3 * base["posts"]
    assert Appointment.objects.count() == 3 * base["appointments"]
    assert PoolMembership.objects.count() == 3 * base["members"]


@pytest.mark.django_db
def test_copied_rows_stay_within_their_city(grown):
    top = Unit.objects.get(parent=None)
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    city_of = {pk: _tree_city(parents, pk, top.pk) for pk in parents if pk != top.pk}
    unit_of = dict(Cadre.objects.values_list("pk", "unit_id"))
    for cadre_id, team_unit in Appointment.objects.values_list("cadre_id", "post__team__unit_id"):
        assert city_of[unit_of[cadre_id]] == city_of[team_unit]
    names = dict(Unit.objects.filter(parent=top).values_list("pk", "name"))
    for cadre_id, text in CareerEntry.objects.values_list("cadre_id", "description"):
        city = names[city_of[unit_of[cadre_id]]]
        assert city == "江州市" or "江州市" not in text


@pytest.mark.django_db
def test_every_id_number_decrypts_is_valid_and_unique(grown):
    cadres = list(Cadre.objects.all())
    numbers = set()
    for cadre in cadres:
        number = cadre.id_number
        assert rules.normalize_id_number(number) == number
        assert rules.birth_date_from_id(number).replace(day=1) == cadre.birth_month
        assert rules.gender_from_id(number) == cadre.gender
        assert cadre.id_hash == crypto.lookup_hash(number)
        assert cadre.id_masked == rules.mask_id_number(number)
        numbers.add(number)
    assert len(numbers) == len(cadres)


@pytest.mark.django_db
def test_province_logins_see_every_city_and_new_rows_get_fresh_ids(grown):
    staff = get_user_model().objects.get(username="sheng_zuzhibu")
    assert selectors.cadres_for(staff).count() == Cadre.objects.count()
    city_staff = get_user_model().objects.get(username="shi_zuzhibu")
    assert 0 < selectors.cadres_for(city_staff).count() < Cadre.objects.count()
    # The sequences were moved past the copies: the ORM can add rows.
    unit = Unit.objects.create(name="新单位", parent=Unit.objects.get(parent=None))
    assert unit.pk > max(Unit.objects.exclude(pk=unit.pk).values_list("pk", flat=True))
    LeadershipTeam.objects.create(unit=unit)


@pytest.mark.django_db
def test_scale_two_through_the_command_records_eight_quarters():
    out = io.StringIO()
    with time_machine.travel(FROZEN, tick=False):
        call_command("load_demo", "--scale", "2", stdout=out)
    text = out.getvalue()
    assert "全省：2 个市" in text and "sheng_lingdao" in text
    assert WarningRecord.objects.values("quarter").distinct().count() == 8
    assert LeadershipTeam.objects.count() == 2 * 208


@pytest.mark.django_db
@pytest.mark.parametrize("scale", ["2.5", "301", "0", "-1"])
def test_scale_out_of_range_is_refused(scale):
    with pytest.raises(CommandError, match="--scale"):
        call_command("load_demo", "--scale", scale, stdout=io.StringIO())
    assert not Unit.objects.exists()


def test_city_names_and_codes_are_distinct():
    names = province.city_names(province.MAX_SCALE - 1, seed=1)
    assert len(set(names)) == len(names) and "江州市" not in names
    codes = {province.copy_code(f"43900{j}", k) for k in range(1, 300) for j in range(5)}
    assert len(codes) == 299 * 5 and not codes & {f"43900{j}" for j in range(5)}
