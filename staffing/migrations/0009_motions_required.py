"""The 动议's person, post and date are required once filled from the appointments
(a separate migration: PostgreSQL refuses ALTER TABLE with the fill's pending
foreign-key checks in the same transaction)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pool", "0017_pool_filters_saved_searches"),
        ("staffing", "0008_motions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="secondsignoff",
            name="cadre",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="pool.cadre",
                verbose_name="拟任人选",
            ),
        ),
        migrations.AlterField(
            model_name="secondsignoff",
            name="post",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="staffing.post",
                verbose_name="拟任职位",
            ),
        ),
        migrations.AlterField(
            model_name="secondsignoff",
            name="start_date",
            field=models.DateField(verbose_name="拟任职时间"),
        ),
    ]
