"""The meeting's record is offered once the meeting has started, never before; recommendations fall
due on working days; the decline reason is asked only where declining is possible."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from accounts.people import verified
from applications.builders import partnership
from django.test import Client

from community_trigger.cases.models import Application
from community_trigger.reviews.models import Meeting, Recommendation
from community_trigger.reviews.services import ReviewRefused
from community_trigger.reviews.services.plans import recommendation_add, recommendation_update

from .builders import Team, answered, held, recommended, scheduled, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


def _case_url(case: Application, rest: str = "") -> str:
    return f"/staff/cases/{case.reference}/{rest}"


def _record_url(meeting: Meeting) -> str:
    return _case_url(meeting.application, f"review/meetings/{meeting.pk}/record/")


# Recording the meeting ------------------------------------------------------------------------------------


def test_before_the_meeting_the_case_page_offers_no_record_and_says_when_it_can_be_written(
    client: Client, people: Team
) -> None:
    meeting = scheduled(people, answered(people))
    verified(client, people.coordinator)

    page = client.get(_case_url(meeting.application, "review/")).content.decode()

    assert _record_url(meeting) not in page
    assert "You can record the meeting once it has happened" in page


def test_once_the_meeting_has_started_the_case_page_offers_its_record(client: Client, people: Team) -> None:
    meeting = scheduled(people, answered(people))

    with time_machine.travel(meeting.starts_at + timedelta(minutes=1)):
        verified(client, people.coordinator)
        page = client.get(_case_url(meeting.application, "review/")).content.decode()

    assert _record_url(meeting) in page
    assert "You can record the meeting once it has happened" not in page


def test_the_record_page_before_the_meeting_says_so_and_asks_nothing(client: Client, people: Team) -> None:
    meeting = scheduled(people, answered(people))
    verified(client, people.chair)

    response = client.get(_record_url(meeting))

    content = response.content.decode()
    assert response.status_code == 200
    assert "You can record the meeting once it has happened" in content
    assert "Save the record" not in content
    assert "form" not in response.context


# Due dates on working days --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "why"),
    [
        (date(2027, 1, 16), "16 January 2027 is a Saturday"),
        (date(2027, 1, 17), "17 January 2027 is a Sunday"),
        (date(2027, 5, 3), "3 May 2027 is a bank holiday"),
        (date(2026, 12, 28), "28 December 2026 is a bank holiday"),  # Boxing Day's substitute
    ],
)
def test_a_recommendation_due_on_a_day_that_is_not_a_working_day_is_refused(
    people: Team, due: date, why: str
) -> None:
    meeting = held(people, scheduled(people, answered(people)))

    with pytest.raises(ReviewRefused) as refused:
        recommendation_add(
            meeting=meeting,
            agency=people.police,
            owner=people.police_officer,
            action="patrol nightly",
            due_by=due,
            actor=people.coordinator,
        )

    assert str(refused.value) == f"The due date must be a working day: {why}"
    assert refused.value.field == "due_by"
    assert not Recommendation.objects.exists()


def test_the_recommendation_page_puts_a_weekend_due_date_right_on_the_date(
    client: Client, people: Team
) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    verified(client, people.coordinator)

    response = client.post(
        _case_url(meeting.application, f"review/meetings/{meeting.pk}/recommendations/add/"),
        {
            "owner": f"{people.housing_officer.pk}:{people.housing.pk}",
            "action": "offer mediation",
            "due_by-day": "16",
            "due_by-month": "1",
            "due_by-year": "2027",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["due_by"] == [
        "The due date must be a working day: 16 January 2027 is a Saturday"
    ]
    assert "offer mediation" in response.content.decode()
    assert not Recommendation.objects.exists()


# The decline reason ---------------------------------------------------------------------------------------


def _update_page(client: Client, people: Team, to: str | None) -> Any:
    meeting = held(people, scheduled(people, answered(people)))
    made = recommended(people, meeting, people.police, people.police_officer, "patrol nightly")
    for step in {None: [], "accepted": ["accepted"], "in_progress": ["accepted", "in_progress"]}[to]:
        recommendation_update(recommendation=made, to=step, actor=people.police_officer)
    verified(client, people.police_officer)
    return client.get(_case_url(meeting.application, f"review/recommendations/{made.pk}/"))


def test_a_proposed_recommendation_may_be_declined_so_its_page_asks_why(client: Client, people: Team) -> None:
    response = _update_page(client, people, to=None)

    assert "If you are declining it, why?" in response.content.decode()


@pytest.mark.parametrize("now", ["accepted", "in_progress"])
def test_once_accepted_a_recommendation_cannot_be_declined_so_no_reason_is_asked(
    client: Client, people: Team, now: str
) -> None:
    response = _update_page(client, people, to=now)

    assert "If you are declining it, why?" not in response.content.decode()
    assert "reason" not in response.context["form"].fields


def test_a_note_is_still_kept_when_no_reason_is_asked(client: Client, people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    made = recommended(people, meeting, people.police, people.police_officer, "patrol nightly")
    recommendation_update(recommendation=made, to="accepted", actor=people.police_officer)
    verified(client, people.police_officer)

    response = client.post(
        _case_url(meeting.application, f"review/recommendations/{made.pk}/"),
        {"to": "in_progress", "note": "First patrol on Friday.", "reason": "ignored"},
    )

    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.declined_reason) == ("in_progress", "")
    assert [update.note for update in made.updates.all()][-1] == "First patrol on Friday."
