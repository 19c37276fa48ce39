"""URLs of the public pages. Nothing personal ever appears in them: drafts are found through the
session, and links that come by email carry signed tokens."""

from django.urls import path

from community_trigger.applications.views import journey, pages, returning

app_name = "applications"

urlpatterns = [
    path("", pages.home, name="home"),
    path("<slug:slug>/", pages.start, name="start"),
    path("<slug:slug>/check/", pages.checker, name="checker"),
    path("<slug:slug>/procedure/", pages.procedure, name="procedure"),
    path("<slug:slug>/apply/", journey.apply, name="apply"),
    path("<slug:slug>/apply/members/", journey.members, name="members"),
    path("<slug:slug>/apply/members/add/", journey.member, name="member_add"),
    path("<slug:slug>/apply/members/<str:key>/", journey.member, name="member"),
    path("<slug:slug>/apply/members/<str:key>/remove/", journey.member_remove, name="member_remove"),
    path("<slug:slug>/apply/incidents/", journey.incidents, name="incidents"),
    path("<slug:slug>/apply/incidents/add/", journey.incident, name="incident_add"),
    path("<slug:slug>/apply/incidents/<str:key>/", journey.incident, name="incident"),
    path("<slug:slug>/apply/incidents/<str:key>/remove/", journey.incident_remove, name="incident_remove"),
    path("<slug:slug>/apply/incidents/<str:key>/reports/", journey.reports, name="reports"),
    path("<slug:slug>/apply/incidents/<str:key>/reports/add/", journey.report, name="report_add"),
    path("<slug:slug>/apply/incidents/<str:key>/reports/<str:report_key>/", journey.report, name="report"),
    path(
        "<slug:slug>/apply/incidents/<str:key>/reports/<str:report_key>/remove/",
        journey.report_remove,
        name="report_remove",
    ),
    path("<slug:slug>/apply/check-answers/", journey.check_answers, name="check_answers"),
    path("<slug:slug>/apply/confirmation/", journey.confirmation, name="confirmation"),
    path(
        "<slug:slug>/apply/complaints-procedure/", journey.complaints_procedure, name="complaints_procedure"
    ),
    path("<slug:slug>/apply/no-consent/", journey.no_consent, name="no_consent"),
    path("<slug:slug>/apply/save/", returning.save, name="save"),
    path("<slug:slug>/apply/saved/", returning.saved, name="saved"),
    path("<slug:slug>/apply/<str:step>/", journey.question, name="step"),
    path("<slug:slug>/resume/<str:token>/", returning.resume, name="resume"),
    path("<slug:slug>/status/<str:token>/", returning.status, name="status"),
]
