"""One function per message. Each renders a plain-text template and sends it by the email backend."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application, InformationRequest
from community_trigger.deadlines.models import Reminder

if TYPE_CHECKING:
    from community_trigger.letters.models import Letter


def _send(*, to: str, subject: str, template: str, context: dict[str, Any]) -> None:
    body = render_to_string(f"notifications/{template}", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def application_received(*, application: Application, to: str, status_url: str) -> None:
    """Confirms a request was received, with its reference, what happens next and the status link."""
    _send(
        to=to,
        subject=f"We have received your request for a case review: {application.reference}",
        template="application_received.txt",
        context={
            "application": application,
            "partnership": application.partnership,
            "status_url": status_url,
            # A request entered late, from a letter that took a while, may be past its promised date.
            "today": timezone.localdate(),
        },
    )


def resume_link(*, partnership: Partnership, to: str, link: str, expires: datetime) -> None:
    """The signed link to carry on with a saved request."""
    _send(
        to=to,
        subject="Your saved request for a case review",
        template="resume_link.txt",
        context={"partnership": partnership, "link": link, "expires": expires},
    )


def information_requested(*, request: InformationRequest, to: str) -> None:
    """Tells an agency officer their agency has been asked about a case, and by when. No personal
    data travels by email: the officer signs in to see the case."""
    application = request.application
    _send(
        to=to,
        subject=f"Information requested for case review {application.reference}",
        template="information_requested.txt",
        context={"request": request, "application": application, "partnership": application.partnership},
    )


def information_due_date_changed(*, request: InformationRequest, was_due_by: date, to: str) -> None:
    """Tells an agency officer the date their agency's answer is due by has changed."""
    application = request.application
    _send(
        to=to,
        subject=f"New due date for information on case review {application.reference}",
        template="information_due_date_changed.txt",
        context={
            "request": request,
            "was_due_by": was_due_by,
            "application": application,
            "partnership": application.partnership,
        },
    )


def letter(*, letter: Letter) -> None:
    """A letter to the applicant: its words in the email, its PDF attached for printing or keeping."""
    email = EmailMessage(
        letter.subject, letter.body_text, settings.DEFAULT_FROM_EMAIL, [letter.recipient_email]
    )
    email.attach(letter.filename, bytes(letter.pdf), "application/pdf")
    email.send()


def deadline_approaching(*, reminder: Reminder, to: str, link: str) -> None:
    """Reminds a member of staff that something on a case falls due in a few working days. Like every
    email to staff it holds no personal data: the reference, what is due, when, and the link."""
    _send(
        to=to,
        subject=(
            f"Reminder: {reminder.what} for case review {reminder.reference} by {reminder.due_on:%-d %B %Y}"
        ),
        template="deadline_approaching.txt",
        context={"reminder": reminder, "link": link},
    )


def deadline_today(*, reminder: Reminder, to: str, link: str) -> None:
    """Tells a member of staff that something on a case is due today; no personal data, as above."""
    _send(
        to=to,
        subject=f"Due today: {reminder.what} for case review {reminder.reference}",
        template="deadline_today.txt",
        context={"reminder": reminder, "link": link},
    )
