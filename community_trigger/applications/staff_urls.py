"""Staff entry's URLs, under /staff/applications/. Every one is a staff page (staff_required): the list
and the first page check the capability to enter requests, and an entry's pages (staff_journey) check
it is the signed-in member of staff's own. The question pages are the public journey's."""

from django.urls import include, path

from community_trigger.applications.question_urls import question_urls
from community_trigger.applications.views import entry

app_name = "entry"

urlpatterns = [
    path("", entry.entries, name="list"),
    path("new/<slug:slug>/", entry.new, name="new"),
    path("<uuid:entry>/", entry.carry_on, name="continue"),
    # Before the question pages, whose "<step>/" would otherwise take these addresses.
    path("<uuid:entry>/received/", entry.received, name="received"),
    path("<uuid:entry>/delete/", entry.delete, name="delete"),
    path("<uuid:entry>/no-consent/", entry.no_consent, name="no_consent"),
    path("<uuid:entry>/", include(question_urls(entry.staff_journey))),
]
