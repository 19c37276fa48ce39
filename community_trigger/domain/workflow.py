"""The states an application moves through, and the table of moves that are allowed.

History is appended, never edited: every move becomes a case event. The back office drives most
moves; the applicant can only withdraw, and only while the review is still to come.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"
    THRESHOLD_MET = "threshold_met"
    THRESHOLD_NOT_MET = "threshold_not_met"
    REVIEW_SCHEDULED = "review_scheduled"
    OUTCOME_SENT = "outcome_sent"
    WITHDRAWN = "withdrawn"


# What the applicant sees on their status page for each state.
PUBLIC_LABELS = {
    State.RECEIVED: "Received",
    State.THRESHOLD_MET: "Threshold met: a review will be held",
    State.THRESHOLD_NOT_MET: "Threshold not met",
    State.REVIEW_SCHEDULED: "Review meeting arranged",
    State.OUTCOME_SENT: "Outcome sent",
    State.WITHDRAWN: "Withdrawn",
}

TRANSITIONS: dict[State, frozenset[State]] = {
    State.RECEIVED: frozenset({State.THRESHOLD_MET, State.THRESHOLD_NOT_MET, State.WITHDRAWN}),
    State.THRESHOLD_MET: frozenset({State.REVIEW_SCHEDULED, State.WITHDRAWN}),
    State.THRESHOLD_NOT_MET: frozenset(),
    State.REVIEW_SCHEDULED: frozenset({State.OUTCOME_SENT, State.WITHDRAWN}),
    State.OUTCOME_SENT: frozenset(),
    State.WITHDRAWN: frozenset(),
}


def can_move(current: State, to: State) -> bool:
    return to in TRANSITIONS[current]


def applicant_can_withdraw(current: State) -> bool:
    """An applicant may withdraw until the outcome is sent or the threshold was found not met."""
    return can_move(current, State.WITHDRAWN)
