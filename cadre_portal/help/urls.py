from django.urls import path

from cadre_portal.help import views

app_name = "help"

urlpatterns = [
    path("", views.index, name="index"),
    path("img/<str:name>", views.image, name="image"),
    path("<slug:role>/", views.chapter, name="chapter"),
]
