"""Every URL of the product: the public pages, the staff pages, the admin and the API."""

from django.contrib import admin
from django.urls import include, path

from community_trigger.api.v1 import api
from community_trigger.common.views import choose_language
from community_trigger.notifications.views import notify_receipts
from community_trigger.operations.health import Health
from community_trigger.statistics.urls import public_urls as statistics_public
from community_trigger.statistics.urls import staff_urls as statistics_staff

urlpatterns = [
    path("api/v1/", api.urls),
    # Before the public pages, whose /<partnership>/ would otherwise take these addresses.
    path("staff/cases/<str:reference>/letters/", include("community_trigger.letters.urls")),
    path("staff/cases/<str:reference>/messages/", include("community_trigger.notifications.urls")),
    path("staff/cases/<str:reference>/review/", include("community_trigger.reviews.urls")),
    path("staff/cases/<str:reference>/diary/", include("community_trigger.diary.urls")),
    path("staff/cases/<str:reference>/documents/", include("community_trigger.documents.urls")),
    path("staff/cases/<str:reference>/related/", include("community_trigger.related.urls")),
    path("staff/cases/", include("community_trigger.cases.urls")),
    path("staff/due/", include("community_trigger.deadlines.urls")),
    path("staff/audit/", include("community_trigger.audit.urls")),
    path("staff/applications/", include("community_trigger.applications.staff_urls")),
    path("staff/statistics/", include(statistics_staff)),
    path("staff/import/", include("community_trigger.imports.urls")),
    path("staff/incidents/", include("community_trigger.incidents.urls")),
    path("staff/data-protection/requests/", include("community_trigger.datarequests.urls")),
    path("staff/data-protection/retention/", include("community_trigger.retention.urls")),
    # Data protection: the requests' and retention's own pages (above) come before the hub and the access
    # pages, which hold the rest of staff/data-protection/.
    path("staff/data-protection/", include("community_trigger.oversight.urls")),
    path("staff/team/", include("community_trigger.oversight.team_urls")),
    path("staff/early-warning/", include("community_trigger.earlywarning.urls")),
    path("staff/", include("community_trigger.accounts.urls")),
    path("admin/", admin.site.urls),
    # The load balancer's health check (database, cache, storage, task workers): no sign-in, no personal data.
    path("health/", Health.as_view(), name="health"),
    # GOV.UK Notify's callbacks: delivery receipts and returned letters, opened by its bearer token only.
    path("notify/receipts/", notify_receipts, name="notify_receipts"),
    path("answer/", include("community_trigger.sharing.urls")),
    # The public language toggle (templates/components/language_toggle.html).
    path("language/<str:code>/", choose_language, name="choose_language"),
    path("", include(statistics_public)),
    path("", include("community_trigger.applications.urls")),
]
