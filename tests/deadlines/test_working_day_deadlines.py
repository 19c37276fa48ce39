"""Deadlines in working days in the back office, across weekends, Christmas, Easter and substitute bank
holidays: the due dates the services set, the working days the "Due and overdue" page counts, and the
day a "2 working days before" reminder comes. (The arithmetic itself: tests/domain/test_working_days.py.)

England and Wales: Christmas 2026 is a Friday, so Monday 28 December is the substitute Boxing Day;
Good Friday and Easter Monday 2027 are 26 and 29 March; Christmas 2027 is a Saturday, so Monday 27
and Tuesday 28 December are the substitute days, and New Year's Day 2028, a Saturday, moves to
Monday 3 January.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from accounts.people import verified
from applications.builders import partnership, submitted
from django.core import mail
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from community_trigger.cases.models import Application
from community_trigger.cases.services.decisions import application_acknowledge
from community_trigger.deadlines.tasks import queue_reminders
from community_trigger.domain.workflow import State
from community_trigger.sharing.services import information_request_all

from .cases import asked, noon, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://trigger.example"


def test_a_request_received_on_maundy_thursday_is_due_to_be_acknowledged_after_easter_monday(
    time_machine: Any,
) -> None:
    time_machine.move_to(noon(date(2027, 3, 25)), tick=False)

    case = submitted(partnership())

    # Five working days: Tuesday 30 and Wednesday 31 March, Thursday 1, Friday 2 and Monday 5 April.
    assert case.acknowledge_by == case.due_by == date(2027, 4, 5)


def test_a_request_acknowledged_on_christmas_eve_2026_is_decided_after_the_new_year(
    time_machine: Any,
) -> None:
    time_machine.move_to(noon(date(2026, 12, 24)), tick=False)
    case = submitted(partnership())

    acknowledged = application_acknowledge(application=case, actor=person("coordinator"))

    # Ten working days, none of them 25 or 28 December or 1 January.
    assert acknowledged.due_by == date(2027, 1, 12)


def test_agencies_asked_just_before_christmas_2027_answer_after_the_substitute_days(
    time_machine: Any,
) -> None:
    time_machine.move_to(noon(date(2027, 12, 23)), tick=False)
    case = submitted(partnership())
    Application.objects.filter(pk=case.pk).update(state=State.THRESHOLD_MET)

    requests = information_request_all(application=case, actor=person("coordinator"))

    # 24, 29, 30, 31 December, then 4 to 7 and 10, 11 January: 27, 28 December and 3 January are off.
    assert {request.due_by for request in requests} == {date(2028, 1, 11)}


def test_the_due_page_counts_working_days_across_christmas(client: Client, time_machine: Any) -> None:
    time_machine.move_to(noon(date(2026, 12, 29)), tick=False)
    late = asked(partnership(), "police", due_by=date(2026, 12, 24))
    soon = asked(partnership(), "housing", due_by=date(2027, 1, 4))
    verified(client, person("coordinator"))

    html = client.get("/staff/due/").content.decode()

    # Christmas Eve's deadline is only 1 working day behind on the 29th; the 4th is 3 ahead (30, 31, 4).
    assert html.index(late.reference) < html.index("1 working day overdue") < html.index(soon.reference)
    assert html.index(soon.reference) < html.index("3 working days left")


@pytest.mark.parametrize(
    ("due", "day_before_it", "reminded_on"),
    [
        # A Tuesday deadline is reminded of on the Friday: the weekend does not count.
        (date(2026, 11, 24), date(2026, 11, 19), date(2026, 11, 20)),
        # Tuesday 29 December 2026: Christmas Day and the substitute Boxing Day do not count.
        (date(2026, 12, 29), date(2026, 12, 22), date(2026, 12, 23)),
        # Wednesday 31 March 2027: Good Friday and Easter Monday do not count.
        (date(2027, 3, 31), date(2027, 3, 24), date(2027, 3, 25)),
        # Wednesday 29 December 2027: neither do the substitute Christmas and Boxing Days.
        (date(2027, 12, 29), date(2027, 12, 22), date(2027, 12, 23)),
    ],
)
def test_the_reminder_two_working_days_before_comes_on_the_right_day(
    time_machine: Any,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    due: date,
    day_before_it: date,
    reminded_on: date,
) -> None:
    time_machine.move_to(noon(day_before_it), tick=False)
    case = asked(partnership(), "police", due_by=due)
    officer = person("police officer")

    with django_capture_on_commit_callbacks(execute=True):
        queue_reminders.enqueue()
    assert mail.outbox == []

    time_machine.move_to(noon(reminded_on), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        queue_reminders.enqueue()

    assert [(message.to, message.subject) for message in mail.outbox] == [
        (
            [officer.email],
            f"Reminder: Answer the information request for case review {case.reference} by {due:%-d %B %Y}",
        )
    ]


@pytest.mark.parametrize("holiday", [date(2026, 12, 25), date(2026, 12, 28), date(2027, 3, 26)])
def test_no_reminders_go_out_on_a_bank_holiday(
    time_machine: Any, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks, holiday: date
) -> None:
    time_machine.move_to(noon(holiday), tick=False)
    asked(partnership(), "police", due_by=holiday)  # even with something due that very day
    person("police officer")

    with django_capture_on_commit_callbacks(execute=True):
        queue_reminders.enqueue()

    assert mail.outbox == []
