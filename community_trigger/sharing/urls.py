"""The secure link pages for agencies that answer without an account (under /answer/)."""

from django.urls import path

from community_trigger.sharing import views

app_name = "sharing"

urlpatterns = [
    path("sent/", views.answered, name="answered"),
    path("<str:token>/", views.link, name="link"),
    path("<str:token>/code/", views.code, name="code"),
    path("<str:token>/answer/", views.answer, name="answer"),
]
