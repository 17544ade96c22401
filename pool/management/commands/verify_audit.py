from django.core.management.base import BaseCommand, CommandError

from pool import audit


class Command(BaseCommand):
    help = "校验审计日志哈希链，报告第一条被篡改、删除或插入的记录"

    def handle(self, *args, **options):
        report = audit.verify_chain()
        if report.broken_at is not None:
            raise CommandError(
                f"审计日志校验失败：记录 #{report.broken_at} {report.reason}"
                f"（此前 {report.checked} 条完好）"
            )
        self.stdout.write(f"审计日志完好：共校验 {report.checked} 条记录。")
