"""The data requests pages, under /staff/data-protection/requests/."""

from django.urls import path

from community_trigger.datarequests import views

app_name = "datarequests"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_record, name="record"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/extend/", views.request_extend, name="extend"),
    path("<int:pk>/search/", views.request_search, name="search"),
    path("<int:pk>/redactions/", views.request_redactions, name="redactions"),
    path("<int:pk>/release/", views.request_release, name="release"),
    path("<int:pk>/export.zip", views.request_download, name="download"),
    path("<int:pk>/rectify/", views.request_rectify, name="rectify"),
    path("<int:pk>/erasure/", views.request_erasure, name="erasure"),
    path("<int:pk>/refusal-letter.pdf", views.request_refusal_letter, name="refusal_letter"),
]
