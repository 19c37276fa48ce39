"""A meeting still to come can be moved, held elsewhere or rearranged: with a reason, under the same
checks as arranging it, with what it was before kept, and with a new letter to the applicant whenever
what they were told changes."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from accounts.people import verified
from applications.builders import partnership
from cases.case_page import section_page
from django.test import Client
from django.utils import timezone

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.sections import Section
from community_trigger.common.models import AppendOnly
from community_trigger.letters.models import Letter
from community_trigger.reviews.models import Meeting, MeetingChange, VictimInvolvement
from community_trigger.reviews.services import ReviewRefused
from community_trigger.reviews.services.meetings import meeting_change

from .builders import Team, answered, held, scheduled, team
from .test_review_services import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


def _as_it_is(meeting: Meeting, people: Team, **changes: Any) -> dict[str, Any]:
    """The meeting's arrangements as they stand, with `changes`, for `meeting_change`."""
    return {
        "meeting": meeting,
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "online_link": meeting.online_link,
        "chair": meeting.chair,
        "chair_independent": meeting.chair_independent,
        "agencies": list(meeting.agencies.all()),
        "panel": list(meeting.panel.exclude(pk=meeting.chair_id)),
        "victim_involvement": meeting.victim_involvement,
        "not_invited_reason": meeting.not_invited_reason,
        "reason": "The chair is unwell.",
        "actor": people.coordinator,
    } | changes


def _meeting_letters(meeting: Meeting) -> list[Letter]:
    return list(meeting.application.letters.filter(kind=Letter.Kind.MEETING).order_by("created_at", "pk"))


def test_moving_the_meeting_sends_a_letter_that_replaces_the_first(people: Team, tmp_path: Path) -> None:
    meeting = scheduled(people, answered(people))
    was = meeting.starts_at
    later = timezone.make_aware(datetime(2027, 1, 14, 14, 30))

    meeting_change(**_as_it_is(meeting, people, starts_at=later, place="Chantry Centre, Andover"))

    meeting.refresh_from_db()
    first, second = _meeting_letters(meeting)
    text = pdf_text(second, tmp_path)
    assert meeting.starts_at == later
    assert "Your case review meeting has changed" in text
    assert "replaces the one we sent you before" in text
    assert "Thursday 14 January 2027 at 2:30pm." in text
    assert "Chantry Centre, Andover" in text
    assert "has changed" not in pdf_text(first, tmp_path)
    change = meeting.changes.get()
    assert (change.was_starts_at, change.was_place, change.reason, change.applicant_told) == (
        was,
        "Beech Hurst, Andover",
        "The chair is unwell.",
        True,
    )
    meeting.application.refresh_from_db()
    assert meeting.application.review_date == later.date()


def test_changing_only_the_panel_writes_no_letter_but_keeps_the_change(people: Team) -> None:
    meeting = scheduled(people, answered(people))

    meeting_change(**_as_it_is(meeting, people, panel=[people.coordinator], reason="Otto is away."))

    assert len(_meeting_letters(meeting)) == 1
    assert set(meeting.panel.all()) == {people.chair, people.coordinator}
    assert meeting.changes.get().applicant_told is False


def test_a_new_chair_sits_on_the_panel_and_the_old_one_leaves_it(people: Team) -> None:
    meeting = scheduled(people, answered(people))

    meeting_change(**_as_it_is(meeting, people, chair=people.reviewer))

    meeting.refresh_from_db()
    assert meeting.chair == people.reviewer
    assert people.reviewer in meeting.panel.all()
    assert people.chair not in meeting.panel.all()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": "  "}, "Say why the meeting is changing"),
        ({"place": "", "online_link": ""}, "Give the place of the meeting or its online link"),
        ({"victim_involvement": VictimInvolvement.NOT_INVITED}, "Say why the victim is not invited"),
        ({"agencies": []}, "Choose the agencies attending"),
        ({}, "Nothing about the meeting has changed"),
    ],
)
def test_a_change_is_refused_with_the_reason(people: Team, changes: dict[str, Any], message: str) -> None:
    meeting = scheduled(people, answered(people))

    with pytest.raises(ReviewRefused, match=message):
        meeting_change(**_as_it_is(meeting, people, **changes))

    assert not MeetingChange.objects.exists()
    assert len(_meeting_letters(meeting)) == 1


def test_the_chair_must_still_be_a_panel_chair(people: Team) -> None:
    meeting = scheduled(people, answered(people))

    with pytest.raises(ReviewRefused, match="one of the partnership's panel chairs"):
        meeting_change(**_as_it_is(meeting, people, chair=people.police_officer))


def test_a_meeting_that_has_been_held_cannot_be_changed(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))

    with pytest.raises(ReviewRefused, match="has been held"):
        meeting_change(**_as_it_is(meeting, people, place="Elsewhere"))


def test_what_a_meeting_was_is_never_rewritten(people: Team) -> None:
    meeting = scheduled(people, answered(people))
    meeting_change(**_as_it_is(meeting, people, place="Chantry Centre"))
    change = meeting.changes.get()

    change.was_starts_at = change.was_starts_at + timedelta(days=1)
    with pytest.raises(AppendOnly):
        change.save()
    with pytest.raises(AppendOnly):
        change.delete()


# The page ---------------------------------------------------------------------------------------------


def _scheduled_on_the_minute(people: Team) -> Meeting:
    """A meeting arranged as the page arranges one: to the minute."""
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=3)
    return scheduled(people, answered(people), starts_at=starts)


def _change_url(meeting: Meeting) -> str:
    return f"/staff/cases/{meeting.application.reference}/review/meetings/{meeting.pk}/change/"


def _form_as_shown(response: Any) -> dict[str, Any]:
    """What the change page's form holds, as the browser would post it back."""
    form = response.context["form"]
    values: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if name == "day":
            day = value
            values |= {"day-day": str(day.day), "day-month": str(day.month), "day-year": str(day.year)}
        elif isinstance(value, list):
            values[name] = value
        else:
            values[name] = "" if value is None else str(value)
    return values


def test_the_change_page_shows_the_meeting_as_it_stands_and_takes_a_move(
    client: Client, people: Team
) -> None:
    meeting = _scheduled_on_the_minute(people)
    verified(client, people.coordinator)

    shown = client.get(_change_url(meeting))
    posted = _form_as_shown(shown) | {"starts": "4pm", "reason": "The room is double-booked."}
    response = client.post(_change_url(meeting), posted)

    assert shown.status_code == 200
    assert 'value="Beech Hurst, Andover"' in shown.content.decode()
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert f"{timezone.localtime(meeting.starts_at):%H:%M}" == "16:00"
    case_page = section_page(client, meeting.application.reference, Section.REVIEW)
    assert "Changes to this meeting (1)" in case_page
    assert "The room is double-booked." in case_page
    assert AuditEntry.objects.filter(detail="review meeting changed").count() == 1
    assert AuditEntry.objects.filter(detail="change review meeting", action=AuditEntry.Action.VIEW).exists()


def test_without_a_reason_the_page_says_so_and_keeps_what_was_typed(client: Client, people: Team) -> None:
    meeting = _scheduled_on_the_minute(people)
    verified(client, people.coordinator)
    posted = _form_as_shown(client.get(_change_url(meeting))) | {"place": "Chantry Centre", "reason": ""}

    response = client.post(_change_url(meeting), posted)

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Say why the meeting is changing" in page
    assert 'value="Chantry Centre"' in page
    meeting.refresh_from_db()
    assert meeting.place == "Beech Hurst, Andover"


def test_the_page_says_when_nothing_has_changed(client: Client, people: Team) -> None:
    meeting = _scheduled_on_the_minute(people)
    verified(client, people.coordinator)
    posted = _form_as_shown(client.get(_change_url(meeting))) | {"reason": "Checking."}

    response = client.post(_change_url(meeting), posted)

    assert response.status_code == 200
    assert "Nothing about the meeting has changed" in response.content.decode()


def test_once_held_the_page_goes_back_to_the_case_and_the_case_offers_no_change(
    client: Client, people: Team
) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    verified(client, people.coordinator)

    response = client.get(_change_url(meeting))

    assert response.status_code == 302
    case_page = section_page(client, meeting.application.reference, Section.REVIEW)
    assert "Change the meeting" not in case_page


def test_the_chair_cannot_change_the_meeting(client: Client, people: Team) -> None:
    meeting = _scheduled_on_the_minute(people)
    verified(client, people.chair)

    assert client.get(_change_url(meeting)).status_code == 403
    assert "Change the meeting" not in section_page(client, meeting.application.reference, Section.REVIEW)


def test_a_meeting_of_another_case_is_not_found(client: Client, people: Team) -> None:
    meeting = _scheduled_on_the_minute(people)
    other = answered(people)
    verified(client, people.coordinator)

    response = client.get(f"/staff/cases/{other.reference}/review/meetings/{meeting.pk}/change/")

    assert response.status_code == 404


def test_a_week_on_the_page_moves_it_by_a_week(client: Client, people: Team) -> None:
    meeting = _scheduled_on_the_minute(people)
    verified(client, people.coordinator)
    week_on = timezone.localtime(meeting.starts_at) + timedelta(days=7)
    posted = _form_as_shown(client.get(_change_url(meeting))) | {
        "day-day": str(week_on.day),
        "day-month": str(week_on.month),
        "day-year": str(week_on.year),
        "reason": "The police cannot come.",
    }

    client.post(_change_url(meeting), posted)

    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).date() == week_on.date()
