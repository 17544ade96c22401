"""The same roster import done with django-import-export, for bench/import_roster.py
``--compare``: a ModelResource on Cadre as a Django developer would write it
(Chinese headers, month cells such as ``1988.03``, the unit by its path, the ID
number through the model's ``id_number`` setter, upsert by the ID's keyed hash),
imported with import-export's defaults (one transaction, row by row).

    python bench/iexport_roster.py FILE.xlsx [--bulk]  # prints one JSON object like --json

``--bulk`` sets the resource's ``use_bulk`` (bulk_create/bulk_update in batches),
import-export's own fast path.

django-import-export is only needed for this comparison: ``pip install
"django-import-export[xlsx]"`` (it is not a dependency of the project).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def resource_class(bulk: bool = False):
    from import_export import fields, resources, widgets

    from pool.models import Cadre, Unit
    from pool.people import crypto, rules

    class MonthWidget(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return rules.parse_month(value) if value not in (None, "") else None

    class UnitPathWidget(widgets.ForeignKeyWidget):
        """工作单位 written as ``county/township``; the units are loaded once."""

        def __init__(self):
            super().__init__(Unit)
            self.by_path = None

        def clean(self, value, row=None, **kwargs):
            if self.by_path is None:
                units = {u.pk: u for u in Unit.objects.all()}
                self.by_path = {}
                for unit in units.values():
                    parent = units.get(unit.parent_id)
                    self.by_path[f"{parent.name}/{unit.name}" if parent else unit.name] = unit
            return self.by_path[value]

    def text(attribute, header, **kwargs):
        return fields.Field(attribute=attribute, column_name=header, **kwargs)

    def month(attribute, header):
        return fields.Field(attribute=attribute, column_name=header, widget=MonthWidget())

    class CadreResource(resources.ModelResource):
        name = text("name", "姓名")
        gender = text("gender", "性别")
        ethnicity = text("ethnicity", "民族")
        birth_month = month("birth_month", "出生年月")
        native_place = text("native_place", "籍贯")
        birthplace = text("birthplace", "出生地")
        party_join_month = month("party_join_month", "入党时间")
        work_start_month = month("work_start_month", "参加工作时间")
        health = text("health", "健康状况")
        fulltime_education = text("fulltime_education", "全日制学历")
        fulltime_degree = text("fulltime_degree", "全日制学位")
        fulltime_school_major = text("fulltime_school_major", "全日制毕业院校及专业")
        inservice_education = text("inservice_education", "在职学历")
        inservice_degree = text("inservice_degree", "在职学位")
        inservice_school_major = text("inservice_school_major", "在职毕业院校及专业")
        current_position = text("current_position", "现任职务")
        rank = text("rank", "职级")
        category = text("category", "干部类别")
        unit = fields.Field(attribute="unit", column_name="工作单位", widget=UnitPathWidget())
        id_number = text("id_number", "身份证号")  # the model's setter encrypts and hashes

        class Meta:
            model = Cadre
            fields = (  # only the declared ones: the file's columns
                "name", "gender", "ethnicity", "birth_month", "native_place", "birthplace",
                "party_join_month", "work_start_month", "health", "fulltime_education",
                "fulltime_degree", "fulltime_school_major", "inservice_education",
                "inservice_degree", "inservice_school_major", "current_position", "rank",
                "category", "unit", "id_number",
            )  # fmt: skip
            skip_unchanged = True
            report_skipped = False
            use_bulk = bulk
            batch_size = 2000

        def before_import_row(self, row, **kwargs):
            for key in list(row):  # blank cells: "" for text columns, as the model wants
                if row[key] is None and key not in ("出生年月", "入党时间", "参加工作时间"):
                    row[key] = ""
            if not row.get("出生年月"):  # the ID number gives it
                born = rules.birth_date_from_id(rules.normalize_id_number(row["身份证号"]))
                row["出生年月"] = f"{born:%Y.%m}"

        def get_instance(self, instance_loader, row):
            clear = rules.normalize_id_number(row["身份证号"])
            return Cadre.objects.filter(id_hash=crypto.lookup_hash(clear)).first()

    return CadreResource


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")
    import django

    django.setup()
    import tablib

    with open(sys.argv[1], "rb") as stream:
        dataset = tablib.Dataset().load(stream, format="xlsx", skip_lines=1)  # the title row
    result = resource_class("--bulk" in sys.argv)().import_data(
        dataset, dry_run=False, use_transactions=True
    )
    totals = result.totals
    errors = [
        {"row": number + 3, "column": "", "message": str(e.error)[:200]}
        for number, row_errors in result.row_errors()
        for e in row_errors
    ]
    errors += [
        {"row": row.number + 3, "column": "", "message": str(row.validation_error)[:200]}
        for row in result.invalid_rows
    ]
    invalid = totals.get("error", 0) + totals.get("invalid", 0)
    print(
        json.dumps(
            {
                "rows_total": len(dataset),
                "created": totals.get("new", 0),
                "updated": totals.get("update", 0),
                "unchanged": totals.get("skip", 0),
                "invalid": invalid,
                "errors": errors,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
