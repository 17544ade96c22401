"""The roster reads 任现职级时间 (for the pool's "years in rank" filter)."""

import datetime as dt

from pool.imports import runs
from pool.models import Cadre
from tests.pool.import_files import ROSTER_HEADER, person, table, xlsx


def test_roster_import_stores_the_month_of_the_current_rank(units, tmp_path):
    header = [*ROSTER_HEADER, "职级", "任现职级时间"]
    row = person(**{"职级": "副科", "任现职级时间": "2022年6月"})
    path = tmp_path / "名册.xlsx"
    path.write_bytes(xlsx(table([row], header)))
    run, _ = runs.import_file("roster", str(path))
    assert run.created == 1, run.errors
    cadre = Cadre.objects.get()
    assert (cadre.rank, cadre.rank_since) == ("副科", dt.date(2022, 6, 1))
