"""How an agency is reached about its part in a case: its officers with an email address, else its
contact address; the information requests, the meeting's invitations and the chasers all ask this."""

from __future__ import annotations

import pytest
from accounts.people import staff

from community_trigger.agencies.models import Agency
from community_trigger.agencies.selectors import agencies_reached
from community_trigger.agencies.services import demo_partnership_load
from community_trigger.domain.access import Role

pytestmark = pytest.mark.django_db


def _agencies() -> tuple[Agency, Agency, Agency]:
    partnership = demo_partnership_load()
    police, council, housing = (
        partnership.agencies.get(kind=kind) for kind in ("police", "council", "housing")
    )
    Agency.objects.filter(pk__in=[police.pk, council.pk, housing.pk]).update(
        contact_email="team@agency.example"
    )
    return police, council, housing


def test_an_agency_with_officers_is_reached_through_them_and_one_without_at_its_contact_address() -> None:
    police, council, housing = _agencies()
    otto = staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police")
    hana = staff("hana", role=Role.AGENCY_OFFICER, agency_kind="housing")
    type(hana).objects.filter(pk=hana.pk).update(email="")
    for agency in (police, council, housing):
        agency.refresh_from_db()

    reached = agencies_reached([police, council, housing], partnership_id=police.partnership_id)

    assert [officer.user for officer in reached[police.pk].officers] == [otto]
    assert reached[police.pk].contact_address == ""
    assert reached[council.pk].officers == []
    assert reached[council.pk].contact_address == "team@agency.example"
    # An officer with no email address cannot be sent anything: the contact address is used instead.
    assert reached[housing.pk].officers == []
    assert reached[housing.pk].contact_address == "team@agency.example"
