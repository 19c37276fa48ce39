"""An escalation asked for by phone or post keeps the day it was received: its lateness counts from
that day, not from the day staff typed it in; the day cannot be in the future, nor before the outcome."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
from accounts.people import verified
from applications.builders import partnership
from cases.case_page import section_page
from django.test import Client

from community_trigger.cases.models import Application
from community_trigger.cases.sections import Section
from community_trigger.letters.models import Letter
from community_trigger.reviews.models import Escalation
from community_trigger.reviews.services import ReviewRefused
from community_trigger.reviews.services.escalations import escalation_decide, escalation_request
from community_trigger.statistics.models import Counted

from .builders import Team, outcome_sent, team
from .test_review_services import pdf_text

pytestmark = pytest.mark.django_db

SENT = date(2026, 12, 7)  # the outcome letter; the window's last day is 7 January 2027
TYPED_IN = date(2027, 1, 12)


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


def _record(people: Team, application: Application, received_on: date) -> Escalation:
    return escalation_request(
        application=application,
        about="review",
        grounds=["information"],
        details="The panel did not read my diary.",
        entered_by=people.coordinator,
        received_on=received_on,
    )


def test_an_escalation_received_by_post_counts_in_the_year_it_was_received_though_typed_in_the_next(
    people: Team,
) -> None:
    with time_machine.travel(date(2027, 3, 22), tick=False):
        application = outcome_sent(people)
    with time_machine.travel(date(2027, 4, 1), tick=False):
        _record(people, application, date(2027, 3, 31))

    counted = Counted.objects.get(
        application=application, figure=Counted.Figure.ESCALATION_REQUESTED, year_basis="financial"
    )
    assert counted.year_start == 2026  # 2026/27, not 2027/28


def test_a_letter_received_in_the_window_is_on_time_though_typed_in_after_it(people: Team) -> None:
    with time_machine.travel(SENT, tick=False):
        application = outcome_sent(people)
    with time_machine.travel(TYPED_IN, tick=False):
        escalation = _record(people, application, date(2027, 1, 6))

    assert escalation.received_on == date(2027, 1, 6)
    assert escalation.late is False


def test_a_letter_received_after_the_window_is_late(people: Team) -> None:
    with time_machine.travel(SENT, tick=False):
        application = outcome_sent(people)
    with time_machine.travel(TYPED_IN, tick=False):
        escalation = _record(people, application, date(2027, 1, 8))

    assert escalation.late is True


@pytest.mark.parametrize(
    ("day", "why"),
    [(date(2027, 1, 13), "today or in the past"), (date(2026, 12, 4), "on or after the decision")],
)
def test_the_day_received_is_not_in_the_future_nor_before_the_outcome(
    people: Team, day: date, why: str
) -> None:
    with time_machine.travel(SENT, tick=False):
        application = outcome_sent(people)
    with time_machine.travel(TYPED_IN, tick=False), pytest.raises(ReviewRefused, match=why):
        _record(people, application, day)


def test_the_staff_form_shows_a_future_day_in_the_error_summary_and_keeps_what_was_typed(
    client: Client, people: Team
) -> None:
    with time_machine.travel(SENT, tick=False):
        application = outcome_sent(people)
    with time_machine.travel(TYPED_IN, tick=False):
        verified(client, people.coordinator)
        response = client.post(
            f"/staff/cases/{application.reference}/review/escalations/new/",
            {
                "received_on-day": "20",
                "received_on-month": "1",
                "received_on-year": "2027",
                "about": "review",
                "grounds": ["information"],
                "details": "The panel did not read my diary.",
            },
        )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "The day it was received must be today or in the past" in html
    assert "The panel did not read my diary." in html
    assert not application.escalations.exists()


def test_the_case_page_gives_the_day_it_was_received(client: Client, people: Team) -> None:
    with time_machine.travel(SENT, tick=False):
        application = outcome_sent(people)
    with time_machine.travel(TYPED_IN, tick=False):
        _record(people, application, date(2027, 1, 6))
        verified(client, people.coordinator)
        html = section_page(client, application.reference, Section.REVIEW)

    assert "Received on 6 January 2027" in html


def test_the_decision_letter_says_the_applicant_asked_on_the_day_it_was_received(
    people: Team, tmp_path: Path
) -> None:
    with time_machine.travel(SENT, tick=False):
        application = outcome_sent(people)
    with time_machine.travel(TYPED_IN, tick=False):
        escalation = _record(people, application, date(2027, 1, 6))
        escalation_decide(
            escalation=escalation,
            upheld=False,
            reasons="The panel read every report.",
            actor=people.reviewer,
        )

    letter = application.letters.get(kind=Letter.Kind.ESCALATION_DECISION)
    assert "You asked us on 6 January 2027" in pdf_text(letter, tmp_path)
