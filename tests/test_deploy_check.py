import base64
import os
import subprocess
import sys

from django.conf import settings


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": base64.b64encode(os.urandom(48)).decode(),
        "CADRE_ID_ENCRYPTION_KEY": base64.b64encode(os.urandom(32)).decode(),
        "CADRE_ID_HASH_KEY": base64.b64encode(os.urandom(32)).decode(),
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://unused@localhost/unused"),
        "REDIS_URL": settings.REDIS_URL,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_real_secrets():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CADRE_ID"))}
    env.update(
        {"DJANGO_DEBUG": "0", "DATABASE_URL": "postgres://x@localhost/x", "REDIS_URL": "redis://x"}
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
