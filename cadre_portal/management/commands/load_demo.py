"""``manage.py load_demo [--scale N] [--seed S] [--reset]``: the demo city, its
leadership teams and the A/B/C warnings of the last two quarters (and of those the
half-yearly report reads by default), and one login per role.

It lives in cadre_portal because it spans stages: pool's people (``fixtures.demo.people``),
then staffing's teams (``staffing.demo``), which pool may not import."""

import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cadre_portal.profile import demo as profile_demo
from cadre_portal.report.rules import HalfYear
from fixtures.demo import lists as demo_lists
from fixtures.demo import people as demo
from fixtures.demo import province as province_demo
from fixtures.demo import selection as demo_select
from staffing import demo as staffing_demo
from staffing import services as staffing_services
from staffing.rules import Quarter
from supervision import demo as supervision_demo
from training import demo as training_demo


def _warning_quarters() -> list[Quarter]:
    """The last two finished quarters (the ledger and the dashboard compare them), and
    the quarters the half-yearly report reads by default: the last one of the last
    finished half-year and of the half-year before it."""
    today = timezone.localdate()
    last = Quarter.last_finished(today)
    half = HalfYear.last_finished(today)
    report = {Quarter.of(half.end), Quarter.of(half.previous().end)}
    return sorted({last.previous(), last, *report})


def _province_quarters() -> list[Quarter]:
    """The last eight finished quarters (a province's dashboards read two years)."""
    quarters = [Quarter.last_finished(timezone.localdate())]
    while len(quarters) < 8:
        quarters.insert(0, quarters[0].previous())
    return quarters


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "生成演示数据：虚构的江州市（单位、干部、简历、领导班子与预警）和每个角色一个演示账号"

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=(
                "规模倍数：不超过 1 时为江州市一个市，1 约为 3700 名干部，"
                "可用小数（如 0.05，供测试）；"
                f"2 至 {province_demo.MAX_SCALE} 的整数为一个省（江南省），由江州市复制为 N 个市，"
                "250 约为 90 万名干部、5 万个领导班子，记录 8 个季度的预警"
            ),
        )
        parser.add_argument(
            "--seed", type=int, default=demo.DEFAULT_SEED, help="随机种子，相同种子生成相同数据"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="先删除已有的演示数据（预警、任免、领导班子、谈话与监督记录、培训与锻炼记录、干部、单位、演示账号）",
        )

    def handle(self, *args, scale, seed, reset, **options):
        province = scale > 1
        if not 0 < scale <= province_demo.MAX_SCALE or (province and scale != int(scale)):
            raise CommandError(
                "--scale 应大于 0 且不超过 1（一个市，可用小数，如 0.05），"
                f"或为 2 至 {province_demo.MAX_SCALE} 的整数（一个省）"
            )
        grown = None
        try:
            with transaction.atomic():
                if reset:
                    staffing_demo.reset_staffing_demo()
                    supervision_demo.reset_supervision_demo()
                    training_demo.reset_training_demo()
                    demo_lists.reset_lists_demo()
                summary = demo.load_demo(min(scale, 1.0), seed, self.stdout, reset=reset)
                lists = demo_lists.load_lists_demo(seed=seed)
                selection = demo_select.load_select_demo(seed=seed)
                teams = staffing_demo.load_staffing_demo(self.stdout, seed)
                supervision = supervision_demo.load_supervision_demo(self.stdout, seed)
                training = training_demo.load_training_demo(self.stdout, seed)
                profiles = profile_demo.load_profile_demo(seed)
                if province:
                    grown = province_demo.grow_province(int(scale), seed, self.stdout)
                quarters = _province_quarters() if province else _warning_quarters()
                warnings = [staffing_services.recalc_quarter(quarter) for quarter in quarters]
                # 双提醒 of the latest quarter, as beat sends them after its run
                reminded = staffing_services.send_dual_reminders(warnings[-1].quarter)
        except demo.DemoError as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout
        out.write(
            self.style.SUCCESS(
                f"已生成演示数据：单位 {summary.units} 个，干部 {summary.cadres} 名，"
                f"简历 {summary.career_entries} 条，用时 {summary.seconds:.1f} 秒（种子 {seed}）"
            )
        )
        for county, total, young in summary.young_by_county:
            out.write(f"  {county}：干部 {total} 名，其中35岁以下 {young} 名")
        leaders, young = summary.township_leaders
        share = young / leaders if leaders else 0
        out.write(f"  乡镇（街道）班子成员 {leaders} 名，其中35岁以下 {young} 名（{share:.0%}）")
        out.write(f"  领导班子 {teams.teams} 个，核定职数 {teams.seats} 名，空缺 {teams.vacant} 名")
        for line in lists.describe():
            out.write(f"  {line}")
        for line in selection.describe():
            out.write(f"  {line}")
        for line in grown.describe() if grown else []:
            out.write(f"  {line}")
        for result in warnings:
            out.write(f"  配备预警 {result.describe()}")
        out.write(f"  双提醒：{reminded}个A、B级班子已提醒所在单位党组织和组织部门")
        for line in supervision.describe():
            out.write(f"  {line}")
        for line in training.describe():
            out.write(f"  {line}")
        for line in profiles.describe():
            out.write(f"  {line}")
        header = ("账号", "角色", "范围", "密码")
        rows = [header, *summary.accounts, *(grown.accounts if grown else [])]
        widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
        out.write("")
        for row in rows:
            out.write("  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)))
        out.write("\n启动 manage.py runserver 后访问 http://127.0.0.1:8000/ 登录")
