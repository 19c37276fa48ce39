"""Staff URLs for retention (under /staff/data-protection/retention/)."""

from django.urls import path

from community_trigger.retention import views

app_name = "retention"

urlpatterns = [
    path("", views.retention_page, name="page"),
    path("hold/", views.hold_place_page, name="hold"),
    path("hold/<str:reference>/lift/", views.hold_lift_page, name="lift"),
]
