from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cadre_portal.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "从加密备份恢复数据库与附件，并核对行数与审计日志哈希链"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="backup 命令生成的 .qgtb 文件")
        parser.add_argument(
            "--force", action="store_true", help="目标数据库已有数据时，用备份覆盖它"
        )

    def handle(self, *args, **options):
        try:
            result = restore_backup(options["file"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        made = result.manifest["created_at"]
        self.stdout.write(f"已恢复 {made} 的备份：{len(result.manifest['tables'])} 张表。")
        for table, (expected, found) in sorted(result.mismatched_tables.items()):
            self.stderr.write(f"行数不符：{table} 备份 {expected} 行，恢复后 {found} 行")
        if result.audit_broken_at is not None:
            self.stderr.write(
                f"审计日志校验失败：记录 #{result.audit_broken_at} {result.audit_reason}"
            )
        elif not result.head_matches:
            self.stderr.write("审计日志最后一条记录与备份时不符。")
        if not result.ok:
            raise CommandError("恢复后的核对未通过，见上。")
        self.stdout.write(
            f"核对通过：各表行数与备份一致，审计日志完好（{result.audit_checked} 条）。"
        )
