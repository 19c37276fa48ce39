"""The frame of every staff page: the staff service's name and home in the header, and the links of
the navigation that this member of staff's roles open to them. Every page under /staff/ gets it from
here, so a staff view renders with Django's own `render` and needs nothing of this app but its
`staff_required` check."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from community_trigger.agencies.selectors import StaffAccess
from community_trigger.domain.access import Capability

SERVICE_NAME = gettext_lazy("Community Trigger staff")
STAFF_PAGES = "/staff/"


def staff_frame(request: HttpRequest) -> dict[str, Any]:
    if not request.path_info.startswith(STAFF_PAGES):
        return {}
    access = StaffAccess(request.user)
    return {
        "service_name": SERVICE_NAME,
        "service_url": reverse("accounts:home"),
        "navigation": {
            "enter_applications": access.can(Capability.MANAGE_CASES),
            "audit_log": access.can(Capability.SEE_AUDIT_LOG),
            "statistics": access.can(Capability.PUBLISH_STATISTICS),
            # One item: the early-warning page for those who read findings, else an agency officer's
            # second-report tasks.
            "early_warning": (
                reverse("earlywarning:list")
                if access.can(Capability.MANAGE_CASES) or access.can(Capability.SEE_ACCESS_REPORTS)
                else reverse("earlywarning:tasks")
                if access.agencies_where(Capability.ANSWER_INFORMATION_REQUESTS)
                else ""
            ),
            # One item for every data protection page (retention, data requests, who looked, the team
            # of staff): its hub lists those the person's roles open.
            "data_protection": any(
                access.can(capability)
                for capability in (
                    Capability.MANAGE_RETENTION,
                    Capability.HANDLE_DATA_REQUESTS,
                    Capability.SEE_ACCESS_REPORTS,
                    Capability.MANAGE_STAFF,
                )
            ),
        },
    }
