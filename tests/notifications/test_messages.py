"""The messages: what each says, made from plain values alone, and kept as the outbox keeps them."""

from __future__ import annotations

from datetime import date

import pytest
from applications.builders import NOON

from community_trigger.notifications.messages import (
    ApplicationReceived,
    DeadlineApproaching,
    DeadlineToday,
    InformationDueDateChanged,
    InformationRequested,
    ResumeLinkEmail,
    Sender,
    from_values,
    to_values,
)

pytestmark = pytest.mark.time_machine(NOON, tick=False)

STATUS_URL = "https://ct.example/test-valley/status/abc/"
RESUME_URL = "https://ct.example/test-valley/resume/xyz/"
TVP = Sender(
    name="Test Valley Partnership", phone="01632 960 123", email="community.trigger@testvalley.example"
)


def received(**changes: object) -> ApplicationReceived:
    values: dict[str, object] = {
        "reference": "TVP-2026-0001",
        "partnership": TVP,
        "acknowledge_by": date(2026, 11, 27),
        "status_url": STATUS_URL,
        **changes,
    }
    return ApplicationReceived(**values)  # type: ignore[arg-type]


def test_the_confirmation_gives_the_reference_the_acknowledgement_date_and_the_status_link() -> None:
    message = received()

    body = message.body()
    assert message.subject() == "Your request to Test Valley Partnership: TVP-2026-0001"
    assert "Your reference number is TVP-2026-0001." in body
    assert "Test Valley Partnership will contact you by 27 November 2026 to confirm" in body
    assert f"\n{STATUS_URL}\n" in body
    assert "Keep this link private" in body
    assert "call 999" in body


def test_the_confirmation_ends_with_the_partnerships_phone_and_email() -> None:
    body = received().body()

    assert "Phone: 01632 960 123" in body
    assert "Email: community.trigger@testvalley.example" in body


def test_a_partnership_without_a_phone_or_email_leaves_those_lines_out() -> None:
    body = received(partnership=Sender(name="Other Borough Partnership")).body()

    assert "Phone:" not in body
    assert "Email:" not in body


def test_plain_text_messages_are_not_html_escaped() -> None:
    url = "https://ct.example/status/a&b/"

    body = received(
        partnership=Sender(name="Bath & North East Somerset's Partnership"), status_url=url
    ).body()

    assert "Bath & North East Somerset's Partnership will contact you" in body
    assert url in body
    assert "&amp;" not in body
    assert "&#x27;" not in body


def test_a_confirmation_sent_after_its_acknowledgement_date_promises_no_date_already_past() -> None:
    body = received(acknowledge_by=date(2020, 1, 6)).body()

    assert "6 January 2020" not in body
    assert "will contact you in the next few days to confirm they have your request" in body


def test_the_resume_link_message_gives_the_link_and_the_day_it_stops_working() -> None:
    message = ResumeLinkEmail(
        partnership_name="Test Valley Partnership", link=RESUME_URL, expires=date(2026, 11, 27)
    )

    body = message.body()
    assert message.subject() == "Your saved request to Test Valley Partnership"
    assert "You saved your request for a case review with Test Valley Partnership." in body
    assert f"\n{RESUME_URL}\n" in body
    assert "The link works until 27 November 2026." in body
    assert "within 30 days" in body


def test_the_messages_to_agencies_name_the_case_the_agency_and_the_dates_and_nothing_personal() -> None:
    asked = InformationRequested(
        reference="TVP-2026-0001",
        partnership_name="Test Valley Partnership",
        agency_name="Hampshire Constabulary",
        due_by=date(2026, 12, 4),
    )
    moved = InformationDueDateChanged(
        reference="TVP-2026-0001",
        partnership_name="Test Valley Partnership",
        agency_name="Hampshire Constabulary",
        due_by=date(2026, 12, 11),
        was_due_by=date(2026, 12, 4),
    )

    assert asked.subject() == "Information requested for case review TVP-2026-0001"
    assert "has asked Hampshire Constabulary for information" in asked.body()
    assert "answer by 4 December 2026" in asked.body()
    assert moved.subject() == "New due date for information on case review TVP-2026-0001"
    assert "now due by 11 December 2026 (it was due by 4 December 2026)" in moved.body()


def test_the_reminders_say_what_is_due_when_and_where() -> None:
    values = {"reference": "TVP-2026-0001", "what": "Hold the review meeting", "link": "https://t.example/x/"}
    before = DeadlineApproaching(due_on=date(2026, 11, 24), **values)
    today = DeadlineToday(due_on=date(2026, 11, 24), **values)

    assert (
        before.subject()
        == "Reminder: Hold the review meeting for case review TVP-2026-0001 by 24 November 2026"
    )
    assert today.subject() == "Due today: Hold the review meeting for case review TVP-2026-0001"
    assert "due by Tuesday 24 November 2026" in before.body()
    assert "https://t.example/x/" in today.body()


def test_a_message_comes_back_from_the_outbox_as_it_went_in() -> None:
    message = received()

    values = to_values(message)

    assert values["kind"] == "application_received"
    assert values["acknowledge_by"] == "2026-11-27"
    assert from_values(values) == message
