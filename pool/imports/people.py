"""Rows that name an existing cadre by 身份证号 and 姓名 (talks, assessments,
enrolments, appointments, recommendations ...): the two columns every such kind
declares, and one lookup per chunk that finds the person or says why not."""

from __future__ import annotations

from pool.imports import cells
from pool.imports.engine import Column, Context, Row
from pool.models import Cadre
from pool.people import crypto

ID_COLUMN = Column(
    "身份证号", "id_number", cells.id_number,
    ("公民身份号码", "身份证号码", "公民身份证号码", "身份证"), True,
    "430181199001011233", as_text=True, width=22, memo=False,
)  # fmt: skip
NAME_COLUMN = Column("姓名", "name", cells.person_name, ("干部姓名",), True, "张三", memo=False)


def resolve(rows: list[Row], ctx: Context) -> dict[int, Cadre]:
    """Set ``row.values["cadre_id"]`` on each row whose person is in the roster,
    within the importer's jurisdiction, under the name written; add a Chinese error
    on the others. One query for the chunk; returns the cadres found, by pk."""
    wanted = {crypto.lookup_hash(r.values["id_number"]) for r in rows if "id_number" in r.values}
    found = {
        c.id_hash: c
        for c in Cadre.objects.filter(id_hash__in=wanted).only(
            "pk", "name", "unit_id", "id_hash", "is_active", "birth_month"
        )
    }
    by_pk = {}
    for row in rows:
        if "id_number" not in row.values:
            continue
        cadre = found.get(crypto.lookup_hash(row.values["id_number"]))
        if cadre is None or not cadre.is_active:
            row.error("身份证号", "干部名册中没有此身份证号的干部，请先导入或登记该干部")
        elif ctx.scope is not None and cadre.unit_id not in ctx.scope:
            row.error("身份证号", "此人不在您的管辖范围内")
        elif row.values.get("name") and cells.name_key(row.values["name"]) != cells.name_key(
            cadre.name
        ):
            row.error(
                "姓名",
                f"姓名“{row.values['name']}”与干部名册中该身份证号的姓名“{cadre.name}”不一致",
            )
        else:
            row.values["cadre_id"] = cadre.pk
            by_pk[cadre.pk] = cadre
    return by_pk
