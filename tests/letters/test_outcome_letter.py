"""The outcome letter names as having taken part only the agencies that did: those that answered the
information request about the case or attended the meeting. An agency asked that neither answered
nor came is not named."""

from __future__ import annotations

from pathlib import Path

import pytest
from applications.builders import partnership
from reviews.builders import Team, answered, held, scheduled, team

from community_trigger.letters.models import Letter
from community_trigger.reviews.services.plans import outcome_send

from .test_letters import pdf_text

pytestmark = pytest.mark.django_db

COUNCIL = "Test Valley Borough Council"
HEALTH = "Hampshire and Isle of Wight Integrated Care Board"
POLICE = "Hampshire and Isle of Wight Constabulary"
HOUSING = "Aster Group"


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


def _outcome_text(people: Team, tmp_path: Path, **arrangements: object) -> str:
    meeting = scheduled(people, answered(people), **arrangements)
    attending = list(meeting.agencies.all())
    held(people, meeting, summaries={agency.pk: "What it did." for agency in attending})
    letter = outcome_send(
        meeting=meeting, summary_for_applicant="Nothing more can be done.", actor=people.coordinator
    )
    assert letter.kind == Letter.Kind.OUTCOME
    return pdf_text(bytes(letter.pdf), tmp_path)


def _named_as_taking_part(text: str) -> str:
    start = text.index("These organisations took part:")
    return text[start : text.index("What the review found", start)]


def test_agencies_asked_that_never_answered_are_not_named_as_taking_part(
    people: Team, tmp_path: Path
) -> None:
    # The police and housing answered; the council and the health board were asked and did not.
    took_part = _named_as_taking_part(_outcome_text(people, tmp_path, agencies=[people.police]))

    assert POLICE in took_part  # answered and attended
    assert HOUSING in took_part  # answered, did not attend
    assert COUNCIL not in took_part
    assert HEALTH not in took_part


def test_an_agency_that_attended_without_answering_took_part(people: Team, tmp_path: Path) -> None:
    council = people.police.partnership.agencies.get(kind="council")

    took_part = _named_as_taking_part(_outcome_text(people, tmp_path, agencies=[people.police, council]))

    assert COUNCIL in took_part
    assert HEALTH not in took_part
