from django.urls import path

from pool.audit import views as audit_views
from pool.imports import views as import_views
from pool.lrmx import views as lrmx_views
from pool.notify import views as notify_views
from pool.people.views import cadres as views
from pool.people.views import picker as picker_views
from pool.people.views import quality as quality_views
from pool.selection.views import batch as batch_views
from pool.selection.views import inspections as inspection_views
from pool.selection.views import lists as rec_views
from pool.selection.views import offices as office_views
from pool.selection.views import pool as pool_views
from pool.selection.views import ranking as ranking_views

app_name = "pool"

urlpatterns = [
    path("cadres/", views.cadre_list, name="cadre_list"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
    path("cadres/gaps/", quality_views.data_quality, name="data_quality"),
    path("cadres/<int:pk>/reveal-id/", views.reveal_id_number, name="reveal_id_number"),
    path("people/search/", picker_views.person_search, name="person_search"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("cadres/<int:pk>/changes/", audit_views.cadre_changes, name="cadre_changes"),
    path("notices/", notify_views.notice_list, name="notice_list"),
    path("notices/read/", notify_views.notice_read, name="notice_read"),
]
urlpatterns += [
    path("imports/", import_views.import_upload, name="import_upload"),
    path("imports/history/", import_views.import_history, name="import_history"),
    path("imports/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
    path("imports/<int:pk>/columns/", import_views.import_columns, name="import_columns"),
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
    path("lists/new-people/", rec_views.new_person_requests, name="new_person_requests"),
    path(
        "lists/new-people/<int:pk>/",
        rec_views.new_person_request_resolve,
        name="new_person_request_resolve",
    ),
    path("lists/transfers/", office_views.transfer_requests, name="transfer_requests"),
    path("lists/transfers/queue/", office_views.transfer_queue, name="transfer_queue"),
    path("lists/transfers/<int:pk>/decide/", office_views.transfer_decide, name="transfer_decide"),
    path("lists/unsubmitted/", office_views.list_unsubmitted, name="list_unsubmitted"),
    path("lists/unsubmitted/remind/", office_views.list_remind, name="list_remind"),
    path("lists/", rec_views.list_index, name="list_index"),
    path("lists/rounds/new/", rec_views.round_create, name="round_create"),
    path("lists/rounds/close/", rec_views.round_close, name="round_close"),
    path("lists/rounds/reopen/", rec_views.round_reopen, name="round_reopen"),
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
    path("candidates/batch/", batch_views.candidates_batch, name="candidates_batch"),
    path("members/", pool_views.pool_list, name="pool_list"),
    path("members/searches/", pool_views.saved_search_create, name="saved_search_create"),
    path(
        "members/searches/<int:pk>/delete/",
        pool_views.saved_search_delete,
        name="saved_search_delete",
    ),
    path("members/<int:pk>/", pool_views.pool_timeline, name="pool_timeline"),
    path("members/<int:pk>/tier/", pool_views.pool_change_tier, name="pool_change_tier"),
    path("members/<int:pk>/exit/", pool_views.pool_exit, name="pool_exit"),
    path("members/<int:pk>/veto/", pool_views.veto_record, name="veto_record"),
    # LRMX (任免审批表 exchange files): downloads; the import is the kind "lrmx".
    path("cadres/<int:pk>/lrmx/", lrmx_views.cadre_lrmx, name="cadre_lrmx"),
    path("cadres/lrmx.zip", lrmx_views.cadre_list_lrmx, name="cadre_list_lrmx"),
    path("lists/<int:pk>/lrmx.zip", lrmx_views.list_lrmx, name="list_lrmx"),
]
# 选: inspections (列为考察对象) and vetoes.
urlpatterns += [
    path("members/<int:pk>/inspect/", inspection_views.inspection_start, name="inspection_start"),
    path("inspections/", inspection_views.inspection_list, name="inspection_list"),
    path(
        "inspections/<int:pk>/withdraw/",
        inspection_views.inspection_withdraw,
        name="inspection_withdraw",
    ),
    path("inspections/<int:pk>/used/", inspection_views.inspection_used, name="inspection_used"),
    path("vetoes/", inspection_views.veto_list, name="veto_list"),
    path("vetoes/<int:pk>/lift/", inspection_views.veto_lift, name="veto_lift"),
]
urlpatterns += [
    path("age-out/", inspection_views.age_out_page, name="age_out"),
    path("age-out/confirm/", inspection_views.age_out_confirm, name="age_out_confirm"),
]
# 积分排序
urlpatterns += [
    path("ranking/", ranking_views.ranking, name="ranking"),
    path("ranking/scheme/", ranking_views.scheme_edit, name="scheme_edit"),
    path("ranking/scheme/add/", ranking_views.scheme_add_item, name="scheme_add_item"),
    path("ranking/scheme/remove/", ranking_views.scheme_remove_item, name="scheme_remove_item"),
    path("ranking/<int:pk>/", ranking_views.ranking_person, name="ranking_person"),
    path("ranking/<int:pk>/radar.json", ranking_views.ranking_radar, name="ranking_radar"),
    path("ranking/<int:pk>/scores/", ranking_views.ranking_scores, name="ranking_scores"),
]
