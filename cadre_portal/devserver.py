"""``make run``: migrate, load the demo once, then serve the app with a Celery
worker and beat beside it. Ctrl-C stops everything this started, including the
embedded PostgreSQL and Redis when no DATABASE_URL / REDIS_URL was given."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

ADDRESS = os.environ.get("CADRE_RUN_ADDRESS", "127.0.0.1:8000")


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")
    # The demo's printed logins work without an authenticator app; production
    # (and `CADRE_OTP_ROLES=staff,... make run`) asks staff and admins for TOTP.
    os.environ.setdefault("CADRE_OTP_ROLES", "")
    embedded = not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL")

    import django

    django.setup()  # starts the embedded servers if needed
    from pool.models import Unit

    _manage("migrate", "--no-input")
    if not Unit.objects.exists():
        _manage("load_demo")
    else:
        print("已有数据，跳过演示数据载入（重新载入：python manage.py load_demo --reset）")

    celery = [sys.executable, "-m", "celery", "-A", "cadre_portal"]
    commands = [
        [*celery, "worker", "--loglevel=WARNING", "--concurrency=2"],
        [*celery, "beat", "--loglevel=WARNING", "--schedule", ".local/beat"],
        [sys.executable, "manage.py", "runserver", ADDRESS, "--noreload"],
    ]
    # Own sessions: the terminal's Ctrl-C reaches only this process, which then
    # stops each child once, in order.
    children = [subprocess.Popen(cmd, start_new_session=True) for cmd in commands]
    print(f"\n青干通已启动：http://{ADDRESS}/  （演示账号见上表；按 Ctrl-C 停止）\n", flush=True)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        if embedded:
            from cadre_portal import embedded as servers

            servers.stop()
        print("已停止。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
