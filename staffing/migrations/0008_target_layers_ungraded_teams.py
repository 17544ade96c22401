"""Issue 16: staffing targets per seat layer, and teams that are not graded.

- ``StaffingTarget.layers`` replaces ``level`` and ``unit_kinds``: each existing target
  gets the layers its level and unit kinds covered (the 正职/班子成员/班子 targets never
  the 内设机构 layers, the 内设机构 target only those), so an edited ratio, deadline or
  age survives.
- ``WarningRecord.level`` may be NULL: a team without approved seats is not graded.
  Records of 内设机构 (not 领导班子: no A/B/C, no 双提醒) are deleted; the quarterly
  run no longer writes them, and the targets count 内设机构 from the appointments.
"""

from django.db import migrations, models

# (kind, level, layer) as pool.people.rules.LAYER_RULES at the time of this migration
LAYER_RULES = (
    ("party_gov_dept", "city", "city_dept"),
    ("party_gov_dept", "county", "county_dept"),
    ("county_leadership", "county", "county_leadership"),
    ("township", "township", "township"),
    ("internal_body", "city", "city_body"),
    ("internal_body", "county", "county_body"),
    ("internal_body", "township", "county_body"),
)
ORDER = ["city_dept", "county_leadership", "county_dept", "township", "city_body", "county_body"]
BODY_LAYERS = {"city_body", "county_body"}


def layers_of(kind: str, level: str, unit_kinds: list[str]) -> list[str]:
    found = {
        layer
        for rule_kind, rule_level, layer in LAYER_RULES
        if (not level or level == rule_level) and (not unit_kinds or rule_kind in unit_kinds)
    }
    if kind == "bodies_with_young":
        found &= BODY_LAYERS
    else:
        found -= BODY_LAYERS
    return [layer for layer in ORDER if layer in found]


def to_layers(apps, schema_editor):
    StaffingTarget = apps.get_model("staffing", "StaffingTarget")
    for target in StaffingTarget.objects.all():
        target.layers = layers_of(target.kind, target.level, target.unit_kinds or [])
        if target.code in ("young-chiefs", "young-members"):
            target.name = target.name.replace("（分层级）", "（分层次）")
        target.save(update_fields=["layers", "name"])


def from_layers(apps, schema_editor):
    StaffingTarget = apps.get_model("staffing", "StaffingTarget")
    for target in StaffingTarget.objects.all():
        kinds = sorted({k for k, _, layer in LAYER_RULES if layer in target.layers})
        target.unit_kinds = [] if target.kind in ("young_chiefs", "young_members") else kinds
        target.level = "township" if target.layers == ["township"] else ""
        target.save(update_fields=["unit_kinds", "level"])


def drop_body_records(apps, schema_editor):
    WarningRecord = apps.get_model("staffing", "WarningRecord")
    WarningRecord.objects.filter(team__unit__kind="internal_body").delete()


class Migration(migrations.Migration):
    dependencies = [("staffing", "0007_warning_target_counts")]

    operations = [
        migrations.AddField(
            model_name="staffingtarget",
            name="layers",
            field=models.JSONField(
                default=list,
                help_text='分别计算的岗位层次，如 ["city_dept", "county_dept"]；每个层次都达到才算达标',
                verbose_name="层次",
            ),
        ),
        migrations.RunPython(to_layers, from_layers),
        migrations.RemoveField(model_name="staffingtarget", name="level"),
        migrations.RemoveField(model_name="staffingtarget", name="unit_kinds"),
        migrations.RemoveConstraint(model_name="warningrecord", name="warning_level_valid"),
        migrations.RemoveConstraint(model_name="warningrecord", name="warning_required_positive"),
        migrations.AlterField(
            model_name="warningrecord",
            name="level",
            field=models.CharField(
                blank=True,
                choices=[("A", "A级（红色）"), ("B", "B级（黄色）"), ("C", "C级（绿色）")],
                help_text="空=不评级（无核定职数）",
                max_length=1,
                null=True,
                verbose_name="预警等级",
            ),
        ),
        migrations.AddConstraint(
            model_name="warningrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("level__in", ["A", "B", "C"]), ("level__isnull", True), _connector="OR"
                ),
                name="warning_level_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="warningrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(("required__gte", 1), ("level__isnull", True), _connector="OR"),
                name="warning_required_positive",
            ),
        ),
        migrations.RunPython(drop_body_records, migrations.RunPython.noop),
    ]
