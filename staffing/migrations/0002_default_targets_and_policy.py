"""Default staffing targets and the warning policy from docs/rules.md
(editable afterwards; rerunning never overwrites an edited row)."""

import datetime as dt

from django.db import migrations

DEADLINE = dt.date(2027, 12, 31)
# code, name, kind, numerator, denominator, level, unit kinds, max age
TARGETS = [
    ("young-chiefs", "年轻正职占正职总数（分层级）", "young_chiefs", 1, 8, "", [], None),
    ("young-members", "年轻班子成员占班子成员总数（分层级）", "young_members", 1, 5, "", [], None),
    (
        "dept-teams-with-young",
        "市县党政工作部门班子配备年轻干部",
        "teams_with_young",
        1,
        2,
        "",
        ["party_gov_dept"],
        None,
    ),
    (
        "bodies-with-young",
        "内设机构配备年轻正职或副职",
        "bodies_with_young",
        1,
        3,
        "",
        ["internal_body"],
        None,
    ),
    (
        "township-every-team",
        "每个乡镇（街道）班子配备35岁以下干部",
        "every_team",
        1,
        1,
        "township",
        ["township"],
        35,
    ),
]


def add_defaults(apps, schema_editor):
    StaffingTarget = apps.get_model("staffing", "StaffingTarget")
    WarningPolicy = apps.get_model("staffing", "WarningPolicy")
    for position, (code, name, kind, num, den, level, kinds, max_age) in enumerate(TARGETS):
        StaffingTarget.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "numerator": num,
                "denominator": den,
                "deadline": DEADLINE,
                "level": level,
                "unit_kinds": kinds,
                "max_age": max_age,
                "position": position,
            },
        )
    WarningPolicy.objects.get_or_create(
        pk=1, defaults={"member_ratio_numerator": 1, "member_ratio_denominator": 5}
    )


class Migration(migrations.Migration):
    dependencies = [("staffing", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
