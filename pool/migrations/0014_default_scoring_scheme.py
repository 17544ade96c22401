"""The default 积分排序 scheme: nine items in three groups of three (docs/rules.md, issue #6),
with weights summing to 100. Editable afterwards on the scheme page."""

from django.db import migrations

DEFAULT_ITEMS = [
    ("political", "政治素质", "quality", 15),
    ("moral", "道德品行", "quality", 10),
    ("integrity", "廉洁自律", "quality", 10),
    ("performance", "工作实绩", "performance", 20),
    ("annual_assessment", "年度考核", "performance", 10),
    ("special_assessment", "专项考核", "performance", 5),
    ("education", "学历", "foundation", 10),
    ("grassroots", "基层经历", "foundation", 10),
    ("training", "培训情况", "foundation", 10),
]


def add_default(apps, schema_editor):
    Scheme = apps.get_model("pool", "ScoringScheme")
    Item = apps.get_model("pool", "ScoringItem")
    scheme, created = Scheme.objects.get_or_create(
        name="默认方案（3+3+3）",
        defaults={"is_active": not Scheme.objects.filter(is_active=True).exists(),
                  "note": "九个项目差异化权重，三类各三项，合计100"},
    )  # fmt: skip
    if created:
        Item.objects.bulk_create(
            Item(scheme=scheme, code=code, label=label, group=group, weight=weight, position=i)
            for i, (code, label, group, weight) in enumerate(DEFAULT_ITEMS)
        )


class Migration(migrations.Migration):
    dependencies = [("pool", "0013_scoring")]
    operations = [migrations.RunPython(add_default, migrations.RunPython.noop)]
