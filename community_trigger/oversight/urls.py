"""The data protection pages' URLs (under /staff/data-protection/)."""

from django.urls import path

from community_trigger.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("access/", views.alerts, name="alerts"),
    path("access/alerts/<int:alert_id>/", views.alert_reviewed, name="alert_review"),
    path("access/report/", views.access_report, name="access"),
    path("access/report/search/", views.access_search, name="access_search"),
    path("access/report/download/", views.access_report_csv, name="access_csv"),
]
