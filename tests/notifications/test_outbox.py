"""The outbox: a message is written with the change that causes it, sent by the worker, retried while
the mail server is down, sent at most once, and shown to the coordinator when it keeps failing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from accounts.people import verified
from applications.builders import NOON, Journey, agency_id, partnership, submitted
from cases.case_page import section_page, whole_case
from deadlines.cases import person
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from community_trigger.cases.models import Application
from community_trigger.cases.sections import Section
from community_trigger.notifications import delivery
from community_trigger.notifications.delivery import MAX_ATTEMPTS, STUCK_AFTER, message_send, messages_due
from community_trigger.notifications.messages import ApplicationReceived, ResumeLinkEmail, Sender
from community_trigger.notifications.models import Message
from community_trigger.notifications.services import message_queue
from community_trigger.notifications.tasks import send_message, send_outbox
from notifications.outage import DOWN, UP

pytestmark = pytest.mark.time_machine(NOON, tick=False)

LINK = "https://trigger.example/test-valley/resume/secret/"


def _resume(key: str = "resume_link:1") -> bool:
    content = ResumeLinkEmail(partnership_name="Test Valley Partnership", link=LINK, expires=NOON.date())
    return message_queue(key=key, to="alex@example.com", content=content)


def _confirmation_for(case: Application) -> Message:
    """The confirmation email of `case`, as its submission writes it."""
    content = ApplicationReceived(
        reference=case.reference,
        partnership=Sender(name=case.partnership.name),
        acknowledge_by=case.acknowledge_by,
    )
    message_queue(
        key=f"application_received:{case.pk}", to="alex@example.com", content=content, case_id=case.pk
    )
    return Message.objects.get(case=case)


def _failed_for_good(message: Message) -> None:
    """Every attempt refused, one after another as each retry falls due."""
    for attempt in range(MAX_ATTEMPTS):
        message_send(message_id=message.pk, now=timezone.now() + delivery.FIRST_RETRY * (2**attempt - 1))
    assert Message.objects.get(pk=message.pk).status == Message.Status.FAILED


# A mail server outage ----------------------------------------------------------------------------------


# Real commits, so that the email is attempted inside the request, as it is in a deployment.
@pytest.mark.django_db(transaction=True)
def test_a_mail_server_outage_during_submission_saves_the_application_and_sends_the_email_later(
    settings: Settings, time_machine: Any
) -> None:
    cache.clear()
    tvp = partnership()
    settings.EMAIL_BACKEND = DOWN
    browser = Journey(Client(raise_request_exception=False))
    browser.to_check_answers("victim", agency_id(tvp))

    response = browser.submit()

    assert response.status_code == 302
    assert response["Location"] == "/test-valley/apply/confirmation/"
    application = Application.objects.get()
    message = Message.objects.get(case=application)
    assert (message.kind, message.status, message.attempts) == ("application_received", "queued", 1)
    assert message.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert mail.outbox == []

    settings.EMAIL_BACKEND = UP
    # The sweep, run from cron, finds it once its retry is due; running it again sends nothing more.
    assert send_outbox.call() == 0  # not due yet
    time_machine.move_to(NOON + timedelta(minutes=5), tick=False)
    assert send_outbox.call() == 1
    assert send_outbox.call() == 0

    (email,) = mail.outbox
    assert email.to == [message.to]
    assert application.reference in email.subject
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)


# Written with the change ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_writing_the_same_message_twice_writes_it_once() -> None:
    assert _resume() is True
    assert _resume() is False

    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_a_change_that_is_undone_leaves_no_message_and_queues_no_task(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def change_that_fails() -> None:
        with transaction.atomic():
            _resume()
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()

    assert not Message.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_the_worker_is_told_only_once_the_change_is_saved(
    settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _resume()
    queued_before_the_commit = DBTaskResult.objects.count()
    for callback in callbacks:
        callback()

    assert queued_before_the_commit == 0
    task = DBTaskResult.objects.get()
    assert task.task_path == "community_trigger.notifications.tasks.send_message"
    assert task.args_kwargs == {"args": [Message.objects.get().pk], "kwargs": {}}


# Sent at most once -------------------------------------------------------------------------------------


class _AnotherWorkerMeanwhile(EmailBackend):
    """While this message is with the mail server, another worker runs the same message's task."""

    meanwhile: list[str] = []

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        message = Message.objects.get()
        _AnotherWorkerMeanwhile.meanwhile.append(send_message.call(message.pk))
        return super().send_messages(messages)


@pytest.mark.django_db
def test_two_runs_of_the_same_message_send_it_once(settings: Settings) -> None:
    settings.EMAIL_BACKEND = f"{__name__}._AnotherWorkerMeanwhile"
    _AnotherWorkerMeanwhile.meanwhile = []
    _resume()
    message = Message.objects.get()

    first = send_message.call(message.pk)
    second = send_message.call(message.pk)

    assert (first, second) == ("sent", "skipped")
    assert _AnotherWorkerMeanwhile.meanwhile == ["skipped"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_once_sent_a_message_keeps_no_link() -> None:
    _resume()
    message = Message.objects.get()

    message_send(message_id=message.pk)

    message.refresh_from_db()
    assert LINK in mail.outbox[0].body
    assert message.values == {"kind": "resume_link"}
    assert message.sent_at is not None


@pytest.mark.django_db
def test_a_message_left_half_sent_by_a_stopped_worker_is_never_sent_again_but_shown_as_failed() -> None:
    _resume()
    Message.objects.update(status=Message.Status.SENDING, attempts=1, last_attempt_at=NOON)

    still_sending = messages_due(now=NOON + STUCK_AFTER - timedelta(seconds=1))
    due = messages_due(now=NOON + STUCK_AFTER + timedelta(seconds=1))

    assert (still_sending, due) == ([], [])
    assert Message.objects.get().status == Message.Status.FAILED
    assert mail.outbox == []


# Retried, then failed ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_retry_waits_twice_as_long_and_the_last_attempt_marks_it_failed(settings: Settings) -> None:
    settings.EMAIL_BACKEND = DOWN
    _resume()
    message = Message.objects.get()
    waits = []

    for _ in range(MAX_ATTEMPTS - 1):
        outcome = message_send(message_id=message.pk, now=NOON)
        assert outcome.retry_at is not None
        waits.append(outcome.retry_at - NOON)
        Message.objects.update(next_attempt_at=NOON)
    last = message_send(message_id=message.pk, now=NOON)

    assert waits == [delivery.FIRST_RETRY * 2**n for n in range(MAX_ATTEMPTS - 1)]
    assert (last.status, last.retry_at) == ("failed", None)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", MAX_ATTEMPTS)
    assert message_send(message_id=message.pk, now=NOON + timedelta(days=1)).status == "skipped"


@pytest.mark.django_db
def test_a_message_that_keeps_failing_shows_on_the_case_page_and_is_sent_again_by_the_coordinator(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    case = submitted(partnership())
    message = _confirmation_for(case)  # queued, not sent: nothing commits in a test
    settings.EMAIL_BACKEND = DOWN
    _failed_for_good(message)
    verified(client, person("coordinator"))

    page = section_page(client, case.reference, Section.LETTERS)
    settings.EMAIL_BACKEND = UP
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staff/cases/{case.reference}/messages/{message.pk}/send-again/")

    assert "Messages that could not be sent or delivered" in page
    assert "The confirmation to the applicant" in page
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page
    assert f"/staff/cases/{case.reference}/messages/{message.pk}/send-again/" in page
    assert response["Location"] == f"/staff/cases/{case.reference}/letters-and-messages/"
    assert len(mail.outbox) == 1
    after = section_page(client, case.reference, Section.LETTERS)
    assert "Messages that could not be sent or delivered" not in after


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["police officer", "auditor"])
def test_only_the_coordinator_sees_or_sends_again_a_message_that_failed(
    client: Client, settings: Settings, name: str
) -> None:
    case = submitted(partnership())
    message = _confirmation_for(case)
    settings.EMAIL_BACKEND = DOWN
    _failed_for_good(message)
    verified(client, person(name))

    page = whole_case(client, case.reference)
    response = client.post(f"/staff/cases/{case.reference}/messages/{message.pk}/send-again/")

    assert "Messages that could not be sent or delivered" not in page
    assert response.status_code in (403, 404)
    assert Message.objects.get().status == Message.Status.FAILED


@pytest.mark.django_db
def test_a_message_that_keeps_failing_is_due_for_the_coordinator_and_nobody_is_reminded_of_it(
    client: Client, settings: Settings
) -> None:
    case = submitted(partnership())
    message = _confirmation_for(case)
    settings.EMAIL_BACKEND = DOWN
    _failed_for_good(message)
    coordinator = person("coordinator")
    officer = person("police officer")

    verified(client, coordinator)
    seen = client.get("/staff/due/?kind=message").content.decode()
    verified(client, officer)
    unseen = client.get("/staff/due/?kind=message").content.decode()
    settings.SITE_URL = "https://trigger.example"
    call_command("send_reminders", stdout=StringIO())

    assert "The confirmation to the applicant could not be sent: send it again" in seen
    assert case.reference in seen
    assert message.to not in seen  # who it was to is on the case page, not on the list
    assert case.reference not in unseen
    assert Message.objects.exclude(kind="application_received").count() == 0


# The sweep --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_send_outbox_queues_the_sweep_for_the_worker(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = StringIO()

    call_command("send_outbox", stdout=out)

    assert DBTaskResult.objects.get().task_path == "community_trigger.notifications.tasks.send_outbox"
    assert out.getvalue().startswith("Queued the sending of the outbox (task ")


@pytest.mark.django_db
def test_the_sweep_sends_a_message_whose_task_was_lost(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _resume()  # in a test nothing commits, so its task is never queued: as if it were lost

    sent = send_outbox.call()

    assert sent == 1
    assert len(mail.outbox) == 1
