"""What is due next for a case, and how many working days the partnership allows for it."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date

from community_trigger.domain.workflow import State
from community_trigger.domain.working_days import add_working_days


@dataclass(frozen=True, slots=True)
class Timescales:
    """A partnership's promises, each in working days from the start of that step."""

    acknowledge: int
    decide: int
    agency_response: int
    review: int
    outcome: int


# The step a case waits for in each state, and which promise sets its due date.
NEXT_STEP: dict[State, tuple[str, str]] = {
    State.RECEIVED: ("Acknowledge the request", "acknowledge"),
    State.ACKNOWLEDGED: ("Decide on the threshold", "decide"),
    State.THRESHOLD_MET: ("Request information from the agencies", "agency_response"),
    State.DISCRETIONARY_REVIEW: ("Request information from the agencies", "agency_response"),
    State.INFORMATION_REQUESTED: ("Hold the review meeting", "review"),
    State.REVIEW_SCHEDULED: ("Hold the review meeting", "review"),
    State.REVIEW_HELD: ("Send the outcome", "outcome"),
}


# An agency's answer to an information request is wanted until the review meeting is held; after that,
# or once the case is withdrawn, an unanswered request is no longer anyone's deadline.
ANSWERS_WANTED = frozenset({State.INFORMATION_REQUESTED, State.REVIEW_SCHEDULED})


def next_step(state: State) -> str | None:
    """What the partnership does next, in words; None once nothing more is due."""
    step = NEXT_STEP.get(state)
    return step[0] if step else None


def due_date(state: State, since: date, timescales: Timescales, holidays: Container[date]) -> date | None:
    """When the next step is due for a case that entered `state` on `since`; None when nothing is due."""
    step = NEXT_STEP.get(state)
    if step is None:
        return None
    return add_working_days(since, getattr(timescales, step[1]), holidays)
