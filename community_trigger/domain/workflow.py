"""The states an application moves through, and the table of moves that are allowed.

received → acknowledged → threshold decided (met / not met / discretionary review, s104(5)) →
information requested → review scheduled → review held → outcome sent → closed; withdrawn by the
applicant along the way; escalated when the applicant asks for the way their application was dealt
with, or the review was carried out, to be looked at again (Schedule 4, paragraph 3). An escalation
that is upheld sends the case back (to a new threshold decision, or to a new review); one that is not
upheld returns it to where it was.
History is appended, never edited: every move becomes a case event. The back office drives most
moves; the applicant can only withdraw, and only while the review is still to come.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    THRESHOLD_MET = "threshold_met"
    THRESHOLD_NOT_MET = "threshold_not_met"
    DISCRETIONARY_REVIEW = "discretionary_review"
    INFORMATION_REQUESTED = "information_requested"
    REVIEW_SCHEDULED = "review_scheduled"
    REVIEW_HELD = "review_held"
    OUTCOME_SENT = "outcome_sent"
    ESCALATED = "escalated"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


TRANSITIONS: dict[State, frozenset[State]] = {
    State.RECEIVED: frozenset({State.ACKNOWLEDGED, State.WITHDRAWN}),
    State.ACKNOWLEDGED: frozenset(
        {State.THRESHOLD_MET, State.THRESHOLD_NOT_MET, State.DISCRETIONARY_REVIEW, State.WITHDRAWN}
    ),
    State.THRESHOLD_MET: frozenset({State.INFORMATION_REQUESTED, State.WITHDRAWN}),
    State.DISCRETIONARY_REVIEW: frozenset({State.INFORMATION_REQUESTED, State.WITHDRAWN}),
    State.THRESHOLD_NOT_MET: frozenset({State.ESCALATED, State.CLOSED}),
    State.INFORMATION_REQUESTED: frozenset({State.REVIEW_SCHEDULED, State.WITHDRAWN}),
    State.REVIEW_SCHEDULED: frozenset({State.REVIEW_HELD, State.WITHDRAWN}),
    State.REVIEW_HELD: frozenset({State.OUTCOME_SENT}),
    State.OUTCOME_SENT: frozenset({State.ESCALATED, State.CLOSED}),
    State.ESCALATED: frozenset(
        {
            # Upheld: the threshold is decided again, or the case goes back for a new review.
            State.ACKNOWLEDGED,
            State.INFORMATION_REQUESTED,
            # Not upheld: back where it was.
            State.THRESHOLD_NOT_MET,
            State.OUTCOME_SENT,
            State.CLOSED,
        }
    ),
    # A case can close while the applicant may still ask for an escalation; only that reopens it.
    State.CLOSED: frozenset({State.ESCALATED}),
    State.WITHDRAWN: frozenset(),
}

# States a case ends in, from which the retention schedule counts (an escalation can still reopen
# a closed case, or one whose threshold was not met: it is open again while escalated).
ENDED = frozenset({State.CLOSED, State.THRESHOLD_NOT_MET, State.WITHDRAWN})

# States in which the partnership has decided that a review will be held.
REVIEW_DECIDED = frozenset(
    {
        State.THRESHOLD_MET,
        State.DISCRETIONARY_REVIEW,
        State.INFORMATION_REQUESTED,
        State.REVIEW_SCHEDULED,
        State.REVIEW_HELD,
        State.OUTCOME_SENT,
    }
)


def can_move(current: State, to: State) -> bool:
    return to in TRANSITIONS[current]


def applicant_can_withdraw(current: State) -> bool:
    """An applicant may withdraw until the review has been held or the threshold was found not met."""
    return can_move(current, State.WITHDRAWN)


def agency_can_answer(current: State) -> bool:
    """An agency may answer a request for information until the applicant withdraws: a late answer still
    informs the review or an escalation, but a withdrawn request is no longer anyone's to answer."""
    return current != State.WITHDRAWN


# Where an upheld escalation sends a case, by the step it was escalated after: a "not met" decision is
# made afresh, a review is held again. A closed case goes back as far as the step it was closed after.
UPHELD_RETURNS_TO = {
    State.THRESHOLD_NOT_MET: State.ACKNOWLEDGED,
    State.OUTCOME_SENT: State.INFORMATION_REQUESTED,
}


def closed_after(history: Iterable[tuple[State | None, State]]) -> State | None:
    """The step a case had reached when it was last closed ("threshold not met" or "outcome sent"),
    from its moves in order as (from, to); None if it never was.

    An escalation that is not upheld returns a case to "closed", so that move is not a closing of its own.
    """
    after = None
    for was, to in history:
        if to == State.CLOSED and was is not None and was != State.ESCALATED:
            after = was
    return after


def escalation_possible(current: State) -> bool:
    """The applicant may ask for an escalation once told of the threshold decision or the outcome."""
    return can_move(current, State.ESCALATED)


def after_escalation(escalated_from: State, *, upheld: bool, closed_after: State | None = None) -> State:
    """Where a case goes once its escalation is decided: back for a new decision or review when upheld,
    back where it was when not.

    A closed case upheld goes back as far as the step it was closed after (`closed_after`, see the
    function of that name): a case closed as "threshold not met" is decided again, not reviewed.
    """
    if not upheld:
        return escalated_from
    step = escalated_from
    if escalated_from == State.CLOSED:
        if closed_after is None or closed_after not in UPHELD_RETURNS_TO:
            raise ValueError("say what a closed case was closed after to know where it goes back to")
        step = closed_after
    return UPHELD_RETURNS_TO[step]


class ThresholdAnswer(StrEnum):
    """What the applicant is told of the threshold decision."""

    NOT_DECIDED = "not_decided"
    DECIDING_AGAIN = "deciding_again"  # an upheld escalation sent the decision back to be made again
    REVIEW = "review"  # met, or a review at the partnership's discretion (s104(5))
    NOT_MET = "not_met"
    WITHDRAWN_UNDECIDED = "withdrawn_undecided"


_DECISIONS = frozenset({State.THRESHOLD_MET, State.THRESHOLD_NOT_MET, State.DISCRETIONARY_REVIEW})


def threshold_answer(current: State, history: Iterable[tuple[State | None, State]]) -> ThresholdAnswer:
    """The threshold decision that stands for a case now in `current`, from its moves in order as
    (from, to): the latest one, whatever happened after it (an escalation, the review, closing,
    withdrawal), unless an upheld escalation sent it back to be made again.
    """
    decision: State | None = None
    sent_back = False
    for was, to in history:
        if was == State.ACKNOWLEDGED and to in _DECISIONS:
            decision, sent_back = to, False
        elif was == State.ESCALATED and to == State.ACKNOWLEDGED:
            decision, sent_back = None, True
    if decision is None and not sent_back:
        # A history without its decision (a case brought in from elsewhere): its state says it.
        if current == State.THRESHOLD_NOT_MET:
            decision = current
        elif current in REVIEW_DECIDED:
            decision = State.THRESHOLD_MET
    if decision is None:
        if current == State.WITHDRAWN:
            return ThresholdAnswer.WITHDRAWN_UNDECIDED
        return ThresholdAnswer.DECIDING_AGAIN if sent_back else ThresholdAnswer.NOT_DECIDED
    return ThresholdAnswer.NOT_MET if decision == State.THRESHOLD_NOT_MET else ThresholdAnswer.REVIEW
