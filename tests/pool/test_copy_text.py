"""COPY's text format: every value the importers write reaches the table as it was."""

import datetime as dt

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pool.imports import bulk


@pytest.fixture
def scratch(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE copy_probe (t text, n integer, d date, b boolean, x bytea)"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE copy_probe")


def _round_trip(rows):
    bulk._copy("copy_probe", ["t", "n", "d", "b", "x"], rows)
    with connection.cursor() as cursor:
        cursor.execute("SELECT t, n, d, b, x FROM copy_probe")
        back = [(t, n, d, b, bytes(x) if x is not None else None) for t, n, d, b, x in cursor]
        cursor.execute("DELETE FROM copy_probe")
    return back


def test_tabs_newlines_backslashes_and_nulls_survive(scratch):
    rows = [
        ("王\t晓明\n二行\r\\N", 1, dt.date(1990, 5, 1), True, b"\x00\\x"),
        ("\\N", None, None, False, None),
        (None, -7, dt.date(2000, 1, 31), None, b""),
        ("", 0, None, True, None),
    ]
    assert _round_trip(rows) == rows


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_characters="\x00", codec="utf-8")))
def test_any_text_survives(scratch, text):
    assert _round_trip([(text, None, None, None, None)]) == [(text, None, None, None, None)]


def test_a_value_copy_cannot_write_is_a_type_error():
    with pytest.raises(TypeError):
        bulk._text(object())
