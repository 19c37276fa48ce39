"""Letters go by email through the outbox: written with the letter, sent by the worker, never twice,
and a letter whose email failed says so on the case, for the coordinator to send again."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from datetime import timedelta

import pytest
from accounts.people import staff, verified
from applications.builders import partnership, submitted
from cases.case_page import section_page
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from notifications.outage import DOWN, UP
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from community_trigger.cases.sections import Section
from community_trigger.cases.services.decisions import application_acknowledge
from community_trigger.letters.models import Letter
from community_trigger.notifications.delivery import MAX_ATTEMPTS, message_send
from community_trigger.notifications.models import Message


@pytest.fixture
def _signals_restored() -> Iterator[None]:
    # The worker takes over Ctrl-C and SIGTERM to stop cleanly; give them back to pytest afterwards.
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


# The worker commits as it goes, as it does in a deployment, so this test's database is real.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_signals_restored")
def test_the_worker_sends_a_queued_letter_once(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    case = submitted(partnership())
    mail.outbox.clear()

    application_acknowledge(application=case, actor=staff("cora"))
    letter = Letter.objects.get(application=case)
    message = Message.objects.get(letter=letter)
    queued = DBTaskResult.objects.get(task_path="community_trigger.notifications.tasks.send_message")
    unsent_before_the_worker = (mail.outbox == [], message.status)
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    assert unsent_before_the_worker == (True, Message.Status.QUEUED)
    assert queued.args_kwargs == {"args": [message.pk], "kwargs": {}}
    assert [email.subject for email in mail.outbox] == [letter.subject]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 1)
    assert message_send(message_id=message.pk).status == "skipped"  # a second run sends nothing
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_letter_whose_email_failed_is_tried_again_later_and_sent_once(
    settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    case = submitted(partnership())
    mail.outbox.clear()
    settings.EMAIL_BACKEND = DOWN
    with django_capture_on_commit_callbacks(execute=True):
        application_acknowledge(application=case, actor=staff("cora"))
    message = Message.objects.get(letter__application=case)
    waiting = (message.status, message.attempts, message.last_error)

    settings.EMAIL_BACKEND = UP
    too_soon = message_send(message_id=message.pk)
    later = message_send(message_id=message.pk, now=timezone.now() + timedelta(minutes=1))
    again = message_send(message_id=message.pk, now=timezone.now() + timedelta(hours=1))

    assert waiting == (
        Message.Status.QUEUED,
        1,
        "SMTPServerDisconnected: Connection unexpectedly closed",
    )
    assert (too_soon.status, later.status, again.status) == ("skipped", "sent", "skipped")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_coordinator_sees_a_letter_whose_email_failed_and_sends_it_again(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    case = submitted(partnership())
    coordinator = staff("cora")
    mail.outbox.clear()
    settings.EMAIL_BACKEND = DOWN
    with django_capture_on_commit_callbacks(execute=True):
        application_acknowledge(application=case, actor=coordinator)
    letter = Letter.objects.get(application=case)
    Message.objects.filter(letter=letter).update(status=Message.Status.FAILED, attempts=MAX_ATTEMPTS)
    verified(client, coordinator)

    page = section_page(client, case.reference, Section.LETTERS)
    settings.EMAIL_BACKEND = UP
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/cases/{case.reference}/letters/{letter.pk}/resend/")

    assert "Not sent yet" in page
    assert "Could not be sent" in page
    assert "Send again" in page
    assert len(mail.outbox) == 1
    after = section_page(client, case.reference, Section.LETTERS)
    assert f"Emailed to {letter.recipient_email}" in after
    assert "Send again" not in after
