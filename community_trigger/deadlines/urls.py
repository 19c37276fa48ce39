"""Back-office URLs for deadlines (under /staff/due/)."""

from django.urls import path

from community_trigger.deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("", views.due_list, name="due"),
]
