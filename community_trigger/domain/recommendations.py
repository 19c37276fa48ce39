"""A review's recommendations: the life of each one, and when a case may close.

Each recommendation is addressed to one agency, which accepts or declines it (saying why when it
declines), then carries it out. A case is closed only once every recommendation is done or was
declined with a reason, or there were none (issue: the review).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Status(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"
    DONE = "done"


LABELS = {
    Status.PROPOSED: "Proposed",
    Status.ACCEPTED: "Accepted",
    Status.DECLINED: "Declined",
    Status.IN_PROGRESS: "In progress",
    Status.DONE: "Done",
}

MOVES: dict[Status, frozenset[Status]] = {
    Status.PROPOSED: frozenset({Status.ACCEPTED, Status.DECLINED}),
    Status.ACCEPTED: frozenset({Status.IN_PROGRESS, Status.DONE}),
    Status.IN_PROGRESS: frozenset({Status.DONE}),
    Status.DECLINED: frozenset(),
    Status.DONE: frozenset(),
}

# Nothing more will happen to a recommendation in these states.
SETTLED = frozenset({Status.DONE, Status.DECLINED})
# The agency has agreed to do these: they go in the outcome letter, with their due dates.
AGREED = frozenset({Status.ACCEPTED, Status.IN_PROGRESS, Status.DONE})


def can_move(current: Status, to: Status) -> bool:
    return to in MOVES[current]


def needs_reason(to: Status) -> bool:
    """An agency that declines a recommendation must say why."""
    return to == Status.DECLINED


def open_recommendations(statuses: Iterable[Status]) -> list[Status]:
    """The statuses among `statuses` that still keep a case open."""
    return [status for status in statuses if status not in SETTLED]
