"""Identifiers reach a page only as words, through the `wording` template library, in the language
being spoken."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation
from domain.builders import document, incident, report

from community_trigger.common.wording import CRITERION_WORDS, NEXT_STEP_WORDS, ROUTE_WORDS, next_step_words
from community_trigger.domain.application import parse_application
from community_trigger.domain.deadlines import next_step
from community_trigger.domain.policy import Policy
from community_trigger.domain.threshold import assess
from community_trigger.domain.workflow import State


def _render(text: str, **values: object) -> str:
    return Template("{% load wording %}" + text).render(Context(values))


@pytest.mark.parametrize("state", list(State))
def test_every_state_has_words_of_its_own(state: State) -> None:
    shown = _render("{{ state|state_words }}", state=state.value)
    assert shown
    assert shown != state.value


def test_every_route_and_criterion_the_engine_names_has_words() -> None:
    every_route = Policy(hate_incident_route=True)
    assessment = assess(parse_application(document(incident("I1", "2024-01-10", report()))), every_route)

    assert {criterion.id for criterion in assessment.criteria} == set(CRITERION_WORDS)
    assert set(every_route.routes) == set(ROUTE_WORDS)
    assert _render("{{ route|route_words }}", route="three_complaints") == (
        "complaints by one person within the period"
    )
    assert _render("{{ id|criterion_words }}", id="applicant_consent") == (
        "The applicant agrees to their information being shared"
    )


def test_an_unknown_identifier_is_shown_as_stored_rather_than_hidden() -> None:
    shown = _render("{{ s|state_words }} {{ r|route_words }}", s="archived", r="new_route")
    assert shown == "archived new_route"


def test_the_words_follow_the_language_spoken() -> None:
    with translation.override("cy"):
        welsh = _render("{{ state|state_words }}", state="closed")
    assert welsh != "Closed"


@pytest.mark.parametrize("state", list(State))
def test_the_next_step_of_each_state_is_in_words_in_the_language_spoken(state: State) -> None:
    step = next_step(state)
    if step is None:
        assert next_step_words(state.value) is None
        return
    english = next_step_words(state.value)
    with translation.override("cy"):
        welsh = next_step_words(state.value)
    assert english == str(NEXT_STEP_WORDS[step])
    assert welsh
    assert welsh != english
