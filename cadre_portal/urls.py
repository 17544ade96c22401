from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from cadre_portal import views
from cadre_portal.dashboard import api as dashboard_api
from cadre_portal.rule_settings import views as rule_settings_views
from pool.people import api as pool_api
from pool.selection import api as select_api

router = DefaultRouter()
router.register("units", pool_api.UnitViewSet, basename="unit")
router.register("cadres", pool_api.CadreViewSet, basename="cadre")
router.register("pool", pool_api.PoolMemberViewSet, basename="pool")
router.register("imports", pool_api.ImportRunViewSet, basename="import")
router.register("pool/inspections", select_api.InspectionViewSet, basename="pool-inspection")

admin.site.site_header = "青干通 后台管理"
admin.site.site_title = "青干通"
admin.site.index_title = "数据维护"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("pool/", include("pool.urls")),
    path("votes/", include("pool.votes.urls")),
    path("accounts/", include("pool.accounts.urls")),
    path("supervision/", include("supervision.urls")),
    path("staffing/", include("staffing.urls")),
    path("training/", include("training.urls")),
    path("people/", include("cadre_portal.profile.urls")),
    path("self/", include("pool.selfservice.urls")),
    path("admin/", admin.site.urls),
    path("api/pool/ranking/", select_api.PoolRankingView.as_view(), name="pool-ranking"),
    path("api/", include(router.urls)),
    path("api/token/", pool_api.ObtainTokenView.as_view(), name="api_token"),
    path("api/token/revoke/", pool_api.RevokeTokenView.as_view(), name="api_token_revoke"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("dashboard/", include("cadre_portal.dashboard.urls")),
    path("report/", include("cadre_portal.report.urls")),
    path("api/dashboard/", dashboard_api.DashboardIndexView.as_view(), name="dashboard-panels"),
    path(
        "api/dashboard/<slug:key>/",
        dashboard_api.DashboardPanelView.as_view(),
        name="dashboard-panel",
    ),
    path("reminders/<slug:key>/", views.reminder_list, name="reminder_list"),
    path("rules/", rule_settings_views.index, name="rule_settings"),
    path("help/", include("cadre_portal.help.urls")),
]

handler404 = "cadre_portal.errors.not_found"
handler500 = "cadre_portal.errors.server_error"
