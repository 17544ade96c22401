"""Default young thresholds from docs/rules.md (editable afterwards)."""

from django.db import migrations

DEFAULTS = [
    ("city", "party_gov_dept", 40, "市党政工作部门正职/班子成员：40岁左右"),
    ("county", "county_leadership", 40, "县市区党政正职/班子成员：40岁左右"),
    ("county", "party_gov_dept", 35, "县市区党政工作部门正职/班子成员：35岁左右"),
    ("township", "township", 35, "乡镇(街道)党政正职/班子成员：35岁以下"),
    ("city", "internal_body", 35, "市党政工作部门内设机构正副职：35岁左右"),
    ("county", "internal_body", 30, "县市区内设机构正副职：30岁左右"),
    ("township", "internal_body", 30, "乡镇内设机构正副职：30岁左右"),
    ("city", "", 40, "市级其他单位"),
    ("county", "", 35, "县级其他单位"),
    ("township", "", 35, "乡镇级其他单位"),
]


def add_defaults(apps, schema_editor):
    YoungThreshold = apps.get_model("pool", "YoungThreshold")
    for level, kind, max_age, note in DEFAULTS:
        YoungThreshold.objects.get_or_create(
            level=level, kind=kind, defaults={"max_age": max_age, "note": note}
        )


class Migration(migrations.Migration):
    dependencies = [("pool", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
