"""Reads for partnerships, agencies and the staff who belong to them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from community_trigger.agencies.models import Agency, Membership, Partnership
from community_trigger.domain.access import Capability, Role, capabilities, roles_with


def partnership_list() -> QuerySet[Partnership]:
    """Every partnership this deployment serves, with its agencies, by name."""
    return Partnership.objects.prefetch_related("agencies").order_by("name")


def memberships_granting(
    any_of: Collection[Capability], *, partnerships: Collection[int]
) -> QuerySet[Membership]:
    """Memberships in `partnerships` whose role grants any of the capabilities `any_of`, of staff whose
    accounts are active, with the user and agency: who must hear about work they may do. One query."""
    roles = {role for capability in any_of for role in roles_with(capability)}
    return Membership.objects.filter(
        agency__partnership_id__in=partnerships, role__in=roles, user__is_active=True
    ).select_related("user", "agency")


@dataclass(frozen=True)
class Reach:
    """How one agency is reached about work it answers for: its officers who may answer in the
    service and have an email address, or, when it has none, its contact address (empty when it has
    none either: nothing can be sent)."""

    agency: Agency
    officers: list[Membership] = field(default_factory=list)

    @property
    def contact_address(self) -> str:
        return "" if self.officers else self.agency.contact_email


def agencies_reached(agencies: Collection[Agency], *, partnership_id: int) -> dict[int, Reach]:
    """For each agency (by id), how it is reached (`Reach`): the one rule the information requests,
    the meeting's invitations and the chasers of late answers follow. One query."""
    officers = memberships_granting([Capability.ANSWER_INFORMATION_REQUESTS], partnerships=[partnership_id])
    reached = {agency.pk: Reach(agency) for agency in agencies}
    for officer in officers.filter(agency__in=list(reached)).order_by("agency__name", "user_id"):
        if officer.user.email:
            reached[officer.agency_id].officers.append(officer)
    return reached


class StaffAccess:
    """What one member of staff may do, from their memberships: partnership-wide capabilities
    (seeing every case, managing them) partnership by partnership, and capabilities that act for an
    agency (seeing what it was asked, answering for it) only in the agency where the role is held."""

    def __init__(self, user: AbstractBaseUser | AnonymousUser) -> None:
        self.roles: dict[int, set[Role]] = defaultdict(set)
        self.agency_roles: dict[int, set[Role]] = defaultdict(set)
        if user.is_authenticated:
            for membership in Membership.objects.filter(user_id=user.pk).select_related("agency"):
                self.roles[membership.agency.partnership_id].add(Role(membership.role))
                self.agency_roles[membership.agency_id].add(Role(membership.role))

    def can(self, capability: Capability, partnership_id: int | None = None) -> bool:
        """Whether any of the user's roles (in `partnership_id`, or anywhere) grants `capability`."""
        partnerships = [partnership_id] if partnership_id is not None else list(self.roles)
        return any(capability in capabilities(self.roles.get(pid, set())) for pid in partnerships)

    def partnerships_where(self, capability: Capability) -> list[int]:
        return [pid for pid, roles in self.roles.items() if capability in capabilities(roles)]

    def agencies_where(self, capability: Capability) -> list[int]:
        """The agencies in which the user holds a role granting `capability`: a chair at the council
        who is also an officer at the police answers for the police, never for the council."""
        return [agency for agency, roles in self.agency_roles.items() if capability in capabilities(roles)]

    @property
    def is_staff_member(self) -> bool:
        return bool(self.roles)
