"""Moving a case through the workflow: only the table's moves, each appending one event."""

from __future__ import annotations

import pytest
from applications.builders import partnership, submitted

from community_trigger.cases.models import Application, CaseEvent
from community_trigger.cases.services import TransitionRefused, case_transition
from community_trigger.domain.workflow import TRANSITIONS, State

pytestmark = pytest.mark.django_db

ALLOWED = [(current, to) for current, targets in TRANSITIONS.items() for to in sorted(targets)]
REFUSED = [(current, to) for current in State for to in State if to not in TRANSITIONS[current]]


def _case_in(state: State) -> Application:
    application = submitted(partnership())
    application.state = state
    application.save(update_fields=["state"])
    return application


@pytest.mark.parametrize(("current", "to"), ALLOWED, ids=str)
def test_an_allowed_move_changes_the_state_and_appends_the_event(current: State, to: State) -> None:
    application = _case_in(current)
    before = CaseEvent.objects.count()

    moved = case_transition(application=application, to=to, actor_label="the coordinator", reason="Because")

    assert moved.state == to
    assert CaseEvent.objects.count() == before + 1
    event = CaseEvent.objects.latest("pk")
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
