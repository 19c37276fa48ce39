"""The team page's URLs (under /staff/team/): the partnership's staff, and deactivating one who leaves."""

from django.urls import path

from community_trigger.oversight import views

app_name = "team"

urlpatterns = [
    path("", views.team, name="list"),
    path("<int:user_id>/leaving/", views.leaving, name="leaving"),
]
