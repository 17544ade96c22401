from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cadre_portal.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "备份数据库与附件为一个加密文件（密钥：CADRE_BACKUP_KEY）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, default=None, help="备份文件存放目录（默认 CADRE_BACKUP_DIR）"
        )

    def handle(self, *args, **options):
        target = options["dir"] or Path(settings.CADRE_BACKUP_DIR)
        try:
            result = create_backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"备份完成：{result.path}（{result.size / 1048576:.1f} MiB；"
            f"{len(manifest['tables'])} 张表共 {rows} 行，附件 {manifest['media']['files']} 个）"
        )
