"""Pinyin search keys: computed from the name on every write path (save, bulk_create,
the roster import's COPY insert and update, the LRMX import) and for existing rows."""

import pytest
from django.apps import apps

from pool.models import Cadre
from pool.people.pinyin import looks_like_pinyin, search_key
from tests.factories import CadreFactory
from tests.pool.import_files import person, table, xlsx
from tests.pool.imports.test_import_engine import run_file


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("王晓明", "wangxiaoming wxm"),
        ("欧阳修", "ouyangxiu oyx"),
        ("李", "li l"),
        # A polyphonic surname: the surname reading first, the common one kept.
        ("曾小贤", "zengxiaoxian zxx cengxiaoxian cxx"),
        ("单雄信", "shanxiongxin sxx danxiongxin dxx"),
        # A surname already read as a surname gets no second reading.
        ("任正非", "renzhengfei rzf"),
        # Separators and spaces in a name are not letters.
        ("阿依古丽·买买提", "ayigulimaimaiti aygl" + "mmt"),
        (" 张 三 ", "zhangsan zs"),
        ("", ""),
        ("·", ""),
    ],
)
def test_the_key_holds_full_pinyin_and_initials(name, key):
    assert search_key(name) == key


@pytest.mark.parametrize(
    ("text", "expected"),
    [("wxm", True), ("wang xm", True), ("王", False), ("1233", False), ("", False)],
)
def test_only_letters_are_searched_as_pinyin(text, expected):
    assert looks_like_pinyin(text) is expected


@pytest.mark.django_db
def test_saving_a_cadre_keeps_the_key_current(units):
    cadre = CadreFactory(name="王晓明", unit=units["qingshi"])
    assert Cadre.objects.get(pk=cadre.pk).search_key == "wangxiaoming wxm"
    cadre.name = "李明"
    cadre.save(update_fields=["name"])
    assert Cadre.objects.get(pk=cadre.pk).search_key == "liming lm"


@pytest.mark.django_db
def test_bulk_create_computes_the_key(units):
    template = CadreFactory.build(unit=units["qingshi"])
    template.name = "欧阳修"
    template.id_number = "430181199001011233"
    Cadre.objects.bulk_create([template])
    assert Cadre.objects.get(name="欧阳修").search_key == "ouyangxiu oyx"


@pytest.mark.django_db
def test_the_roster_import_writes_the_key_for_new_and_renamed_people(units, tmp_path):
    rows = [person("张三", "19900115", 1), person("李四", "19921003", 2, gender="女")]
    run_file(tmp_path, xlsx(table(rows)))
    assert Cadre.objects.get(name="张三").search_key == "zhangsan zs"
    rows[1]["姓名"] = "曾四"
    run, _ = run_file(tmp_path, xlsx(table(rows)))
    assert run.updated == 1
    assert Cadre.objects.get(name="曾四").search_key == "zengsi zs cengsi cs"


@pytest.mark.django_db
def test_the_migration_fills_the_key_of_existing_people(units):
    from importlib import import_module

    migration = import_module("pool.migrations.0018_cadre_pinyin_search_key")
    cadre = CadreFactory(name="王晓明", unit=units["qingshi"])
    Cadre.objects.filter(pk=cadre.pk).update(search_key="")
    migration.fill_search_keys(apps, None)
    assert Cadre.objects.get(pk=cadre.pk).search_key == "wangxiaoming wxm"
