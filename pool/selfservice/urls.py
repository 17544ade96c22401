from django.urls import path

from pool.selfservice import views

app_name = "selfservice"

urlpatterns = [
    path("corrections/", views.my_requests, name="my_requests"),
    path("corrections/new/", views.correction_new, name="correction_new"),
    path("corrections/<int:pk>/scan/", views.scan, name="scan"),
    path("queue/", views.queue, name="queue"),
    path("queue/<int:pk>/decide/", views.decide, name="decide"),
    path("accounts/", views.open_accounts, name="open_accounts"),
]
