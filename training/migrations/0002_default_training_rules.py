"""The default training rules from docs/rules.md (editable afterwards): a 主体班
has at least 1/5 young trainees; a pool member takes a political training of at least
one week (5 days) off the job once in 3 years, is trained within 5 years, and earns
80 学时 a year."""

from decimal import Decimal

from django.db import migrations


def seed(apps, schema_editor):
    TrainingRules = apps.get_model("training", "TrainingRules")
    TrainingRules.objects.get_or_create(
        pk=1,
        defaults={
            "young_share_numerator": 1,
            "young_share_denominator": 5,
            "political_years": 3,
            "political_min_days": 5,
            "coverage_years": 5,
            "yearly_hours": Decimal(80),
            "hours_reminder_month": 10,
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("training", "TrainingRules").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
