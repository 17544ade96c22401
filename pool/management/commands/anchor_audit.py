import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from pool import audit


class Command(BaseCommand):
    help = "锚定审计日志哈希链：记录某日（默认昨天）最后一条记录的校验值，供 verify_audit 核对"

    def add_arguments(self, parser):
        parser.add_argument("--day", help="日期，格式 YYYY-MM-DD，默认昨天")

    def handle(self, *args, day=None, **options):
        try:
            chosen = dt.date.fromisoformat(day) if day else None
        except ValueError as error:
            raise CommandError(f"日期“{day}”格式不正确，应为 YYYY-MM-DD") from error
        anchor = audit.anchor_day(chosen)
        if anchor is None:
            self.stdout.write("审计日志为空，无需锚定。")
            return
        self.stdout.write(
            f"已锚定 {anchor.day:%Y-%m-%d}：记录 #{anchor.last_id} 校验值 {anchor.row_hash}"
        )
