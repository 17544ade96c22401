"""The second factor: set up a TOTP authenticator once, then confirm a code at
each login. Works offline (RFC 6238); audited."""

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from pool import audit
from pool.models import AuditAction
from pool.web.redirects import safe_next


class TokenForm(forms.Form):
    token = forms.RegexField(
        label="动态验证码",
        regex=r"^\d{6}$",
        error_messages={"invalid": "请输入认证器上显示的6位数字"},
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


@login_required
def otp(request):
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    device = confirmed or TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="认证器", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit.record(
                    request.user, AuditAction.UPDATE, request.user, detail="绑定双因素认证器"
                )
            otp_login(request, device)
            return redirect(safe_next(request, request.GET.get("next"), "home"))
        form.add_error("token", "验证码不正确或已过期，请重新输入")
        audit.record(
            request.user, AuditAction.LOGIN_FAILED, success=False, detail="双因素验证码错误"
        )
    context = {"form": form, "setup": not device.confirmed}
    if not device.confirmed:
        context["qr"] = mark_safe(_qr_svg(device.config_url))
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "pool/accounts/otp.html", context)
