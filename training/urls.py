from django.urls import path

from training import people_views, roster_views, views

app_name = "training"

urlpatterns = [
    path("classes/", views.class_list, name="class_list"),
    path("classes/new/", views.class_create, name="class_create"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("classes/<int:pk>/edit/", views.class_edit, name="class_edit"),
    path("classes/<int:pk>/enrol/", views.class_enrol, name="class_enrol"),
    path("classes/<int:pk>/roster/", roster_views.class_roster, name="class_roster"),
    path("classes/<int:pk>/pick/", views.class_pick, name="class_pick"),
    path("classes/<int:pk>/complete/", views.class_complete, name="class_complete"),
    path("enrollments/<int:pk>/result/", views.enrollment_result, name="enrollment_result"),
    path("enrollments/<int:pk>/remove/", views.enrollment_remove, name="enrollment_remove"),
    path("compliance/", views.compliance, name="compliance"),
    path("rules/", views.rules_edit, name="rules"),
    path("people/<int:pk>/", people_views.person, name="person"),
    path("people/<int:pk>/postings/new/", people_views.posting_create, name="posting_create"),
    path("people/<int:pk>/plans/new/", people_views.plan_create, name="plan_create"),
    path("postings/", people_views.posting_list, name="posting_list"),
    path("postings/<int:pk>/edit/", people_views.posting_edit, name="posting_edit"),
    path("mentorships/", people_views.mentorship_list, name="mentorship_list"),
    path("mentorships/new/", people_views.mentorship_create, name="mentorship_create"),
    path("mentorships/coverage/", people_views.mentor_coverage, name="mentor_coverage"),
    path("mentorships/<int:pk>/", people_views.mentorship_detail, name="mentorship_detail"),
    path("mentorships/<int:pk>/meetings/", people_views.meeting_add, name="meeting_add"),
    path("plans/<int:pk>/steps/", people_views.step_add, name="step_add"),
    path("plans/<int:pk>/review/", people_views.plan_review, name="plan_review"),
    path("steps/<int:pk>/status/", people_views.step_status, name="step_status"),
]
