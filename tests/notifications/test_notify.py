"""GOV.UK Notify as the backend: every kind of message goes from the outbox through the worker to a local
server that speaks Notify's API, its receipt comes back by Notify's callback, and the message says what
became of it; refusals fail at once, outages are retried; posted letters go as our PDF."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import partnership, submitted, you
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from community_trigger.cases.models import Application
from community_trigger.cases.services.decisions import application_acknowledge
from community_trigger.letters.models import Letter
from community_trigger.notifications import delivery
from community_trigger.notifications.delivery import message_send
from community_trigger.notifications.messages import (
    LABELS,
    AccessAlertRaised,
    ActionDone,
    AnswerLinkCode,
    ApplicationReceived,
    Attendee,
    CaseOwnerChanged,
    Content,
    DeadlineApproaching,
    DeadlineToday,
    InformationDueDateChanged,
    InformationOverdue,
    InformationRequested,
    InformationRequestedByLink,
    MeetingInvitation,
    PlanDateChanged,
    ResumeLinkEmail,
    SaveCodeText,
    Sender,
)
from community_trigger.notifications.models import Message
from community_trigger.notifications.notify import receipts_ask
from community_trigger.notifications.selectors import messages_failed_of
from community_trigger.notifications.services import message_queue
from notifications.notify_server import CALLBACK_TOKEN, EMAIL_TEMPLATE, TEXT_TEMPLATE, NotifyStandIn, notify

__all__ = ["notify"]  # the fixture, used by name

pytestmark = pytest.mark.django_db

RECEIPTS = "/notify/receipts/"
TVP = Sender(name="Test Valley Partnership", phone="01264 368000", email="asb@testvalley.gov.uk")
DUE = date(2026, 12, 18)
LINK = "https://trigger.example.gov.uk/staff/cases/CT-2026-0001/"
STARTS = datetime(2026, 12, 15, 10, 0, tzinfo=timezone.get_current_timezone())

# One realistic message of each kind but the letter (which needs its letter: see the letter tests).
CONTENTS: dict[str, Callable[[], Content]] = {
    "application_received": lambda: ApplicationReceived(
        reference="CT-2026-0001", partnership=TVP, acknowledge_by=DUE, status_url=LINK
    ),
    "resume_link": lambda: ResumeLinkEmail(partnership_name=TVP.name, link=LINK, expires=DUE),
    "save_code": lambda: SaveCodeText(partnership_name=TVP.name, code="4821 7730", expires=DUE),
    "information_requested": lambda: InformationRequested(
        reference="CT-2026-0001", partnership_name=TVP.name, agency_name="Hampshire Police", due_by=DUE
    ),
    "information_due_date_changed": lambda: InformationDueDateChanged(
        reference="CT-2026-0001",
        partnership_name=TVP.name,
        agency_name="Hampshire Police",
        due_by=DUE,
        was_due_by=DUE - timedelta(days=3),
    ),
    "information_requested_by_link": lambda: InformationRequestedByLink(
        reference="CT-2026-0001",
        partnership_name=TVP.name,
        agency_name="Aster Housing",
        due_by=DUE,
        link="https://trigger.example.gov.uk/answer/abc/",
        expires=DUE,
    ),
    "answer_link_code": lambda: AnswerLinkCode(
        reference="CT-2026-0001", partnership_name=TVP.name, agency_name="Aster Housing", code="318206"
    ),
    "information_overdue": lambda: InformationOverdue(
        reference="CT-2026-0001",
        partnership_name=TVP.name,
        agency_name="Hampshire Police",
        due_by=DUE,
        days_late=3,
        link=LINK,
    ),
    "deadline_approaching": lambda: DeadlineApproaching(
        reference="CT-2026-0001", what="the threshold decision", due_on=DUE, link=LINK
    ),
    "deadline_today": lambda: DeadlineToday(
        reference="CT-2026-0001", what="the threshold decision", due_on=DUE, link=LINK
    ),
    "case_owner_changed": lambda: CaseOwnerChanged(
        reference="CT-2026-0001", partnership_name=TVP.name, given_by="Cora Ordinator", link=LINK
    ),
    "access_alert_raised": lambda: AccessAlertRaised(
        partnership_name=TVP.name, day=DUE, why="someone opened many more cases than usual", link=LINK
    ),
    "meeting_invitation": lambda: MeetingInvitation(
        reference="CT-2026-0001",
        partnership_name=TVP.name,
        organizer_email="asb@testvalley.gov.uk",
        uid="meeting-7@trigger.example.gov.uk",
        sequence=0,
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=1),
        place="Beech Hurst, Andover",
        attendees=[Attendee(email="officer@hampshire.police.uk", name="PC Ada Officer")],
    ),
    "plan_date_changed": lambda: PlanDateChanged(
        reference="CT-2026-0001",
        partnership=TVP,
        agency_name="Aster Housing",
        action="Fit a door entry system",
        due_by=DUE,
        was_due_by=DUE - timedelta(days=7),
    ),
    "action_done": lambda: ActionDone(
        reference="CT-2026-0001",
        partnership=TVP,
        agency_name="Aster Housing",
        action="Fit a door entry system",
        remaining=2,
    ),
}
TEXTS = {"save_code"}


def _receipt(client: Client, payload: dict[str, Any], token: str = CALLBACK_TOKEN) -> Any:
    return client.post(
        RECEIPTS, payload, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


def _queued(kind: str, *, key: str = "") -> Message:
    content = CONTENTS[kind]()
    text = kind in TEXTS
    message_queue(
        key=key or f"{kind}:1",
        to="07700 900123" if text else "someone@example.com",
        content=content,
        channel=Message.Channel.TEXT if text else Message.Channel.EMAIL,
    )
    return Message.objects.get(key=key or f"{kind}:1")


def _acknowledged(**overrides: Any) -> Application:
    case = submitted(partnership(), **overrides)
    application_acknowledge(application=case, actor=_coordinator())
    case.refresh_from_db()
    return case


def _coordinator() -> Any:
    return User.objects.filter(username="cora").first() or staff("cora")


def test_every_kind_of_message_is_tried_end_to_end() -> None:
    assert set(CONTENTS) | {"letter"} == set(LABELS)


@pytest.mark.parametrize("kind", sorted(CONTENTS))
def test_each_kind_goes_through_notify_with_our_words_and_its_receipt_marks_it_delivered(
    kind: str, notify: NotifyStandIn, client: Client
) -> None:
    message = _queued(kind)
    content = CONTENTS[kind]()

    outcome = message_send(message_id=message.pk)
    message.refresh_from_db()

    assert outcome.sent
    if kind in TEXTS:
        (sent,) = notify.sent("sms")
        assert (sent["phone_number"], sent["template_id"]) == ("07700 900123", TEXT_TEMPLATE)
        assert sent["personalisation"] == {"body": content.text()}
        assert sent["reference"] == message.key
    else:
        (sent,) = notify.sent("email")
        assert (sent["email_address"], sent["template_id"]) == ("someone@example.com", EMAIL_TEMPLATE)
        assert sent["personalisation"]["subject"] == content.subject()
        assert sent["personalisation"]["body"] == content.body()
        # No file Notify can send: a meeting's calendar file is not a type Notify takes.
        assert (sent["personalisation"]["file_intro"], sent["personalisation"]["file"]) == ("", "")
    assert message.provider_id in notify.notifications
    assert message.delivery_status == "created"

    answer = _receipt(client, notify.receipt(message.provider_id, "delivered"))
    message.refresh_from_db()

    assert (answer.status_code, answer.json()) == (200, {"recorded": "delivered"})
    assert (message.status, message.delivery_status, message.delivery_words) == (
        "sent",
        "delivered",
        "Delivered",
    )
    assert message.delivery_updated_at is not None


def test_an_invitation_through_notify_promises_no_calendar_file_that_notify_cannot_send(
    notify: NotifyStandIn, settings: Settings
) -> None:
    invitation = CONTENTS["meeting_invitation"]()
    through_notify = invitation.body()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    through_smtp = invitation.body()

    assert "calendar file" not in through_notify
    assert "Add it to your calendar, or update the one you have." in through_notify
    assert "The attached calendar file adds it to your calendar" in through_smtp


def test_an_emailed_letter_goes_with_its_pdf_through_notifys_file_sending(
    notify: NotifyStandIn, client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = _acknowledged()
    letter = Letter.objects.get(application=case)
    message = Message.objects.get(letter=letter)

    (sent,) = notify.sent("email")
    personalisation = sent["personalisation"]
    assert personalisation["subject"] == letter.subject
    assert personalisation["body"] == letter.body_text
    assert personalisation["file_intro"].startswith("Your letter as a PDF, to download")
    assert base64.b64decode(personalisation["file"]["file"]) == bytes(letter.pdf)
    assert personalisation["file"]["filename"] == letter.filename
    assert personalisation["file"]["confirm_email_before_download"] is True
    assert message.kind == "letter"
    assert message.status == Message.Status.SENT

    _receipt(client, notify.receipt(message.provider_id, "delivered"))
    assert Message.objects.get(pk=message.pk).delivery_status == "delivered"


def test_a_letter_for_post_is_posted_by_notify_from_our_pdf_and_the_case_page_says_so(
    notify: NotifyStandIn,
    client: Client,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.NOTIFY_POSTAGE = "first"
    with django_capture_on_commit_callbacks(execute=True):
        case = _acknowledged(you=you(contact_preference="post"))
    letter = Letter.objects.get(application=case)
    message = Message.objects.get(letter=letter)

    (sent,) = notify.sent("letter")
    assert base64.b64decode(sent["content"]) == bytes(letter.pdf)
    assert (sent["reference"], sent["postage"]) == (f"letter:{letter.pk}", "first")
    assert (letter.delivery, message.channel, message.kind) == ("post", "letter", "letter")
    assert notify.sent("email") == []
    verified(client, _coordinator())
    page = client.get(f"/staff/cases/{case.reference}/letters-and-messages/").content.decode()
    assert f"Sent to GOV.UK Notify for posting on {timezone.localdate():%-d %B %Y}" in page
    assert "To print and post" not in page
    assert "Mark as posted" not in page

    _receipt(Client(), notify.receipt(message.provider_id, "received"))
    message.refresh_from_db()
    assert message.delivery_words == "Printed and posted by GOV.UK Notify"


def test_a_returned_letter_is_recorded_and_shown_to_the_coordinator_to_post_again(
    notify: NotifyStandIn, client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = _acknowledged(you=you(contact_preference="post"))
    message = Message.objects.get(case=case, channel=Message.Channel.LETTER)
    _receipt(client, notify.receipt(message.provider_id, "received"))

    answer = _receipt(client, notify.returned_letter(message.provider_id))
    again = _receipt(client, notify.receipt(message.provider_id, "received"))  # late, and out of order

    message.refresh_from_db()
    assert (answer.status_code, again.status_code) == (200, 200)
    assert message.delivery_status == "returned"
    assert list(messages_failed_of(case.pk)) == [message]
    assert message.last_error == "Returned: the letter came back undelivered"
    verified(client, _coordinator())
    page = client.get(f"/staff/cases/{case.reference}/letters-and-messages/").content.decode()
    assert "Returned: the letter came back undelivered" in page
    assert "To print and post" in page
    assert "Mark as posted" in page


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("permanent-failure", "Not delivered: the address or number is wrong, or was refused"),
        ("temporary-failure", "Not delivered: the inbox was full or the phone was off for 3 days"),
        ("technical-failure", "Not delivered: GOV.UK Notify had a technical problem"),
    ],
)
def test_a_message_notify_could_not_deliver_is_shown_to_the_coordinator_in_words(
    status: str, words: str, notify: NotifyStandIn, client: Client
) -> None:
    case = submitted(partnership())
    content = CONTENTS["plan_date_changed"]()
    message_queue(key="plan_date_changed:1", to="alex@example.com", content=content, case_id=case.pk)
    message = Message.objects.get(key="plan_date_changed:1")
    message_send(message_id=message.pk)
    message.refresh_from_db()

    _receipt(client, notify.receipt(message.provider_id, status))

    (failed,) = messages_failed_of(case.pk)
    assert (failed.pk, failed.delivery_status, failed.last_error) == (message.pk, status, words)
    assert failed.undelivered
    assert not failed.can_send_again
    verified(client, _coordinator())
    page = client.get(f"/staff/cases/{case.reference}/letters-and-messages/").content.decode()
    assert words in page
    # Sent, it no longer holds its words: there is nothing to send again, so no button offers it.
    assert f"/staff/cases/{case.reference}/messages/{message.pk}/send-again/" not in page


def test_the_same_receipt_twice_changes_nothing_and_a_late_sending_does_not_undo_delivered(
    notify: NotifyStandIn, client: Client
) -> None:
    message = _queued("deadline_today")
    message_send(message_id=message.pk)
    message.refresh_from_db()
    delivered = notify.receipt(message.provider_id, "delivered")

    answers = [_receipt(client, delivered), _receipt(client, delivered)]
    _receipt(client, {**delivered, "status": "sending"})

    assert [answer.status_code for answer in answers] == [200, 200]
    assert Message.objects.get(pk=message.pk).delivery_status == "delivered"


# Refusals and outages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error", "said"),
    [
        (400, "BadRequestError", "Can't send to this recipient using a team-only API key"),
        (400, "ValidationError", "email_address is not a valid email address"),
        (403, "AuthError", "Invalid token: API key not found"),
    ],
)
def test_a_refusal_that_will_never_succeed_fails_the_message_at_once(
    status: int, error: str, said: str, notify: NotifyStandIn
) -> None:
    message = _queued("information_requested")
    notify.answer_next(status, error, said)

    outcome = message_send(message_id=message.pk)
    message.refresh_from_db()

    assert outcome.status == Message.Status.FAILED
    assert (message.status, message.attempts) == (Message.Status.FAILED, 1)
    assert message.last_error == f"GOV.UK Notify refused it ({status}): {said}"
    assert message.can_send_again


@pytest.mark.parametrize(
    ("status", "error", "said"),
    [
        (500, "Exception", "Internal server error"),
        (429, "RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"),
    ],
)
def test_an_outage_or_a_rate_limit_is_retried_with_the_backoff_and_then_goes(
    status: int, error: str, said: str, notify: NotifyStandIn
) -> None:
    message = _queued("information_requested")
    notify.answer_next(status, error, said)

    first = message_send(message_id=message.pk)
    message.refresh_from_db()
    assert (first.status, message.attempts) == (Message.Status.QUEUED, 1)
    assert first.retry_at is not None
    assert str(status) in message.last_error

    second = message_send(message_id=message.pk, now=timezone.now() + delivery.FIRST_RETRY)
    assert second.sent
    assert len(notify.sent("email")) == 1


def test_notify_out_of_reach_is_retried(notify: NotifyStandIn, settings: Settings) -> None:
    settings.NOTIFY_BASE_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    message = _queued("deadline_approaching")

    outcome = message_send(message_id=message.pk)

    assert outcome.status == Message.Status.QUEUED
    assert Message.objects.get(pk=message.pk).attempts == 1


def test_a_letter_pdf_notify_cannot_take_fails_it_and_leaves_it_for_the_coordinator_to_post(
    notify: NotifyStandIn, client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    notify.answer_next(400, "BadRequestError", "Letter content is not a valid PDF")
    with django_capture_on_commit_callbacks(execute=True):
        case = _acknowledged(you=you(contact_preference="post"))

    message = Message.objects.get(case=case, channel=Message.Channel.LETTER)
    assert message.status == Message.Status.FAILED
    verified(client, _coordinator())
    page = client.get(f"/staff/cases/{case.reference}/letters-and-messages/").content.decode()
    assert "Letter content is not a valid PDF" in page
    assert "To print and post" in page
    assert "Mark as posted" in page


# The callback's door ----------------------------------------------------------------------------------


def test_a_receipt_without_the_bearer_token_is_refused_even_from_a_signed_in_coordinator(
    notify: NotifyStandIn, client: Client
) -> None:
    message = _queued("deadline_today")
    message_send(message_id=message.pk)
    message.refresh_from_db()
    receipt = notify.receipt(message.provider_id, "permanent-failure")
    verified(client, _coordinator())

    answers = [
        client.post(RECEIPTS, receipt, content_type="application/json"),
        _receipt(client, receipt, token="not-the-token-at-all"),
        client.post(
            RECEIPTS, receipt, content_type="application/json", headers={"Authorization": CALLBACK_TOKEN}
        ),
    ]

    assert [answer.status_code for answer in answers] == [401, 401, 401]
    assert answers[0].json() == {"error": "A valid bearer token is needed"}
    assert Message.objects.get(pk=message.pk).delivery_status == "created"


def test_no_token_is_accepted_while_none_is_set(notify: NotifyStandIn, settings: Settings) -> None:
    settings.NOTIFY_CALLBACK_TOKEN = ""
    assert _receipt(Client(), {"id": "x", "status": "delivered"}, token="").status_code == 401


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"[1, 2]", 400),
        (b'{"status": "delivered"}', 400),
        (b'{"id": "7c4ad6a8-2b0e-4a3d-8f8e-0f0f6b7f1c11", "status": "delivered"}', 404),
    ],
)
def test_a_receipt_that_is_not_one_answers_a_json_error(
    body: bytes, status: int, notify: NotifyStandIn
) -> None:
    answer = Client().post(
        RECEIPTS, body, content_type="application/json", headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"}
    )
    assert answer.status_code == status
    assert "error" in answer.json()


def test_the_receipts_address_takes_no_get(notify: NotifyStandIn) -> None:
    assert Client().get(RECEIPTS, headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"}).status_code == 405


# Asking when no receipt came ------------------------------------------------------------------------


def test_a_message_whose_receipt_never_came_is_asked_about_an_hour_on(notify: NotifyStandIn) -> None:
    message = _queued("case_owner_changed")
    message_send(message_id=message.pk)
    message.refresh_from_db()
    notify.notifications[message.provider_id]["status"] = "temporary-failure"

    soon = receipts_ask(now=timezone.now() + timedelta(minutes=10))
    later = receipts_ask(now=timezone.now() + timedelta(hours=2))
    again = receipts_ask(now=timezone.now() + timedelta(hours=2, minutes=5))

    message.refresh_from_db()
    assert (soon, later, again) == (0, 1, 0)
    assert message.delivery_status == "temporary-failure"
    assert message.undelivered


# The switch -----------------------------------------------------------------------------------------


def _settings_with(**env: str) -> subprocess.CompletedProcess[str]:
    program = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.EMAIL_BACKEND); print(settings.TEXT_BACKEND); print(settings.LETTER_BACKEND)"
    )
    clean = {
        name: value for name, value in os.environ.items() if not name.startswith(("NOTIFY_", "EMAIL_URL"))
    }
    clean |= {"DJANGO_SETTINGS_MODULE": "config.settings", **env}
    clean.pop("TEXT_BACKEND", None)
    return subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=clean, check=False
    )


def test_without_a_notify_key_emails_go_by_smtp_or_the_console_and_the_coordinator_posts_letters() -> None:
    console = _settings_with().stdout.split()
    smtp = _settings_with(EMAIL_URL="smtp+tls://user:secret@smtp.example.org:587").stdout.split()

    assert console == [
        "django.core.mail.backends.console.EmailBackend",
        "community_trigger.notifications.text.ConsoleBackend",
        "community_trigger.notifications.providers.CoordinatorPosts",
    ]
    assert smtp[0] == "django.core.mail.backends.smtp.EmailBackend"
    assert smtp[2] == "community_trigger.notifications.providers.CoordinatorPosts"


def test_with_a_notify_key_emails_texts_and_letters_go_through_notify() -> None:
    key = "live-11111111-2222-3333-4444-555555555555-66666666-7777-8888-9999-aaaaaaaaaaaa"
    templates = {"NOTIFY_EMAIL_TEMPLATE_ID": EMAIL_TEMPLATE, "NOTIFY_TEXT_TEMPLATE_ID": TEXT_TEMPLATE}

    chosen = _settings_with(NOTIFY_API_KEY=key, **templates)
    both = _settings_with(NOTIFY_API_KEY=key, EMAIL_URL="smtp://smtp.example.org", **templates)
    no_templates = _settings_with(NOTIFY_API_KEY=key)

    assert chosen.stdout.split() == [
        "community_trigger.notifications.notify.EmailBackend",
        "community_trigger.notifications.notify.TextBackend",
        "community_trigger.notifications.notify.LetterBackend",
    ]
    assert "not both" in both.stderr
    assert "NOTIFY_EMAIL_TEMPLATE_ID" in no_templates.stderr
