import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from pool.models import AuditEntry
from tests.conftest import PASSWORD


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(staff, client):
    for _ in range(5):
        client.post("/login/", {"username": "xiaozhou", "password": "wrong-password"})
    response = client.post("/login/", {"username": "xiaozhou", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已锁定30分钟" in response.content.decode()
    assert AuditEntry.objects.filter(action="login_failed").count() >= 5
    assert not AuditEntry.objects.filter(action="login").exists()


def test_the_api_token_endpoint_locks_out_too(staff):
    api = APIClient()
    for _ in range(5):
        api.post("/api/token/", {"username": "xiaozhou", "password": "wrong-password"})
    response = api.post("/api/token/", {"username": "xiaozhou", "password": PASSWORD})
    assert response.status_code == 429
    assert response.json() == {"detail": "登录失败次数过多，账号已锁定30分钟"}


def test_a_lockout_of_one_account_leaves_colleagues_alone(staff, leader, client):
    for _ in range(5):
        client.post("/login/", {"username": "xiaozhou", "password": "wrong-password"})
    response = client.post("/login/", {"username": "lingdao", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Ganbu#2026ok", True),  # 12 chars, 4 classes
        ("ganbu2026ok!", True),  # 3 classes
        ("ganbu2026okk", False),  # 2 classes
        ("Ganbu#2026", False),  # 10 chars
    ],
)
def test_passwords_need_12_characters_and_3_classes(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_pages_carry_a_strict_content_security_policy(staff, as_user):
    policy = as_user(staff).get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
