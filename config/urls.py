"""Every URL of the product: the public pages and the API."""

from django.urls import include, path

from community_trigger.api.v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("community_trigger.applications.urls")),
]
