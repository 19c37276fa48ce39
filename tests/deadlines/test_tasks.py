"""The reminders as background tasks with the database backend: `manage.py send_reminders` queues the
daily task, and the worker (`manage.py db_worker`) picks it up, runs it, then sends each email it queued
in the outbox."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from datetime import date
from io import StringIO

import pytest
from applications.builders import NOON, partnership
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from community_trigger.deadlines.apps import site_url_check
from community_trigger.deadlines.models import Reminder
from community_trigger.deadlines.services import reminders_record
from community_trigger.notifications.models import Message

from .cases import asked, person

pytestmark = pytest.mark.time_machine(NOON, tick=False)

# NOON is Friday 20 November 2026, two working days before Tuesday 24th.
TUESDAY = date(2026, 11, 24)
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _the_database_backend(settings: Settings) -> None:
    # As configured for every deployment (config/settings.py); said again so these tests mean it.
    settings.TASKS = DATABASE_BACKEND
    settings.SITE_URL = "https://trigger.example"


@pytest.fixture
def _signals_restored() -> Iterator[None]:
    # The worker takes over Ctrl-C and SIGTERM to stop cleanly; give them back to pytest afterwards.
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


@pytest.mark.django_db
def test_send_reminders_queues_the_daily_task_for_the_worker() -> None:
    out = StringIO()

    call_command("send_reminders", stdout=out)

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "community_trigger.deadlines.tasks.queue_reminders"
    assert queued.status == "READY"
    assert queued.args_kwargs == {"args": [""], "kwargs": {}}
    assert out.getvalue().startswith("Queued the reminders of today (task ")


@pytest.mark.django_db
def test_send_reminders_can_be_told_the_day_and_refuses_what_is_not_one() -> None:
    call_command("send_reminders", "--date", "2026-11-20", stdout=StringIO())

    assert DBTaskResult.objects.get().args_kwargs == {"args": ["2026-11-20"], "kwargs": {}}
    with pytest.raises(CommandError, match="--date"):
        call_command("send_reminders", "--date", "20/11/2026")


# The worker commits as it goes, as it does in a deployment, so this test's database is real.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_signals_restored")
def test_the_worker_runs_the_daily_task_and_then_each_reminder_email() -> None:
    case = asked(partnership(), "police", due_by=TUESDAY, review_by=TUESDAY)
    coordinator = person("coordinator")
    officer = person("police officer")
    call_command("send_reminders", stdout=StringIO())

    # --batch: run everything queued, including what the tasks queue, then stop.
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    assert sorted(message.to[0] for message in mail.outbox) == sorted([coordinator.email, officer.email])
    assert all(case.reference in message.subject for message in mail.outbox)
    ran = sorted(DBTaskResult.objects.values_list("task_path", "status"))
    assert ran == [
        ("community_trigger.deadlines.tasks.queue_reminders", "SUCCESSFUL"),
        ("community_trigger.notifications.tasks.send_message", "SUCCESSFUL"),
        ("community_trigger.notifications.tasks.send_message", "SUCCESSFUL"),
    ]
    assert Reminder.objects.count() == 2
    assert list(Message.objects.values_list("status", flat=True)) == [Message.Status.SENT] * 2


@pytest.mark.django_db
def test_without_the_sites_address_a_warning_says_so_and_no_reminder_is_sent(settings: Settings) -> None:
    settings.SITE_URL = ""

    assert [message.id for message in site_url_check()] == ["deadlines.W001"]
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        reminders_record(today=date(2026, 11, 20))


def test_with_the_sites_address_there_is_nothing_to_warn_about() -> None:
    assert site_url_check() == []
