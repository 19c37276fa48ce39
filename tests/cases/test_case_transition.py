"""Moving a case through the workflow: only the table's moves, each appending one event."""

from __future__ import annotations

from datetime import datetime

import pytest
from applications.builders import agency_id, application_for, partnership, submitted
from django.utils import timezone

from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.cases import history
from community_trigger.cases.models import Application, CaseEvent
from community_trigger.cases.services import TransitionRefused, case_transition
from community_trigger.cases.services.intake import application_submit, application_withdraw
from community_trigger.domain.workflow import TRANSITIONS, State

pytestmark = pytest.mark.django_db

ALLOWED = [(current, to) for current, targets in TRANSITIONS.items() for to in sorted(targets)]
REFUSED = [(current, to) for current in State for to in State if to not in TRANSITIONS[current]]


def _case_in(state: State) -> Application:
    application = submitted(partnership())
    application.state = state
    application.save(update_fields=["state"])
    return application


@pytest.fixture
def dispatched(monkeypatch: pytest.MonkeyPatch) -> list[CaseEvent]:
    """The events handed to the dispatcher, which here only collects them: these are the table's moves
    on their own, without the records (a meeting, an escalation) that a step's service makes and its
    consequences (the letter about that meeting) read."""
    seen: list[CaseEvent] = []
    monkeypatch.setattr(history, "_dispatchers", [seen.append])
    return seen


@pytest.mark.parametrize(("current", "to"), ALLOWED, ids=str)
def test_an_allowed_move_changes_the_state_and_appends_the_event(
    current: State, to: State, dispatched: list[CaseEvent]
) -> None:
    application = _case_in(current)
    before = CaseEvent.objects.count()

    moved = case_transition(application=application, to=to, actor_label="the coordinator", reason="Because")

    assert moved.state == to
    assert CaseEvent.objects.count() == before + 1
    event = CaseEvent.objects.latest("pk")
    assert dispatched[-1] == event
    assert (event.from_state, event.to_state, event.actor_label, event.reason) == (
        current,
        to,
        "the coordinator",
        "Because",
    )


@pytest.mark.parametrize(("current", "to"), REFUSED, ids=str)
def test_a_move_outside_the_table_is_refused_and_changes_nothing(current: State, to: State) -> None:
    application = _case_in(current)
    before = CaseEvent.objects.count()

    with pytest.raises(TransitionRefused):
        case_transition(application=application, to=to, actor_label="the coordinator")

    application.refresh_from_db()
    assert application.state == current
    assert CaseEvent.objects.count() == before


def test_a_case_recorded_after_the_fact_keeps_the_moments_it_happened() -> None:
    sent = timezone.make_aware(datetime(2026, 11, 20, 9, 30))
    withdrawn = timezone.make_aware(datetime(2026, 11, 24, 16, 0))
    case = application_submit(
        partnership=partnership(),
        answers=application_for("victim", agency=agency_id(partnership())),
        consent_wording_version=CONSENT_WORDING_VERSION,
        now=sent,
    )

    application_withdraw(application=case, now=withdrawn)

    assert list(case.events.values_list("to_state", "at")) == [
        (State.RECEIVED, sent),
        (State.WITHDRAWN, withdrawn),
    ]
