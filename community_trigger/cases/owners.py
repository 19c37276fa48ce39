"""Reads about a case's owner: who may own a partnership's cases (its coordinators), whose turn it is
for the next one, and how the owner signs the letters and emails the applicant is sent."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, Max, Q, QuerySet

from community_trigger.agencies.models import Partnership, StaffDetails
from community_trigger.agencies.selectors import memberships_granting
from community_trigger.cases.models import Application
from community_trigger.domain.access import Capability


def coordinators_of(partnership_id: int) -> QuerySet[Any]:
    """The active staff whose role in the partnership lets them manage its cases, by name: who may own
    one of its cases. One query."""
    managing = memberships_granting([Capability.MANAGE_CASES], partnerships=[partnership_id])
    return (
        get_user_model()
        .objects.filter(pk__in=managing.values("user_id"))
        .order_by("first_name", "last_name", "username")
    )


def is_coordinator_of(user: Any, partnership_id: int) -> bool:
    return bool(user is not None and user.pk) and coordinators_of(partnership_id).filter(pk=user.pk).exists()


def next_in_turn(partnership: Partnership) -> Any:
    """The coordinator who least recently was given a new case of the partnership (one who has none
    first), or None when it has no coordinator. Its newest case's number says when: one query, on the
    owner's index, whatever the number of cases. The caller locks the partnership first, so two
    requests arriving together are given to two people in turn."""
    latest = Max("owned_cases__pk", filter=Q(owned_cases__partnership_id=partnership.pk))
    return (
        coordinators_of(partnership.pk)
        .annotate(latest_case=latest)
        .order_by(F("latest_case").asc(nulls_first=True), "pk")
        .first()
    )


@dataclass(frozen=True)
class Signatory:
    """Who signs what the applicant is sent, with how to reach them directly: the case's owner, or the
    partnership itself (no name) when the case has no owner. Phone and email fall back to the
    partnership's when the owner has none of their own."""

    name: str
    job_title: str
    phone: str
    email: str
    partnership_name: str

    @property
    def is_person(self) -> bool:
        return bool(self.name)


def owner_shown(application: Application) -> Signatory | None:
    """The case's owner as the case page shows them to staff (their own details only, no fallback to
    the partnership's), or None for a case with no owner."""
    owner = application.owner
    if owner is None:
        return None
    details = StaffDetails.objects.filter(user=owner).first()
    return Signatory(
        name=str(owner.get_full_name() or owner.get_username()),
        job_title=details.job_title if details else "",
        phone=details.phone if details else "",
        email=owner.email,
        partnership_name=application.partnership.name,
    )


def signatory_of(application: Application) -> Signatory:
    """How the letters and emails of `application` are signed (see `Signatory`)."""
    partnership = application.partnership
    owner = owner_shown(application)
    if owner is None:
        return Signatory("", "", partnership.phone, partnership.email, partnership.name)
    return replace(owner, phone=owner.phone or partnership.phone, email=owner.email or partnership.email)
