import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from pool.models import AuditEntry


class Command(BaseCommand):
    help = "清理过期会话，以及超过保存期（AUDIT_RETENTION_DAYS，至少183天）的审计日志"

    def handle(self, *args, **options):
        now = timezone.now()
        sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
        cutoff = now - dt.timedelta(days=max(183, settings.AUDIT_RETENTION_DAYS))
        audits, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
        self.stdout.write(f"已清理过期会话 {sessions} 个，过期审计日志 {audits} 条。")
