"""``manage.py recalc_warnings [--quarter 2026Q2] [--json]``: the quarterly A/B/C warning."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from staffing import rules, selectors, services


def report_json(report: selectors.QuarterReport) -> dict:
    """The shape issue 7 fixes: teams, then each region's completion."""
    return {
        "quarter": str(report.quarter),
        "teams": [
            {
                "unit": row.team.unit.name,
                "approved_seats": row.record.approved_seats,
                "required": row.record.required,
                "actual": row.record.actual,
                "gap": row.record.gap,
                "level": row.record.level,
            }
            for row in report.rows
        ],
        "regions": [
            {
                "unit": region.unit.name,
                "required": region.required,
                "met": region.met,
                "completion_rate": region.rate,
            }
            for region in report.regions
        ],
    }


class Command(BaseCommand):
    help = "计算各领导班子某季度的优秀年轻干部配备预警（A/B/C级），重复运行结果相同"

    def add_arguments(self, parser):
        parser.add_argument(
            "--quarter", help="季度，如 2026Q2；默认为最近一个已结束的季度（基准日为季末）"
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="只输出一个 JSON 对象（班子与地区完成率）",
        )

    def handle(self, *args, quarter=None, as_json=False, **options):
        try:
            if quarter:
                target = rules.Quarter.parse(quarter)
            else:
                target = rules.Quarter.last_finished(timezone.localdate())
        except rules.QuarterError as exc:
            raise CommandError(str(exc)) from exc
        summary = services.recalc_quarter(target)
        report = selectors.quarter_report(target)
        if as_json:
            self.stdout.write(json.dumps(report_json(report), ensure_ascii=False))
            return
        out = self.stdout
        out.write(self.style.SUCCESS(f"已计算 {target.label}（基准日 {target.end:%Y-%m-%d}）"))
        out.write(f"  {summary.describe()}")
        for region in report.regions:
            rate = "—" if region.rate is None else f"{region.rate:.2%}"
            out.write(
                f"  {region.unit.name}：班子 {region.teams} 个，任务量 {region.required}，"
                f"已完成 {region.met}，完成率 {rate}"
            )
