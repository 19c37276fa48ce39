"""Reads for information sharing: which agencies were asked about a case, which have not answered, and
how each receives its request (in the service, by email with a secure link, or not at all)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from community_trigger.agencies.models import Agency, Membership
from community_trigger.cases.models import Application
from community_trigger.domain.access import Capability, roles_with
from community_trigger.sharing.models import InformationRequest


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


@dataclass(frozen=True)
class Delivery:
    """How an agency receives its information request: in the service (it has someone who may
    answer), by email at its contact address (`to`), or not at all (no one, and no address)."""

    in_service: bool
    to: str = ""

    @property
    def not_delivered(self) -> bool:
        return not self.in_service and not self.to


def agencies_answering_in_service(agency_ids: Iterable[int]) -> set[int]:
    """Those of these agencies with someone who may answer information requests in the service."""
    return set(
        Membership.objects.filter(
            agency_id__in=list(agency_ids),
            role__in=roles_with(Capability.ANSWER_INFORMATION_REQUESTS),
            user__is_active=True,
        ).values_list("agency_id", flat=True)
    )


def deliveries(requests: Iterable[InformationRequest]) -> dict[int, Delivery]:
    """For each request (by id, its agency loaded), how its agency receives it, in one query."""
    requests = list(requests)
    answering = agencies_answering_in_service({request.agency_id for request in requests})
    return {
        request.pk: Delivery(in_service=request.agency_id in answering, to=request.agency.contact_email)
        for request in requests
    }
