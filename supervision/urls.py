from django.urls import path

from supervision import inbox_views, record_views, review_views, views

app_name = "supervision"

urlpatterns = [
    path("talks/", views.talk_list, name="talk_list"),
    path("talks/record/", views.talk_record, name="talk_record"),
    path("talks/overdue/", views.overdue, name="overdue"),
    path("talks/rules/<int:pk>/", views.talk_rule_edit, name="talk_rule_edit"),
    path("integrity/", views.integrity_list, name="integrity_list"),
    path("integrity/new/", views.integrity_create, name="integrity_create"),
    path("integrity/<int:pk>/", views.integrity_detail, name="integrity_detail"),
    path("inbox/", inbox_views.inbox, name="inbox"),
    path("inbox/<int:pk>/", inbox_views.inbox_detail, name="inbox_detail"),
    path("inbox/<int:pk>/answer/", inbox_views.inbox_answer, name="inbox_answer"),
    path("opinions/<int:pk>/answer/", inbox_views.opinion_answer, name="opinion_answer"),
    path("concerns/", views.concerns, name="concerns"),
    path("assessments/", views.assessments, name="assessments"),
    path("links/", views.links, name="links"),
    path("links/<int:pk>/end/", views.link_end, name="link_end"),
    path("political/", record_views.political_file, name="political_file"),
    path("key-tasks/", record_views.key_tasks, name="key_tasks"),
    path("personal-matters/", record_views.personal_matters, name="personal_matters"),
    path("personal-matters/<int:pk>/check/", record_views.personal_check, name="personal_check"),
    path("file-audit/", record_views.file_audit, name="file_audit"),
    path("reviews/", review_views.review_list, name="reviews"),
    path("reviews/<int:pk>/decide/", review_views.review_decide, name="review_decide"),
]
