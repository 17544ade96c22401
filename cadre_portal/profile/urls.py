from django.urls import path

from cadre_portal.profile import own, views

app_name = "people"

urlpatterns = [
    path("me/", own.my_record, name="me"),
    path("me/photo/", own.my_photo, name="my_photo"),
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("<int:pk>/photo/upload/", views.photo_upload, name="photo_upload"),
    path("<int:pk>/photo/delete/", views.photo_delete, name="photo_delete"),
    path("<int:pk>/sheet/", views.sheet_edit, name="sheet_edit"),
    path("<int:pk>/family/add/", views.family_add, name="family_add"),
    path("family/<int:pk>/", views.family_edit, name="family_edit"),
    path("family/<int:pk>/delete/", views.family_delete, name="family_delete"),
    path("<int:pk>/approval.docx", views.approval_docx_view, name="approval_docx"),
    path("<int:pk>/approval.pdf", views.approval_pdf_view, name="approval_pdf"),
    path("approval.zip", views.approval_zip, name="approval_zip"),
]
