"""The trigram indexes are left out where the server has no pg_trgm (the embedded
server of make run / make test), and made where it has."""

import pytest
from django.contrib.postgres.indexes import GinIndex
from django.db import connection
from django.db.migrations.state import ProjectState

from pool.models import extensions as optional_extensions
from pool.models.extensions import AddTrigramIndex, has_extension


def _index_exists(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [name])
        return cursor.fetchone() is not None


def test_extensions_are_looked_up(db):
    assert has_extension(connection, "plpgsql", installed=True)
    assert not has_extension(connection, "no_such_extension")


@pytest.mark.parametrize("server_has_it", [True, False])
def test_the_index_follows_the_extension(db, monkeypatch, server_has_it):
    if server_has_it and not has_extension(connection, "pg_trgm", installed=True):
        pytest.skip("this server has no pg_trgm")
    monkeypatch.setattr(optional_extensions, "has_extension", lambda *a, **k: server_has_it)
    operation = AddTrigramIndex(
        "cadre", GinIndex(fields=["specialty"], name="probe_trgm", opclasses=["gin_trgm_ops"])
    )
    from django.apps import apps

    before = ProjectState.from_apps(apps)
    after = before.clone()
    operation.state_forwards("pool", after)
    with connection.schema_editor() as editor:
        operation.database_forwards("pool", editor, before, after)
    assert _index_exists("probe_trgm") is server_has_it
    with connection.schema_editor() as editor:
        operation.database_backwards("pool", editor, after, before)
    assert not _index_exists("probe_trgm")
