"""The coordinator records where the incidents happen and who is said to be responsible; the history
keeps that they did (ids only); the case page shows them to the staff who may see them."""

from __future__ import annotations

import pytest
from accounts.people import error_messages, staff, verified
from applications.builders import partnership, submitted
from cases.case_page import section_page
from django.test import Client
from django.utils import timezone

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import CaseEvent, Happened
from community_trigger.cases.sections import Section
from community_trigger.domain.access import Role
from community_trigger.related.models import AllegedPerpetrator, Place
from community_trigger.related.services import DetailsRefused, perpetrator_add, place_add
from community_trigger.sharing.models import InformationRequest

pytestmark = pytest.mark.django_db

PERPETRATOR = "Jon Smyth"


def _places(reference: str) -> str:
    return f"/staff/cases/{reference}/related/places/new/"


def _perpetrators(reference: str) -> str:
    return f"/staff/cases/{reference}/related/alleged-perpetrators/new/"


def test_the_coordinator_records_a_place_with_its_postcode_written_the_royal_mails_way(
    client: Client,
) -> None:
    coordinator = staff("cora")
    case = submitted(partnership())
    verified(client, coordinator)

    response = client.post(
        _places(case.reference),
        {"address": " 14  Hill Road ", "postcode": "so51 8ab", "uprn": "1000 2333 6956"},
    )

    assert response.status_code == 302
    place = Place.objects.get(application=case)
    assert (place.address, place.postcode, place.uprn) == ("14 Hill Road", "SO51 8AB", "100023336956")
    assert (place.postcode_key, place.address_key) == ("SO518AB", "14hillroad")
    event = CaseEvent.objects.get(application=case, kind=Happened.DETAILS_RECORDED)
    assert event.facts == {"place": place.pk}
    assert AuditEntry.objects.filter(subject_id=str(case.pk), action=AuditEntry.Action.CHANGE).exists()


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"address": "", "postcode": "SO51 8AB"}, "Enter the address or the name of the place"),
        ({"address": "14 Hill Road", "postcode": "SO51"}, "Enter a full UK postcode, like SO51 8AB"),
        ({"address": "14 Hill Road", "uprn": "1000233369561"}, "Enter a UPRN of up to 12 digits"),
        ({"address": "14 Hill Road", "uprn": "12ab"}, "Enter a UPRN of up to 12 digits"),
    ],
)
def test_a_place_that_is_not_right_is_explained_and_what_was_typed_kept(
    client: Client, posted: dict[str, str], message: str
) -> None:
    case = submitted(partnership())
    verified(client, staff("cora"))

    response = client.post(_places(case.reference), posted)

    html = response.content.decode()
    assert response.status_code == 200
    assert error_messages(response) == [message]
    assert "govuk-error-summary" in html
    for value in posted.values():
        if value:
            assert f'value="{value}"' in html
    assert not Place.objects.exists()


def test_someone_said_to_be_responsible_needs_a_name_or_a_description(client: Client) -> None:
    case = submitted(partnership())
    verified(client, staff("cora"))

    response = client.post(
        _perpetrators(case.reference), {"names": "", "description": "", "address": "3 Hill Road"}
    )

    assert response.status_code == 200
    assert error_messages(response) == ["Enter a name, or describe them"]
    assert 'value="3 Hill Road"' in response.content.decode()
    assert not AllegedPerpetrator.objects.exists()


def test_the_coordinator_records_someone_said_to_be_responsible(client: Client) -> None:
    case = submitted(partnership())
    verified(client, staff("cora"))

    response = client.post(
        _perpetrators(case.reference),
        {
            "names": PERPETRATOR,
            "description": "Tall, drives a red van",
            "address": "3 Hill Road",
            "postcode": "so518ab",
        },
    )

    assert response.status_code == 302
    perpetrator = AllegedPerpetrator.objects.get(application=case)
    assert (perpetrator.name_key, perpetrator.postcode) == ("jonsmyth", "SO51 8AB")
    event = CaseEvent.objects.get(application=case, kind=Happened.DETAILS_RECORDED)
    assert event.facts == {"alleged_perpetrator": perpetrator.pk}
    assert PERPETRATOR not in str(event.facts)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.PANEL_CHAIR])
def test_only_the_coordinator_records_them_whoever_calls_the_service(role: Role) -> None:
    case = submitted(partnership())
    someone = staff("someone", role=role)

    with pytest.raises(DetailsRefused):
        place_add(application=case, actor=someone, address="14 Hill Road")
    with pytest.raises(DetailsRefused):
        perpetrator_add(application=case, actor=someone, names=PERPETRATOR)
    assert not CaseEvent.objects.filter(kind=Happened.DETAILS_RECORDED).exists()


def test_the_case_page_shows_places_and_people_said_to_be_responsible_to_the_coordinator(
    client: Client,
) -> None:
    coordinator = staff("cora")
    case = submitted(partnership())
    place_add(application=case, actor=coordinator, address="14 Hill Road", postcode="SO51 8AB")
    perpetrator_add(application=case, actor=coordinator, names=PERPETRATOR)
    verified(client, coordinator)

    html = section_page(client, case.reference, Section.INCIDENTS)

    assert "14 Hill Road" in html
    assert PERPETRATOR in html
    assert html.count('id="alleged-perpetrators"') == 1


def test_an_officer_of_an_asked_agency_sees_them_to_search_their_records(client: Client) -> None:
    coordinator = staff("cora")
    case = submitted(partnership())
    InformationRequest.objects.create(
        application=case, agency=case.partnership.agencies.get(kind="police"), due_by=timezone.localdate()
    )
    place_add(application=case, actor=coordinator, address="14 Hill Road", postcode="SO51 8AB")
    perpetrator_add(application=case, actor=coordinator, names=PERPETRATOR)
    verified(client, staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police"))

    html = section_page(client, case.reference, Section.INCIDENTS)

    assert "14 Hill Road" in html
    assert PERPETRATOR in html
    # Theirs to read, not to record, nor to look for other cases.
    assert "Add a place" not in html
    assert "Possibly related cases" not in html
