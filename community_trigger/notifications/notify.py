"""GOV.UK Notify as the backend for emails, texts and posted letters, through its Python client.

Notify sends what the outbox decided; the words stay ours. One email template carries `((subject))` and
`((body))` (and `((file_intro))` `((file))` for a PDF sent through Notify's file sending), one text
template `((body))`; a letter goes as our own PDF through the precompiled letter API. Each backend
answers Notify's id for the message, which its delivery receipts name. A refusal that no retry will
change (a 4xx other than 429) is `Refused`; a 5xx, a 429 or a network error is raised as it is, for the
worker to retry.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone, translation
from django_tasks import task
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient
from notifications_python_client.utils import prepare_upload

from community_trigger.notifications.delivery import receipts_awaited
from community_trigger.notifications.messages import FILE_LINK
from community_trigger.notifications.models import Message
from community_trigger.notifications.providers import PostedLetter, Refused
from community_trigger.notifications.services import receipt_record
from community_trigger.notifications.text import TextMessage

# The file types Notify's file sending takes; a calendar file (a meeting's .ics) is not one of them.
FILE_TYPES = (
    ".csv",
    ".doc",
    ".docx",
    ".jpeg",
    ".jpg",
    ".json",
    ".odt",
    ".pdf",
    ".png",
    ".rtf",
    ".txt",
    ".xlsx",
)


def notify_client() -> Any:
    # The client has no type hints: its answers are Notify's JSON, as dicts.
    return NotificationsAPIClient(  # type: ignore[no-untyped-call]
        settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=20
    )


@contextmanager
def _refusals() -> Iterator[None]:
    """Turn Notify's answer into the worker's terms: a 4xx but 429 will never succeed."""
    try:
        yield
    except APIError as error:
        if 400 <= error.status_code < 500 and error.status_code != 429:
            raise Refused(
                f"GOV.UK Notify refused it ({error.status_code}): {_said(error.message)}"
            ) from error
        raise


def _said(message: Any) -> str:
    # Notify's errors come as [{"error": "BadRequestError", "message": "…"}]: its words, not its names.
    if isinstance(message, list):
        return "; ".join(
            str(item.get("message", item)) if isinstance(item, dict) else str(item) for item in message
        )
    return str(message)


class EmailBackend(BaseEmailBackend):
    """Django's email backend interface, sending each recipient's email through Notify's email template.
    Sets `provider_id` on each EmailMessage sent (the last recipient's, for the rare one with several)."""

    # Notify's file sending takes no calendar file, so an invitation's words must not promise one.
    attaches_calendars = False

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        client = notify_client()
        sent = 0
        for email in email_messages:
            personalisation = {"subject": email.subject, "body": email.body, **_file(email)}
            for to in email.recipients():
                with _refusals():
                    response = client.send_email_notification(
                        email_address=to,
                        template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                        personalisation=personalisation,
                    )
                email.provider_id = response["id"]  # type: ignore[attr-defined]
            sent += 1
        return sent


def _file(email: EmailMessage) -> dict[str, Any]:
    """The email's PDF through Notify's file sending: a link in the email that asks for the recipient's
    email address before it downloads. Attachments Notify cannot take (a calendar file) are left out:
    the email's words carry what they say."""
    for attachment in email.attachments:
        if not isinstance(attachment, tuple):
            continue
        filename, content, _mimetype = attachment
        if not filename or not filename.lower().endswith(FILE_TYPES):
            continue
        data = content.encode() if isinstance(content, str) else bytes(content)
        with translation.override(email.extra_headers.get("Content-Language", "en")):
            intro = str(FILE_LINK)
        return {
            "file_intro": intro,
            "file": prepare_upload(  # type: ignore[no-untyped-call]
                io.BytesIO(data),
                filename=filename,
                confirm_email_before_download=True,
                retention_period=settings.NOTIFY_FILE_RETENTION,
            ),
        }
    return {"file_intro": "", "file": ""}


class TextBackend:
    """Texts through Notify's text template, whose one placeholder is the whole message."""

    def send(self, message: TextMessage) -> str | None:
        with _refusals():
            response = notify_client().send_sms_notification(
                phone_number=message.to,
                template_id=settings.NOTIFY_TEXT_TEMPLATE_ID,
                personalisation={"body": message.body},
                reference=message.reference or None,
            )
        return str(response["id"])


class LetterBackend:
    """Letters printed and posted by Notify from our own PDF (its precompiled letter API), at
    NOTIFY_POSTAGE. The address is the one printed in the PDF's address window."""

    posts = True

    def send(self, letter: PostedLetter) -> str:
        with _refusals():
            response = notify_client().send_precompiled_letter_notification(
                reference=letter.reference, pdf_file=io.BytesIO(letter.pdf), postage=settings.NOTIFY_POSTAGE
            )
        return str(response["id"])


def notify_status(provider_id: str) -> str:
    """What Notify says now of the message it knows as `provider_id` (its status name)."""
    with _refusals():
        response = notify_client().get_notification_by_id(provider_id)
    return str(response["status"])


def receipts_ask(*, now: datetime | None = None) -> int:
    """Ask Notify about each message whose receipt has not come (see `receipts_awaited`) and note its
    answer; answers how many it asked about. One Notify cannot answer now is asked again next time."""
    now = now or timezone.now()
    asked = 0
    for message in receipts_awaited(now=now):
        try:
            status = notify_status(message.provider_id)
        except Exception:  # Notify down, or it no longer keeps it: not asked again for an hour
            Message.objects.filter(pk=message.pk).update(delivery_updated_at=now)
            continue
        receipt_record(provider_id=message.provider_id, status=status, now=now)
        asked += 1
    return asked


@task()
def ask_for_receipts() -> int:
    """The background task `manage.py send_outbox` queues with Notify on: `receipts_ask`."""
    return receipts_ask()
