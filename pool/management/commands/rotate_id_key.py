from django.core.management.base import BaseCommand
from django.db import transaction

from pool import audit
from pool.models import AuditAction, Cadre
from pool.people import crypto


class Command(BaseCommand):
    help = (
        "用当前密钥（CADRE_ID_ENCRYPTION_KEY 的第一个）重新加密所有身份证号。"
        "先把新密钥放在最前、旧密钥放在后面，运行本命令后即可去掉旧密钥。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch, **options):
        total = 0
        with transaction.atomic():
            stale = Cadre.objects.only("pk", "id_cipher").order_by("pk")
            pending = []
            for cadre in stale.iterator(chunk_size=batch):
                if crypto.is_current(cadre.id_cipher):
                    continue
                cadre.id_cipher = crypto.encrypt(crypto.decrypt(cadre.id_cipher))
                pending.append(cadre)
                if len(pending) >= batch:
                    total += Cadre.objects.bulk_update(pending, ["id_cipher"])
                    pending = []
            total += Cadre.objects.bulk_update(pending, ["id_cipher"])
            audit.record(
                None, AuditAction.BULK_WRITE, detail=f"身份证号密钥轮换，重新加密{total}条"
            )
        self.stdout.write(f"已用当前密钥重新加密 {total} 个身份证号。")
