"""factory_boy factories for the pool app (units, cadres)."""

import datetime as dt
import itertools

import factory

from pool import rules
from pool.models import Cadre, CadreCategory, Unit, UnitKind, UnitLevel

_sequence = itertools.count(1)


def make_id_number(birth: dt.date, gender: str = "男", region: str = "439001") -> str:
    """A valid 18-digit ID for ``birth``; a fresh sequence number each call."""
    n = next(_sequence)
    day = birth.replace(day=1 + (n // 100) % 28)
    first17 = f"{region}{day:%Y%m%d}{n % 100:02d}{1 if gender == '男' else 2}"
    return first17 + rules.id_check_char(first17)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}")
    level = UnitLevel.COUNTY
    kind = UnitKind.PARTY_GOV_DEPT


class CadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cadre

    name = factory.Sequence(lambda n: f"干部{n}")
    gender = "男"
    birth_month = dt.date(1990, 6, 1)
    category = CadreCategory.CIVIL_SERVANT
    unit = factory.SubFactory(UnitFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        id_number = kwargs.pop("id_number", None)
        cadre = model_class(*args, **kwargs)
        cadre.id_number = id_number or make_id_number(
            cadre.birth_month.replace(day=15), cadre.gender
        )
        cadre.save()
        return cadre
