from django.urls import path

from pool.accounts.views import accounts as account_views
from pool.accounts.views import otp as otp_views

app_name = "accounts"

urlpatterns = [
    path("", account_views.account_list, name="account_list"),
    path("new/", account_views.account_create, name="account_create"),
    path("password/", account_views.change_password, name="change_password"),
    path("otp/", otp_views.otp, name="otp"),
    path(
        "<int:pk>/reset-password/",
        account_views.account_reset_password,
        name="account_reset_password",
    ),
    path("<int:pk>/active/", account_views.account_set_active, name="account_set_active"),
    path("<int:pk>/role/", account_views.account_role, name="account_role"),
]
