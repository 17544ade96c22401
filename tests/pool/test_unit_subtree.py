"""Unit.objects.subtree: the same units as the library's descendants, one walk down."""

from pool.models import Unit, UnitKind, UnitLevel
from tests.factories import UnitFactory


def _ids(units) -> set[int]:
    return set(units.values_list("pk", flat=True))


def test_subtree_matches_descendants_at_every_unit(units):
    for unit in Unit.objects.all():
        assert _ids(Unit.objects.subtree(unit)) == _ids(
            Unit.objects.descendants(unit, include_self=True)
        )
        assert _ids(Unit.objects.subtree(unit, include_self=False)) == _ids(
            Unit.objects.descendants(unit)
        )


def test_the_sole_top_holds_every_unit_and_a_second_top_stays_apart(units):
    assert _ids(Unit.objects.subtree(units["city"])) == _ids(Unit.objects.all())
    other = UnitFactory(name="另一市", level=UnitLevel.CITY, kind=UnitKind.REGION)
    below = UnitFactory(name="另一县", parent=other, level=UnitLevel.COUNTY)
    assert _ids(Unit.objects.subtree(other)) == {other.pk, below.pk}
    assert _ids(Unit.objects.subtree(units["city"])) == _ids(Unit.objects.all()) - {
        other.pk,
        below.pk,
    }
    # usable twice in one query (descendants cannot: its CTE name clashes)
    both = Unit.objects.filter(pk__in=Unit.objects.subtree(units["east"])).filter(
        pk__in=Unit.objects.subtree(units["city"])
    )
    assert _ids(both) == _ids(Unit.objects.subtree(units["east"]))
