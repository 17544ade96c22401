from django.urls import path

from pool import audit_views, import_views, pool_views, views
from pool import recommendation_views as rec_views
from pool.lrmx import views as lrmx_views

app_name = "pool"

urlpatterns = [
    path("cadres/", views.cadre_list, name="cadre_list"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
    path("cadres/<int:pk>/reveal-id/", views.reveal_id_number, name="reveal_id_number"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/read/", views.notice_read, name="notice_read"),
]
urlpatterns += [
    path("imports/", import_views.import_upload, name="import_upload"),
    path("imports/history/", import_views.import_history, name="import_history"),
    path("imports/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
    path(
        "imports/<int:pk>/errors.xlsx",
        import_views.import_error_report,
        name="import_error_report",
    ),
    path("imports/template/<str:kind>.xlsx", import_views.import_template, name="import_template"),
]
# 选: the three recommendation lists and the young-cadre pool.
urlpatterns += [
    path("lists/mine/", rec_views.my_list, name="my_list"),
    path("lists/mine/add/", rec_views.my_list_add, name="my_list_add"),
    path("lists/mine/add-new/", rec_views.my_list_add_new, name="my_list_add_new"),
    path("lists/mine/submit/", rec_views.my_list_submit, name="my_list_submit"),
    path("lists/", rec_views.list_index, name="list_index"),
    path("lists/rounds/new/", rec_views.round_create, name="round_create"),
    path("lists/<int:pk>/", rec_views.list_review, name="list_review"),
    path("lists/<int:pk>/action/", rec_views.list_action, name="list_action"),
    path("lists/<int:pk>/sheet/", rec_views.list_sheet, name="list_sheet"),
    path("recommendations/<int:pk>/", rec_views.recommendation_edit, name="recommendation_edit"),
    path(
        "recommendations/<int:pk>/delete/",
        rec_views.recommendation_delete,
        name="recommendation_delete",
    ),
    path(
        "recommendations/<int:pk>/attachment/",
        rec_views.recommendation_attachment,
        name="recommendation_attachment",
    ),
    path("candidates/", rec_views.candidates, name="candidates"),
    path("candidates/<int:pk>/accept/", rec_views.candidate_accept, name="candidate_accept"),
    path("members/", pool_views.pool_list, name="pool_list"),
    path("members/<int:pk>/", pool_views.pool_timeline, name="pool_timeline"),
    path("members/<int:pk>/tier/", pool_views.pool_change_tier, name="pool_change_tier"),
    path("members/<int:pk>/exit/", pool_views.pool_exit, name="pool_exit"),
    path("members/<int:pk>/veto/", pool_views.veto_record, name="veto_record"),
    # LRMX (任免审批表 exchange files): downloads; the import is the kind "lrmx".
    path("cadres/<int:pk>/lrmx/", lrmx_views.cadre_lrmx, name="cadre_lrmx"),
    path("cadres/lrmx.zip", lrmx_views.cadre_list_lrmx, name="cadre_list_lrmx"),
    path("lists/<int:pk>/lrmx.zip", lrmx_views.list_lrmx, name="list_lrmx"),
]
