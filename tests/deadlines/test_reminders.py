"""Reminder emails, before and on a due date: to whoever may do the work and nobody else, once each, with
nothing personal in them. The tasks run at once here; tests/deadlines/test_tasks.py runs the worker."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from accounts.people import staff
from applications.builders import NOON, PERSONAL, partnership
from django.core import mail
from notifications.outage import DOWN, UP
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from community_trigger.cases.models import Application
from community_trigger.common.calendar import working_days_after
from community_trigger.deadlines.models import Reminder
from community_trigger.deadlines.selectors import due_items_everywhere
from community_trigger.deadlines.tasks import queue_reminders
from community_trigger.domain.access import Role
from community_trigger.notifications.models import Message
from community_trigger.notifications.tasks import send_outbox
from community_trigger.sharing.models import InformationRequest

from .cases import asked, noon, person

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

# NOON is Friday 20 November 2026: two working days before Tuesday 24th.
MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)
WEDNESDAY = date(2026, 11, 25)
SITE = "https://trigger.example"
EVERYONE = ("coordinator", "police officer", "housing officer", "health officer", "panel chair", "auditor")


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = SITE


@pytest.fixture
def run(django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> Any:
    """The daily job, as the worker runs it: the email tasks it queues run once its work is saved."""

    def run_once() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            queue_reminders.enqueue()

    return run_once


def _sent() -> list[tuple[str, str]]:
    return sorted((message.to[0], str(message.subject)) for message in mail.outbox)


def _answer(reference: str, by: str = "24 November 2026") -> str:
    return f"Reminder: Answer the information request for case review {reference} by {by}"


def test_a_reminder_goes_to_whoever_may_do_the_work_two_working_days_before(run: Any) -> None:
    case = asked(partnership(), "police", "housing", due_by=TUESDAY, review_by=TUESDAY)
    for name in (*EVERYONE, "other coordinator"):
        person(name)

    run()

    review = f"Reminder: Hold the review meeting for case review {case.reference} by 24 November 2026"
    # The coordinator for the case's step, the asked agencies' officers for their requests; not the
    # panel chair or the auditor, not the health board (not asked), not another partnership.
    assert _sent() == [
        ("coordinator@staff.example", review),
        ("housing-officer@staff.example", _answer(case.reference)),
        ("police-officer@staff.example", _answer(case.reference)),
    ]


def test_every_officer_of_the_asked_agency_is_reminded_but_not_those_without_an_address_or_account(
    run: Any,
) -> None:
    case = asked(partnership(), "police", due_by=TUESDAY)
    person("police officer")
    staff("polly", email="polly@staff.example", role=Role.AGENCY_OFFICER, agency_kind="police")
    no_address = staff("nomail", role=Role.AGENCY_OFFICER, agency_kind="police")
    no_address.email = ""
    no_address.save()
    staff("gone", email="gone@staff.example", role=Role.AGENCY_OFFICER, agency_kind="police", active=False)

    run()

    assert _sent() == [
        ("police-officer@staff.example", _answer(case.reference)),
        ("polly@staff.example", _answer(case.reference)),
    ]


def test_running_the_job_twice_sends_each_reminder_once(run: Any) -> None:
    asked(partnership(), "police", due_by=TUESDAY, review_by=TUESDAY)
    person("coordinator")
    person("police officer")

    run()
    run()

    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2
    assert Message.objects.filter(status=Message.Status.SENT).count() == 2


def test_the_before_reminder_is_not_sent_again_on_the_next_working_day(run: Any, time_machine: Any) -> None:
    asked(partnership(), "police", due_by=TUESDAY)
    person("police officer")
    run()

    time_machine.move_to(noon(MONDAY), tick=False)
    run()

    assert len(mail.outbox) == 1


def test_on_the_due_date_a_second_reminder_says_it_is_due_today(run: Any, time_machine: Any) -> None:
    case = asked(partnership(), "police", due_by=TUESDAY)
    officer = person("police officer")
    run()

    time_machine.move_to(noon(TUESDAY), tick=False)
    run()

    assert [message.subject for message in mail.outbox] == [
        _answer(case.reference),
        f"Due today: Answer the information request for case review {case.reference}",
    ]
    assert "Answer the information request: due today, Tuesday 24 November 2026." in mail.outbox[1].body
    assert list(Reminder.objects.values_list("recipient", "moment")) == [
        (officer.pk, "before"),
        (officer.pk, "on_the_day"),
    ]


def test_a_due_date_that_moves_gets_fresh_reminders(run: Any, time_machine: Any) -> None:
    case = asked(partnership(), "police", due_by=TUESDAY)
    person("police officer")
    run()

    # The coordinator gives the agency another day; on Monday it is two working days away again.
    InformationRequest.objects.filter(application=case).update(due_by=WEDNESDAY)
    time_machine.move_to(noon(MONDAY), tick=False)
    run()

    assert [message.subject for message in mail.outbox] == [
        _answer(case.reference),
        _answer(case.reference, by="25 November 2026"),
    ]


def test_nothing_is_sent_when_nothing_is_due_so_soon(run: Any) -> None:
    asked(partnership(), "police", due_by=WEDNESDAY, review_by=date(2026, 12, 4))
    for name in EVERYONE:
        person(name)

    run()

    assert mail.outbox == []


def test_an_answered_request_or_a_withdrawn_case_is_not_reminded_of(run: Any) -> None:
    answered = asked(partnership(), "police", due_by=TUESDAY)
    InformationRequest.objects.filter(application=answered).update(answered_at=NOON)
    withdrawn = asked(partnership(), "police", due_by=TUESDAY)
    Application.objects.filter(pk=withdrawn.pk).update(state="withdrawn", due_by=None)
    person("coordinator")
    person("police officer")

    run()

    assert mail.outbox == []


def test_a_reminder_holds_the_reference_what_when_and_a_link_and_nothing_personal(run: Any) -> None:
    case = asked(partnership(), "police", due_by=TUESDAY, review_by=TUESDAY)
    person("coordinator")
    person("police officer")

    run()

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert case.reference in message.subject
        assert "Tuesday 24 November 2026" in message.body
        assert f"\n{SITE}/staff/cases/{case.reference}/\n" in message.body
        assert "no personal data" in message.body
        text = f"{message.subject}\n{message.body}"
        incident = case.incidents.first()
        assert incident is not None
        personal = (*PERSONAL, incident.description, incident.location, case.impact, case.support_wanted)
        assert [found for found in personal if found and found in text] == []


def test_the_number_of_working_days_before_is_a_setting(run: Any, settings: Settings) -> None:
    settings.REMINDER_WORKING_DAYS_BEFORE = 5
    case = asked(partnership(), "police", due_by=date(2026, 11, 27))
    person("police officer")

    run()

    assert _sent() == [("police-officer@staff.example", _answer(case.reference, by="27 November 2026"))]


def test_an_email_that_fails_is_retried_by_the_outbox_and_sent_once(
    run: Any,
    time_machine: Any,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    case = asked(partnership(), "police", due_by=TUESDAY)
    person("police officer")
    settings.EMAIL_BACKEND = DOWN
    run()
    assert mail.outbox == []
    assert Message.objects.get().status == Message.Status.QUEUED

    settings.EMAIL_BACKEND = UP
    time_machine.move_to(noon(MONDAY), tick=False)
    run()  # the next day's run queues nothing again
    with django_capture_on_commit_callbacks(execute=True):
        send_outbox.enqueue()

    assert _sent() == [("police-officer@staff.example", _answer(case.reference))]
    assert Message.objects.get().status == Message.Status.SENT


def test_the_job_reads_only_what_is_due_within_its_reach_yet_reminds_of_a_weekend_deadline() -> None:
    # Wednesday 18 November: two working days ahead is Friday 20th, and a deadline on Sunday 22nd is as
    # near (no working day between); Monday 23rd is three away, beyond the reminders' reach.
    wednesday = date(2026, 11, 18)
    sunday = asked(partnership(), "police", due_by=date(2026, 11, 22), review_by=date(2026, 12, 4))
    monday = asked(partnership(), "police", due_by=MONDAY, review_by=date(2026, 12, 4))

    within = working_days_after(wednesday, 2 + 1)
    items = {(item.reference, item.kind) for item in due_items_everywhere(today=wednesday, due_before=within)}

    assert within == MONDAY
    assert (sunday.reference, "information_request") in items
    assert (monday.reference, "information_request") not in items
    assert not any(kind == "case_step" for _, kind in items)  # both steps are due on 4 December
