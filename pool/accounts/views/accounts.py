"""Pages of the 三员: accounts (系统管理员), roles and scopes (安全管理员), and
every user's own password change."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pool import accounts
from pool.accounts.access import require_roles
from pool.models import Role, RoleGrant, Unit
from pool.web.forms import add_errors

SYS_ADMIN = Role.SYS_ADMIN
SECURITY_ADMIN = Role.SECURITY_ADMIN


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput)
    new_password = forms.CharField(label="新密码", widget=forms.PasswordInput)
    confirm = forms.CharField(label="再次输入新密码", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("new_password") != data.get("confirm"):
            self.add_error("confirm", "两次输入的新密码不一致")
        return data


class AccountForm(forms.Form):
    username = forms.RegexField(
        label="账号",
        regex=r"^[A-Za-z0-9_.-]{3,30}$",
        error_messages={"invalid": "账号须为3-30位字母、数字或_.-"},
    )
    display_name = forms.CharField(label="姓名", max_length=30)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    unit = forms.ModelChoiceField(
        label="管辖范围（单位）",
        queryset=Unit.objects.order_by("level", "position", "id"),
        required=False,
        empty_label="不限（全部单位）",
    )
    sector = forms.CharField(label="领域（领域主管部门）", max_length=32, required=False)


def _form_page(request, form, title, *, lead="", lead_level="info", back=""):
    for field in form.fields.values():
        css = "form-select" if hasattr(field, "choices") else "form-control"
        field.widget.attrs.setdefault("class", css)
    context = {"form": form, "title": title, "lead": lead, "lead_level": lead_level, "back": back}
    return render(request, "pool/accounts/form.html", context)


def _current_password_holds(request, password: str) -> bool:
    """Checks the current password through authenticate(), so a wrong guess counts
    towards the same lockout as the login form (django-axes: 5 failures, 30 minutes)."""
    user = authenticate(request, username=request.user.get_username(), password=password)
    return user is not None and user.pk == request.user.pk


@login_required
def change_password(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not _current_password_holds(request, data["old_password"]):
            if getattr(request, "axes_locked_out", False):
                logout(request)
                return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
            form.add_error("old_password", "原密码不正确")
        else:
            try:
                accounts.change_own_password(
                    request.user, data["old_password"], data["new_password"]
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                update_session_auth_hash(request, request.user)
                messages.success(request, "密码已修改。")
                return redirect("home")
    lead = (
        "首次登录、密码被重置或已超过90天未修改，请先修改密码。"
        if accounts.password_expired(request.user)
        else ""
    )
    return _form_page(request, form, "修改密码", lead=lead, lead_level="warning")


@require_roles(SYS_ADMIN, SECURITY_ADMIN)
def account_list(request):
    users = get_user_model().objects.select_related("grant__unit").order_by("username")
    return render(
        request,
        "pool/accounts/list.html",
        {"users": users, "is_sys_admin": request.user.grant.role == SYS_ADMIN},
    )


@require_roles(SYS_ADMIN)
def account_create(request):
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = accounts.create_account(
                request.user, form.cleaned_data["username"], form.cleaned_data["display_name"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return render(
                request,
                "pool/accounts/password_issued.html",
                {"account": user, "password": password},
            )
    return _form_page(request, form, "新建账号", back="/accounts/")


@require_POST
@require_roles(SYS_ADMIN)
def account_reset_password(request, pk: int):
    user = get_object_or_404(get_user_model(), pk=pk)
    password = accounts.reset_password(request.user, user)
    return render(
        request, "pool/accounts/password_issued.html", {"account": user, "password": password}
    )


@require_POST
@require_roles(SYS_ADMIN)
def account_set_active(request, pk: int):
    user = get_object_or_404(get_user_model(), pk=pk)
    if user.pk == request.user.pk:
        messages.error(request, "不能停用自己的账号。")
    else:
        accounts.set_active(request.user, user, request.POST.get("active") == "1")
        messages.success(
            request, f"账号“{user.username}”已{'启用' if user.is_active else '停用'}。"
        )
    return redirect("accounts:account_list")


@require_roles(SECURITY_ADMIN)
def account_role(request, pk: int):
    user = get_object_or_404(get_user_model(), pk=pk)
    grant = RoleGrant.objects.filter(user=user).first()
    initial = {"role": grant.role, "unit": grant.unit_id, "sector": grant.sector} if grant else {}
    form = RoleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accounts.assign_role(request.user, user, data["role"], data["unit"], data["sector"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已为“{user.username}”设置角色。")
            return redirect("accounts:account_list")
    return _form_page(
        request,
        form,
        f"设置角色：{user.username}（{user.first_name}）",
        lead="每个账号只能有一个角色；三员账号不能查阅干部信息。",
        back="/accounts/",
    )
