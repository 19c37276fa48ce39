"""Arranging a review meeting, and each change to it, emails the chair, the panel and each attending
agency an invitation with the meeting as a calendar file: one per person per version, the same UID
each time and a higher SEQUENCE, times in UTC, and nothing about the applicant but the reference."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from applications.builders import partnership
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from community_trigger.agencies.models import Agency
from community_trigger.notifications.delivery import message_send
from community_trigger.notifications.models import Message
from community_trigger.reviews.models import Meeting
from community_trigger.reviews.services.meetings import meeting_change

from .builders import Team, answered, scheduled, team

pytestmark = pytest.mark.django_db

LONDON_SUMMER = datetime(2027, 6, 15, 14, 30)  # BST: 13:30 UTC
LONDON_WINTER = datetime(2027, 1, 14, 10, 0)  # GMT: 10:00 UTC


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


def _invitations(meeting: Meeting) -> list[Message]:
    return list(
        Message.objects.filter(
            kind="meeting_invitation", key__startswith=f"meeting_invitation:{meeting.pk}:"
        ).order_by("pk")
    )


def _event(message: Message) -> Any:
    """The calendar file the message carries, parsed back, and its one event."""
    from community_trigger.notifications.messages import from_values

    content = from_values(message.values)
    email = content.email(to=message.to)
    ((_, ics, content_type),) = email.attachments
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event, content_type, email


def test_arranging_a_meeting_invites_the_chair_the_panel_and_each_agencys_officers_once(people: Team) -> None:
    meeting = scheduled(people, answered(people))

    sent_to = sorted(message.to for message in _invitations(meeting))

    expected = {people.chair, people.coordinator, people.police_officer, people.housing_officer}
    assert sent_to == sorted(user.email for user in expected)


def test_an_agency_with_nobody_who_answers_in_the_service_is_invited_at_its_contact_address(
    people: Team,
) -> None:
    council = Agency.objects.get(partnership=partnership(), kind="council")
    Agency.objects.filter(pk=council.pk).update(contact_email="asb@council.example", contact_name="ASB team")

    meeting = scheduled(people, answered(people), agencies=[people.police, people.housing, council])

    assert "asb@council.example" in {message.to for message in _invitations(meeting)}


def test_the_calendar_file_is_a_request_with_the_meeting_in_utc_across_british_summer_time(
    people: Team,
) -> None:
    with time_machine.travel(datetime(2027, 5, 1, 9, 0, tzinfo=UTC), tick=False):
        meeting = scheduled(
            people,
            answered(people),
            starts_at=timezone.make_aware(LONDON_SUMMER),
            online_link="https://meet.example/review",
        )
        calendar, event, content_type, email = _event(_invitations(meeting)[0])

    assert str(calendar["method"]) == "REQUEST"
    assert content_type.startswith("text/calendar; method=REQUEST")
    assert event.decoded("dtstart") == datetime(2027, 6, 15, 13, 30, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2027, 6, 15, 15, 30, tzinfo=UTC)
    assert event.to_ical().decode().count("DTSTART:20270615T133000Z") == 1
    assert str(event["location"]) == "Beech Hurst, Andover"
    assert str(event["url"]) == "https://meet.example/review"
    assert int(event["sequence"]) == 0
    assert str(event["organizer"]).startswith("mailto:")
    attendees = {str(address) for address in event.get("attendee")}
    assert f"mailto:{people.chair.email}" in attendees
    assert meeting.application.reference in email.subject


def test_a_change_sends_a_new_version_with_the_same_uid_and_a_higher_sequence(people: Team) -> None:
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False):
        meeting = scheduled(people, answered(people), starts_at=timezone.now() + timedelta(days=3))
        first = _invitations(meeting)
        meeting_change(
            meeting=meeting,
            starts_at=timezone.make_aware(LONDON_WINTER),
            place="Chantry Centre, Andover",
            online_link="",
            chair=people.chair,
            chair_independent=False,
            agencies=[people.police, people.housing],
            panel=[people.coordinator, people.police_officer, people.housing_officer],
            victim_involvement=meeting.victim_involvement,
            reason="The room is not free.",
            actor=people.coordinator,
        )
        second = [message for message in _invitations(meeting) if message.pk > first[-1].pk]
        (_, was, _, _), (_, now, _, email) = _event(first[0]), _event(second[0])

    assert len(second) == len(first)
    assert str(now["uid"]) == str(was["uid"])
    assert (int(was["sequence"]), int(now["sequence"])) == (0, 1)
    assert now.decoded("dtstart") == datetime(2027, 1, 14, 10, 0, tzinfo=UTC)
    assert str(now["location"]) == "Chantry Centre, Andover"
    assert email.subject.startswith("Changed:")


def test_someone_taken_off_the_meeting_is_sent_a_cancellation(people: Team) -> None:
    meeting = scheduled(people, answered(people))

    meeting_change(
        meeting=meeting,
        starts_at=meeting.starts_at,
        place=meeting.place,
        online_link="",
        chair=people.chair,
        chair_independent=False,
        agencies=[people.police],
        panel=[people.coordinator, people.police_officer],
        victim_involvement=meeting.victim_involvement,
        reason="Housing has nothing to add.",
        actor=people.coordinator,
    )

    cancelled = [message for message in _invitations(meeting) if message.key.endswith(":cancel")]
    assert [message.to for message in cancelled] == [people.housing_officer.email]
    calendar, event, content_type, _ = _event(cancelled[0])
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert content_type.startswith("text/calendar; method=CANCEL")


def test_each_invitation_is_sent_once_and_says_nothing_of_the_applicant(people: Team) -> None:
    case = answered(people)
    meeting = scheduled(people, case)
    applicant = case.people.get(role="applicant")
    mail.outbox.clear()
    messages = _invitations(meeting)

    for message in messages:
        message_send(message_id=message.pk)
        message_send(message_id=message.pk)

    assert len(mail.outbox) == len(messages)
    for email in mail.outbox:
        whole = f"{email.body}{email.subject}{email.attachments[0][1]}"
        assert case.reference in whole
        assert applicant.name not in whole
        assert applicant.postcode not in whole
