"""LRMX without options: a new person's unit comes from their 现任职务 (the longest
unit name or path inside the importer's jurisdiction found in it); ambiguous or
unknown gives that file a Chinese error naming the text; --unit is the fallback
for a 现任职务 that names no unit."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from pool.imports.unit_index import UnitIndex
from pool.models import Cadre
from tests.factories import UnitFactory, make_id_number
from tests.pool.lrmx_files import lrmx, sample, zipped


def _file(name: str, born: dt.date, position: str) -> bytes:
    return lrmx(
        sample(XingMing=name, ShenFenZheng=make_id_number(born), ChuShengNianYue=f"{born:%Y%m}",
               XianRenZhiWu=position, NiMianZhiWu="", NiRenZhiWu="")
    )  # fmt: skip


def cli(tmp_path, files: dict[str, bytes], *args) -> tuple[int, dict]:
    path = tmp_path / "审批表.zip"
    path.write_bytes(zipped(files))
    out = io.StringIO()
    try:
        call_command("import", "lrmx", str(path), "--json", *args, stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


@pytest.fixture
def finance(units):
    """东县/财政局, and a 财政局 under 西县 (outside 东县 staff's jurisdiction)."""
    return {
        "east": UnitFactory(name="财政局", parent=units["east"]),
        "west": UnitFactory(name="财政局", parent=units["west"]),
    }


def test_a_zip_from_several_units_imports_with_no_options_into_the_units_named(
    units, finance, staff, tmp_path
):
    files = {
        "张一.lrmx": _file("张一", dt.date(1990, 1, 15), "东县青石镇党委副书记"),
        "张二.lrmx": _file("张二", dt.date(1991, 2, 15), "北山镇人民政府副镇长"),
        "张三.lrmx": _file("张三", dt.date(1992, 3, 15), "东县财政局副局长"),
        "张四.lrmx": _file("张四", dt.date(1993, 4, 15), "东县教育局党组成员、副局长"),
        "张五.lrmx": _file("张五", dt.date(1994, 5, 15), "财政局办公室主任"),  # 东县's only
    }
    code, payload = cli(tmp_path, files, "--user", staff.username)
    assert (code, payload["created"], payload["errors"]) == (0, 5, [])
    placed = dict(Cadre.objects.values_list("name", "unit_id"))
    assert placed == {
        "张一": units["qingshi"].pk, "张二": units["beishan"].pk, "张三": finance["east"].pk,
        "张四": units["east_edu"].pk, "张五": finance["east"].pk,
    }  # fmt: skip
    assert set(Cadre.objects.values_list("category", flat=True)) == {""}  # 未填


def test_unknown_or_ambiguous_units_are_errors_naming_the_text(units, finance, tmp_path):
    files = {
        "甲.lrmx": _file("甲", dt.date(1990, 1, 15), "财政局副局长"),  # 东县's and 西县's
        "乙.lrmx": _file("乙", dt.date(1991, 1, 15), "南县水利局局长"),
        "丙.lrmx": _file("丙", dt.date(1992, 1, 15), "西县财政局副局长"),
    }
    code, payload = cli(tmp_path, files)  # the system: every unit is inside
    assert (code, Cadre.objects.count()) == (1, 0)
    errors = {e["message"].split("》")[0] + "》": e for e in payload["errors"]}
    assert set(errors) == {"《甲.lrmx》", "《乙.lrmx》"}
    assert {e["column"] for e in errors.values()} == {"所在单位"}
    assert (
        "现任职务“财政局副局长”可对应2个单位：江州市/东县/财政局、江州市/西县/财政局"
        in (errors["《甲.lrmx》"]["message"])
    )
    missing = "现任职务“南县水利局局长”中没有您管辖范围内的单位名称"
    assert missing in errors["《乙.lrmx》"]["message"]


def test_the_chosen_unit_is_the_fallback_for_a_position_naming_none(units, staff, tmp_path):
    files = {
        "甲.lrmx": _file("甲", dt.date(1990, 1, 15), "副镇长"),
        "乙.lrmx": _file("乙", dt.date(1991, 1, 15), "北山镇副镇长"),
        "丙.lrmx": _file("丙", dt.date(1992, 1, 15), "东县县委办公室副主任"),
    }
    code, payload = cli(tmp_path, files, "--user", staff.username, "--unit", "青石镇")
    assert (code, payload["errors"]) == (0, [])
    placed = dict(Cadre.objects.values_list("name", "unit__name"))
    assert placed == {"甲": "青石镇", "乙": "北山镇", "丙": "东县"}


def test_a_unit_named_outside_the_jurisdiction_is_an_error_even_with_a_fallback(
    units, finance, staff, tmp_path
):
    files = {"丙.lrmx": _file("丙", dt.date(1992, 1, 15), "西县财政局副局长")}
    code, payload = cli(tmp_path, files, "--user", staff.username, "--unit", "青石镇")
    assert (code, Cadre.objects.count()) == (1, 0)
    [error] = payload["errors"]
    assert error["message"] == (
        "《丙.lrmx》此人不在干部名册中，现任职务“西县财政局副局长”中的单位"
        "“江州市/西县/财政局”不在您的管辖范围内"
    )


def test_the_longest_name_or_path_in_the_text_wins(units, finance):
    index = UnitIndex(None)
    assert set(index.named_in("财政局副局长")) == {finance["east"].pk, finance["west"].pk}
    assert index.named_in("西县财政局副局长") == [finance["west"].pk]
    assert index.named_in("东县 青石镇 党委书记") == [units["qingshi"].pk]
    assert index.named_in("江州市东县教育局局长") == [units["east_edu"].pk]
    assert index.named_in("东县县委书记") == [units["east"].pk]
    assert index.named_in("") == [] and index.named_in("副镇长") == []
