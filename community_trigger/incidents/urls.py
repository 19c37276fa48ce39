"""URLs of the incident pages, under /staff/incidents/ (each view wrapped in staff_required)."""

from django.urls import path

from community_trigger.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.record_list, name="list"),
    path("<int:pk>/", views.record_page, name="record"),
    path("<int:pk>/link/", views.link_decision, name="link_decision"),
    path("upload/", views.upload, name="upload"),
    path("upload/columns/", views.columns, name="columns"),
    path("<slug:slug>/intake/", views.intake, name="intake"),
    path("<slug:slug>/intake/off/", views.intake_off, name="intake_off"),
    path("<slug:slug>/tokens/", views.tokens, name="tokens"),
    path("<slug:slug>/tokens/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
]
