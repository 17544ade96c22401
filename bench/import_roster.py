"""Benchmark: end-to-end ``manage.py import roster`` on a generated roster.

    .venv/bin/python bench/import_roster.py [--rows 100000] [--xls 60000] [--keep FILE]
                                            [--compare]

Generates a realistic 干部名册 (.xlsx with a title row, 20 columns, Chinese
names, valid ID numbers, dates in the usual forms, education written as the
干部任免审批表 writes it: 大学, 研究生, 大专, 党校 education such as 省委党校研究生;
ranks such as 科员 and 副科级; a 合计 row and a footer under the table, which the
import skips), creates a scratch database
on the same PostgreSQL server, migrates it, adds a unit tree, then times the
command line import as a child process: first import (all new) and a second
import of the same file (all unchanged). Prints wall time, rows/s and the
child's peak RSS. The scratch database is dropped at the end.

With ``--compare`` the same .xlsx is then imported into the emptied table by
django-import-export (bench/iexport_roster.py, a ModelResource on Cadre, also a
child process; with its defaults, then with ``use_bulk``) and the ratio of the
first-import times is printed. That
needs ``pip install "django-import-export[xlsx]"``; the project does not depend on it.

With ``--preview`` the file is first uploaded as the browser does and previewed in
the background (bench/preview_first_page.py); it prints when the first page of
checked rows is there for the preview page to show, and when all rows are.

Targets from issue 5: 100,000 rows in at most 20 s with peak RSS at most 600 MiB;
at least 15x faster than django-import-export; the first preview page within 5 s.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文辉鹏飞宇浩然子涵欣怡梓轩晨阳思远嘉怡博文雨萱俊杰"  # noqa: E501
ETHNIC = ["汉族"] * 18 + ["土家族", "苗族"]
PLACES = ["湖南浏阳", "湖南长沙", "湖南湘潭", "湖北武汉", "江西萍乡", "湖南株洲", "湖南岳阳"]
SCHOOLS = ["湖南大学法学专业", "中南大学土木工程专业", "湖南师范大学汉语言文学专业",
           "湘潭大学行政管理专业", "长沙理工大学会计学专业", "武汉大学经济学专业"]  # fmt: skip
POSITIONS = ["党委委员", "副镇长", "党政办主任", "一级科员", "综合股股长", "副局长", "党委副书记"]
RANKS = ["副科", "正科", "一级主任科员", "二级主任科员", "一级科员", "二级科员", "副科级", "科员",
         "四级调研员"]  # fmt: skip
# 全日制 education as the 审批表 writes it, with the degree that goes with it.
FULLTIME = [("大学", "学士")] * 8 + [("大学", "法学学士"), ("大学", "管理学学士"),
            ("研究生", "硕士"), ("研究生", "法学硕士"), ("研究生", "工学硕士"),
            ("大专", None), ("大专", None), ("大专", None), ("中专", None)]  # fmt: skip
# 在职 education: 党校 education and 在职研究生 (with its degree).
INSERVICE = [("省委党校研究生", None, "省委党校经济管理专业"),
             ("中央党校大学", None, "中央党校法律专业"),
             ("市委党校大专", None, "市委党校行政管理专业"),
             ("县委党校大学", None, "县委党校经济管理专业"),
             ("在职研究生", "公共管理硕士（MPA）", "湖南大学公共管理专业"),
             ("大学", "学士", "湖南师范大学汉语言文学专业")]  # fmt: skip
CATEGORIES = ["公务员"] * 6 + ["参公", "事业", "选调生"]
HEADER = ["序号", "姓名", "性别", "民族", "出生年月", "籍贯", "出生地", "入党时间", "参加工作时间",
          "健康状况", "全日制学历", "全日制学位", "全日制毕业院校及专业", "在职学历", "在职学位",
          "在职毕业院校及专业", "现任职务", "职级", "干部类别", "工作单位", "身份证号"]  # fmt: skip
COUNTIES, TOWNSHIPS = 10, 20


def id_number(birth: dt.date, serial: int, male: bool) -> str:
    from pool.people import rules

    seq = f"{serial % 100:02d}{(serial // 100 % 5) * 2 + (1 if male else 0)}"
    first17 = f"43{serial // 500 % 10000:04d}{birth:%Y%m%d}{seq}"  # unique per serial
    return first17 + rules.id_check_char(first17)


def people(n: int, seed: int = 2026):
    rnd = random.Random(seed)
    for i in range(n):
        male = rnd.random() < 0.6
        birth = dt.date(rnd.randint(1965, 1999), rnd.randint(1, 12), rnd.randint(1, 28))
        joined = birth.replace(year=birth.year + rnd.randint(21, 24))
        party = joined.replace(year=min(joined.year + rnd.randint(0, 5), 2024))
        county, township = rnd.randrange(COUNTIES), rnd.randrange(TOWNSHIPS)
        fulltime, inservice = rnd.choice(FULLTIME), rnd.choice(INSERVICE)
        month_form = rnd.random()
        if month_form < 0.7:
            birth_cell = f"{birth:%Y.%m}"
        elif month_form < 0.85:
            birth_cell = f"{birth.year}年{birth.month}月"
        else:
            birth_cell = None  # blank: the ID gives it
        yield [
            i + 1,
            rnd.choice(SURNAMES) + "".join(rnd.choices(GIVEN, k=rnd.choice((1, 2)))),
            "男" if male else "女",
            rnd.choice(ETHNIC),
            birth_cell,
            rnd.choice(PLACES),
            rnd.choice(PLACES),
            f"{party:%Y.%m}" if rnd.random() < 0.8 else None,
            f"{joined:%Y.%m}",
            "健康",
            *fulltime,
            rnd.choice(SCHOOLS),
            *(inservice if rnd.random() < 0.25 else (None, None, None)),
            rnd.choice(POSITIONS),
            rnd.choice(RANKS),
            rnd.choice(CATEGORIES),
            f"{county + 1}号县/{county + 1}县{township + 1}号镇",
            id_number(birth, i, male),
        ]


def write_xlsx(path: Path, n: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = book.add_worksheet("干部名册")
    ws.write_string(0, 0, "江州市优秀年轻干部名册（基准测试数据）")
    ws.write_row(1, 0, HEADER)
    for r, row in enumerate(people(n), start=2):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, int):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, value)
    for c, value in enumerate(total_and_footer(n)):
        ws.write_string(n + 2 + c, 0, value[0])
        if len(value) > 1:
            ws.write_string(n + 2 + c, 2, value[1])
    book.close()


def total_and_footer(n: int) -> list[tuple[str, ...]]:
    """The rows offices put under the table (skipped by the import, not invalid)."""
    return [("合计", f"{n}人"), ("填表人：张三  审核人：李四  填表日期：2026年6月30日",)]


def write_xls(path: Path, n: int) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("干部名册")
    ws.write(0, 0, "江州市优秀年轻干部名册（基准测试数据）")
    for c, title in enumerate(HEADER):
        ws.write(1, c, title)
    for r, row in enumerate(people(n), start=2):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    for c, value in enumerate(total_and_footer(n)):
        ws.write(n + 2 + c, 0, value[0])
        if len(value) > 1:
            ws.write(n + 2 + c, 2, value[1])
    book.save(str(path))


def scratch_database(name: str) -> str:
    """Create ``name`` on the server the settings point at; return its DATABASE_URL."""
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"],
        port=db["PORT"] or None,
    )  # fmt: skip
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    auth = db["USER"] + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    if db["HOST"].startswith("/"):  # a unix socket directory (the embedded server)
        return f"postgres://{auth}@/{name}?host={quote(db['HOST'])}"
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


def drop_database(name: str) -> None:
    import psycopg2
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"],
        port=db["PORT"] or None,
    )  # fmt: skip
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def units_tree(env: dict) -> None:
    code = f"""
from pool.models import Unit, UnitKind, UnitLevel
city = Unit.objects.create(name="江州市", level=UnitLevel.CITY, kind=UnitKind.REGION)
for c in range(1, {COUNTIES + 1}):
    county = Unit.objects.create(name=f"{{c}}号县", parent=city, level=UnitLevel.COUNTY,
                                 kind=UnitKind.COUNTY_LEADERSHIP)
    Unit.objects.bulk_create(
        Unit(name=f"{{c}}县{{t}}号镇", parent=county, level=UnitLevel.TOWNSHIP,
             kind=UnitKind.TOWNSHIP) for t in range(1, {TOWNSHIPS + 1}))
"""
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], env=env, check=True)


def timed_import(path: Path, env: dict, command: list[str] | None = None):
    """Run the CLI (or ``command``) as a child; return (seconds, peak RSS in MiB, its JSON)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command or [sys.executable, "manage.py", "import", "roster", str(path), "--json"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out = child.stdout.read()
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1) or not out.strip():
        sys.exit(f"import failed ({child.returncode}): {err.decode()[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, json.loads(out)


def empty_cadres(env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from pool.models import Cadre; Cadre.objects.all().delete()"],
        env=env, check=True, cwd=BASE_DIR,
    )  # fmt: skip


def report(label: str, rows: int, seconds: float, rss: float, payload: dict) -> None:
    counts = {k: payload[k] for k in ("rows_total", "created", "updated", "unchanged", "invalid")}
    counts["skipped_rows"] = len(payload.get("skipped_rows", ()))
    print(
        f"{label:<28} {seconds:7.2f} s  {rows / seconds:9,.0f} rows/s  "
        f"peak RSS {rss:6.0f} MiB  {counts}"
    )
    for error in payload["errors"][:5]:
        print("   ", error)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xls", type=int, default=0, help="also time an .xls of this many rows")
    parser.add_argument("--keep", help="directory to keep the generated files in")
    parser.add_argument(
        "--compare", action="store_true", help="also import the .xlsx with django-import-export"
    )
    parser.add_argument(
        "--preview",
        action="store_true",
        help="also time the browser's background preview: upload to first page shown",
    )
    args = parser.parse_args()
    if args.compare:
        try:
            import import_export  # noqa: F401
        except ImportError:
            sys.exit(
                '--compare needs django-import-export: pip install "django-import-export[xlsx]"'
            )

    os.chdir(BASE_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")
    import django

    django.setup()
    workdir = Path(args.keep or tempfile.mkdtemp(prefix="bench-import-"))
    workdir.mkdir(parents=True, exist_ok=True)
    files = []
    started = time.perf_counter()
    xlsx = workdir / f"roster-{args.rows}.xlsx"
    write_xlsx(xlsx, args.rows)
    files.append((xlsx, args.rows))
    if args.xls:
        xls = workdir / f"roster-{args.xls}.xls"
        write_xls(xls, args.xls)
        files.append((xls, args.xls))
    sizes = ", ".join(f"{p.name} ({p.stat().st_size / 1048576:.1f} MiB)" for p, _ in files)
    print(f"generated {sizes} in {time.perf_counter() - started:.1f} s")

    name = f"bench_import_{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": scratch_database(name), "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-" + "x" * 50),
           "DJANGO_SECURE_SSL_REDIRECT": "0",
           "CADRE_ID_ENCRYPTION_KEY": base64.b64encode(os.urandom(32)).decode(),
           "CADRE_ID_HASH_KEY": base64.b64encode(os.urandom(32)).decode()}  # fmt: skip
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"], env=env, check=True, cwd=BASE_DIR
        )
        units_tree(env)
        print(f"{os.cpu_count()} CPUs, PostgreSQL scratch database {name}")
        for path, rows in files:
            if args.preview:
                script = str(BASE_DIR / "bench" / "preview_first_page.py")
                out = subprocess.run(
                    [sys.executable, script, str(path)], env=env, cwd=BASE_DIR, check=True,
                    capture_output=True, text=True,
                ).stdout  # fmt: skip
                timing = json.loads(out.strip().splitlines()[-1])
                print(
                    f"{path.suffix} browser preview: first page after {timing['first_page_s']} s, "
                    f"all {timing['rows_total']} rows checked after {timing['preview_s']} s"
                )
            seconds, rss, payload = timed_import(path, env)
            report(f"{path.suffix} first import", rows, seconds, rss, payload)
            first = seconds
            seconds, rss, payload = timed_import(path, env)
            report(f"{path.suffix} same file again", rows, seconds, rss, payload)
            empty_cadres(env)
            if args.compare and path.suffix == ".xlsx":
                theirs = []
                for extra in ([], ["--bulk"]):  # import-export's defaults, then use_bulk
                    script = str(BASE_DIR / "bench" / "iexport_roster.py")
                    command = [sys.executable, script, str(path), *extra]
                    seconds, rss, payload = timed_import(path, env, command)
                    report(f"django-import-export {' '.join(extra)}", rows, seconds, rss, payload)
                    theirs.append(seconds)
                    empty_cadres(env)
                print(
                    f"ratio (first import): django-import-export took {theirs[0] / first:.1f}x "
                    f"as long with its defaults, {theirs[1] / first:.1f}x with use_bulk"
                )
    finally:
        drop_database(name)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
