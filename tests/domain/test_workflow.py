"""The case states and the table of moves between them; the applicant may only withdraw, and not late."""

from __future__ import annotations

import pytest

from community_trigger.domain.workflow import (
    REVIEW_DECIDED,
    TRANSITIONS,
    State,
    ThresholdAnswer,
    after_escalation,
    applicant_can_withdraw,
    can_move,
    closed_after,
    escalation_possible,
    threshold_answer,
)

S = State
# The procedure, written out move by move (issue 4): the table must allow these and nothing else.
ALLOWED = {
    (S.RECEIVED, S.ACKNOWLEDGED),
    (S.RECEIVED, S.WITHDRAWN),
    (S.ACKNOWLEDGED, S.THRESHOLD_MET),
    (S.ACKNOWLEDGED, S.THRESHOLD_NOT_MET),
    (S.ACKNOWLEDGED, S.DISCRETIONARY_REVIEW),
    (S.ACKNOWLEDGED, S.WITHDRAWN),
    (S.THRESHOLD_MET, S.INFORMATION_REQUESTED),
    (S.THRESHOLD_MET, S.WITHDRAWN),
    (S.DISCRETIONARY_REVIEW, S.INFORMATION_REQUESTED),
    (S.DISCRETIONARY_REVIEW, S.WITHDRAWN),
    (S.THRESHOLD_NOT_MET, S.ESCALATED),
    (S.THRESHOLD_NOT_MET, S.CLOSED),
    (S.INFORMATION_REQUESTED, S.REVIEW_SCHEDULED),
    (S.INFORMATION_REQUESTED, S.WITHDRAWN),
    (S.REVIEW_SCHEDULED, S.REVIEW_HELD),
    (S.REVIEW_SCHEDULED, S.WITHDRAWN),
    (S.REVIEW_HELD, S.OUTCOME_SENT),
    (S.OUTCOME_SENT, S.ESCALATED),
    (S.OUTCOME_SENT, S.CLOSED),
    (S.ESCALATED, S.ACKNOWLEDGED),
    (S.ESCALATED, S.INFORMATION_REQUESTED),
    (S.ESCALATED, S.THRESHOLD_NOT_MET),
    (S.ESCALATED, S.OUTCOME_SENT),
    (S.ESCALATED, S.CLOSED),
    (S.CLOSED, S.ESCALATED),
}
EVERY_MOVE = [(current, to) for current in State for to in State]


@pytest.mark.parametrize(("current", "to"), EVERY_MOVE, ids=str)
def test_only_the_moves_in_the_table_are_allowed(current: State, to: State) -> None:
    assert can_move(current, to) is ((current, to) in ALLOWED)


def test_every_state_has_a_row_in_the_table() -> None:
    assert set(TRANSITIONS) == set(State)


@pytest.mark.parametrize("state", list(State))
def test_no_state_moves_to_itself(state: State) -> None:
    assert not can_move(state, state)


def test_a_withdrawn_case_moves_nowhere() -> None:
    assert TRANSITIONS[State.WITHDRAWN] == frozenset()


def test_a_closed_case_is_reopened_only_by_an_escalation() -> None:
    assert TRANSITIONS[State.CLOSED] == frozenset({State.ESCALATED})


@pytest.mark.parametrize(
    ("escalated_from", "upheld", "goes_to"),
    [
        (S.THRESHOLD_NOT_MET, True, S.ACKNOWLEDGED),
        (S.OUTCOME_SENT, True, S.INFORMATION_REQUESTED),
        (S.THRESHOLD_NOT_MET, False, S.THRESHOLD_NOT_MET),
        (S.OUTCOME_SENT, False, S.OUTCOME_SENT),
    ],
)
def test_an_upheld_escalation_sends_the_case_back_and_one_not_upheld_returns_it(
    escalated_from: State, upheld: bool, goes_to: State
) -> None:
    assert after_escalation(escalated_from, upheld=upheld) == goes_to
    assert can_move(S.ESCALATED, goes_to)


@pytest.mark.parametrize(
    ("closed_after_step", "upheld", "goes_to"),
    [
        # Closed after "threshold not met": upheld means a fresh threshold decision, not a review.
        (S.THRESHOLD_NOT_MET, True, S.ACKNOWLEDGED),
        (S.OUTCOME_SENT, True, S.INFORMATION_REQUESTED),
        (S.THRESHOLD_NOT_MET, False, S.CLOSED),
        (S.OUTCOME_SENT, False, S.CLOSED),
    ],
)
def test_an_escalation_of_a_closed_case_goes_back_as_far_as_the_step_it_was_closed_after(
    closed_after_step: State, upheld: bool, goes_to: State
) -> None:
    assert after_escalation(S.CLOSED, upheld=upheld, closed_after=closed_after_step) == goes_to
    assert can_move(S.ESCALATED, goes_to)


def test_an_upheld_escalation_of_a_closed_case_needs_to_know_what_it_was_closed_after() -> None:
    with pytest.raises(ValueError, match="closed after"):
        after_escalation(S.CLOSED, upheld=True)


NOT_MET_THEN_CLOSED = [
    (None, S.RECEIVED),
    (S.RECEIVED, S.ACKNOWLEDGED),
    (S.ACKNOWLEDGED, S.THRESHOLD_NOT_MET),
    (S.THRESHOLD_NOT_MET, S.CLOSED),
]
REVIEWED_THEN_CLOSED = [
    (None, S.RECEIVED),
    (S.RECEIVED, S.ACKNOWLEDGED),
    (S.ACKNOWLEDGED, S.THRESHOLD_MET),
    (S.THRESHOLD_MET, S.INFORMATION_REQUESTED),
    (S.INFORMATION_REQUESTED, S.REVIEW_SCHEDULED),
    (S.REVIEW_SCHEDULED, S.REVIEW_HELD),
    (S.REVIEW_HELD, S.OUTCOME_SENT),
    (S.OUTCOME_SENT, S.CLOSED),
]
NOT_UPHELD_AFTER_CLOSING = [(S.CLOSED, S.ESCALATED), (S.ESCALATED, S.CLOSED)]


@pytest.mark.parametrize(
    ("history", "after"),
    [
        (NOT_MET_THEN_CLOSED, S.THRESHOLD_NOT_MET),
        (REVIEWED_THEN_CLOSED, S.OUTCOME_SENT),
        # An escalation not upheld returns the case to "closed": it was still closed after the decision.
        (NOT_MET_THEN_CLOSED + NOT_UPHELD_AFTER_CLOSING, S.THRESHOLD_NOT_MET),
        (REVIEWED_THEN_CLOSED + NOT_UPHELD_AFTER_CLOSING, S.OUTCOME_SENT),
        # Decided again after an upheld escalation, reviewed this time, then closed.
        (
            [
                *NOT_MET_THEN_CLOSED,
                (S.CLOSED, S.ESCALATED),
                (S.ESCALATED, S.ACKNOWLEDGED),
                *REVIEWED_THEN_CLOSED[2:],
            ],
            S.OUTCOME_SENT,
        ),
        (NOT_MET_THEN_CLOSED[:-1], None),
    ],
)
def test_a_case_is_closed_after_the_last_step_it_reached_before_closing(
    history: list[tuple[State | None, State]], after: State | None
) -> None:
    assert closed_after(history) == after


@pytest.mark.parametrize("state", list(State))
def test_an_escalation_can_be_asked_for_only_after_a_decision_or_an_outcome(state: State) -> None:
    assert escalation_possible(state) is (state in {S.THRESHOLD_NOT_MET, S.OUTCOME_SENT, S.CLOSED})


@pytest.mark.parametrize("state", list(State))
def test_every_state_can_be_reached_from_received(state: State) -> None:
    reached, frontier = {State.RECEIVED}, [State.RECEIVED]
    while frontier:
        for target in TRANSITIONS[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert state in reached


WITHDRAWABLE = {
    S.RECEIVED,
    S.ACKNOWLEDGED,
    S.THRESHOLD_MET,
    S.DISCRETIONARY_REVIEW,
    S.INFORMATION_REQUESTED,
    S.REVIEW_SCHEDULED,
}


@pytest.mark.parametrize("state", list(State))
def test_an_applicant_can_withdraw_only_until_the_review_is_held(state: State) -> None:
    assert applicant_can_withdraw(state) is (state in WITHDRAWABLE)


def test_nothing_leads_back_to_received() -> None:
    assert not any(State.RECEIVED in targets for targets in TRANSITIONS.values())


def test_a_review_is_decided_in_every_state_between_a_positive_decision_and_the_outcome() -> None:
    assert {
        S.THRESHOLD_MET,
        S.DISCRETIONARY_REVIEW,
        S.INFORMATION_REQUESTED,
        S.REVIEW_SCHEDULED,
        S.REVIEW_HELD,
        S.OUTCOME_SENT,
    } == REVIEW_DECIDED


def test_the_states_are_stored_by_their_lower_case_names() -> None:
    assert all(str(state) == state.name.lower() for state in State)


A = ThresholdAnswer
DECIDED_NOT_MET = NOT_MET_THEN_CLOSED[:-1]
ESCALATED_AND_UPHELD = [(S.THRESHOLD_NOT_MET, S.ESCALATED), (S.ESCALATED, S.ACKNOWLEDGED)]


@pytest.mark.parametrize(
    ("state", "history", "answer"),
    [
        (S.RECEIVED, [(None, S.RECEIVED)], A.NOT_DECIDED),
        (S.ACKNOWLEDGED, NOT_MET_THEN_CLOSED[:2], A.NOT_DECIDED),
        (S.THRESHOLD_NOT_MET, DECIDED_NOT_MET, A.NOT_MET),
        # The decision stands whatever happens after it: escalated, closed, escalated again.
        (S.ESCALATED, [*DECIDED_NOT_MET, (S.THRESHOLD_NOT_MET, S.ESCALATED)], A.NOT_MET),
        (S.CLOSED, NOT_MET_THEN_CLOSED, A.NOT_MET),
        (S.ESCALATED, [*NOT_MET_THEN_CLOSED, (S.CLOSED, S.ESCALATED)], A.NOT_MET),
        (S.CLOSED, REVIEWED_THEN_CLOSED, A.REVIEW),
        (S.OUTCOME_SENT, REVIEWED_THEN_CLOSED[:-1], A.REVIEW),
        (S.WITHDRAWN, [*REVIEWED_THEN_CLOSED[:4], (S.INFORMATION_REQUESTED, S.WITHDRAWN)], A.REVIEW),
        (
            S.INFORMATION_REQUESTED,
            [*NOT_MET_THEN_CLOSED[:2], (S.ACKNOWLEDGED, S.DISCRETIONARY_REVIEW)],
            A.REVIEW,
        ),
        # An upheld escalation sends the decision back to be made again; then the new one stands.
        (S.ACKNOWLEDGED, [*DECIDED_NOT_MET, *ESCALATED_AND_UPHELD], A.DECIDING_AGAIN),
        (
            S.THRESHOLD_MET,
            [*DECIDED_NOT_MET, *ESCALATED_AND_UPHELD, (S.ACKNOWLEDGED, S.THRESHOLD_MET)],
            A.REVIEW,
        ),
        (
            S.WITHDRAWN,
            [*DECIDED_NOT_MET, *ESCALATED_AND_UPHELD, (S.ACKNOWLEDGED, S.WITHDRAWN)],
            A.WITHDRAWN_UNDECIDED,
        ),
        (S.WITHDRAWN, [(None, S.RECEIVED), (S.RECEIVED, S.WITHDRAWN)], A.WITHDRAWN_UNDECIDED),
        # A case whose history does not hold its decision: its state says what was decided.
        (S.REVIEW_SCHEDULED, [(None, S.RECEIVED)], A.REVIEW),
        (S.THRESHOLD_NOT_MET, [(None, S.RECEIVED)], A.NOT_MET),
    ],
)
def test_the_applicant_is_told_the_threshold_decision_that_stands(
    state: State, history: list[tuple[State | None, State]], answer: ThresholdAnswer
) -> None:
    assert threshold_answer(state, history) == answer
