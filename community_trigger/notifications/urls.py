"""Back-office URLs for a case's messages (under /staff/cases/<reference>/messages/)."""

from django.urls import path

from community_trigger.notifications import views

app_name = "notifications"

urlpatterns = [
    path("<int:message_id>/send-again/", views.send_again, name="send_again"),
]
