"""The case states and the table of moves between them; the applicant may only withdraw, and not late."""

from __future__ import annotations

import pytest

from community_trigger.domain.workflow import (
    PUBLIC_LABELS,
    TRANSITIONS,
    State,
    applicant_can_withdraw,
    can_move,
)

ALLOWED = {
    (State.RECEIVED, State.THRESHOLD_MET),
    (State.RECEIVED, State.THRESHOLD_NOT_MET),
    (State.RECEIVED, State.WITHDRAWN),
    (State.THRESHOLD_MET, State.REVIEW_SCHEDULED),
    (State.THRESHOLD_MET, State.WITHDRAWN),
    (State.REVIEW_SCHEDULED, State.OUTCOME_SENT),
    (State.REVIEW_SCHEDULED, State.WITHDRAWN),
}
EVERY_MOVE = [(current, to) for current in State for to in State]


@pytest.mark.parametrize(("current", "to"), EVERY_MOVE)
def test_only_the_moves_in_the_table_are_allowed(current: State, to: State) -> None:
    assert can_move(current, to) is ((current, to) in ALLOWED)


def test_every_state_has_a_row_in_the_table_and_a_public_label() -> None:
    assert set(TRANSITIONS) == set(State)
    assert set(PUBLIC_LABELS) == set(State)


@pytest.mark.parametrize("state", list(State))
def test_no_state_moves_to_itself(state: State) -> None:
    assert not can_move(state, state)


@pytest.mark.parametrize("state", [State.THRESHOLD_NOT_MET, State.OUTCOME_SENT, State.WITHDRAWN])
def test_a_closed_case_moves_nowhere(state: State) -> None:
    assert TRANSITIONS[state] == frozenset()


@pytest.mark.parametrize(
    ("state", "can_withdraw"),
    [
        (State.RECEIVED, True),
        (State.THRESHOLD_MET, True),
        (State.REVIEW_SCHEDULED, True),
        (State.THRESHOLD_NOT_MET, False),
        (State.OUTCOME_SENT, False),
        (State.WITHDRAWN, False),
    ],
)
def test_an_applicant_can_withdraw_from_received_threshold_met_or_review_scheduled_only(
    state: State, can_withdraw: bool
) -> None:
    assert applicant_can_withdraw(state) is can_withdraw


def test_nothing_leads_back_to_received() -> None:
    assert not any(State.RECEIVED in targets for targets in TRANSITIONS.values())


def test_the_states_are_stored_by_their_lower_case_names() -> None:
    assert [str(state) for state in State] == [
        "received",
        "threshold_met",
        "threshold_not_met",
        "review_scheduled",
        "outcome_sent",
        "withdrawn",
    ]
