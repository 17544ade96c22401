import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from pool.models import AuditEntry
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _second_factor_on(settings):
    settings.CADRE_OTP_ROLES = ["staff", "sys_admin", "security_admin", "audit_admin"]


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _login(client, username="xiaozhou"):
    client.post("/login/", {"username": username, "password": PASSWORD})


def test_staff_sets_up_an_authenticator_at_first_login(staff, client):
    _login(client)
    assert client.get("/").url == "/accounts/otp/"
    page = client.get("/accounts/otp/").content.decode()
    assert "<svg" in page
    assert 'id="otp-secret"' in page
    device = TOTPDevice.objects.get(user=staff)
    assert client.post("/accounts/otp/", {"token": "000000"}).status_code == 200
    # django-otp throttles after a failure (1 s, doubling); this test does not wait.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post("/accounts/otp/", {"token": _code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(detail="绑定双因素认证器").exists()


def test_a_wrong_code_keeps_staff_out_and_is_audited(staff, client):
    TOTPDevice.objects.create(user=staff, name="认证器", confirmed=True)
    _login(client)
    response = client.post("/accounts/otp/", {"token": "123456"})
    assert "验证码不正确" in response.content.decode()
    assert client.get("/pool/cadres/").url == "/accounts/otp/"
    assert AuditEntry.objects.filter(action="login_failed", detail="双因素验证码错误").exists()


def test_roles_without_the_requirement_log_in_with_the_password(leader, client):
    _login(client, "lingdao")
    assert client.get("/").status_code == 200


def test_the_api_token_needs_the_second_factor_too(staff):
    device = TOTPDevice.objects.create(user=staff, name="认证器", confirmed=True)
    api = APIClient()
    refused = api.post("/api/token/", {"username": "xiaozhou", "password": PASSWORD})
    assert refused.status_code == 400
    assert "双因素" in refused.json()["detail"]
    granted = api.post(
        "/api/token/",
        {"username": "xiaozhou", "password": PASSWORD, "otp_token": _code(device)},
    )
    assert "token" in granted.json()
