from django.urls import path

from pool import audit_views, import_views, views

app_name = "pool"

urlpatterns = [
    path("cadres/", views.cadre_list, name="cadre_list"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
    path("cadres/<int:pk>/reveal-id/", views.reveal_id_number, name="reveal_id_number"),
    path("audit/", audit_views.audit_log, name="audit_log"),
]
urlpatterns += [
    path("imports/", import_views.import_upload, name="import_upload"),
    path("imports/history/", import_views.import_history, name="import_history"),
    path("imports/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path(
        "imports/<int:pk>/errors.xlsx",
        import_views.import_error_report,
        name="import_error_report",
    ),
    path("imports/template/<str:kind>.xlsx", import_views.import_template, name="import_template"),
]
