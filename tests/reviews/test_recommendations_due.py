"""A review's open recommendations are on "Due and overdue" for their agency and the coordinator, and
their owner gets the reminders (or, once the owner has gone, the agency's officers); done or declined
ones drop off."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import partnership
from django.core import mail
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from community_trigger.deadlines.selectors import due_items_for
from community_trigger.deadlines.sources import RECOMMENDATION
from community_trigger.deadlines.tasks import queue_reminders
from community_trigger.domain.access import Role
from community_trigger.reviews.services.plans import recommendation_update

from .builders import Team, answered, held, recommended, scheduled, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


def _recommendations(people: Team) -> tuple[Any, Any]:
    meeting = held(people, scheduled(people, answered(people)))
    police = recommended(people, meeting, people.police, people.police_officer, "patrol nightly", days=1)
    housing = recommended(people, meeting, people.housing, people.housing_officer, "offer mediation", days=9)
    return police, housing


def _due(user: Any) -> list[str]:
    return [item.key for item in due_items_for(user, kind=RECOMMENDATION, today=timezone.localdate())]


def test_each_agency_sees_its_own_open_recommendations_and_the_coordinator_all(people: Team) -> None:
    police, housing = _recommendations(people)

    assert _due(people.police_officer) == [f"recommendation:{police.pk}"]
    assert _due(people.housing_officer) == [f"recommendation:{housing.pk}"]
    assert _due(people.coordinator) == [f"recommendation:{police.pk}", f"recommendation:{housing.pk}"]


def test_a_recommendation_done_or_declined_is_no_longer_due(people: Team) -> None:
    police, housing = _recommendations(people)

    recommendation_update(recommendation=police, to="declined", reason="No staff", actor=people.coordinator)
    recommendation_update(recommendation=housing, to="accepted", actor=people.coordinator)
    recommendation_update(recommendation=housing, to="done", actor=people.coordinator)

    assert _due(people.coordinator) == []


def test_the_due_page_lists_the_recommendation_with_its_owner(client: Client, people: Team) -> None:
    _recommendations(people)
    verified(client, people.police_officer)

    page = client.get("/staff/due/", {"kind": RECOMMENDATION}).content.decode()

    assert "Carry out a recommendation (proposed)" in page
    assert f"{people.police_officer.get_full_name()}, Hampshire and Isle of Wight Constabulary" in page


@pytest.fixture
def remind(settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> Any:
    """Run the reminders job for a day and answer who was reminded of a recommendation."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def run_on(day: date) -> set[str]:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            queue_reminders.enqueue(day=day.isoformat())
        return {message.to[0] for message in mail.outbox if "recommendation" in str(message.subject).lower()}

    return run_on


MONDAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.time_machine(MONDAY, tick=False)
def test_the_owner_alone_is_reminded_on_the_day_a_recommendation_is_due(people: Team, remind: Any) -> None:
    police, _ = _recommendations(people)  # the police's is due on Tuesday 24 November, owned by Otto
    staff("polly", email="polly@staff.example", role=Role.AGENCY_OFFICER, agency_kind="police")

    assert police.due_by == date(2026, 11, 24)
    assert remind(police.due_by) == {people.police_officer.email}


@pytest.mark.time_machine(MONDAY, tick=False)
def test_when_the_owner_has_left_the_agency_its_other_officers_are_reminded(
    people: Team, remind: Any
) -> None:
    police, _ = _recommendations(people)
    polly = staff("polly", email="polly@staff.example", role=Role.AGENCY_OFFICER, agency_kind="police")
    people.police_officer.is_active = False
    people.police_officer.save()

    assert remind(police.due_by) == {polly.email}
