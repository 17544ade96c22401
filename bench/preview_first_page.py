"""Child of ``bench/import_roster.py --preview``: upload FILE as the browser does
(kept, queued for the background preview), run the worker's job in a thread, and
poll the database from another connection, as the preview page does, until the
first page of checked rows is there and until the whole file is checked.

Prints one JSON object: seconds from the upload to the first page, and to the end.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from pool.imports import runs
    from pool.models import ImportRow, ImportRun, ImportStatus

    runs._enqueue = lambda run, job, confirm_after=False: None  # the thread below is the worker
    data = Path(path).read_bytes()
    started = time.perf_counter()
    run = runs.preview_upload(None, "roster", SimpleUploadedFile(Path(path).name, data))
    assert run.status == ImportStatus.QUEUED, (run.status, run.message)

    def work():
        runs.run_job(run.pk, runs.PREVIEW)
        connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    first_page = None
    while worker.is_alive():
        if first_page is None and ImportRow.objects.filter(run_id=run.pk).exists():
            first_page = time.perf_counter() - started
        time.sleep(0.05)
    worker.join()
    done = time.perf_counter() - started
    run = ImportRun.objects.get(pk=run.pk)
    print(json.dumps({"first_page_s": round(first_page or done, 2), "preview_s": round(done, 2),
                      "status": run.status, "rows_total": run.rows_total}))  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1])
