"""What is due next for a case, and how many working days the partnership allows for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from community_trigger.domain.workflow import State
from community_trigger.domain.working_days import add_working_days, is_working_day, working_days_between


@dataclass(frozen=True, slots=True)
class Timescales:
    """A partnership's promises, each in working days from the start of that step."""

    acknowledge: int
    decide: int
    agency_response: int
    review: int
    outcome: int
    escalation_decision: int


# The step a case waits for in each state, named by the promise that sets its due date (its words
# are common/wording.py's NEXT_STEP_WORDS, in the language being spoken).
NEXT_STEP: dict[State, str] = {
    State.RECEIVED: "acknowledge",
    State.ACKNOWLEDGED: "decide",
    State.THRESHOLD_MET: "agency_response",
    State.DISCRETIONARY_REVIEW: "agency_response",
    State.INFORMATION_REQUESTED: "review",
    State.REVIEW_SCHEDULED: "review",
    State.REVIEW_HELD: "outcome",
    State.ESCALATED: "escalation_decision",
}


# An agency's answer to an information request is wanted until the review meeting is held; after that,
# or once the case is withdrawn, an unanswered request is no longer anyone's deadline.
ANSWERS_WANTED = frozenset({State.INFORMATION_REQUESTED, State.REVIEW_SCHEDULED})


def next_step(state: State) -> str | None:
    """The step the partnership takes next, by the name of its promise; None once nothing more is due."""
    return NEXT_STEP.get(state)


def due_date(state: State, since: date, timescales: Timescales, holidays: Iterable[date]) -> date | None:
    """When the next step is due for a case that entered `state` on `since`; None when nothing is due."""
    step = NEXT_STEP.get(state)
    if step is None:
        return None
    return add_working_days(since, getattr(timescales, step), holidays)


class ReminderMoment(StrEnum):
    """When a reminder comes: a few working days before the due date, or on it; and, for what is
    chased once late (an agency's answer), 1, 3 and 5 working days after it."""

    BEFORE = "before"
    ON_THE_DAY = "on_the_day"
    LATE_1 = "late_1"
    LATE_3 = "late_3"
    LATE_5 = "late_5"


# The chasers, by how many working days late each comes: the last also goes to the lead contact.
CHASERS = ((5, ReminderMoment.LATE_5), (3, ReminderMoment.LATE_3), (1, ReminderMoment.LATE_1))
LONG_OVERDUE = ReminderMoment.LATE_5


def chaser_due(due_on: date, today: date, holidays: Iterable[date]) -> ReminderMoment | None:
    """Which chaser `today` brings for something due on `due_on` and still not done, if any: the
    latest one reached, on working days only. A job that missed a day still sends the chaser it
    reached then (each is sent once: the caller records it), never the earlier ones it has passed."""
    if not is_working_day(today, holidays) or due_on >= today:
        return None
    late = working_days_between(due_on, today, holidays)
    return next((moment for days, moment in CHASERS if late >= days), None)


def reminder_due(
    due_on: date, today: date, days_before: int, holidays: Iterable[date]
) -> ReminderMoment | None:
    """Which reminder `today` brings for something due on `due_on`, if any.

    Reminders go out on working days only, when someone is at work to read them. The one before comes
    `days_before` working days ahead, or on any working day after that until the day before: a job
    that missed a day, or a deadline set closer than that, still gets its warning (sent once: the
    caller records it). The other comes on the day itself. Once overdue there are no more reminders:
    the "Due and overdue" page shows it at the top.
    """
    if not is_working_day(today, holidays) or due_on < today:
        return None
    if due_on == today:
        return ReminderMoment.ON_THE_DAY
    if working_days_between(today, due_on, holidays) <= days_before:
        return ReminderMoment.BEFORE
    return None
