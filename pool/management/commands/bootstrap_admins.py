from django.core.management.base import BaseCommand

from pool import accounts


class Command(BaseCommand):
    help = "新安装时创建系统管理员、安全管理员、审计管理员三个账号（一次性密码，首次登录须修改）"

    def handle(self, *args, **options):
        created = accounts.bootstrap_admins()
        if not created:
            self.stdout.write("三员账号均已存在，未作改动。")
        for username, label, password in created:
            self.stdout.write(f"{label}：账号 {username}  一次性密码 {password}")
