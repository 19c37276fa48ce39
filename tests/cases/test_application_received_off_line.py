"""application_submit for a request that came by phone, post, email or in person and a member of staff
enters: the day it was received is the application's date, and the case says who entered it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from accounts.people import staff
from applications.builders import (
    NOON,
    TODAY,
    agency_id,
    application_for,
    incident,
    partnership,
    report,
    submitted,
)

from community_trigger.agencies.models import Partnership
from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.cases.models import Application, CaseEvent, Channel, Consent, ConsentMethod
from community_trigger.cases.services.intake import ReceivedInTheFuture, application_submit

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def tvp() -> Partnership:
    return partnership()


def _entered(
    tvp: Partnership,
    *,
    received_on: date,
    channel: str = Channel.PHONE,
    role: str = "victim",
    consent_method: str = ConsentMethod.BY_PHONE,
    **overrides: Any,
) -> Application:
    return application_submit(
        partnership=tvp,
        answers=application_for(
            role,
            agency=agency_id(tvp),
            received={"channel": channel, "date": received_on.isoformat()},
            consent_method=consent_method,
            **overrides,
        ),
        consent_wording_version=CONSENT_WORDING_VERSION,
        actor=staff("cara"),
    )


def _three_incidents_reported_in(tvp: Partnership, year: int, month: int) -> list[dict[str, Any]]:
    """Incidents on the 2nd, 5th and 9th of the month, each reported to the police the next day."""
    police = agency_id(tvp)
    return [
        incident(f"i{day}", date(year, month, day), report("you", police, date(year, month, day + 1)))
        for day in (2, 5, 9)
    ]


@pytest.mark.parametrize("channel", [Channel.PHONE, Channel.POST, Channel.EMAIL, Channel.IN_PERSON])
def test_an_application_keeps_the_way_it_came_in(tvp: Partnership, channel: str) -> None:
    assert _entered(tvp, received_on=TODAY, channel=channel).channel == channel


def test_an_application_entered_the_day_it_came_is_received_when_it_is_entered(tvp: Partnership) -> None:
    assert _entered(tvp, received_on=TODAY).submitted_at == NOON


def test_an_application_entered_days_later_is_received_on_the_day_it_came(tvp: Partnership) -> None:
    application = _entered(tvp, received_on=date(2026, 11, 16), channel=Channel.POST)

    # The hour a letter arrived is not known; the day is, in the partnership's time zone.
    assert application.submitted_at == datetime(2026, 11, 16, 0, 0, tzinfo=LONDON)
    assert application.created_at == NOON


def test_the_threshold_engine_counts_back_from_the_day_it_was_received(tvp: Partnership) -> None:
    # Reported in May: more than six months before today, but not before the letter arrived.
    may = _three_incidents_reported_in(tvp, 2026, 5)

    entered = _entered(tvp, received_on=date(2026, 5, 20), channel=Channel.POST, incidents=may)
    online_today = submitted(tvp, incidents=may)

    assessment = entered.assessments.get()
    assert assessment.engine_input["application_date"] == "2026-05-20"
    assert (assessment.threshold_met, assessment.route) == (True, "three_complaints")
    assert online_today.assessments.get().threshold_met is False


def test_the_acknowledgement_is_due_in_working_days_from_the_day_it_was_received(tvp: Partnership) -> None:
    # Received on Friday 13 November: five working days is Friday 20 November, today.
    application = _entered(tvp, received_on=date(2026, 11, 13), channel=Channel.POST)

    assert application.acknowledge_by == date(2026, 11, 20)
    assert application.due_by == date(2026, 11, 20)


def test_a_request_received_in_december_and_entered_in_january_belongs_to_the_year_it_came(
    tvp: Partnership, time_machine: Any
) -> None:
    time_machine.move_to(datetime(2027, 1, 4, 10, tzinfo=UTC), tick=False)
    december = _three_incidents_reported_in(tvp, 2026, 12)

    application = _entered(tvp, received_on=date(2026, 12, 30), channel=Channel.POST, incidents=december)
    next_online = submitted(tvp, incidents=december)

    assert (application.reference, application.year) == ("TVP-2026-0001", 2026)
    assert (next_online.reference, next_online.year) == ("TVP-2027-0001", 2027)


def test_a_request_cannot_be_received_on_a_day_still_to_come(tvp: Partnership) -> None:
    with pytest.raises(ReceivedInTheFuture):
        _entered(tvp, received_on=date(2026, 11, 21))

    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "methods"),
    [
        ("victim", ["in_writing"]),
        ("representative", ["in_writing", "by_email"]),
        ("group_representative", ["in_writing", *["confirmed_by_representative"] * 4]),
    ],
)
def test_the_applicant_consent_is_recorded_the_way_they_gave_it_and_everyone_elses_as_online(
    tvp: Partnership, role: str, methods: list[str]
) -> None:
    application = _entered(
        tvp, received_on=TODAY, channel=Channel.POST, role=role, consent_method=ConsentMethod.IN_WRITING
    )

    consents = Consent.objects.filter(person__application=application).order_by("person__position")
    assert [consent.method for consent in consents] == methods
    assert {(consent.given, consent.wording_version) for consent in consents} == {
        (True, CONSENT_WORDING_VERSION)
    }


def test_the_first_event_says_who_entered_it_and_how_it_came(tvp: Partnership) -> None:
    application = _entered(tvp, received_on=date(2026, 11, 18), channel=Channel.PHONE)

    event = CaseEvent.objects.select_related("actor").get(application=application, kind="moved")
    assert (event.to_state, event.actor_label) == ("received", "Cara Staffer")
    assert event.actor is not None
    assert event.actor.get_username() == "cara"
    assert event.reason == "Received by phone on 18 November 2026; entered by Cara Staffer"
