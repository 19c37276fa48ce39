"""The audit log's URL (under /staff/audit/)."""

from django.urls import path

from community_trigger.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("search/", views.audit_search, name="search"),
]
