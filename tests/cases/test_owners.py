"""A case's named owner: given by the partnership's rule as the request arrives (the coordinators in
turn, or a default owner), given to another coordinator with a reason, shown on the case page, and
signing the letters and emails the applicant is sent."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from accounts.people import signed_in_as, staff, verified
from applications.builders import partnership, submitted
from django.test import Client

from community_trigger.agencies.models import Membership, OwnerRule, StaffDetails
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, CaseEvent, Happened
from community_trigger.cases.services.decisions import application_acknowledge
from community_trigger.cases.services.owners import NotACoordinator, OwnerRefused, case_owner_change
from community_trigger.domain.access import Role
from community_trigger.letters.models import Letter
from community_trigger.notifications.messages import ApplicationReceived, from_values
from community_trigger.notifications.models import Message
from community_trigger.notifications.senders import sender_of

pytestmark = pytest.mark.django_db


def _owner_events(case: Application) -> list[dict[str, Any]]:
    return [event.facts for event in CaseEvent.objects.filter(application=case, kind=Happened.OWNER_CHANGED)]


# Given as it arrives ----------------------------------------------------------------------------------


def test_the_coordinators_are_given_new_cases_in_turn() -> None:
    cara, cory, cleo = staff("cara"), staff("cory"), staff("cleo")
    staff("pat", role=Role.AGENCY_OFFICER, agency_kind="police")  # answers for the police; owns nothing

    owners = [submitted(partnership()).owner for _ in range(6)]

    assert owners == [cara, cory, cleo, cara, cory, cleo]
    assert Counter(owner.pk for owner in owners if owner) == {cara.pk: 2, cory.pk: 2, cleo.pk: 2}


def test_a_new_coordinator_is_given_the_next_case_and_then_takes_their_turn() -> None:
    cara, cory = staff("cara"), staff("cory")
    first, second = submitted(partnership()), submitted(partnership())
    cleo = staff("cleo")

    later = [submitted(partnership()).owner for _ in range(3)]

    assert (first.owner, second.owner) == (cara, cory)
    assert later == [cleo, cara, cory]


def test_the_arrival_records_the_owner_and_the_rule_in_the_history() -> None:
    cara = staff("cara")

    case = submitted(partnership())

    assert Application.objects.get(pk=case.pk).owner == cara
    assert _owner_events(case) == [{"owner": cara.pk, "was": None, "rule": "round_robin"}]


def test_the_default_owner_is_given_every_new_case() -> None:
    staff("cara")
    dee = staff("dee")
    partnership().__class__.objects.filter(slug="test-valley").update(
        owner_rule=OwnerRule.DEFAULT, default_owner=dee
    )

    owners = {submitted(partnership()).owner for _ in range(3)}

    assert owners == {dee}


def test_a_default_owner_who_is_no_longer_a_coordinator_gives_way_to_the_turns() -> None:
    cara = staff("cara")
    dee = staff("dee")
    partnership().__class__.objects.filter(slug="test-valley").update(
        owner_rule=OwnerRule.DEFAULT, default_owner=dee
    )
    Membership.objects.filter(user=dee).update(role=Role.AUDITOR.value)

    case = submitted(partnership())

    assert case.owner == cara
    assert _owner_events(case)[0]["rule"] == "round_robin"


def test_a_partnership_with_no_coordinator_leaves_the_case_without_an_owner() -> None:
    case = submitted(partnership())

    assert case.owner is None
    assert _owner_events(case) == []


# Given to another coordinator -------------------------------------------------------------------------


def test_a_coordinator_gives_the_case_to_another_with_a_reason_and_the_new_owner_is_told(
    client: Client,
) -> None:
    cara = staff("cara")
    case = submitted(partnership())
    cory = staff("cory", email="cory@council.example")
    verified(client, cara)

    page = client.get(f"/staff/cases/{case.reference}/owner/")
    response = client.post(
        f"/staff/cases/{case.reference}/owner/", {"owner": str(cory.pk), "reason": "Cara is on leave."}
    )

    assert page.status_code == 200
    assert response["Location"] == f"/staff/cases/{case.reference}/"
    case.refresh_from_db()
    assert case.owner == cory
    event = CaseEvent.objects.filter(application=case, kind=Happened.OWNER_CHANGED).latest("pk")
    assert event.facts == {"owner": cory.pk, "was": cara.pk, "rule": "reassigned"}
    assert (event.actor, event.reason) == (cara, "Cara is on leave.")
    assert AuditEntry.objects.filter(subject_id=str(case.pk), detail="case owner", actor=cara).exists()
    message = Message.objects.get(kind="case_owner_changed")
    assert message.to == "cory@council.example"
    told = from_values(message.values)
    assert "Cara is on leave" not in told.body(), "no words a person wrote travel by email"
    assert case.reference in told.subject()
    assert f"/staff/cases/{case.reference}/" in told.body()


def test_the_case_page_names_the_owner_with_their_direct_contact_details(client: Client) -> None:
    cara = staff("cara", email="cara@council.example")
    StaffDetails.objects.create(user=cara, job_title="ASB case officer", phone="01632 960 111")
    case = submitted(partnership())
    verified(client, cara)

    page = client.get(f"/staff/cases/{case.reference}/").content.decode()

    assert "Cara Staffer, ASB case officer" in page
    assert "Direct line: 01632 960 111" in page
    assert "cara@council.example" in page
    assert f'href="/staff/cases/{case.reference}/owner/"' in page


@pytest.mark.parametrize("persona", ["panel chair", "auditor", "officer of the asked agency"])
def test_only_a_coordinator_may_give_the_case_away(client: Client, persona: str) -> None:
    staff("cara")
    case = submitted(partnership())
    police = case.partnership.agencies.get(kind="police")
    case.information_requests.create(agency=police, due_by=case.acknowledge_by)
    signed_in_as(client, persona)

    response = client.post(f"/staff/cases/{case.reference}/owner/", {"owner": "1", "reason": "Mine."})

    assert response.status_code == 403
    assert (
        f'href="/staff/cases/{case.reference}/owner/"'
        not in client.get(f"/staff/cases/{case.reference}/").content.decode()
    )


def test_another_partnerships_coordinator_is_not_told_the_case_exists(client: Client) -> None:
    staff("cara")
    case = submitted(partnership())
    signed_in_as(client, "other partnership")

    assert client.get(f"/staff/cases/{case.reference}/owner/").status_code == 404


def test_the_new_owner_must_be_a_coordinator_of_the_partnership(client: Client) -> None:
    cara = staff("cara")
    case = submitted(partnership())
    chair = staff("chris", role=Role.PANEL_CHAIR)
    verified(client, cara)

    response = client.post(f"/staff/cases/{case.reference}/owner/", {"owner": str(chair.pk), "reason": "x"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Select one of the partnership&#x27;s coordinators" in page
    case.refresh_from_db()
    assert case.owner == cara
    with pytest.raises(NotACoordinator):
        case_owner_change(application=case, owner=chair, reason="x", actor=cara)


def test_a_reason_is_needed_and_the_choice_is_kept(client: Client) -> None:
    cara = staff("cara")
    case = submitted(partnership())
    cory = staff("cory")
    verified(client, cara)

    response = client.post(f"/staff/cases/{case.reference}/owner/", {"owner": str(cory.pk), "reason": ""})

    page = response.content.decode()
    assert "Enter why the case is changing owner" in page
    assert f'value="{cory.pk}" checked' in page


def test_the_service_refuses_a_change_by_someone_who_does_not_manage_cases() -> None:
    staff("cara")
    case = submitted(partnership())
    cory, chair = staff("cory"), staff("chris", role=Role.PANEL_CHAIR)

    with pytest.raises(OwnerRefused):
        case_owner_change(application=case, owner=cory, reason="x", actor=chair)


# Signed by the owner ----------------------------------------------------------------------------------


def _signed_by_cara() -> tuple[Application, Any]:
    cara = staff("cara", email="cara@council.example")
    StaffDetails.objects.create(user=cara, job_title="ASB case officer", phone="01632 960 111")
    case = submitted(partnership())
    return case, cara


def test_letters_are_signed_by_the_owner_with_their_direct_line() -> None:
    case, cara = _signed_by_cara()

    application_acknowledge(application=case, actor=cara)

    text = Letter.objects.get(application=case).body_text
    assert "Cara Staffer\nASB case officer\nTest Valley Partnership" in text
    assert "Direct line: 01632 960 111" in text
    assert "Email: cara@council.example" in text
    assert "Cara Staffer looks after your request" in text


def test_a_letter_in_welsh_is_signed_in_welsh() -> None:
    case, cara = _signed_by_cara()
    Application.objects.filter(pk=case.pk).update(language="cy")
    case.refresh_from_db()

    application_acknowledge(application=case, actor=cara)

    text = Letter.objects.get(application=case).body_text
    assert "Cara Staffer" in text
    assert "Llinell uniongyrchol: 01632 960 111" in text


def test_a_case_without_an_owner_is_signed_by_the_partnership() -> None:
    case = submitted(partnership())
    cara = staff("cara")

    application_acknowledge(application=case, actor=cara)

    text = Letter.objects.get(application=case).body_text
    assert "Community Trigger coordinator\nTest Valley Partnership" in text
    assert "Direct line" not in text


def test_the_confirmation_email_is_signed_by_the_owner() -> None:
    case, _ = _signed_by_cara()

    email = ApplicationReceived(
        reference=case.reference, partnership=sender_of(case), acknowledge_by=case.acknowledge_by
    )

    body = email.body()
    assert "Cara Staffer looks after your request" in body
    assert (
        "Cara Staffer, ASB case officer\nTest Valley Partnership\n"
        "Direct line: 01632 960 111\nEmail: cara@council.example"
    ) in body
