"""Benchmark: the person picker's endpoint (``GET /pool/people/search/``) on a large city.

    .venv/bin/python bench/person_picker.py [--teams 5000] [--cadres 100000] [--runs 15]

Creates a scratch database, migrates it and builds the data set of
bench/recalc_warnings.py (``--teams`` township teams in 20 counties, ``--cadres``
cadres), then gives the people realistic names (surnames by frequency, one or two given
characters) with their pinyin keys and varied masked ID tails, puts 5% in the pool and
requests the endpoint ``--runs`` times per typed text through Django's test client as a
city 干部科 (the whole city) and a county's staff. Prints the median and p95 time and
the number of SQL queries of each. The scratch database is dropped at the end.

Target from issue 18: at most 100 ms at 100,000 cadres, with a query count that does
not grow with the data (pinned in tests/pool/people/test_person_picker.py).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))

import dashboard  # noqa: E402  (accounts, measure, calibrate)
import recalc_warnings  # noqa: E402  (scratch database and the teams/cadres builder)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建晓宇浩文斌波宁欣雪琳婷佳俊峰志国海龙云飞亮成林丹晨阳凯鑫蕾颖"  # noqa: E501
TEXTS = ["王", "王晓", "wxm", "zhang", "lj", "0427", "3号镇", "王 3号镇", "zh 12号县"]


def realistic_names(seed: int) -> int:
    """Names, pinyin keys and ID tails for every cadre (COPY update)."""
    from django.db import transaction

    from pool.imports import bulk
    from pool.models import Cadre
    from pool.people import pinyin

    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(len(SURNAMES))]
    rows = []
    for pk in Cadre.objects.values_list("pk", flat=True).iterator():
        name = rng.choices(SURNAMES, weights)[0] + "".join(
            rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2)))
        )
        tail = f"{rng.randint(0, 9999):04d}"
        rows.append((pk, name, pinyin.search_key(name), f"430181********{tail}"))
    with transaction.atomic():  # the staging table lives until the commit
        bulk.copy_update(Cadre, ["name", "search_key", "id_masked"], rows)
    return len(rows)


def pool_share(share: float, seed: int) -> int:
    import datetime as dt

    from pool.models import Cadre, PoolMembership, Tier

    rng = random.Random(seed)
    ids = [pk for pk in Cadre.objects.values_list("pk", flat=True) if rng.random() < share]
    PoolMembership.objects.bulk_create(
        (PoolMembership(cadre_id=pk, tier=Tier.MID, entered_on=dt.date(2025, 6, 1)) for pk in ids),
        batch_size=5000,
    )
    return len(ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=5000)
    parser.add_argument("--cadres", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    os.chdir(BASE_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from pool.models import Role, RoleGrant

    settings.DEBUG = False
    settings.CADRE_OTP_ROLES = []
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    name = f"bench_picker_{os.getpid()}"
    recalc_warnings.use_scratch_database(name)
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        recalc_warnings.build(args.teams, args.cadres)
        named = realistic_names(2026)
        pooled = pool_share(0.05, 2026)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"named {named} cadres, {pooled} in the pool ({time.perf_counter() - started:.0f} s)")
        users = dashboard.accounts()
        # The city-wide reader is a 干部科 here (the picker serves the forms' writers).
        city_user, city = users.pop("city_leader")
        RoleGrant.objects.filter(user=city_user).update(role=Role.STAFF)
        users = {"city_staff": (city_user, city), **users}
        print(f"{os.cpu_count()} CPUs; reference query {dashboard.calibrate():.0f} ms")
        worst = 0.0
        for label, (user, unit) in users.items():
            client = Client()
            client.force_login(user)
            print(f"\n{label} ({unit.name}):")
            print(f"  {'typed':<14} {'median':>8} {'p95':>8} {'queries':>8}")
            for text in TEXTS:
                url = "/pool/people/search/?" + urlencode({"q": text})
                median, p95, queries, status = dashboard.measure(client, url, args.runs)
                worst = max(worst, median)
                flag = "" if status == 200 else f"  HTTP {status}"
                print(f"  {text:<14} {median:7.1f}ms {p95:7.1f}ms {queries:8d}{flag}")
        verdict = "within" if worst <= 100 else "OVER"
        print(f"\nslowest median {worst:.1f} ms ({verdict} the 100 ms target)")
    finally:
        recalc_warnings.drop_database(name)


if __name__ == "__main__":
    main()
