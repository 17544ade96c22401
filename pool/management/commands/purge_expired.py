import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from pool.imports import runs
from pool.models import AuditEntry


class Command(BaseCommand):
    help = "清理过期会话、超过保存期（AUDIT_RETENTION_DAYS，至少183天）的审计日志和导入原文件"

    def handle(self, *args, **options):
        now = timezone.now()
        sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
        cutoff = now - dt.timedelta(days=max(183, settings.AUDIT_RETENTION_DAYS))
        audits, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
        files = runs.purge_files(now)
        self.stdout.write(
            f"已清理过期会话 {sessions} 个，过期审计日志 {audits} 条，"
            f"未确认导入的原文件 {files['unconfirmed']} 个，已导入超过保存期的原文件 "
            f"{files['imported']} 个。"
        )
