"""Benchmark: ``recalc_quarter`` (the quarterly A/B/C warning) on a large city.

    .venv/bin/python bench/recalc_warnings.py [--teams 5000] [--cadres 100000]

Creates a scratch database on the same PostgreSQL server, migrates it, builds
``--teams`` township teams (20 counties) with 6 posts / 9 approved seats each and
``--cadres`` cadres of whom 8 per team are seated, all with bulk_create, then times
``staffing.services.recalc_quarter`` for one quarter: the first run (inserts) and a
second run (same rows, upserted), with the number of SQL queries of each, and the
report the command prints (``selectors.quarter_report``). Then it runs again on a
tenth of the teams, to show that the query count does not grow with the teams.
The scratch database is dropped at the end.

Target from issue 7: 5,000 teams and 100,000 cadres in at most 5 s, with a number of
queries that does not grow with the number of teams.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

COUNTIES = 20
# (title, chief, quota): a township team as in the demo, 9 approved seats
POSTS = [("党委书记", True, 1), ("镇长", True, 1), ("党委副书记", False, 1),
         ("党委委员", False, 3), ("武装部部长", False, 1), ("副镇长", False, 2)]  # fmt: skip
SEATED = 8


def _server():
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"],
        port=db["PORT"] or None,
    )  # fmt: skip
    conn.autocommit = True
    return conn


def use_scratch_database(name: str) -> None:
    from django.conf import settings
    from django.db import connections

    conn = _server()
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name


def drop_database(name: str) -> None:
    from django.db import connections

    connections.close_all()
    conn = _server()
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def build(teams: int, cadres: int, seed: int = 2026) -> None:
    from pool.models import Cadre, Unit, UnitKind, UnitLevel
    from staffing.models import Appointment, LeadershipTeam, Post

    rng = random.Random(seed)
    city = Unit.objects.create(name="江州市", level=UnitLevel.CITY, kind=UnitKind.REGION)
    counties = Unit.objects.bulk_create(
        Unit(name=f"{c}号县", parent=city, level=UnitLevel.COUNTY, kind=UnitKind.COUNTY_LEADERSHIP)
        for c in range(1, COUNTIES + 1)
    )
    towns = Unit.objects.bulk_create(
        (
            Unit(name=f"{t}号镇", parent=counties[t % COUNTIES], level=UnitLevel.TOWNSHIP,
                 kind=UnitKind.TOWNSHIP, position=t)
            for t in range(teams)
        ),
        batch_size=5000,
    )  # fmt: skip
    people = []
    for i in range(cadres):
        birth = dt.date(rng.randint(1966, 2000), rng.randint(1, 12), 1)
        people.append(
            Cadre(
                name=f"干部{i}",
                gender="男",
                birth_month=birth,
                category="公务员",
                unit=towns[i % teams],
                id_cipher=b"bench",
                id_hash=f"bench{i:012d}",
                id_masked="430181********0000",
            )
        )
    Cadre.objects.bulk_create(people, batch_size=5000)
    team_rows = LeadershipTeam.objects.bulk_create(
        (LeadershipTeam(unit=t) for t in towns), batch_size=5000
    )
    posts = Post.objects.bulk_create(
        (
            Post(team=team, title=title, is_chief=chief, quota=quota, position=n)
            for team in team_rows
            for n, (title, chief, quota) in enumerate(POSTS)
        ),
        batch_size=5000,
    )
    by_team: dict[int, list] = {}
    for post in posts:
        by_team.setdefault(post.team_id, []).extend([post] * post.quota)
    members: dict[int, list] = {}
    for cadre in people:
        members.setdefault(cadre.unit_id, []).append(cadre)
    appointments = []
    for team in team_rows:
        seats = by_team[team.pk][:SEATED]
        for post, cadre in zip(seats, members.get(team.unit_id, []), strict=False):
            start = dt.date(rng.randint(2016, 2025), rng.randint(1, 12), 1)
            appointments.append(Appointment(cadre=cadre, post=post, start_date=start))
    Appointment.objects.bulk_create(appointments, batch_size=5000)
    print(
        f"built {len(towns)} teams, {len(posts)} posts, {len(people)} cadres, "
        f"{len(appointments)} appointments"
    )


def timed(label: str, func) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = func()
        seconds = time.perf_counter() - started
    print(f"  {label:<34} {seconds:6.2f} s  {len(queries):3d} queries  {result}")
    return seconds, len(queries)


def run(quarter) -> list[tuple[float, int]]:
    from staffing import selectors, services

    return [
        timed("recalc_quarter (first run)", lambda: services.recalc_quarter(quarter).describe()),
        timed("recalc_quarter (same again)", lambda: services.recalc_quarter(quarter).describe()),
        timed(
            "quarter_report (command output)",
            lambda: f"{len(selectors.quarter_report(quarter).rows)} rows",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=5000)
    parser.add_argument("--cadres", type=int, default=100_000)
    args = parser.parse_args()

    os.chdir(BASE_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from pool.models import Cadre, Unit
    from staffing.models import Appointment, LeadershipTeam, Post, WarningRecord
    from staffing.rules import Quarter

    name = f"bench_recalc_{os.getpid()}"
    use_scratch_database(name)
    try:
        call_command("migrate", verbosity=0)
        print(f"{os.cpu_count()} CPUs, PostgreSQL scratch database {name}")
        figures = {}
        for teams, cadres in ((args.teams // 10, args.cadres // 10), (args.teams, args.cadres)):
            for model in (WarningRecord, Appointment, Post, LeadershipTeam, Cadre, Unit):
                model.objects.all().delete()
            started = time.perf_counter()
            build(teams, cadres)
            print(f"  (built in {time.perf_counter() - started:.1f} s)")
            figures[teams] = run(Quarter(2026, 2))
        small, large = figures[args.teams // 10], figures[args.teams]
        first = large[0][0]
        print(
            f"\n{args.teams} teams / {args.cadres} cadres: recalc {first:.2f} s "
            f"({'within' if first <= 5 else 'OVER'} the 5 s target); queries "
            f"{small[0][1]} for {args.teams // 10} teams vs {large[0][1]} for {args.teams}"
        )
    finally:
        drop_database(name)


if __name__ == "__main__":
    main()
