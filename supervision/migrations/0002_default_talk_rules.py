"""The default 谈话频次 from the source documents (editable afterwards)."""

from django.db import migrations

DEFAULTS = [
    ("county_leader", 6, "县级领导与所联系单位的年轻干部，每半年至少一次"),
    ("unit_head", 3, "单位主要领导与本单位年轻干部，每季度至少一次"),
    ("deputy_head", 1, "分管领导与分管领域年轻干部，每月至少一次"),
    ("party_secretary", 12, "党委(党组)主要负责同志，每年至少一次"),
    ("org_dept", 6, "组织人事部门，每年至少两次，全覆盖"),
]


def seed(apps, schema_editor):
    TalkRule = apps.get_model("supervision", "TalkRule")
    for role, months, note in DEFAULTS:
        TalkRule.objects.get_or_create(
            talker_role=role, defaults={"period_months": months, "note": note}
        )


def unseed(apps, schema_editor):
    TalkRule = apps.get_model("supervision", "TalkRule")
    TalkRule.objects.filter(talker_role__in=[role for role, _, _ in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
