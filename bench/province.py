"""Benchmark: issue #20's figures on a province (``load_demo --scale N``).

    .venv/bin/python bench/province.py [--scale 250] [--db bench_province] [--runs 7]
                                       [--fresh] [--skip-recalc] [--skip-leaders]

Uses its own database on the PostgreSQL server of DATABASE_URL (``--db``): when it holds
no units, it is created, migrated and filled with ``load_demo --scale N`` (N=250: about
900,000 cadres, 52,000 leadership teams, eight recorded quarters); otherwise it is
reused as it is (``--fresh`` drops it first). Then, in-process through Django's test
client (middleware, sessions, templates, DRF), it requests each page ``--runs`` times
after a warm-up and prints the median, p95 and SQL query count next to its target:

- the lists: 干部名册 (first and a deep page), 年轻干部库, ``/api/cadres/``, the person
  picker, as province, city and county 组织部 staff;
- the 领导驾驶舱 endpoints as a city leader (200 ms) and a province leader (400 ms);
- the staff home page (200 ms, 20 queries);
- ``recalc_quarter`` of the last finished quarter over every team (5 s);
- EXPLAIN of every query the list pages ran: a sequential scan of a table with more than
  100,000 rows is reported as a miss.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))

import recalc_warnings  # noqa: E402  (bench/recalc_warnings.py: the server connection)

LIST_MS, LIST_QUERIES = 200, 20  # the staff home's bar, applied to every list page
CITY_DASHBOARD_MS, PROVINCE_DASHBOARD_MS, DASHBOARD_QUERIES = 200, 400, 20
RECALC_SECONDS = 5.0
BIG_TABLE_ROWS = 100_000


def prepare(name: str, scale: int, fresh: bool) -> None:
    """Point Django at ``name``; build the province there unless it holds one."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    conn = recalc_warnings._server()
    with conn.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    call_command("migrate", verbosity=0)
    from pool.models import Cadre, Unit

    if Unit.objects.exists():
        print(f"reusing database {name}: {Cadre.objects.count()} cadres")
        return
    started = time.perf_counter()
    call_command("load_demo", "--scale", str(scale), stdout=sys.stdout)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would after the bulk writes
    print(f"loaded --scale {scale} into {name} in {time.perf_counter() - started:.0f} s")


def measure(client, url: str, runs: int) -> tuple[float, float, list, int]:
    """(median ms, p95 ms, [(sql, params)], status) of ``runs`` GETs after a warm-up."""
    from django.db import connection

    executed = []

    def record(execute, sql, params, many, context):
        executed.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(url)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, executed, response.status_code


def big_tables() -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s",
            [BIG_TABLE_ROWS],
        )
        return {row[0] for row in cursor.fetchall()}


def seq_scans(queries: list, big: set[str]) -> list[str]:
    """The big tables some SELECT of ``queries`` reads by a sequential scan."""
    from django.db import connection

    found = []

    def walk(plan):
        if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in big:
            found.append(plan["Relation Name"])
        for child in plan.get("Plans", []):
            walk(child)

    with connection.cursor() as cursor:
        for sql, params in queries:
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
            walk((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"])
    return sorted(set(found))


def user(username: str, role: str | None = None, unit=None):
    """A demo login, or a bench login with ``role`` over ``unit`` (made once)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from pool.models import AccountSecurity, RoleGrant

    found, made = get_user_model().objects.get_or_create(username=username)
    if made:
        RoleGrant.objects.create(user=found, role=role, unit=unit)
        AccountSecurity.objects.create(
            user=found, must_change_password=False, password_changed_at=timezone.now()
        )
    return found


class Report:
    def __init__(self, runs: int, big: set[str]):
        self.runs, self.big, self.misses, self.rows = runs, big, [], 0

    def page(self, client, label: str, url: str, ms: float, max_queries: int, explain=False):
        median, p95, queries, status = measure(client, url, self.runs)
        scans = seq_scans(queries, self.big) if explain else []
        ok = status == 200 and median <= ms and len(queries) <= max_queries and not scans
        note = "" if status == 200 else f" HTTP {status}"
        note += f" seq scan: {', '.join(scans)}" if scans else (" index only" if explain else "")
        print(
            f"  {label:<44} {median:8.1f} ms {p95:8.1f} ms {len(queries):4d} q"
            f"   target ≤{ms} ms ≤{max_queries} q  {'ok' if ok else 'MISS'}{note}"
        )
        if not ok:
            self.misses.append(label)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=250)
    parser.add_argument("--db", default="bench_province")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--skip-recalc", action="store_true")
    parser.add_argument("--skip-leaders", action="store_true", help="no 领导驾驶舱 figures")
    parser.add_argument(
        "--staff", default="province,city,county", help="whose lists to measure (comma list)"
    )
    args = parser.parse_args()

    os.chdir(BASE_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    settings.DEBUG = False
    settings.CADRE_OTP_ROLES = []  # staff sign in without a second factor here
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    prepare(args.db, args.scale, args.fresh)

    from cadre_portal.dashboard import panels  # noqa: F401
    from cadre_portal.dashboard.registry import PANELS
    from pool.models import Cadre, Role, Unit
    from staffing import services
    from staffing.models import LeadershipTeam
    from staffing.rules import Quarter

    teams = LeadershipTeam.objects.count()
    print(
        f"{Cadre.objects.count()} cadres, {Unit.objects.count()} units, {teams} teams; "
        f"{os.cpu_count()} CPUs (shared), {args.runs} runs each after a warm-up"
    )
    report = Report(args.runs, big_tables())
    city = Unit.objects.get(name="江州市")
    staff = {
        "province staff": user("sheng_zuzhibu"),
        "city staff": user("shi_zuzhibu"),
        "county staff": user("zuzhibu"),
    }
    from pool.people import selectors
    from pool.web.paging import COUNT_LIMIT

    wanted = {f"{w.strip()} staff" for w in args.staff.split(",") if w.strip()}
    for who, account in ((w, a) for w, a in staff.items() if w in wanted):
        # half-way down, within the pages a bounded list offers
        half = selectors.cadres_for(account).count() // 50 // 2
        deep = max(1, min(half, COUNT_LIMIT // 50))
        client = Client()
        client.force_login(account)
        print(f"\n{who} ({account.username}):")
        for label, url in (
            ("干部名册 /pool/cadres/", "/pool/cadres/"),
            (f"干部名册 page {deep}", f"/pool/cadres/?page={deep}"),
            ("干部名册 search 王", "/pool/cadres/?" + urlencode({"q": "王"})),
            ("年轻干部库 /pool/members/", "/pool/members/"),
            ("API /api/cadres/", "/api/cadres/"),
            (f"API /api/cadres/?page={deep}", f"/api/cadres/?page={deep}"),
            ("person picker 王", "/pool/people/search/?" + urlencode({"q": "王"})),
            ("person picker zhang", "/pool/people/search/?" + urlencode({"q": "zhang"})),
        ):
            report.page(client, label, url, LIST_MS, LIST_QUERIES, explain=True)
        report.page(client, "staff home /", "/", 200, 20)

    leaders = {
        "city leader": (user("bench_city_leader", Role.LEADER, city), CITY_DASHBOARD_MS),
        "province leader": (user("sheng_lingdao"), PROVINCE_DASHBOARD_MS),
    }
    for who, (account, ms) in {} if args.skip_leaders else leaders.items():
        client = Client()
        client.force_login(account)
        print(f"\n{who} ({account.username}), 领导驾驶舱:")
        for panel in PANELS:
            report.page(client, f"/api/dashboard/{panel.key}/", f"/api/dashboard/{panel.key}/",
                        ms, DASHBOARD_QUERIES)  # fmt: skip

    if not args.skip_recalc:
        quarter = Quarter.last_finished(timezone.localdate())
        started = time.perf_counter()
        result = services.recalc_quarter(quarter)
        seconds = time.perf_counter() - started
        ok = seconds <= RECALC_SECONDS
        print(
            f"\nrecalc_quarter {quarter} over {teams} teams: {seconds:.2f} s "
            f"(target ≤{RECALC_SECONDS:.0f} s) {'ok' if ok else 'MISS'}: {result.describe()}"
        )
        if not ok:
            report.misses.append("recalc_quarter")
    print(f"\nmisses: {len(report.misses)}" + (f": {report.misses}" if report.misses else ""))


if __name__ == "__main__":
    main()
