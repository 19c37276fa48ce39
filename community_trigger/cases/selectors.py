"""Reads for cases. Every list, search, page and export starts from `case_list_for`: the one place
that answers "which cases may this user see"."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from community_trigger.agencies.selectors import StaffAccess
from community_trigger.cases.models import Application
from community_trigger.domain.access import Capability


def case_list_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Application]:
    """The cases `user` may see: all of a partnership's for its coordinator, panel chair and auditor;
    for an agency officer, only the cases their agency has been asked about. Nothing for anyone else."""
    access = StaffAccess(user)
    visible = Q(partnership_id__in=access.partnerships_where(Capability.SEE_ALL_PARTNERSHIP_CASES)) | Q(
        information_requests__agency_id__in=access.agencies_where(Capability.SEE_REQUESTED_CASES)
    )
    return Application.objects.filter(visible).distinct()


def case_get_for(user: AbstractBaseUser | AnonymousUser, reference: str) -> Application:
    """The case with `reference` if `user` may see it; 404 otherwise, so nobody learns it exists."""
    case = case_list_for(user).select_related("partnership").filter(reference=reference).first()
    if case is None:
        raise Http404
    return case
