"""The messages to applicants: who they go to, what they say, and the links in them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from applications.builders import NOON, only_email, other_partnership, partnership, submitted
from django.conf import settings
from django.core import mail

from community_trigger.cases.models import Application
from community_trigger.notifications import messages

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

STATUS_URL = "https://ct.example/test-valley/status/abc/"
RESUME_URL = "https://ct.example/test-valley/resume/xyz/"


def test_the_confirmation_gives_the_reference_the_acknowledgement_date_and_the_status_link() -> None:
    application = submitted(partnership())

    messages.application_received(application=application, to="alex@example.com", status_url=STATUS_URL)

    email = only_email()
    assert email.to == ["alex@example.com"]
    assert email.from_email == settings.DEFAULT_FROM_EMAIL
    assert email.subject == "We have received your request for a case review: TVP-2026-0001"
    assert "Your reference number is TVP-2026-0001." in email.body
    assert "Test Valley Partnership will contact you by 27 November 2026 to confirm" in email.body
    assert f"\n{STATUS_URL}\n" in email.body
    assert "Keep this link private" in email.body
    assert "call 999" in email.body


def test_the_confirmation_ends_with_the_partnerships_phone_and_email() -> None:
    application = submitted(partnership())

    messages.application_received(application=application, to="alex@example.com", status_url=STATUS_URL)

    body = only_email().body
    assert "Phone: 01632 960 123" in body
    assert "Email: community.trigger@testvalley.example" in body


def test_a_partnership_without_a_phone_or_email_leaves_those_lines_out() -> None:
    application = submitted(other_partnership())

    messages.application_received(application=application, to="alex@example.com", status_url=STATUS_URL)

    body = only_email().body
    assert "Phone:" not in body
    assert "Email:" not in body
    assert "OBP-2026-0001" in body


def test_plain_text_messages_are_not_html_escaped() -> None:
    application = submitted(other_partnership(name="Bath & North East Somerset's Partnership"))
    url = "https://ct.example/status/a&b/"

    messages.application_received(application=application, to="alex@example.com", status_url=url)

    body = only_email().body
    assert "Bath & North East Somerset's Partnership will contact you" in body
    assert url in body
    assert "&amp;" not in body
    assert "&#x27;" not in body


def test_the_resume_link_message_gives_the_link_and_the_day_it_stops_working() -> None:
    tvp = partnership()

    messages.resume_link(
        partnership=tvp,
        to="alex@example.com",
        link=RESUME_URL,
        expires=datetime(2026, 11, 27, 12, tzinfo=UTC),
    )

    email = only_email()
    assert email.to == ["alex@example.com"]
    assert email.subject == "Your saved request for a case review"
    assert "You saved your request for a case review with Test Valley Partnership." in email.body
    assert f"\n{RESUME_URL}\n" in email.body
    assert "The link works until 27 November 2026." in email.body
    assert "within 30 days" in email.body


def test_each_message_is_sent_once_to_one_address() -> None:
    tvp = partnership()

    messages.resume_link(partnership=tvp, to="a@example.com", link=RESUME_URL, expires=NOON)
    messages.application_received(application=submitted(tvp), to="b@example.com", status_url=STATUS_URL)

    assert [message.to for message in mail.outbox] == [["a@example.com"], ["b@example.com"]]


def test_a_request_entered_after_its_acknowledgement_date_promises_no_date_already_past() -> None:
    application = submitted(partnership())
    Application.objects.filter(pk=application.pk).update(acknowledge_by=date(2020, 1, 6))
    application.refresh_from_db()
    mail.outbox.clear()

    messages.application_received(application=application, to="a@example.com", status_url="https://x/s/")

    body = str(mail.outbox[0].body)
    assert "6 January 2020" not in body
    assert "will contact you in the next few days to confirm they have your request" in body
