"""The question pages' addresses, the same on every route: the public route and staff entry each mount
them under their own prefix, wrapped in the decorator that gives each page its journey context."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from community_trigger.applications.views import journey

Wrap = Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]


def question_urls(
    wrap: Wrap, *, check_answers: Callable[..., HttpResponse] = journey.check_answers
) -> list[URLPattern]:
    """The pages from the first question to check answers; "<step>/" comes last, as it takes any name."""
    return [
        path("members/", wrap(journey.members), name="members"),
        path("members/add/", wrap(journey.member), name="member_add"),
        path("members/<str:key>/", wrap(journey.member), name="member"),
        path("members/<str:key>/remove/", wrap(journey.member_remove), name="member_remove"),
        path("incidents/", wrap(journey.incidents), name="incidents"),
        path("incidents/add/", wrap(journey.incident), name="incident_add"),
        path("incidents/<str:key>/", wrap(journey.incident), name="incident"),
        path("incidents/<str:key>/remove/", wrap(journey.incident_remove), name="incident_remove"),
        path("incidents/<str:key>/reports/", wrap(journey.reports), name="reports"),
        path("incidents/<str:key>/reports/add/", wrap(journey.report), name="report_add"),
        path("incidents/<str:key>/reports/<str:report_key>/", wrap(journey.report), name="report"),
        path(
            "incidents/<str:key>/reports/<str:report_key>/remove/",
            wrap(journey.report_remove),
            name="report_remove",
        ),
        path("check-answers/", wrap(check_answers), name="check_answers"),
        path("complaints-procedure/", wrap(journey.complaints_procedure), name="complaints_procedure"),
        path("<str:step>/", wrap(journey.question), name="step"),
    ]
