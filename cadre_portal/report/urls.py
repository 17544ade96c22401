from django.urls import path

from . import views

app_name = "report"

urlpatterns = [
    path("", views.report, name="index"),
    path("report.docx", views.report_docx, name="docx"),
    path("report.xlsx", views.report_xlsx, name="xlsx"),
]
