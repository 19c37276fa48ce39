"""URLs of the public pages. Nothing personal ever appears in them: drafts are found through the
session, and links that come by email carry signed tokens. The question pages are the ones staff entry
uses too (question_urls.py), each given the public journey context, which finds the draft in the
session."""

from django.urls import include, path

from community_trigger.applications.question_urls import question_urls
from community_trigger.applications.views import journey, leaving, legal, pages, returning
from community_trigger.applications.views.context import public_journey
from community_trigger.common.ratelimit import limit_posts

app_name = "applications"

urlpatterns = [
    path("", pages.home, name="home"),
    # Before "<slug:slug>/", which would otherwise take it.
    path("leave/", leaving.leave, name="leave"),
    path("<slug:slug>/", pages.start, name="start"),
    path("<slug:slug>/check/", pages.checker, name="checker"),
    path("<slug:slug>/procedure/", pages.procedure, name="procedure"),
    # The footer's privacy notice, accessibility statement and cookies page.
    path("<slug:slug>/privacy/", legal.privacy, name="privacy"),
    path("<slug:slug>/accessibility/", legal.accessibility, name="accessibility"),
    path("<slug:slug>/cookies/", legal.cookies, name="cookies"),
    path("<slug:slug>/apply/", pages.apply, name="apply"),
    # Before the question pages, whose "<step>/" would otherwise take these addresses.
    path("<slug:slug>/apply/confirmation/", pages.confirmation, name="confirmation"),
    path("<slug:slug>/apply/no-consent/", returning.no_consent, name="no_consent"),
    path("<slug:slug>/apply/save/", returning.save, name="save"),
    path("<slug:slug>/apply/delete-my-answers/", leaving.forget, name="forget"),
    path("<slug:slug>/answers-deleted/", leaving.forgotten, name="forgotten"),
    path("<slug:slug>/apply/saved/", returning.saved, name="saved"),
    path("<slug:slug>/apply/return/", returning.return_with_code, name="return"),
    path(
        "<slug:slug>/apply/",
        include(
            question_urls(
                public_journey,
                check_answers=limit_posts("submissions", "RATE_LIMIT_SUBMISSIONS")(journey.check_answers),
            )
        ),
    ),
    path("<slug:slug>/resume/<str:token>/", returning.resume, name="resume"),
    path("<slug:slug>/status/", returning.status_lookup, name="status_lookup"),
    path("<slug:slug>/status/<str:token>/", returning.status, name="status"),
    path("<slug:slug>/status/<str:token>/check/<str:then>/", returning.status_check, name="status_check"),
    path("<slug:slug>/status/<str:token>/withdraw/", returning.withdraw, name="withdraw"),
    path("<slug:slug>/status/<str:token>/withdrawn/", returning.withdrawn, name="withdrawn"),
    path("<slug:slug>/status/<str:token>/escalate/", returning.escalate, name="escalate"),
    path(
        "<slug:slug>/status/<str:token>/escalate/confirm/",
        returning.escalate_confirm,
        name="escalate_confirm",
    ),
    path("<slug:slug>/status/<str:token>/escalate/sent/", returning.escalation_sent, name="escalation_sent"),
]
