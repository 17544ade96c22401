"""The column mapping is user input (``--map`` values, the preview's selects): any
text gives a mapping or a Chinese FileProblem, never a traceback."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pool.imports import engine, mapping
from pool.imports.readers import FileProblem

FUZZ = settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))
CHINESE = re.compile(r"[\u4e00-\u9fff]")
_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
_names = st.sampled_from(["任现职时间", "任职时间", "工作单位", "rank_since", "＝", "=", " "])


@FUZZ
@given(st.lists(st.one_of(_text, st.builds("{}={}".format, _text, _names)), max_size=5))
def test_map_options_parse_or_refuse_in_chinese(pairs):
    try:
        parsed = mapping.parse_pairs(pairs)
    except FileProblem as exc:
        assert CHINESE.search(str(exc))
        return
    assert all(k and v for k, v in parsed.items())


@FUZZ
@given(
    st.sampled_from(sorted(engine.kinds())),
    st.dictionaries(_text, st.one_of(_text, _names), max_size=5),
    st.lists(_names, max_size=3),
)
def test_any_mapping_validates_or_is_refused_in_chinese(kind_name, chosen, present):
    kind = engine.get_kind(kind_name)
    try:
        columns = mapping.validate(kind, chosen, present)
    except FileProblem as exc:
        assert CHINESE.search(str(exc))
        return
    names = {c.name for c in kind.columns}
    assert set(columns.values()) <= names
    assert len(set(columns.values())) == len(columns)  # never two columns to one field
    assert not set(columns.values()) & set(present)
