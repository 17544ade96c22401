"""Pinyin search keys for cadres (full pinyin and initials), filled for existing rows,
with trigram indexes for the person picker's type-ahead (left out where the server has
no pg_trgm: pool/models/extensions.py)."""

import django.contrib.postgres.indexes
from django.db import migrations

import pool.models.core
from pool.models.extensions import AddTrigramIndex, TrigramExtensionIfAvailable


def fill_search_keys(apps, schema_editor):
    from pool.people.pinyin import search_key

    Cadre = apps.get_model("pool", "Cadre")
    batch = []
    for cadre in Cadre.objects.only("pk", "name").iterator(chunk_size=2000):
        cadre.search_key = search_key(cadre.name)
        batch.append(cadre)
        if len(batch) >= 2000:
            Cadre.objects.bulk_update(batch, ["search_key"])
            batch = []
    if batch:
        Cadre.objects.bulk_update(batch, ["search_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("pool", "0017_pool_filters_saved_searches"),
    ]

    operations = [
        TrigramExtensionIfAvailable(),
        migrations.AddField(
            model_name="cadre",
            name="search_key",
            field=pool.models.core.PinyinKeyField(
                default="", source="name", verbose_name="拼音检索码"
            ),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop, elidable=True),
        AddTrigramIndex(
            model_name="cadre",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["name"], name="cadre_name_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        AddTrigramIndex(
            model_name="cadre",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_key"], name="cadre_search_key_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
