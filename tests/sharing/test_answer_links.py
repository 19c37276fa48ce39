"""The secure link an agency with nobody in the service answers its request with: sent to its contact
address, opened with a code sent to the same address, for that one request, once, until it expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
from reviews.builders import Team, team

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import CaseEvent, Happened
from community_trigger.cases.services.intake import application_withdraw
from community_trigger.common.calendar import working_days_after
from community_trigger.notifications.models import Message
from community_trigger.sharing.links import (
    CODE_ATTEMPTS,
    LinkNotUsable,
    _link_code_hash,
    answer_link_code_check,
    answer_link_code_send,
    answer_link_find,
)
from community_trigger.sharing.models import AnswerLink, AnswerSource
from community_trigger.sharing.services import (
    Answer,
    AnswerNotWanted,
    information_answer_by_link,
    information_request_due_date_change,
)
from sharing.builders import HEALTH_CONTACT, asked, emailed_code, emailed_token, request_to

pytestmark = pytest.mark.django_db

ANSWER = Answer(checks={}, action_taken="Two visits.", outcome="It carried on.")


@pytest.fixture
def people() -> Team:
    return team()


def _opened(token: str) -> AnswerLink:
    """The link found, a code sent and entered, as the person at the agency does."""
    link = answer_link_find(token)
    answer_link_code_send(link=link)
    assert answer_link_code_check(link=link, code=emailed_code(link))
    return link


def test_an_agency_with_nobody_in_the_service_is_sent_a_link_at_its_contact_address(people: Team) -> None:
    case = asked(people)
    health = request_to(case, "health")

    email = Message.objects.get(key=f"information_requested:{health.pk}:contact")
    link = health.answer_links.get()

    assert email.to == HEALTH_CONTACT
    assert email.kind == "information_requested_by_link"
    assert link.sent_to == HEALTH_CONTACT
    # Only its keyed hash is kept: the token is in the email alone.
    assert emailed_token(health) not in link.token_hash
    assert link.expires_at.date() > health.due_by


def test_agencies_whose_officers_answer_in_the_service_get_no_link(people: Team) -> None:
    case = asked(people)

    assert not AnswerLink.objects.filter(request__application=case).exclude(request__agency__kind="health")
    assert not Message.objects.filter(key__endswith=":contact", case=case).exclude(to=HEALTH_CONTACT)


def test_an_agency_with_no_contact_address_is_sent_nothing(people: Team) -> None:
    case = asked(people, council="")

    assert not request_to(case, "council").answer_links.exists()


def test_the_answer_through_the_link_counts_as_the_agencys_and_names_who_gave_it(people: Team) -> None:
    case = asked(people)
    health = request_to(case, "health")
    link = _opened(emailed_token(health))

    response = information_answer_by_link(
        link=link, answer=ANSWER, sender_name="Jo Bloggs", sender_role="ASB"
    )

    health.refresh_from_db()
    assert health.answered_at is not None
    assert (response.source, response.sender_name, response.sender_role) == (
        AnswerSource.SECURE_LINK,
        "Jo Bloggs",
        "ASB",
    )
    assert response.answered_by is None
    event = CaseEvent.objects.filter(application=case, kind=Happened.ANSWERED).get()
    assert event.facts["source"] == "secure_link"
    assert event.actor is None
    assert event.actor_label.startswith("Jo Bloggs, ")
    assert event.actor_label.endswith("(secure link)")
    assert AuditEntry.objects.filter(
        subject_id=str(case.pk), detail__endswith="through the secure link", actor_label=event.actor_label
    ).exists()


def test_a_link_is_used_once(people: Team) -> None:
    token = emailed_token(request_to(asked(people), "health"))
    link = _opened(token)
    information_answer_by_link(link=link, answer=ANSWER, sender_name="Jo", sender_role="")

    with pytest.raises(LinkNotUsable) as refused:
        answer_link_find(token)

    assert refused.value.why == LinkNotUsable.USED


def test_a_link_expires(people: Team) -> None:
    token = emailed_token(request_to(asked(people), "health"))
    link = answer_link_find(token)

    with pytest.raises(LinkNotUsable) as refused:
        answer_link_find(token, now=link.expires_at + timedelta(seconds=1))

    assert refused.value.why == LinkNotUsable.EXPIRED


def test_a_wrong_token_opens_nothing(people: Team) -> None:
    token = emailed_token(request_to(asked(people), "health"))

    with pytest.raises(LinkNotUsable) as refused:
        answer_link_find(token[:-2] + "xx")

    assert refused.value.why == LinkNotUsable.UNKNOWN


def test_the_code_goes_to_the_address_the_link_was_sent_to(people: Team) -> None:
    link = answer_link_find(emailed_token(request_to(asked(people), "health")))

    answer_link_code_send(link=link)

    message = Message.objects.get(key=f"answer_link_code:{link.pk}:1")
    assert message.to == HEALTH_CONTACT
    assert len(message.values["code"]) == 6


def test_a_wrong_code_counts_and_the_link_closes_after_too_many(people: Team) -> None:
    token = emailed_token(request_to(asked(people), "health"))
    link = answer_link_find(token)
    answer_link_code_send(link=link)
    wrong = "000000" if emailed_code(link) != "000000" else "111111"

    results = [answer_link_code_check(link=link, code=wrong) for _ in range(CODE_ATTEMPTS)]

    assert results == [False] * CODE_ATTEMPTS
    with pytest.raises(LinkNotUsable) as refused:
        answer_link_find(token)
    assert refused.value.why == LinkNotUsable.CLOSED


def test_a_code_works_once_and_not_after_thirty_minutes(people: Team) -> None:
    link = answer_link_find(emailed_token(request_to(asked(people), "health")))
    answer_link_code_send(link=link)
    code = emailed_code(link)
    sent_at = AnswerLink.objects.get(pk=link.pk).code_sent_at
    assert sent_at is not None

    assert not answer_link_code_check(link=link, code=code, now=sent_at + timedelta(minutes=31))
    assert answer_link_code_check(link=link, code=code)
    assert not answer_link_code_check(link=link, code=code)


def test_a_code_is_kept_tied_to_its_link_so_it_never_opens_another(people: Team) -> None:
    first = answer_link_find(emailed_token(request_to(asked(people), "health")))
    second = answer_link_find(emailed_token(request_to(asked(people), "health")))

    assert _link_code_hash(first, "123456") != _link_code_hash(second, "123456")


def test_a_link_is_not_wanted_once_the_coordinator_has_recorded_the_answer_or_the_applicant_withdrew(
    people: Team,
) -> None:
    case = asked(people)
    token = emailed_token(request_to(case, "health"))

    application_withdraw(application=case)

    with pytest.raises(LinkNotUsable) as refused:
        answer_link_find(token)
    assert refused.value.why == LinkNotUsable.NOT_WANTED


def test_an_answer_through_a_link_of_a_withdrawn_case_is_refused(people: Team) -> None:
    case = asked(people)
    link = _opened(emailed_token(request_to(case, "health")))
    application_withdraw(application=case)

    with pytest.raises((LinkNotUsable, AnswerNotWanted)):
        information_answer_by_link(link=link, answer=ANSWER, sender_name="Jo", sender_role="")


def test_a_new_due_date_is_emailed_to_the_contact_address_and_keeps_the_link_open_longer(
    people: Team,
) -> None:
    case = asked(people)
    health = request_to(case, "health")
    was = health.answer_links.get().expires_at

    information_request_due_date_change(
        request=health,
        due_by=working_days_after(health.due_by, 10),
        reason="They asked for more time.",
        actor=people.coordinator,
    )

    told = Message.objects.get(kind="information_due_date_changed", to=HEALTH_CONTACT)
    assert told.values["by_link"] is True
    assert health.answer_links.get().expires_at > was


def test_no_answer_is_taken_through_a_link_whose_code_was_not_entered(people: Team) -> None:
    link = answer_link_find(emailed_token(request_to(asked(people), "health")))
    answer_link_code_send(link=link)

    with pytest.raises(LinkNotUsable):
        information_answer_by_link(
            link=AnswerLink.objects.get(pk=link.pk), answer=ANSWER, sender_name="Jo", sender_role=""
        )
