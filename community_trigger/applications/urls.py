"""URLs of the public pages."""

from django.urls import path

from community_trigger.applications import views

app_name = "applications"

urlpatterns = [
    path("", views.home, name="home"),
]
