"""The demo cases `make run` loads: a case at each step from received to outcome sent, built through
the services, and loading twice adds nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from pytest_django import Settings

from community_trigger.accounts.services import demo_staff_load
from community_trigger.agencies.services import demo_partnership_load
from community_trigger.cases.models import Application
from community_trigger.demo.cases import demo_cases_load
from community_trigger.letters.models import Letter
from community_trigger.reviews.models import Recommendation
from community_trigger.sharing.models import AnswerSource, InformationResponse
from community_trigger.sharing.selectors import agencies_answering_in_service

pytestmark = pytest.mark.django_db


def test_the_demo_cases_stand_at_different_steps_and_load_once(settings: Settings) -> None:
    settings.DEBUG = True  # the demo staff exist only on a development machine
    partnership = demo_partnership_load()
    demo_staff_load()
    coordinator = get_user_model().objects.get(username="coordinator")

    cases = demo_cases_load(partnership=partnership, coordinator=coordinator)

    assert [case.state for case in cases] == [
        "received",
        "acknowledged",
        "information_requested",
        "review_scheduled",
        "outcome_sent",
    ]
    assert cases[2].information_requests.count() == partnership.agencies.count()
    assert cases[2].decisions.get().outcome == "threshold_met"
    reviewed = cases[4]
    assert sorted(
        Recommendation.objects.filter(meeting__application=reviewed).values_list("status", flat=True)
    ) == [
        "accepted",
        "in_progress",
    ]
    outcome = reviewed.letters.get(kind=Letter.Kind.OUTCOME)
    assert (outcome.delivery, outcome.sent_at) == (Letter.Delivery.POST, None)  # waiting to be posted
    # The diary has a call only coordinators read, and a note the police wrote for every agency.
    assert list(cases[2].diary.values_list("kind", "visibility")) == [("call", "coordinators")]
    assert list(cases[3].diary.values_list("kind", "visibility", "written_for__kind")) == [
        ("note", "agencies", "police")
    ]
    assert demo_cases_load(partnership=partnership, coordinator=coordinator) == []
    assert Application.objects.count() == 5


def test_the_demo_has_answers_from_agencies_without_accounts(settings: Settings) -> None:
    settings.DEBUG = True
    partnership = demo_partnership_load()
    demo_staff_load()
    coordinator = get_user_model().objects.get(username="coordinator")

    requested = demo_cases_load(partnership=partnership, coordinator=coordinator)[2]

    answers = {
        response.request.agency.kind: response
        for response in InformationResponse.objects.filter(request__application=requested).select_related(
            "request__agency"
        )
    }
    assert answers["council"].source == AnswerSource.SECURE_LINK
    assert answers["health"].source == AnswerSource.RECORDED
    assert answers["health"].answered_by == coordinator
    assert all(agency.contact_email for agency in partnership.agencies.all())
    # Neither agency has anyone who may answer in the service: that is why they answered this way.
    assert (
        agencies_answering_in_service(
            [answers["council"].request.agency_id, answers["health"].request.agency_id]
        )
        == set()
    )
    assert requested.events.filter(kind="answered", facts__source="secure_link").exists()


def test_the_demo_loads_just_after_midnight(settings: Settings, time_machine: Any) -> None:
    """Loaded in the first minutes of a day, the recorded answer is still received on the day it was
    asked for."""
    time_machine.move_to(datetime(2026, 12, 4, 0, 20, tzinfo=UTC), tick=False)
    settings.DEBUG = True
    partnership = demo_partnership_load()
    demo_staff_load()
    coordinator = get_user_model().objects.get(username="coordinator")

    cases = demo_cases_load(partnership=partnership, coordinator=coordinator)

    recorded = InformationResponse.objects.get(request__application=cases[2], source=AnswerSource.RECORDED)
    assert recorded.received_at is not None
    assert recorded.received_at.date() == date(2026, 12, 4)
