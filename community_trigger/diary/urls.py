"""The case diary's URLs (under /staff/cases/<reference>/diary/)."""

from django.urls import path

from community_trigger.diary import views

app_name = "diary"

urlpatterns = [
    path("", views.diary, name="list"),
    path("new/", views.entry_add, name="add"),
]
