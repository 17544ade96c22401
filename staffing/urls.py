from django.urls import path

from staffing import views

app_name = "staffing"

urlpatterns = [
    path("warnings/", views.ledger, name="ledger"),
    path("warnings/recalc/", views.recalc, name="recalc"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
]
