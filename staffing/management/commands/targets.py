"""``manage.py targets [--date YYYY-MM-DD] [--unit UNIT] --json``: each staffing target
per seat layer at a date, for scripts and reports (issue 16)."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pool.models import Unit
from staffing.selectors.targets import TargetBlock, progress_in


def report_json(day: dt.date, unit: Unit | None, blocks: list[TargetBlock]) -> dict:
    """One entry per target and layer; a target is met only when all its layers are."""
    entries = []
    for block in blocks:
        target = block.target
        for row in block.layer_rows:
            entries.append(
                {
                    "target": target.name,
                    "layer": row.layer_name,
                    "numerator": row.count,
                    "denominator": row.total,
                    "ratio": round(row.value, 4) if row.value is not None else None,
                    "required_ratio": round(float(target.ratio), 4),
                    "met": row.met,
                }
            )
    met = [b.met for b in blocks if b.met is not None]
    return {
        "date": day.isoformat(),
        "unit": unit.name if unit else None,
        "targets": entries,
        "met": all(met) if met else None,
    }


def find_unit(text: str) -> Unit:
    """A unit by its id or its exact name; a name held by several units is refused."""
    found = list(Unit.objects.filter(pk=int(text))) if text.isdigit() else []
    if not found:
        found = list(Unit.objects.filter(name=text))
    if not found:
        raise CommandError(f"找不到单位“{text}”（请填写单位名称或编号）")
    if len(found) > 1:
        ids = "、".join(str(u.pk) for u in found)
        raise CommandError(f"有{len(found)}个单位名为“{text}”，请改用单位编号（{ids}）")
    return found[0]


class Command(BaseCommand):
    help = "按岗位层次计算优秀年轻干部配备目标（各层次均达到才算达标）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="统计日期，如 2026-06-30；默认今天")
        parser.add_argument("--unit", help="单位名称或编号（统计其本身及下级）；默认全部单位")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="只输出一个 JSON 对象"
        )

    def handle(self, *args, date=None, unit=None, as_json=False, **options):
        if date is not None:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"“{date}”不是有效的日期（例如 2026-06-30）") from None
        else:
            day = timezone.localdate()
        root = find_unit(unit.strip()) if unit else None
        scope = Unit.objects.subtree(root) if root else Unit.objects.all()
        blocks = progress_in(scope.values("pk"), day)
        data = report_json(day, root, blocks)
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        out = self.stdout
        where = root.name if root else "全部单位"
        out.write(f"{where} {day:%Y-%m-%d} 配备目标（分层次计算，各层次均达到才算达标）")
        for block in blocks:
            state = {True: "已达标", False: "未达标", None: "无可计算对象"}[block.met]
            out.write(
                f"{block.target.name}（≥{block.target.numerator}/"
                f"{block.target.denominator}，时限{block.target.deadline:%Y-%m-%d}）：{state}"
            )
            unit_word = "个" if block.counts_teams else "人"
            for row in block.layer_rows:
                share = "—" if row.value is None else f"{row.value:.1%}"
                short = "已达标" if row.reached else f"还差{row.missing}{unit_word}"
                out.write(f"  {row.layer_name}：{row.count}/{row.total}（{share}），{short}")
