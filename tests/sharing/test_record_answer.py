"""The coordinator records an answer an agency sent by email, phone or letter, and the case page (and
the meeting pack) says where each answer came from; a request to an agency that cannot answer in the
service is flagged on the case page and on "Due and overdue"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from accounts.people import verified
from cases.case_page import section_page
from django.test import Client
from django.utils import timezone
from reviews.builders import Team, answered, scheduled, team

from community_trigger.cases.sections import Section
from community_trigger.reviews.selectors import took_part_in_review
from community_trigger.reviews.services import ReviewRefused
from community_trigger.sharing.models import AnswerSource, InformationResponse
from community_trigger.sharing.services import (
    Answer,
    AnswerNotWanted,
    RecordRefused,
    information_answer_record,
)
from sharing.builders import HEALTH_CONTACT, asked, request_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> Team:
    return team()


def _url(case: object, request_id: int) -> str:
    return f"/staff/cases/{case.reference}/information-requests/{request_id}/record-answer/"  # type: ignore[attr-defined]


def _posted(**overrides: str) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "sender_name": "Jo Bloggs",
        "sender_role": "ASB team",
        "received_on-day": str(today.day),
        "received_on-month": str(today.month),
        "received_on-year": str(today.year),
        "received_via": "email",
        "action_taken": "Checked the records.",
        "outcome": "Nothing held on the street.",
        "attach": "no",
    } | overrides


def test_the_coordinator_records_an_emailed_answer_and_the_case_page_says_where_it_came_from(
    client: Client, people: Team
) -> None:
    case = asked(people)
    health = request_to(case, "health")
    verified(client, people.coordinator)

    response = client.post(_url(case, health.pk), _posted())

    assert response.status_code == 302
    answer = InformationResponse.objects.get(request=health)
    assert (answer.source, answer.received_via, answer.answered_by) == (
        AnswerSource.RECORDED,
        "email",
        people.coordinator,
    )
    page = section_page(client, case.reference, Section.INFORMATION)
    assert "Sent by email by Jo Bloggs, ASB team, on" in page
    assert f"recorded by {people.coordinator.get_full_name()}" in page


def test_a_coordinator_with_the_agencys_email_is_taken_on_to_attach_it_to_the_answer(
    client: Client, people: Team
) -> None:
    case = asked(people)
    health = request_to(case, "health")
    verified(client, people.coordinator)

    response = client.post(_url(case, health.pk), _posted(attach="yes"))

    answer = InformationResponse.objects.get(request=health)
    assert response.status_code == 302
    assert (
        response["Location"] == f"/staff/cases/{case.reference}/documents/add/answers/{answer.pk}/?kind=email"
    )
    page = client.get(response["Location"]).content.decode()
    assert 'value="email" checked' in page


def test_a_recorded_answer_needs_to_say_whether_there_is_a_file_to_attach(
    client: Client, people: Team
) -> None:
    case = asked(people)
    verified(client, people.coordinator)

    response = client.post(_url(case, request_to(case, "health").pk), _posted(attach=""))

    assert response.status_code == 200
    assert "Select whether you have the email or letter to attach" in response.content.decode()
    assert not InformationResponse.objects.filter(request__application=case).exists()


def test_a_recorded_answer_with_errors_keeps_what_was_typed(client: Client, people: Team) -> None:
    case = asked(people)
    verified(client, people.coordinator)

    response = client.post(
        _url(case, request_to(case, "health").pk), _posted(sender_name="", received_via="", outcome="")
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in text
    assert "Enter the name of the person who sent the answer" in text
    assert "Select how the answer came" in text
    assert "Checked the records." in text
    assert not InformationResponse.objects.filter(request__application=case).exclude(source="service")


def test_a_day_received_in_the_future_is_refused_on_the_form(client: Client, people: Team) -> None:
    case = asked(people)
    verified(client, people.coordinator)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(
        _url(case, request_to(case, "health").pk),
        _posted(**{"received_on-day": str(tomorrow.day), "received_on-month": str(tomorrow.month)})
        | {"received_on-year": str(tomorrow.year)},
    )

    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()


def test_an_officer_cannot_record_for_another_agency(people: Team) -> None:
    case = asked(people)

    with pytest.raises(AnswerNotWanted):
        information_answer_record(
            request=request_to(case, "health"),
            answer=Answer(checks={}, action_taken="x", outcome="y"),
            sender_name="Jo",
            sender_role="",
            received_via="phone",
            received_at=timezone.now(),
            actor=people.police_officer,
        )


def test_a_recorded_answer_must_name_its_sender(people: Team) -> None:
    case = asked(people)

    with pytest.raises(RecordRefused) as refused:
        information_answer_record(
            request=request_to(case, "health"),
            answer=Answer(checks={}, action_taken="x", outcome="y"),
            sender_name=" ",
            sender_role="",
            received_via="phone",
            received_at=timezone.now(),
            actor=people.coordinator,
        )

    assert refused.value.field == "sender_name"


def test_the_case_page_warns_of_agencies_that_cannot_answer_in_the_service(
    client: Client, people: Team
) -> None:
    case = asked(people, council="")
    verified(client, people.coordinator)

    page = section_page(client, case.reference, Section.INFORMATION)

    assert f"the request went to {HEALTH_CONTACT}" in page
    assert "Not delivered: no one at" in page


def test_an_officer_is_not_shown_the_coordinators_warnings(client: Client, people: Team) -> None:
    case = asked(people)
    verified(client, people.police_officer)

    page = section_page(client, case.reference, Section.INFORMATION)

    assert HEALTH_CONTACT not in page


def test_due_and_overdue_flags_the_same_requests(client: Client, people: Team) -> None:
    asked(people, council="")
    verified(client, people.coordinator)

    page = client.get("/staff/due/").content.decode()

    assert f"the request went to {HEALTH_CONTACT}" in page
    assert "Not delivered: no one at" in page


def test_an_agency_that_neither_answered_nor_attended_did_not_take_part_in_the_review(
    people: Team,
) -> None:
    case = asked(people)
    meeting = scheduled(people, case, agencies=[people.police])

    took_part = {agency.kind for agency in took_part_in_review(meeting)}

    assert "health" not in took_part
    information_answer_record(
        request=request_to(case, "health"),
        answer=Answer(checks={}, action_taken="x", outcome="y"),
        sender_name="Jo",
        sender_role="",
        received_via="letter",
        received_at=timezone.now(),
        actor=people.coordinator,
    )
    assert "health" in {agency.kind for agency in took_part_in_review(meeting)}


def test_the_meeting_cannot_be_arranged_as_if_an_agency_without_accounts_had_answered(people: Team) -> None:
    case = answered(people)  # the police and housing answered; the council and health board did not

    with pytest.raises(ReviewRefused) as refused:
        scheduled(people, case, unanswered_reason="")

    assert refused.value.field == "unanswered_reason"
