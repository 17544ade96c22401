from django.urls import path

from pool.votes import ballot, views

app_name = "votes"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("new/", views.round_create, name="round_create"),
    path("rules/", views.rules_edit, name="rules"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/codes/", views.round_codes, name="round_codes"),
    path("<int:pk>/close/", views.round_close, name="round_close"),
    path("<int:pk>/paper/", views.round_paper, name="round_paper"),
    path("<int:pk>/result.docx", views.round_docx, name="round_docx"),
    # the voter's page: no account; ``pk`` is the round's random ballot_key
    path("ballot/<uuid:pk>/", ballot.ballot, name="ballot"),
]
