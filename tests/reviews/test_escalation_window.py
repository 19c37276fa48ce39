"""The case page shows an escalation's window as open until its last day, counted in working days as
every deadline is (weekends and bank holidays do not count, the last day does), and ended after it."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from accounts.people import verified
from applications.builders import partnership
from cases.case_page import section_page
from django.test import Client

from community_trigger.cases.models import Application
from community_trigger.cases.sections import Section
from community_trigger.reviews.selectors import EscalationWindow
from community_trigger.reviews.services.escalations import escalation_request

from .builders import Team, outcome_sent, team

pytestmark = pytest.mark.django_db

# The outcome letter goes on Monday 7 December 2026: the 20 working days of the window run over
# Christmas and New Year to Thursday 7 January 2027.
SENT = date(2026, 12, 7)
LAST_DAY = date(2027, 1, 7)


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


@pytest.fixture
def escalated(people: Team) -> Application:
    with time_machine.travel(SENT, tick=False):
        application = outcome_sent(people)
    with time_machine.travel(date(2026, 12, 8), tick=False):
        escalation_request(
            application=application,
            about="review",
            grounds=["information"],
            details="The panel did not read my diary of incidents.",
        )
    return application


def _window_row(client: Client, people: Team, application: Application, today: date) -> str:
    with time_machine.travel(today, tick=False):
        verified(client, people.coordinator)
        html = section_page(client, application.reference, Section.REVIEW)
    row = html.split("Window</dt>", 1)[1].split("</dd>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", "", row).split())


def test_a_window_still_open_is_shown_open_with_the_working_days_left(
    client: Client, people: Team, escalated: Application
) -> None:
    row = _window_row(client, people, escalated, date(2026, 12, 8))

    assert "Ended" not in row
    assert "Open until 7 January 2027" in row
    # After Tuesday 8 December: 12 working days to Christmas Eve, 3 from 29 to 31 December and 4 from
    # 4 to 7 January (Christmas Day, Boxing Day's substitute on the 28th and New Year's Day are not).
    assert "19 working days left" in row


def test_on_its_last_day_the_window_is_still_open(
    client: Client, people: Team, escalated: Application
) -> None:
    row = _window_row(client, people, escalated, LAST_DAY)

    assert "Open until 7 January 2027" in row
    assert "last day today" in row


def test_after_its_last_day_the_window_has_ended(
    client: Client, people: Team, escalated: Application
) -> None:
    row = _window_row(client, people, escalated, date(2027, 1, 8))

    assert row.startswith("Ended 7 January 2027")


@pytest.mark.parametrize(
    ("ends", "today", "is_open", "left"),
    [
        (LAST_DAY, date(2027, 1, 6), True, 1),
        (LAST_DAY, LAST_DAY, True, 0),
        (LAST_DAY, date(2027, 1, 11), False, -2),
        # The Saturday after a last day on Friday is past it, though no working day has gone by since.
        (date(2027, 1, 8), date(2027, 1, 9), False, 0),
    ],
)
def test_the_window_counts_working_days_and_ends_after_its_last_day(
    ends: date, today: date, is_open: bool, left: int
) -> None:
    window = EscalationWindow.on(ends, today)

    assert (window.open, window.working_days_left) == (is_open, left)
