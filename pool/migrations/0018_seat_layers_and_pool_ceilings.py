"""Young judged two ways (issue 16): the seat thresholds key on the seat's layer
instead of a unit's level and kind, and a new table holds the pool ceilings by rank.

Existing threshold rows are carried over: each (level, kind) row that names a layer
sets that layer's age (an edited value survives); for 县乡内设机构 the county row wins
over the township one. Rows for other units (the level-only fallbacks) are dropped:
seats outside the six layers have no threshold. Missing layers get the defaults."""

from django.db import migrations, models

# (kind, level) -> layer, as pool.people.rules.LAYER_RULES at the time of this migration
LAYERS = {
    ("party_gov_dept", "city"): "city_dept",
    ("party_gov_dept", "county"): "county_dept",
    ("county_leadership", "county"): "county_leadership",
    ("township", "township"): "township",
    ("internal_body", "city"): "city_body",
    ("internal_body", "county"): "county_body",
    ("internal_body", "township"): "county_body",
}
SEAT_DEFAULTS = [
    ("city_dept", 40, "市党政工作部门正职/班子成员：40岁左右"),
    ("county_leadership", 40, "县市区党政正职/班子成员：40岁左右"),
    ("county_dept", 35, "县市区党政工作部门正职/班子成员：35岁左右"),
    ("township", 35, "乡镇(街道)党政正职/班子成员：35岁以下"),
    ("city_body", 35, "市党政工作部门内设机构正副职：35岁左右"),
    ("county_body", 30, "县市区及乡镇内设机构正副职：30岁左右"),
]
SENIOR = ["正处", "副处", "一级调研员", "二级调研员", "三级调研员", "四级调研员"]
JUNIOR = [
    "正科", "副科", "一级主任科员", "二级主任科员", "三级主任科员", "四级主任科员",
    "一级科员", "二级科员",
]  # fmt: skip
RANK_CHOICES = [
    ("正处", "正处"),
    ("副处", "副处"),
    ("一级调研员", "一级调研员"),
    ("二级调研员", "二级调研员"),
    ("三级调研员", "三级调研员"),
    ("四级调研员", "四级调研员"),
    ("正科", "正科"),
    ("副科", "副科"),
    ("一级主任科员", "一级主任科员"),
    ("二级主任科员", "二级主任科员"),
    ("三级主任科员", "三级主任科员"),
    ("四级主任科员", "四级主任科员"),
    ("一级科员", "一级科员"),
    ("二级科员", "二级科员"),
    ("其他", "其他"),
]
LAYER_CHOICES = [
    ("city_dept", "市党政工作部门"),
    ("county_leadership", "县市区党政班子"),
    ("county_dept", "县市区党政工作部门"),
    ("township", "乡镇(街道)"),
    ("city_body", "市内设机构"),
    ("county_body", "县乡内设机构"),
]


def to_layers(apps, schema_editor):
    YoungThreshold = apps.get_model("pool", "YoungThreshold")
    ages: dict[str, int] = {}
    # county rows first, so they win over township rows for the same layer
    order = {"city": 0, "county": 1, "township": 2}
    rows = sorted(YoungThreshold.objects.all(), key=lambda r: order.get(r.level, 9))
    for row in rows:
        layer = LAYERS.get((row.kind, row.level))
        if layer and layer not in ages:
            ages[layer] = row.max_age
    YoungThreshold.objects.all().delete()
    for layer, default, note in SEAT_DEFAULTS:
        YoungThreshold.objects.create(layer=layer, max_age=ages.get(layer, default), note=note)


def from_layers(apps, schema_editor):
    YoungThreshold = apps.get_model("pool", "YoungThreshold")
    ages = dict(YoungThreshold.objects.values_list("layer", "max_age"))
    YoungThreshold.objects.all().delete()
    for (kind, level), layer in LAYERS.items():
        if layer in ages:
            YoungThreshold.objects.create(level=level, kind=kind, max_age=ages[layer])


def add_ceilings(apps, schema_editor):
    PoolAgeCeiling = apps.get_model("pool", "PoolAgeCeiling")
    for rank in SENIOR:
        PoolAgeCeiling.objects.get_or_create(
            rank=rank, defaults={"max_age": 40, "note": "处级及调研员职级：40岁以下"}
        )
    for rank in JUNIOR:
        PoolAgeCeiling.objects.get_or_create(
            rank=rank, defaults={"max_age": 35, "note": "科级及以下：35岁以下"}
        )
    PoolAgeCeiling.objects.get_or_create(
        rank="", defaults={"max_age": 35, "note": "其他及未填职级：35岁以下"}
    )


class Migration(migrations.Migration):
    dependencies = [("pool", "0017_pool_filters_saved_searches")]

    operations = [
        # Rows are rewritten and then the table altered in one transaction: with the
        # owner foreign key of 0018_settings_owner deferred, the rewrite would leave
        # trigger events pending and PostgreSQL refuses the ALTER.
        migrations.RunSQL("SET CONSTRAINTS ALL IMMEDIATE", migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="cadre",
            name="rank",
            field=models.CharField(
                blank=True, choices=RANK_CHOICES, max_length=20, verbose_name="职级"
            ),
        ),
        migrations.CreateModel(
            name="PoolAgeCeiling",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "rank",
                    models.CharField(
                        blank=True,
                        choices=RANK_CHOICES,
                        help_text="空=其他职级",
                        max_length=20,
                        unique=True,
                        verbose_name="职级",
                    ),
                ),
                ("max_age", models.PositiveSmallIntegerField(verbose_name="年龄不超过")),
                ("note", models.CharField(blank=True, max_length=100, verbose_name="说明")),
            ],
            options={
                "verbose_name": "入库年龄上限",
                "verbose_name_plural": "入库年龄上限",
                "ordering": ["id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("max_age__gte", 18), ("max_age__lte", 70)),
                        name="pool_age_ceiling_sane_age",
                    )
                ],
            },
        ),
        migrations.RunPython(add_ceilings, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="youngthreshold", name="young_threshold_unique"),
        migrations.AddField(
            model_name="youngthreshold",
            name="layer",
            field=models.CharField(
                choices=LAYER_CHOICES, max_length=32, null=True, verbose_name="岗位层次"
            ),
        ),
        migrations.AlterField(
            model_name="youngthreshold",
            name="level",
            field=models.CharField(blank=True, max_length=16, verbose_name="层级"),
        ),
        migrations.AlterField(
            model_name="youngthreshold",
            name="kind",
            field=models.CharField(blank=True, max_length=32, verbose_name="单位类别"),
        ),
        migrations.RunPython(to_layers, from_layers),
        migrations.RemoveField(model_name="youngthreshold", name="level"),
        migrations.RemoveField(model_name="youngthreshold", name="kind"),
        migrations.AlterField(
            model_name="youngthreshold",
            name="layer",
            field=models.CharField(
                choices=LAYER_CHOICES, max_length=32, unique=True, verbose_name="岗位层次"
            ),
        ),
        migrations.AlterModelOptions(
            name="youngthreshold",
            options={
                "ordering": ["id"],
                "verbose_name": "岗位年轻干部年龄标准",
                "verbose_name_plural": "岗位年轻干部年龄标准",
            },
        ),
    ]
