from django.urls import path

from pool import audit_views, views

app_name = "pool"

urlpatterns = [
    path("cadres/", views.cadre_list, name="cadre_list"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
    path("cadres/<int:pk>/reveal-id/", views.reveal_id_number, name="reveal_id_number"),
    path("audit/", audit_views.audit_log, name="audit_log"),
]
