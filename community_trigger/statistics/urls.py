"""URLs of the statistics: the public page and downloads under /<partnership>/, and the coordinator's
pages under /staff/statistics/ (each wrapped in staff_required)."""

from django.urls import path

from community_trigger.statistics import views

public_urls = (
    [
        path("<slug:slug>/statistics/", views.statistics_page, name="page"),
        path("<slug:slug>/statistics.csv", views.statistics_csv, name="csv"),
        path("<slug:slug>/statistics.json", views.statistics_json, name="json"),
    ],
    "statistics",
)

staff_urls = (
    [
        path("", views.staff_index, name="index"),
        path("<slug:slug>/", views.staff_partnership, name="partnership"),
        path("<slug:slug>/<str:year>/publish/", views.staff_publish, name="publish"),
    ],
    "statistics_staff",
)
