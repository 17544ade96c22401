"""No cell can crash an import: every column of every import kind, fed arbitrary
values (control and full-width characters, 1989.13, 1e308, NaN, ints, dates,
booleans, formulas, 32k-character strings), gives a value or a CellError, and a
whole file of such rows gives row errors, never an exception."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pool.imports import cells, engine, runs
from pool.imports.readers import Sheet
from pool.lrmx.source import BadFile, Family, Photo
from tests.pool.import_files import person, table, xlsx

LONG = 32767  # the most characters an Excel cell holds

_characters = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs", "Cc", "Cf"),
    include_characters="\uff10\uff11\uff0e\uff08\uff09\u3000\u2028\ufeff\u200b年月日族级",
)
TEXT = st.text(_characters, max_size=40)
NUMBER_TEXT = st.from_regex(r"\A[0-9０-９.．\-/年月 ]{1,12}\Z")
FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1989.13, 1989.1, 1e308, -1e308, 1e16, 0.05, 2026.12, 1e-300, -0.0]),
)
CELLS = st.one_of(
    TEXT,
    NUMBER_TEXT,
    FLOATS,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    TEXT.map(lambda s: "=" + s),
    st.sampled_from(["字" * LONG, "1" * LONG, "\x00" * 100, "研究生" * 5000, "族"]),
)


def _columns():
    for name, kind in sorted(engine.kinds().items()):
        for column in kind.columns:
            yield pytest.param(kind, column, id=f"{name}-{column.field}")


def _values_for(kind, column):
    """What a reader can give this column: any cell for spreadsheets; for LRMX,
    what pool.lrmx.source gives (text, the family tuple, the photo text)."""
    if kind.name != "lrmx":
        return CELLS
    text = st.one_of(TEXT, NUMBER_TEXT, st.sampled_from(["字" * LONG, "1989.13"]))
    if column.field == "family":
        member = st.tuples(text, text, text, text, text)
        return st.lists(member, max_size=3).map(Family)
    if column.field == "photo":
        return text.map(Photo)
    if column.field == "file":
        return st.one_of(text, TEXT.map(lambda name: BadFile(name, "不是LRMX文件")))
    return text


def _outcome(column, value):
    if cells.is_blank(value):
        return None
    try:
        return column.parse(value)
    except cells.CellError as exc:
        assert str(exc), "a cell error must say what is wrong"
        return exc


# Each parameter draws from its own strategy: no example database shared between them.
FUZZ = settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize(("kind", "column"), list(_columns()))
def test_every_column_gives_a_value_or_a_cell_error(kind, column):
    @settings(FUZZ, max_examples=60)
    @given(_values_for(kind, column))
    def parse(value):
        _outcome(column, value)

    parse()


def _row_values(kind):
    """A row where each cell is the template's example or an arbitrary value, so
    rows get past parsing into the kind's checks often enough."""
    return st.tuples(
        *(st.one_of(st.just(c.example or None), _values_for(kind, c)) for c in kind.columns)
    )


@pytest.mark.parametrize("name", sorted(engine.kinds()))
def test_a_file_of_arbitrary_rows_gives_row_errors_never_an_exception(name, units):
    kind = engine.get_kind(name)
    header = [c.name for c in kind.columns]

    @settings(FUZZ, max_examples=25)
    @given(st.lists(_row_values(kind), min_size=1, max_size=4))
    def analyse(rows):
        numbered = [(1, header), *((n, list(r)) for n, r in enumerate(rows, start=2))]
        result = engine.analyse(kind, Sheet("xlsx", iter(numbered)), runs.context_for(None))
        assert len(result.rows) <= len(rows)
        for row in result.rows:
            assert row.status in (engine.NEW, engine.UPDATED, engine.UNCHANGED, engine.INVALID)

    analyse()


class _Broken(Exception):
    pass


def test_a_parser_that_raises_anything_else_is_a_row_error_and_is_logged(caplog):
    def broken(value):
        raise _Broken("bug")

    class Probe(engine.Kind):
        name = "probe"
        title = "探针"
        key_column = "甲"
        columns = (engine.Column("甲", "a", broken), engine.Column("乙", "b"))

    header = engine.Header(1, {"a": 0, "b": 1}, ["甲", "乙"], [])
    parser = engine._Parser(Probe(), header)
    row = parser.row(2, ["1989.13" + "x" * 40, "好"])
    assert row.errors == [("甲", "无法识别“1989.13xxxxxxxxxxxxx…”，请检查该单元格")]
    assert row.values == {"b": "好"}
    assert "import parser 甲 failed on a str cell" in caplog.text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1989.13, "“1989.13”不是有效的年月（例如 1988.03）"),
        (1989.0, "“1989”不是有效的年月（例如 1988.03）"),
        (1989.12, None),
        (0.05, "“0.05”不是有效的年月（例如 1988.03）"),
        (12.1, "“12.1”不是有效的年月（例如 1988.03）"),
        (float("nan"), "“nan”不是有效的年月（例如 1988.03）"),
        (1e308, "“1e+308”不是有效的年月（例如 1988.03）"),
    ],
)
def test_a_month_stored_as_a_number_outside_the_calendar_is_a_cell_error(value, message):
    if message is None:
        assert cells.month(value) == dt.date(1989, 12, 1)
        return
    with pytest.raises(cells.CellError) as caught:
        cells.month_or_ambiguous(value)
    assert str(caught.value) == message


def test_the_command_reports_a_1989_13_birth_month_as_that_rows_error(units, tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(
        xlsx(table([person("张三", serial=1), person("李四", serial=2, 出生年月=1989.13)]))
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import", "roster", str(path), "--json", stdout=out, stderr=err)
    assert exited.value.code == 1
    payload = json.loads(out.getvalue())  # one JSON object, nothing else
    errors = [(e["row"], e["column"], e["message"]) for e in payload["errors"]]
    assert errors == [(3, "出生年月", "“1989.13”不是有效的年月（例如 1988.03）")]
    assert (payload["rows_total"], payload["invalid"]) == (2, 1)
