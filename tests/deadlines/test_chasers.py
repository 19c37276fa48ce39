"""Late answers chased: 1, 3 and 5 working days after the due date, each once, to the agency's
officers or, with nobody in the service, to its contact address; at 5 days late its lead contact is
told too."""

from __future__ import annotations

from datetime import date

import pytest
from accounts.people import staff
from applications.builders import partnership
from pytest_django import Settings

from community_trigger.agencies.models import Agency
from community_trigger.deadlines.models import Reminder
from community_trigger.deadlines.services import reminders_record
from community_trigger.domain.access import Role
from community_trigger.domain.deadlines import ReminderMoment, chaser_due
from community_trigger.notifications.models import Message

from .cases import asked

pytestmark = pytest.mark.django_db

DUE = date(2026, 11, 23)  # a Monday
LATE = {1: date(2026, 11, 24), 2: date(2026, 11, 25), 3: date(2026, 11, 26), 5: date(2026, 11, 30)}
CONTACT = "safeguarding@health.example"
LEAD = "director@health.example"


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    settings.SITE_URL = "https://trigger.example"


def _chasers() -> list[tuple[str, bool, int]]:
    """Each chaser email queued: to whom, whether to the lead contact, and how late it says."""
    return sorted(
        (message.to, message.values["to_lead"], message.values["days_late"])
        for message in Message.objects.filter(kind="information_overdue")
    )


@pytest.mark.parametrize(
    ("today", "moment"),
    [
        (DUE, None),
        (LATE[1], ReminderMoment.LATE_1),
        (LATE[2], ReminderMoment.LATE_1),
        (LATE[3], ReminderMoment.LATE_3),
        (date(2026, 11, 28), None),  # a Saturday
        (LATE[5], ReminderMoment.LATE_5),
        (date(2026, 12, 10), ReminderMoment.LATE_5),
    ],
)
def test_the_chaser_a_day_brings(today: date, moment: ReminderMoment | None) -> None:
    assert chaser_due(DUE, today, frozenset()) == moment


def test_an_agency_with_nobody_in_the_service_is_chased_at_its_contact_address_then_its_lead() -> None:
    Agency.objects.filter(partnership=partnership(), kind="health").update(
        contact_email=CONTACT, lead_contact_email=LEAD
    )
    asked(partnership(), "health", due_by=DUE)

    for day in (LATE[1], LATE[2], LATE[3], LATE[5], date(2026, 12, 1)):
        reminders_record(today=day)

    assert _chasers() == sorted(
        [(CONTACT, False, 1), (CONTACT, False, 3), (CONTACT, False, 5), (LEAD, True, 5)]
    )
    assert Reminder.objects.filter(to_address=CONTACT).count() == 3


def test_an_agency_with_officers_is_chased_through_them_with_a_link_to_the_case() -> None:
    officer = staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police", email="otto@police.example")
    case = asked(partnership(), "police", due_by=DUE)

    reminders_record(today=LATE[1])
    reminders_record(today=LATE[1])

    message = Message.objects.get(kind="information_overdue")
    assert message.to == officer.email
    assert message.values["link"] == f"https://trigger.example/staff/cases/{case.reference}/"


def test_an_answer_in_stops_the_chasing() -> None:
    Agency.objects.filter(partnership=partnership(), kind="health").update(contact_email=CONTACT)
    case = asked(partnership(), "health", due_by=DUE)
    reminders_record(today=LATE[1])
    case.information_requests.update(answered_at=case.submitted_at)

    reminders_record(today=LATE[3])

    assert _chasers() == [(CONTACT, False, 1)]


def test_an_agency_with_no_one_and_no_address_is_not_chased_but_is_flagged() -> None:
    Agency.objects.filter(partnership=partnership(), kind="health").update(contact_email="")
    asked(partnership(), "health", due_by=DUE)

    reminders_record(today=LATE[1])

    assert _chasers() == []
