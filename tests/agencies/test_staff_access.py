"""Capabilities that act for an agency come from the role held in that agency: someone who chairs
panels for the council and is an officer at the police answers only for the police, and sees only
what the police were asked."""

from __future__ import annotations

import pytest
from accounts.people import staff
from django.contrib.auth.models import AnonymousUser

from community_trigger.agencies.models import Agency, Membership
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.agencies.services import demo_partnership_load
from community_trigger.domain.access import Capability, Role

pytestmark = pytest.mark.django_db


def _agency(kind: str) -> Agency:
    return Agency.objects.get(partnership=demo_partnership_load(), kind=kind)


def test_an_officer_answers_only_for_the_agency_where_they_are_an_officer() -> None:
    user = staff("pat", role=Role.PANEL_CHAIR, agency_kind="council")
    Membership.objects.create(user=user, agency=_agency("police"), role=Role.AGENCY_OFFICER.value)

    access = StaffAccess(user)

    assert access.agencies_where(Capability.ANSWER_INFORMATION_REQUESTS) == [_agency("police").pk]
    assert access.agencies_where(Capability.SEE_REQUESTED_CASES) == [_agency("police").pk]


def test_partnership_wide_capabilities_still_come_from_any_role_in_the_partnership() -> None:
    user = staff("pat", role=Role.PANEL_CHAIR, agency_kind="council")
    Membership.objects.create(user=user, agency=_agency("police"), role=Role.AGENCY_OFFICER.value)

    access = StaffAccess(user)

    assert access.can(Capability.CHAIR_REVIEWS, demo_partnership_load().pk)
    assert access.partnerships_where(Capability.SEE_ALL_PARTNERSHIP_CASES) == [demo_partnership_load().pk]


def test_officers_in_two_agencies_answer_for_both() -> None:
    user = staff("olu", role=Role.AGENCY_OFFICER, agency_kind="police")
    Membership.objects.create(user=user, agency=_agency("housing"), role=Role.AGENCY_OFFICER.value)

    answers_for = StaffAccess(user).agencies_where(Capability.ANSWER_INFORMATION_REQUESTS)

    assert sorted(answers_for) == sorted([_agency("police").pk, _agency("housing").pk])


def test_nobody_signed_out_acts_for_any_agency() -> None:
    assert StaffAccess(AnonymousUser()).agencies_where(Capability.ANSWER_INFORMATION_REQUESTS) == []
