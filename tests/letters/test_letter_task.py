"""Letters go by email from a background task: queued once the letter is saved, sent by the worker,
never twice, and a letter whose email failed waits to be sent again."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from smtplib import SMTPException

import pytest
from accounts.people import staff, verified
from applications.builders import partnership, submitted
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from community_trigger.cases.services import application_acknowledge
from community_trigger.letters.models import Letter
from community_trigger.letters.services import letter_email
from community_trigger.notifications import messages


@pytest.fixture
def _signals_restored() -> Iterator[None]:
    # The worker takes over Ctrl-C and SIGTERM to stop cleanly; give them back to pytest afterwards.
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_signals_restored")
def test_the_worker_sends_a_queued_letter_once(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    case = submitted(partnership())
    mail.outbox.clear()

    application_acknowledge(application=case, actor=staff("cora"))
    letter = Letter.objects.get(application=case)
    queued = DBTaskResult.objects.get(task_path="community_trigger.letters.tasks.send_letter")
    unsent_before_the_worker = (mail.outbox == [], letter.sent_at is None)
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    assert unsent_before_the_worker == (True, True)
    assert queued.args_kwargs == {"args": [letter.pk], "kwargs": {}}
    assert [message.subject for message in mail.outbox] == [letter.subject]
    letter.refresh_from_db()
    assert letter.sent_at is not None
    assert letter_email(letter_id=letter.pk) is False  # a second run sends nothing
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_letter_whose_email_failed_waits_to_be_sent_again(monkeypatch: pytest.MonkeyPatch) -> None:
    case = submitted(partnership())
    application_acknowledge(application=case, actor=staff("cora"))
    letter = Letter.objects.get(application=case)
    Letter.objects.filter(pk=letter.pk).update(sent_at=None)
    mail.outbox.clear()

    def refused(**_: object) -> None:
        raise SMTPException("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr(messages, "letter", refused)
        with pytest.raises(SMTPException):
            letter_email(letter_id=letter.pk)
    letter.refresh_from_db()
    waiting = letter.sent_at is None
    sent = letter_email(letter_id=letter.pk)

    assert waiting
    assert sent is True
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_coordinator_sends_again_a_letter_whose_email_failed(client: Client) -> None:
    case = submitted(partnership())
    coordinator = staff("cora")
    application_acknowledge(application=case, actor=coordinator)
    letter = Letter.objects.get(application=case)
    Letter.objects.filter(pk=letter.pk).update(sent_at=None)
    mail.outbox.clear()
    verified(client, coordinator)

    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    client.post(f"/staff/cases/{case.reference}/letters/{letter.pk}/resend/")

    assert "Send again" in page
    assert len(mail.outbox) == 1
    letter.refresh_from_db()
    assert letter.sent_at is not None
