from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("regions/<int:pk>/", views.region, name="region"),
    path("<slug:key>/export/", views.export, name="export"),
]
