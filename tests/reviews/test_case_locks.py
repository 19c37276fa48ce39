"""Changing a meeting locks the case first, as every other step does, so that it cannot be rearranged
while someone else holds the case (recording the meeting, the applicant withdrawing)."""

from __future__ import annotations

from typing import Any

import pytest
from applications.builders import partnership
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from community_trigger.cases.models import Application
from community_trigger.reviews.models import Meeting
from community_trigger.reviews.services import ReviewRefused
from community_trigger.reviews.services.meetings import meeting_change

from .builders import Team, answered, scheduled, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


def _moved_elsewhere(meeting: Meeting, people: Team) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "starts_at": meeting.starts_at,
        "place": "Chantry Centre, Andover",
        "online_link": meeting.online_link,
        "chair": meeting.chair,
        "chair_independent": meeting.chair_independent,
        "agencies": list(meeting.agencies.all()),
        "panel": list(meeting.panel.exclude(pk=meeting.chair_id)),
        "victim_involvement": meeting.victim_involvement,
        "not_invited_reason": meeting.not_invited_reason,
        "reason": "The room is flooded.",
        "actor": people.coordinator,
    }


def test_changing_a_meeting_locks_the_case_before_it_checks_the_meeting_is_still_to_come(
    people: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = scheduled(people, answered(people))
    locked: list[int] = []
    locking = Application.objects.select_for_update

    def recording_lock(*args: Any, **kwargs: Any) -> Any:
        locked.append(len(locked))
        return locking(*args, **kwargs)

    monkeypatch.setattr(Application.objects, "select_for_update", recording_lock)
    change = _moved_elsewhere(meeting, people)

    with CaptureQueriesContext(connection) as queries:
        meeting_change(**change)

    assert locked, "the case was not locked"
    if connection.features.has_select_for_update:
        first = next(
            query["sql"]
            for query in queries.captured_queries
            if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        )
        assert 'FROM "cases_application"' in first
        assert "FOR UPDATE" in first
    meeting.refresh_from_db()
    assert meeting.place == "Chantry Centre, Andover"


def test_a_meeting_is_checked_against_the_case_as_it_is_now_not_as_it_was_read(people: Team) -> None:
    """The case moved on after the meeting was read (its record was written in another request): the
    change is refused, not made to a meeting already held."""
    meeting = scheduled(people, answered(people))
    stale = Meeting.objects.select_related("application").get(pk=meeting.pk)
    Application.objects.filter(pk=meeting.application_id).update(state="review_held")
    Meeting.objects.filter(pk=meeting.pk).update(held=True, recorded_at=F("starts_at"))

    with pytest.raises(ReviewRefused):
        meeting_change(**_moved_elsewhere(stale, people))

    assert Meeting.objects.get(pk=meeting.pk).place == "Beech Hurst, Andover"
