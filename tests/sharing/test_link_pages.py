"""The secure link's pages, as the person at the agency uses them without an account: outside /staff/,
the code first, then what that agency's officer would see and the answer form. A link opens only its
own request; one that cannot be used says so and nothing about the case."""

from __future__ import annotations

import pytest
from accounts.people import PERSONAS, signed_in_as
from django.test import Client
from reviews.builders import Team, team

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.sharing.links import answer_link_find
from community_trigger.sharing.models import AnswerSource, InformationResponse
from sharing.builders import asked, emailed_code, emailed_token, request_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> Team:
    return team()


def _code_entered(client: Client, token: str) -> None:
    assert client.post(f"/answer/{token}/").status_code == 302
    code = emailed_code(answer_link_find(token))
    response = client.post(f"/answer/{token}/code/", {"code": code})
    assert response.status_code == 302
    assert response["Location"] == f"/answer/{token}/answer/"


def _answer(**overrides: str) -> dict[str, str]:
    return {
        "sender_name": "Jo Bloggs",
        "sender_role": "Safeguarding lead",
        "action_taken": "Checked our records.",
        "outcome": "Nothing held.",
    } | overrides


def _health_token(people: Team) -> tuple[Application, str]:
    case = asked(people)
    return case, emailed_token(request_to(case, "health"))


def test_the_first_page_names_the_request_not_the_people_and_sends_no_code_until_asked(
    client: Client, people: Team
) -> None:
    case, token = _health_token(people)

    page = client.get(f"/answer/{token}/")

    assert page.status_code == 200
    assert case.reference in page.content.decode()
    assert "Email me a code" in page.content.decode()
    assert case.people.get(role="applicant").name not in page.content.decode()
    assert not answer_link_find(token).code_hash


def test_the_answer_page_needs_the_code(client: Client, people: Team) -> None:
    _, token = _health_token(people)

    response = client.get(f"/answer/{token}/answer/")

    assert response.status_code == 302
    assert response["Location"] == f"/answer/{token}/"


def test_a_wrong_code_is_said_so_on_the_page(client: Client, people: Team) -> None:
    _, token = _health_token(people)
    client.post(f"/answer/{token}/")

    response = client.post(f"/answer/{token}/code/", {"code": "12"})

    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_with_the_code_the_page_shows_what_the_agencys_officer_sees_and_the_answer_is_recorded(
    client: Client, people: Team
) -> None:
    case, token = _health_token(people)
    _code_entered(client, token)

    page = client.get(f"/answer/{token}/answer/")
    assert page.status_code == 200
    assert case.people.get(role="applicant").name in page.content.decode()
    # Not the applicant's own account of the impact: an officer does not read it.
    assert case.impact not in page.content.decode()

    sent = client.post(f"/answer/{token}/answer/", _answer())

    assert sent.status_code == 302
    assert sent["Location"] == "/answer/sent/"
    response = InformationResponse.objects.get(request__application=case, request__agency__kind="health")
    assert (response.source, response.sender_name) == (AnswerSource.SECURE_LINK, "Jo Bloggs")
    assert client.get(f"/answer/{token}/").status_code == 410
    assert AuditEntry.objects.filter(subject_id=str(case.pk), detail="secure link answer page").exists()


def test_an_answer_with_missing_fields_keeps_what_was_typed(client: Client, people: Team) -> None:
    _, token = _health_token(people)
    _code_entered(client, token)

    response = client.post(f"/answer/{token}/answer/", _answer(sender_name="", outcome=""))

    text = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in text
    assert "Enter your name" in text
    assert "Checked our records." in text


def test_a_code_for_one_link_does_not_open_another_links_answer_page(client: Client, people: Team) -> None:
    _, first = _health_token(people)
    _, second = _health_token(people)
    _code_entered(client, first)

    response = client.get(f"/answer/{second}/answer/")

    assert response.status_code == 302
    assert response["Location"] == f"/answer/{second}/"


def test_a_wrong_or_used_link_says_so_without_a_word_about_the_case(client: Client, people: Team) -> None:
    case, token = _health_token(people)

    unknown = client.get(f"/answer/{token[:-3]}abc/")

    assert unknown.status_code == 404
    assert "This link cannot be used" in unknown.content.decode()
    assert case.reference not in unknown.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_staff_signed_in_get_nothing_more_from_a_link_than_anyone(
    client: Client, people: Team, persona: str
) -> None:
    _, token = _health_token(people)
    signed_in_as(client, persona)

    assert client.get(f"/answer/{token}/answer/").status_code == 302
    assert client.get(f"/answer/{token}/code/").status_code == 200
    assert client.get("/answer/not-a-token/").status_code == 404
