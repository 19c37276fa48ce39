"""After the review: a recommendation reworded or re-dated with a reason and its history kept; the
applicant told, by a way they said is safe and in their language, when each action is done or its date
moves; the meeting's attendance deciding who the outcome letter says took part; the closing letter."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from applications.builders import partnership
from django.test import Client

from community_trigger.agencies.models import Partnership
from community_trigger.applications.services import status_token
from community_trigger.cases.models import Application, CaseEvent, Happened
from community_trigger.common.calendar import working_days_after
from community_trigger.common.models import AppendOnly
from community_trigger.consequences.dispatch import consequences_of
from community_trigger.letters.models import Letter
from community_trigger.notifications.messages import from_values
from community_trigger.notifications.models import Message
from community_trigger.reviews.models import Attendance, Recommendation, RecommendationChange
from community_trigger.reviews.selectors import took_part_in_review
from community_trigger.reviews.services import ReviewRefused
from community_trigger.reviews.services.plans import case_close, recommendation_change, recommendation_update

from .builders import Team, answered, held, outcome_sent, scheduled, team
from .test_review_services import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


def _plan(application: Application) -> list[Recommendation]:
    return list(Recommendation.objects.filter(meeting__application=application).order_by("pk"))


def _later(recommendation: Recommendation) -> date:
    return working_days_after(recommendation.due_by, 10)


def test_a_recommendation_reworded_and_redated_keeps_what_it_was_and_why(people: Team) -> None:
    application = outcome_sent(people)
    first = _plan(application)[0]
    was_action, was_due, later = first.action, first.due_by, _later(first)

    recommendation_change(
        recommendation=first,
        action="visit the street every night for two months",
        due_by=later,
        reason="The patrols found more going on than expected.",
        actor=people.chair,
    )

    first.refresh_from_db()
    change = first.changes.get()
    assert (first.action, first.due_by) == (
        "visit the street every night for two months",
        later,
    )
    assert (change.was_action, change.was_due_by, change.reason) == (
        was_action,
        was_due,
        "The patrols found more going on than expected.",
    )
    event = application.events.filter(kind=Happened.RECOMMENDATION_CHANGED).get()
    assert event.facts["was_due_by"] == was_due.isoformat()
    with pytest.raises(AppendOnly):
        RecommendationChange.objects.filter(pk=change.pk).update(due_by=was_due)
    assert change.reworded is True


def test_only_the_coordinator_or_the_chair_may_change_a_recommendation_and_only_with_a_reason(
    people: Team,
) -> None:
    first = _plan(outcome_sent(people))[0]

    with pytest.raises(ReviewRefused, match="Your role does not let you do this"):
        recommendation_change(
            recommendation=first, action="x", due_by=_later(first), reason="Why", actor=people.police_officer
        )
    with pytest.raises(ReviewRefused, match="Your role does not let you do this"):  # chairs no meeting here
        recommendation_change(
            recommendation=first, action="x", due_by=_later(first), reason="Why", actor=people.reviewer
        )
    with pytest.raises(ReviewRefused, match="why"):
        recommendation_change(
            recommendation=first,
            action=first.action,
            due_by=_later(first),
            reason=" ",
            actor=people.coordinator,
        )


def test_the_applicant_is_told_of_a_new_due_date_for_a_plan_they_were_sent(people: Team) -> None:
    application = outcome_sent(people)
    first = _plan(application)[0]

    recommendation_change(
        recommendation=first,
        action=first.action,
        due_by=_later(first),
        reason="Staff away.",
        actor=people.coordinator,
    )

    message = Message.objects.get(kind="plan_date_changed")
    assert message.channel == "email"
    body = from_values(message.values).body()
    assert f"now due by {_later(first):%-d %B %Y}" in body


def test_when_an_action_is_done_the_applicant_is_emailed(people: Team) -> None:
    application = outcome_sent(people)
    first = _plan(application)[0]

    recommendation_update(recommendation=first, to="done", actor=people.police_officer)

    message = Message.objects.get(kind="action_done")
    applicant = application.people.get(role="applicant")
    assert (message.channel, message.to) == ("email", applicant.email)
    body = from_values(message.values).body()
    assert "One of the actions in your plan has been done" in body
    assert "1 action in your plan is still to be done" in body
    # Signed by the case's owner, the applicant's one point of contact.
    owner = application.owner
    assert owner is not None
    assert f"{owner.get_full_name()} looks after your request" in body


def test_when_only_texts_are_safe_the_applicant_is_sent_a_text_that_says_nothing_of_why(people: Team) -> None:
    application = outcome_sent(people)
    application.people.filter(role="applicant").update(
        safe_channels=["text"], contact_preference="text", phone="07700 900123"
    )

    recommendation_update(recommendation=_plan(application)[0], to="done", actor=people.police_officer)

    message = Message.objects.get(kind="action_done")
    assert (message.channel, message.to) == ("text", "07700 900123")
    text = from_values(message.values).text()
    assert application.reference in text
    assert "anti-social" not in text.lower()


def test_with_no_safe_way_the_message_is_held_for_staff(people: Team) -> None:
    application = outcome_sent(people)
    application.people.filter(role="applicant").update(safe_channels=["text"], phone="")

    recommendation_update(recommendation=_plan(application)[0], to="done", actor=people.police_officer)

    assert Message.objects.get(kind="action_done").status == Message.Status.HELD


def test_when_only_post_is_safe_a_letter_waits_to_be_posted(people: Team) -> None:
    application = outcome_sent(people)
    application.people.filter(role="applicant").update(safe_channels=["post"], contact_preference="post")

    recommendation_update(recommendation=_plan(application)[0], to="done", actor=people.police_officer)

    letter = application.letters.get(kind=Letter.Kind.PLAN_UPDATE)
    assert letter.delivery == Letter.Delivery.POST
    assert not Message.objects.filter(kind="action_done").exists()


def test_a_welsh_speaker_is_told_in_welsh(people: Team) -> None:
    application = outcome_sent(people)
    Application.objects.filter(pk=application.pk).update(language="cy")

    recommendation_update(recommendation=_plan(application)[0], to="done", actor=people.police_officer)

    body = from_values(Message.objects.get(kind="action_done").values).body()
    assert "Mae un o'r camau" in body


def test_an_action_done_before_the_plan_was_shared_tells_the_applicant_nothing(people: Team) -> None:
    from .builders import recommended

    meeting = held(people, scheduled(people, answered(people)))
    made = recommended(people, meeting, people.police, people.police_officer, "patrol")
    recommendation_update(recommendation=made, to="accepted", actor=people.coordinator)
    recommendation_update(recommendation=made, to="done", actor=people.coordinator)

    assert not Message.objects.filter(kind="action_done").exists()


def test_the_outcome_letter_names_only_agencies_that_attended_or_wrote(people: Team) -> None:
    meeting = scheduled(people, answered(people))
    # Neither agency answered? Both did in `answered`: only attendance can add or drop one here.
    council = people.police.partnership.agencies.get(kind="council")
    meeting.agencies.add(council)
    held(
        people,
        meeting,
        summaries={people.police.pk: "Patrols.", people.housing.pk: "A warning.", council.pk: "Nothing."},
        attendance={
            people.police.pk: Attendance.WRITTEN,
            people.housing.pk: Attendance.ATTENDED,
            council.pk: Attendance.APOLOGIES,
        },
    )

    assert [agency.kind for agency in took_part_in_review(meeting)] == ["housing", "police"]
    assert {row.agency_id: row.attendance for row in meeting.attendance.all()}[council.pk] == "apologies"


def test_closing_a_reviewed_case_sends_the_closing_letter_in_the_applicants_language(
    people: Team, tmp_path: Path
) -> None:
    application = outcome_sent(people)
    Application.objects.filter(pk=application.pk).update(language="cy")
    for recommendation in _plan(application):
        recommendation_update(recommendation=recommendation, to="done", actor=people.coordinator)

    case_close(application=application, actor=people.coordinator)

    letter = application.letters.get(kind=Letter.Kind.CLOSING)
    text = pdf_text(letter, tmp_path)
    assert "Mae eich achos wedi'i gau" in text
    assert "visit the street every night for a month" in text


def test_a_case_closed_after_a_threshold_decision_gets_no_closing_letter() -> None:
    after_decision = CaseEvent(
        kind=Happened.MOVED, from_state="threshold_not_met", to_state="closed", facts={}
    )
    after_outcome = CaseEvent(kind=Happened.MOVED, from_state="outcome_sent", to_state="closed", facts={})

    assert consequences_of(after_decision).letter is None
    assert consequences_of(after_outcome).letter == Letter.Kind.CLOSING


def _status_page(client: Client, application: Application) -> str:
    html = client.get(f"/test-valley/status/{status_token(application)}/").content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_status_page_shows_each_agreed_action_and_how_far_it_has_got(
    client: Client, people: Team
) -> None:
    application = outcome_sent(people)
    first = _plan(application)[0]
    recommendation_update(recommendation=first, to="done", actor=people.police_officer)

    page = _status_page(client, application)

    assert "Your action plan" in page
    assert f"visit the street every night for a month By {first.due_by:%-d %B %Y} Done" in page
    assert "offer mediation to both households" in page
    assert "In progress" in page


def test_the_status_page_shows_the_plan_in_welsh_to_a_welsh_speaker(client: Client, people: Team) -> None:
    application = outcome_sent(people)
    Application.objects.filter(pk=application.pk).update(language="cy")
    Partnership.objects.filter(pk=application.partnership_id).update(languages=["en", "cy"])
    application.refresh_from_db()
    recommendation_update(recommendation=_plan(application)[0], to="done", actor=people.police_officer)

    page = _status_page(client, application)

    assert "Eich cynllun gweithredu" in page
    assert "Wedi'i wneud" in page or "Wedi&#x27;i wneud" in page
    assert "Ar y gweill" in page


def test_before_the_plan_is_final_the_status_page_shows_no_plan(client: Client, people: Team) -> None:
    application = held(people, scheduled(people, answered(people))).application

    assert "Your action plan" not in _status_page(client, application)
