"""URLs of the coordinator's import page, under /staff/import/ (each view wrapped in staff_required)."""

from django.urls import path

from community_trigger.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_page, name="page"),
    path("confirm/", views.import_confirm, name="confirm"),
]
