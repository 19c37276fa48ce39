"""Reads for cases. Every list, search, page and export starts from `case_list_for`: the one place
that answers "which cases may this user see"."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from community_trigger.agencies.selectors import StaffAccess
from community_trigger.cases.models import Application, InformationRequest, Report
from community_trigger.domain.access import Capability


def case_list_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Application]:
    """The cases `user` may see: all of a partnership's for its coordinator, panel chair and auditor;
    for an agency officer, only the cases their agency has been asked about or given a recommendation
    on. Nothing for anyone else."""
    access = StaffAccess(user)
    asked = access.agencies_where(Capability.SEE_REQUESTED_CASES)
    visible = (
        Q(partnership_id__in=access.partnerships_where(Capability.SEE_ALL_PARTNERSHIP_CASES))
        | Q(information_requests__agency_id__in=asked)
        | Q(meetings__recommendations__agency_id__in=asked)
    )
    return Application.objects.filter(visible).distinct()


def case_get_for(user: AbstractBaseUser | AnonymousUser, reference: str) -> Application:
    """The case with `reference` if `user` may see it; 404 otherwise, so nobody learns it exists."""
    case = case_list_for(user).select_related("partnership").filter(reference=reference).first()
    if case is None:
        raise Http404
    return case


def case_to_act_on(
    user: AbstractBaseUser | AnonymousUser, reference: str, capability: Capability
) -> Application:
    """The case, for someone whose role lets them do this to it: 404 if they cannot see it, so nobody
    learns it exists; 403 if they can see it but their role does not allow this (an auditor, say)."""
    case = case_get_for(user, reference)
    if not StaffAccess(user).can(capability, case.partnership_id):
        raise PermissionDenied
    return case


@dataclass(frozen=True)
class Disclosure:
    """How much of one case one member of staff may see.

    The coordinator, the panel chair and the auditor see the whole case. An agency officer sees what
    their agency needs to search its records and answer: the people and their contact details, the
    incidents, the reports made to their own agency, and their own agency's request and answer; not
    what was reported to other agencies, their answers, the engine's assessment, the reasons for
    decisions, the applicant's own account of the impact on them, or the letters sent.
    """

    whole_case: bool
    sensitive: bool
    correspondence: bool
    own_agencies: frozenset[int]

    def reports(self, reports: QuerySet[Report]) -> QuerySet[Report]:
        return reports if self.whole_case else reports.filter(agency_id__in=self.own_agencies)

    def requests(self, requests: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
        return requests if self.whole_case else requests.filter(agency_id__in=self.own_agencies)


def case_disclosure_for(user: AbstractBaseUser | AnonymousUser, case: Application) -> Disclosure:
    access = StaffAccess(user)
    partnership = case.partnership_id
    return Disclosure(
        whole_case=access.can(Capability.SEE_ALL_PARTNERSHIP_CASES, partnership),
        sensitive=access.can(Capability.SEE_SENSITIVE_INFORMATION, partnership),
        correspondence=access.can(Capability.SEE_CORRESPONDENCE, partnership),
        own_agencies=frozenset(access.agencies_where(Capability.SEE_REQUESTED_CASES)),
    )
