"""Possibly related cases, each with why it matched, among the cases the coordinator may see; and
linking two cases, which both show and both histories record."""

from __future__ import annotations

from typing import Any

import pytest
from accounts.people import error_messages, staff, verified
from applications.builders import other_partnership, partnership, submitted
from cases.case_page import section_page
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from community_trigger.cases.models import Application, CaseEvent, Happened, Person, Report
from community_trigger.cases.sections import Section
from community_trigger.domain.access import Role
from community_trigger.related.models import CaseLink
from community_trigger.related.selectors import RELATED_SHOWN, related_cases_for
from community_trigger.related.services import DetailsRefused, case_link
from community_trigger.sharing.models import InformationRequest

from .builders import case_with

pytestmark = pytest.mark.django_db


def _reasons(user: Any, case: Application) -> dict[str, list[str]]:
    return {related.row.reference: related.reasons for related in related_cases_for(user, case)}


def test_a_case_with_the_same_postcode_is_related_and_says_so() -> None:
    coordinator = staff("cora")
    new = case_with(coordinator, place="14 Hill Road", postcode="SO51 8AB")
    old = case_with(coordinator, place="16 Hill Road", postcode="so518ab")
    case_with(coordinator, place="Quarry Lane", postcode="SP10 1AA")

    assert _reasons(coordinator, new) == {old.reference: ["Same postcode SO51 8AB"]}


def test_a_case_about_a_similarly_named_perpetrator_is_related_and_says_so() -> None:
    coordinator = staff("cora")
    new = case_with(coordinator, perpetrator="John Smith")
    old = case_with(coordinator, perpetrator="Jon Smyth")
    same = case_with(coordinator, perpetrator="john  SMITH")
    case_with(coordinator, perpetrator="Jonathan Green")

    assert _reasons(coordinator, new) == {
        old.reference: ["Alleged perpetrator name close to ‘Jon Smyth’"],
        same.reference: ["Same alleged perpetrator ‘john SMITH’"],
    }


def test_a_case_from_the_same_applicant_is_related_and_says_why() -> None:
    coordinator = staff("cora")
    new = case_with(coordinator, applicant="Pat Jones", email="pat@example.com")
    by_email = case_with(coordinator, email="PAT@example.com")
    by_name = case_with(coordinator, applicant="pat jones")
    by_phone = case_with(coordinator)
    Person.objects.filter(application__in=[new, by_name]).update(postcode="SO51 8AB")
    Person.objects.filter(application=new).update(phone="07700 900982")
    Person.objects.filter(application=by_phone).update(phone="+44 7700 900 982")
    case_with(coordinator, applicant="Pat Jones")  # the same name elsewhere is not enough

    assert _reasons(coordinator, new) == {
        by_email.reference: ["Same applicant email address"],
        by_name.reference: ["Same applicant name and postcode SO51 8AB"],
        by_phone.reference: ["Same applicant phone number"],
    }


def test_a_case_with_the_same_agency_reference_is_related() -> None:
    coordinator = staff("cora")
    new, old = case_with(coordinator), case_with(coordinator)
    Report.objects.filter(incident__application=new).update(reference="44260012345")
    Report.objects.filter(incident__application=old).update(reference="44260012345")

    assert _reasons(coordinator, new) == {old.reference: ["Same agency reference 44260012345"]}


def test_related_cases_are_only_among_those_the_viewer_may_see_and_at_most_ten() -> None:
    coordinator = staff("cora")
    new = case_with(coordinator, postcode="SO51 8AB")
    for _ in range(RELATED_SHOWN + 2):
        case_with(coordinator, postcode="SO51 8AB")
    elsewhere = other_partnership()
    olly = staff("olly", role=None)
    olly.memberships.create(agency=elsewhere.agencies.get(), role=Role.COORDINATOR)
    theirs = case_with(olly, of=elsewhere, postcode="SO51 8AB")

    related = _reasons(coordinator, new)

    assert len(related) == RELATED_SHOWN
    assert theirs.reference not in related


def test_the_related_list_costs_the_same_few_queries_however_many_cases_match(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    coordinator = staff("cora")
    new = case_with(coordinator, postcode="SO51 8AB", perpetrator="John Smith")
    for _ in range(15):
        case_with(coordinator, postcode="SO51 8AB", perpetrator="Jon Smyth")

    with django_assert_max_num_queries(14):
        related = related_cases_for(coordinator, new)

    assert len(related) == RELATED_SHOWN


# Linking ----------------------------------------------------------------------------------------------


def _link_page(reference: str) -> str:
    return f"/staff/cases/{reference}/related/links/new/"


def test_linking_two_cases_records_the_link_on_both_histories_with_the_reason_beside_it(
    client: Client,
) -> None:
    coordinator = staff("cora")
    new, old = submitted(partnership()), submitted(partnership())
    verified(client, coordinator)

    response = client.post(
        _link_page(new.reference), {"other": old.reference.lower(), "reason": "Same neighbour"}
    )

    assert response.status_code == 302
    link = CaseLink.objects.get()
    for case, other in ((new, old), (old, new)):
        event = CaseEvent.objects.get(application=case, kind=Happened.CASE_LINKED)
        assert event.facts == {"link": link.pk, "other_case": other.pk}
        assert event.words.text == "Same neighbour"
        html = section_page(client, case.reference, Section.INCIDENTS)
        assert f'href="/staff/cases/{other.reference}/"' in html
        assert "Same neighbour" in html


def test_a_linked_case_the_viewer_may_not_see_is_counted_not_named(client: Client) -> None:
    coordinator = staff("cora")
    asked, other = submitted(partnership()), submitted(partnership())
    InformationRequest.objects.create(
        application=asked, agency=asked.partnership.agencies.get(kind="police"), due_by=timezone.localdate()
    )
    case_link(application=asked, other=other, actor=coordinator, reason="Same neighbour")
    verified(client, staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police"))

    html = section_page(client, asked.reference, Section.INCIDENTS)

    assert "1 linked case you cannot see." in html
    assert other.reference not in html
    assert "Same neighbour" not in html


def test_the_case_page_suggests_related_cases_to_link_to_the_coordinator(client: Client) -> None:
    coordinator = staff("cora")
    new = case_with(coordinator, postcode="SO51 8AB")
    old = case_with(coordinator, postcode="SO51 8AB")
    verified(client, coordinator)

    html = section_page(client, new.reference, Section.INCIDENTS)

    assert "Possibly related cases" in html
    assert "Same postcode SO51 8AB" in html
    assert f"/related/links/new/?with={old.reference}" in html
    form = client.get(_link_page(new.reference) + f"?with={old.reference}").content.decode()
    assert f'value="{old.reference}"' in form


@pytest.mark.parametrize(
    ("other", "reason", "message"),
    [
        ("", "Same neighbour", "Enter the reference of the case to link, like TVP-2026-0007"),
        ("TVP-2099-9999", "Same neighbour", "Enter the reference of a case you can see, like TVP-2026-0007"),
        ("OLD", "", "Enter why the cases are linked"),
        ("SELF", "Same neighbour", "A case cannot be linked to itself"),
    ],
)
def test_a_link_that_cannot_be_made_is_explained_and_what_was_typed_kept(
    client: Client, other: str, reason: str, message: str
) -> None:
    new, old = submitted(partnership()), submitted(partnership())
    typed = {"OLD": old.reference, "SELF": new.reference}.get(other, other)
    verified(client, staff("cora"))

    response = client.post(_link_page(new.reference), {"other": typed, "reason": reason})

    html = response.content.decode()
    assert response.status_code == 200
    assert error_messages(response) == [message]
    if typed:
        assert f'value="{typed}"' in html
    if reason:
        assert reason in html
    assert not CaseLink.objects.exists()


def test_a_case_of_another_partnership_cannot_be_linked_even_by_reference(client: Client) -> None:
    new = submitted(partnership())
    theirs = submitted(other_partnership())
    verified(client, staff("cora"))

    response = client.post(_link_page(new.reference), {"other": theirs.reference, "reason": "Same neighbour"})

    assert error_messages(response) == ["Enter the reference of a case you can see, like TVP-2026-0007"]
    assert not CaseLink.objects.exists()


def test_two_cases_are_linked_once() -> None:
    coordinator = staff("cora")
    new, old = submitted(partnership()), submitted(partnership())
    case_link(application=new, other=old, actor=coordinator, reason="Same neighbour")

    with pytest.raises(DetailsRefused):
        case_link(application=old, other=new, actor=coordinator, reason="Again")
    assert CaseLink.objects.count() == 1
