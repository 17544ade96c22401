"""Write the corpus files LibreOffice saves (.ods, and .xls/.xlsx as LibreOffice
writes them) from the builders in ``tests.pool.import_corpus.SAVED``:

    .venv/bin/python -m tests.pool.import_corpus.make_saved_files

Each builder's .xlsx is opened and saved again by ``soffice --headless``; the
results are committed, so the tests do not need LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.pool.import_corpus import HERE, SAVED

FILTERS = {".ods": "ods", ".xls": "xls:MS Excel 97", ".xlsx": "xlsx:Calc Office Open XML"}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        work = Path(tmp)
        profile = (work / "profile").as_uri()
        for name, build in SAVED.items():
            target = Path(name)
            source = work / "in" / f"{target.stem}.xlsx"
            source.parent.mkdir(exist_ok=True)
            source.write_bytes(build())
            out = work / "out"
            subprocess.run(
                ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                 FILTERS[target.suffix], "--outdir", str(out), str(source)],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
            shutil.copyfile(out / f"{target.stem}{target.suffix}", HERE / name)
            print(name, (HERE / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
