"""The corpus of office-shaped roster files (tests/pool/import_corpus): each
imports through ``manage.py import roster FILE --json`` with exactly the JSON
expected for it, and what was written is what the file says."""

import io
import json

import pytest
from django.core.management import call_command

from pool.models import Cadre
from pool.people import crypto
from tests.pool.import_corpus import CASES


def _param(case):
    marks = []
    if case.needs_vocab:
        marks.append(pytest.mark.xfail(strict=True, reason="needs imp-vocab"))
    return pytest.param(case, id=case.name, marks=marks)


def test_the_corpus_has_at_least_25_files_of_every_format():
    assert len(CASES) >= 25
    assert {c.extension for c in CASES} == {"xlsx", "xls", "ods", "csv"}


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_each_file_imports_with_its_expected_json(units, tmp_path, case):
    path = tmp_path / f"{case.name}.{case.extension}"
    path.write_bytes(case.build())
    out = io.StringIO()
    try:
        call_command("import", "roster", str(path), "--json", stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exc:
        code = exc.code
    payload = json.loads(out.getvalue())
    # 未导入的列 (序号, 备注 ...) are pinned in test_import_all_errors_and_columns.
    assert payload.pop("mapped_columns") == {}
    assert all(isinstance(c, str) and c for c in payload.pop("ignored_columns"))
    assert payload == {"kind": "roster", "file": str(path), **case.expected}
    assert code == (1 if case.expected["invalid"] else 0)
    assert Cadre.objects.count() == (0 if code else case.expected["created"])
    for id_number, values in case.written.items():
        stored = Cadre.objects.filter(id_hash=crypto.lookup_hash(id_number)).values(*values).get()
        assert stored == values
