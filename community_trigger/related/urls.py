"""Back-office URLs for a case's places, alleged perpetrators and links (/staff/cases/<ref>/related/)."""

from django.urls import path

from community_trigger.related import views

app_name = "related"

urlpatterns = [
    path("places/new/", views.place_new, name="place_new"),
    path("alleged-perpetrators/new/", views.perpetrator_new, name="perpetrator_new"),
    path("links/new/", views.link_new, name="link_new"),
]
