"""Reads for information sharing: which agencies were asked about a case, and which have not answered."""

from __future__ import annotations

from community_trigger.agencies.models import Agency
from community_trigger.cases.models import Application


def asked_about(application: Application) -> set[int]:
    """The ids of the agencies asked what they know about the case."""
    return set(application.information_requests.values_list("agency_id", flat=True))


def unanswered(application: Application) -> list[Agency]:
    """The agencies asked about the case that have not answered, by name."""
    return list(
        Agency.objects.filter(
            information_requests__application=application, information_requests__answered_at__isnull=True
        ).order_by("name")
    )
