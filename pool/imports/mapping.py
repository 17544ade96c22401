"""Columns the importer maps by hand: a header the kind does not know (任现职时间)
given to one of its columns (任职时间). The mapping travels with the run in
``options["columns"]`` (so confirming reads the file as the preview did), is
remembered per user and kind (``ColumnMapping``) for their next uploads, and comes
on the command line as ``--map 任现职时间=任职时间``."""

from __future__ import annotations

from collections.abc import Iterable

from pool.imports.engine import Kind, header_key
from pool.imports.readers import FileProblem
from pool.models import ColumnMapping

SKIP = ""  # the choice "（不导入）"


def targets(kind: Kind) -> dict[str, str]:
    """Every name a column may be mapped to (its name, its synonyms, its field) ->
    the column's name."""
    table: dict[str, str] = {}
    for col in kind.columns:
        for name in (col.name, *col.synonyms, col.field):
            table.setdefault(header_key(name), col.name)
    return table


def validate(kind: Kind, mapping: dict[str, str], present: Iterable[str] = ()) -> dict[str, str]:
    """The mapping with each target as its column's name; FileProblem (Chinese) for a
    target the kind does not have, two columns mapped to one field, or a column mapped
    to a field that a column in the file (``present``: column names) already gives."""
    known = targets(kind)
    out: dict[str, str] = {}
    for source, target in mapping.items():
        source = str(source).strip()
        target = str(target).strip()
        if not source:
            raise FileProblem("列的对应设置中缺少列名（应写作“文件中的列名=字段名”）")
        if target == SKIP:
            continue
        name = known.get(header_key(target))
        if name is None:
            choices = "、".join(col.name for col in kind.columns)
            raise FileProblem(f"“{target}”不是{kind.title}导入的字段，可选：{choices}")
        out[source] = name
    seen: dict[str, str] = {}
    present = set(present)
    for source, name in out.items():
        if name in seen:
            raise FileProblem(f"列“{seen[name]}”和列“{source}”都对应“{name}”：两列不能对应同一字段")
        if name in present:
            raise FileProblem(f"文件中已有“{name}”列，列“{source}”不能再对应“{name}”")
        seen[name] = source
    return out


def parse_pairs(pairs: Iterable[str]) -> dict[str, str]:
    """``--map`` values, each ``文件中的列名=字段名`` (a full-width ＝ too)."""
    out: dict[str, str] = {}
    for pair in pairs:
        source, sep, target = pair.replace("＝", "=").partition("=")
        if not sep or not source.strip() or not target.strip():
            raise FileProblem(
                f"列的对应“{pair}”格式不对，应写作“文件中的列名=字段名”，如 任现职时间=任职时间"
            )
        if source.strip() in out:
            raise FileProblem(f"列“{source.strip()}”的对应写了两次")
        out[source.strip()] = target.strip()
    return out


def remembered(user, kind_name: str) -> dict[str, str]:
    """The user's mapping for this kind ({} for none, or for the command line's system)."""
    if user is None or not getattr(user, "pk", None):
        return {}
    found = ColumnMapping.objects.filter(user=user, kind=kind_name).first()
    return dict(found.columns) if found else {}


def remember(user, kind_name: str, columns: dict[str, str]) -> None:
    """Keep the user's mapping for this kind (columns mapped to nothing are forgotten)."""
    ColumnMapping.objects.update_or_create(
        user=user, kind=kind_name, defaults={"columns": dict(columns)}
    )
