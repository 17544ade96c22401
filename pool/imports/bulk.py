"""Bulk writes through PostgreSQL's COPY, for imports of 100,000 rows.

``bulk_create`` spends most of its time in Django's per-value preparation;
COPY streams the rows in PostgreSQL's text format instead (measured in
bench/import_roster.py). Values must already be in their stored form: str,
int, bool, date, datetime, bytes or None. Both functions run inside the
caller's transaction, so a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence

from django.db import connection

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Most values need no escaping; a search is much cheaper than translate on Chinese text.
_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]").search
BATCH = 20_000


def _text(value: object) -> str:
    if value.__class__ is str:
        return value.translate(_ESCAPES) if _NEEDS_ESCAPE(value) else value
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\\\x" + bytes(value).hex()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, str):  # a str subclass (SafeString and the like)
        return value.translate(_ESCAPES)
    if isinstance(value, int | float):
        return repr(value)
    raise TypeError(f"cannot COPY a {type(value).__name__}")


def _copy(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor:
        buffer = io.StringIO()
        for count, row in enumerate(rows, start=1):
            # str and None inline: they are most values, and a call each costs more
            buffer.write(
                "\t".join(
                    [
                        (v if _NEEDS_ESCAPE(v) is None else v.translate(_ESCAPES))
                        if v.__class__ is str
                        else "\\N"
                        if v is None
                        else _text(v)
                        for v in row
                    ]
                )
            )
            buffer.write("\n")
            if count % BATCH == 0:
                buffer.seek(0)
                cursor.copy_expert(sql, buffer)
                buffer = io.StringIO()
        if buffer.tell():
            buffer.seek(0)
            cursor.copy_expert(sql, buffer)


def _columns(model, fields: Sequence[str]) -> list[str]:
    quote = connection.ops.quote_name
    return [quote(model._meta.get_field(f).column) for f in fields]


def copy_insert(model, fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """INSERT every row (values in the order of ``fields``)."""
    _copy(connection.ops.quote_name(model._meta.db_table), _columns(model, fields), rows)


def copy_update(model, fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """UPDATE ``fields`` of existing rows; each row is (pk, *values in field order)."""
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    columns = _columns(model, fields)
    staging = connection.ops.quote_name(f"import_{model._meta.db_table}")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(
            f"CREATE TEMP TABLE {staging} ON COMMIT DROP AS "
            f"SELECT {pk}, {', '.join(columns)} FROM {table} WITH NO DATA"
        )
    _copy(staging, [pk, *columns], rows)
    assignments = ", ".join(f"{c} = s.{c}" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} t SET {assignments} FROM {staging} s WHERE t.{pk} = s.{pk}")
        cursor.execute(f"DROP TABLE {staging}")
