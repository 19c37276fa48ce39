"""Every service refuses a step the rulebook (domain/actions.py) does not allow its caller now, not only
the pages that leave its button out: the same refusal whoever calls it, with the service's own
exception and the rulebook's reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from applications.builders import partnership, submitted
from django.utils import timezone
from reviews.builders import Team, answered, held, outcome_sent, recommended, scheduled, team

from community_trigger.cases.models import Application, CaseEvent
from community_trigger.cases.services import TransitionRefused
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.cases.services.intake import WithdrawalRefused, application_withdraw
from community_trigger.domain.actions import REASONS, Why
from community_trigger.letters.services import NotForPost, letter_mark_posted
from community_trigger.notifications.models import Message
from community_trigger.notifications.services import SendAgainRefused, message_send_again
from community_trigger.reviews.models import Escalation, Meeting, VictimInvolvement
from community_trigger.reviews.services import ReviewRefused
from community_trigger.reviews.services.escalations import escalation_decide, escalation_request
from community_trigger.reviews.services.meetings import meeting_change, meeting_schedule
from community_trigger.reviews.services.plans import (
    action_plan_comments,
    action_plan_finalise,
    action_plan_share,
    case_close,
    outcome_send,
    recommendation_add,
    recommendation_update,
)
from community_trigger.sharing.models import InformationRequest
from community_trigger.sharing.services import (
    AlreadyAnswered,
    AnswerNotWanted,
    DueDateRefused,
    information_answer,
    information_request_all,
    information_request_due_date_change,
)

pytestmark = pytest.mark.django_db

NOT_YOUR_ROLE = REASONS[Why.NOT_YOUR_ROLE]

# Each makes a case where the step is not the caller's to take now, and answers the call that tries it.
Attempt = Callable[[Team], Callable[[], Any]]


def _acknowledged(people: Team) -> Application:
    case = submitted(partnership())
    return application_acknowledge(application=case, actor=people.coordinator)


def _request(case: Application, kind: str) -> InformationRequest:
    return InformationRequest.objects.get(application=case, agency__kind=kind)


def _answer(request: InformationRequest, actor: Any) -> Callable[[], Any]:
    return lambda: information_answer(
        request=request,
        checks={},
        action_taken="Patrols.",
        outcome="Quieter.",
        other_history="",
        risk="",
        risk_sensitive=False,
        actor=actor,
    )


def _scheduled(people: Team) -> Meeting:
    return scheduled(people, answered(people))


def _held(people: Team) -> Meeting:
    return held(people, scheduled(people, answered(people), starts_at=timezone.now() - timedelta(hours=3)))


def _arrangements(people: Team) -> dict[str, Any]:
    return {
        "starts_at": timezone.now() + timedelta(days=7),
        "place": "Beech Hurst, Andover",
        "online_link": "",
        "chair": people.chair,
        "chair_independent": False,
        "agencies": [people.police, people.housing],
        "panel": [people.coordinator],
        "victim_involvement": VictimInvolvement.INVITED,
    }


def _escalated(people: Team) -> Escalation:
    return escalation_request(
        application=outcome_sent(people), about="review", grounds=["process"], details="Not heard."
    )


def acknowledge(people: Team) -> Callable[[], Any]:
    case = submitted(partnership())
    return lambda: application_acknowledge(application=case, actor=people.police_officer)


def decide_threshold(people: Team) -> Callable[[], Any]:
    case = _acknowledged(people)
    return lambda: threshold_decide(
        application=case, outcome="threshold_met", reasons="", actor=people.police_officer
    )


def request_information(people: Team) -> Callable[[], Any]:
    case = _acknowledged(people)
    threshold_decide(application=case, outcome="threshold_met", reasons="", actor=people.coordinator)
    return lambda: information_request_all(application=case, actor=people.police_officer)


def change_due_date(people: Team) -> Callable[[], Any]:
    request = _request(answered(people), "council")
    return lambda: information_request_due_date_change(
        request=request,
        due_by=request.due_by + timedelta(days=7),
        reason="Agreed.",
        actor=people.police_officer,
    )


def answer_for_another(people: Team) -> Callable[[], Any]:
    """The coordinator asks; the agencies answer."""
    return _answer(_request(answered(people), "council"), people.coordinator)


def answer_again(people: Team) -> Callable[[], Any]:
    return _answer(_request(answered(people), "police"), people.police_officer)


def withdraw_after_the_review(people: Team) -> Callable[[], Any]:
    case = outcome_sent(people)
    return lambda: application_withdraw(application=case)


def arrange_meeting(people: Team) -> Callable[[], Any]:
    case = answered(people)
    return lambda: meeting_schedule(
        application=case,
        **_arrangements(people),
        unanswered_reason="Cannot wait.",
        actor=people.police_officer,
    )


def change_meeting(people: Team) -> Callable[[], Any]:
    meeting = _scheduled(people)
    return lambda: meeting_change(
        meeting=meeting, **_arrangements(people), reason="Moved.", actor=people.police_officer
    )


def record_meeting(people: Team) -> Callable[[], Any]:
    meeting = scheduled(people, answered(people), starts_at=timezone.now() - timedelta(hours=3))
    return lambda: held(people, meeting, actor=people.police_officer)


def add_recommendation(people: Team) -> Callable[[], Any]:
    meeting = _held(people)
    return lambda: recommendation_add(
        meeting=meeting,
        agency=people.police,
        owner=people.police_officer,
        action="Patrol.",
        due_by=timezone.localdate() + timedelta(days=28),
        actor=people.police_officer,
    )


def update_another_agencys_recommendation(people: Team) -> Callable[[], Any]:
    """Housing has nothing of its own to move on: the police's recommendation is the police's."""
    meeting = _held(people)
    made = recommended(people, meeting, people.police, people.police_officer, "Patrol.")
    return lambda: recommendation_update(recommendation=made, to="accepted", actor=people.housing_officer)


def _planned(people: Team) -> Meeting:
    meeting = _held(people)
    made = recommended(people, meeting, people.police, people.police_officer, "Patrol.")
    recommendation_update(recommendation=made, to="accepted", actor=people.coordinator)
    return meeting


def share_plan(people: Team) -> Callable[[], Any]:
    meeting = _planned(people)
    return lambda: action_plan_share(meeting=meeting, actor=people.police_officer)


def record_comments(people: Team) -> Callable[[], Any]:
    meeting = _planned(people)
    action_plan_share(meeting=meeting, actor=people.coordinator)
    return lambda: action_plan_comments(meeting=meeting, comments="Fine.", actor=people.police_officer)


def finalise_plan(people: Team) -> Callable[[], Any]:
    meeting = _planned(people)
    action_plan_share(meeting=meeting, actor=people.coordinator)
    action_plan_comments(meeting=meeting, comments="Fine.", actor=people.coordinator)
    return lambda: action_plan_finalise(meeting=meeting, actor=people.police_officer)


def send_outcome(people: Team) -> Callable[[], Any]:
    meeting = _held(people)
    return lambda: outcome_send(meeting=meeting, summary_for_applicant="Done.", actor=people.police_officer)


def close(people: Team) -> Callable[[], Any]:
    case = _held(people).application
    return lambda: case_close(application=case, actor=people.police_officer)


def close_before_the_review(people: Team) -> Callable[[], Any]:
    case = answered(people)
    return lambda: case_close(application=case, actor=people.coordinator)


def escalate_before_a_decision(people: Team) -> Callable[[], Any]:
    case = answered(people)
    return lambda: escalation_request(application=case, about="review", grounds=["process"], details="Slow.")


def record_an_escalation_for_the_applicant(people: Team) -> Callable[[], Any]:
    case = outcome_sent(people)
    return lambda: escalation_request(
        application=case,
        about="review",
        grounds=["process"],
        details="Not heard.",
        entered_by=people.police_officer,
    )


def decide_escalation(people: Team) -> Callable[[], Any]:
    escalation = _escalated(people)
    return lambda: escalation_decide(
        escalation=escalation, upheld=False, reasons="Fine.", actor=people.police_officer
    )


def mark_letter_posted(people: Team) -> Callable[[], Any]:
    letter = _acknowledged(people).letters.get()
    return lambda: letter_mark_posted(letter=letter, actor=people.police_officer)


def send_again(people: Team) -> Callable[[], Any]:
    message = Message.objects.filter(case=_acknowledged(people)).first()
    assert message is not None
    return lambda: message_send_again(message=message, actor=people.police_officer)


REFUSED: list[tuple[Attempt, type[Exception], str]] = [
    (acknowledge, TransitionRefused, NOT_YOUR_ROLE),
    (decide_threshold, TransitionRefused, NOT_YOUR_ROLE),
    (request_information, TransitionRefused, NOT_YOUR_ROLE),
    (change_due_date, DueDateRefused, NOT_YOUR_ROLE),
    (answer_for_another, AnswerNotWanted, NOT_YOUR_ROLE),
    (answer_again, AlreadyAnswered, REASONS[Why.ALREADY_ANSWERED]),
    (withdraw_after_the_review, WithdrawalRefused, "cannot be withdrawn"),
    (arrange_meeting, ReviewRefused, NOT_YOUR_ROLE),
    (change_meeting, ReviewRefused, NOT_YOUR_ROLE),
    (record_meeting, ReviewRefused, NOT_YOUR_ROLE),
    (add_recommendation, ReviewRefused, NOT_YOUR_ROLE),
    (update_another_agencys_recommendation, ReviewRefused, REASONS[Why.NOTHING_TO_UPDATE]),
    (share_plan, ReviewRefused, NOT_YOUR_ROLE),
    (record_comments, ReviewRefused, NOT_YOUR_ROLE),
    (finalise_plan, ReviewRefused, NOT_YOUR_ROLE),
    (send_outcome, ReviewRefused, NOT_YOUR_ROLE),
    (close, ReviewRefused, NOT_YOUR_ROLE),
    (close_before_the_review, TransitionRefused, REASONS[Why.NOT_AT_THIS_STEP]),
    (escalate_before_a_decision, ReviewRefused, "once you have our decision or outcome"),
    (record_an_escalation_for_the_applicant, ReviewRefused, NOT_YOUR_ROLE),
    (decide_escalation, ReviewRefused, "Only a reviewer"),
    (mark_letter_posted, NotForPost, NOT_YOUR_ROLE),
    (send_again, SendAgainRefused, NOT_YOUR_ROLE),
]


@pytest.mark.parametrize(("attempt", "refusal", "reason"), REFUSED, ids=[a.__name__ for a, _, _ in REFUSED])
def test_a_step_the_rulebook_does_not_allow_is_refused_by_the_service(
    attempt: Attempt, refusal: type[Exception], reason: str
) -> None:
    people = team()
    call = attempt(people)
    events = CaseEvent.objects.count()

    with pytest.raises(refusal, match=reason):
        call()

    assert CaseEvent.objects.count() == events


# Steps about one agency's part of a case: the rulebook speaks of the case, the service of the part.


@pytest.fixture
def people() -> Team:
    return team()


def test_an_officer_cannot_answer_another_agencys_request(people: Team) -> None:
    case = submitted(partnership())
    application_acknowledge(application=case, actor=people.coordinator)
    threshold_decide(application=case, outcome="threshold_met", reasons="", actor=people.coordinator)
    information_request_all(application=case, actor=people.coordinator)
    housing = _request(case, "housing")

    with pytest.raises(AnswerNotWanted, match="Only Aster Group can answer its own request"):
        information_answer(
            request=housing,
            checks={},
            action_taken="Patrols.",
            outcome="",
            other_history="",
            risk="",
            risk_sensitive=False,
            actor=people.police_officer,
        )

    housing.refresh_from_db()
    assert housing.answered_at is None


def test_an_officer_cannot_move_another_agencys_recommendation_on(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    for_housing = recommended(people, meeting, people.housing, people.housing_officer, "offer mediation")
    recommended(people, meeting, people.police, people.police_officer, "patrol the street")

    with pytest.raises(ReviewRefused, match="Only Aster Group can move its recommendation on"):
        recommendation_update(recommendation=for_housing, to="accepted", actor=people.police_officer)

    for_housing.refresh_from_db()
    assert for_housing.status == "proposed"
