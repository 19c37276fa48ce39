"""What happens next to a request just sent, and by when at the latest: each step's working-day
promise from the partnership's timescales, counted on from the step before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from community_trigger.cases.models import Application
from community_trigger.common.calendar import working_days_after


@dataclass(frozen=True, slots=True)
class Step:
    """One step still to come: what it is, its working days from the step before, its latest date."""

    what: str
    days: int
    by: date


def next_steps_of(application: Application) -> list[Step]:
    """The steps after sending, each by the latest day the partnership promises it if every step
    before takes all its time: acknowledgement, the threshold decision, the review, the outcome."""
    partnership = application.partnership
    acknowledged = application.acknowledge_by
    decided = working_days_after(acknowledged, partnership.decide_within_days)
    reviewed = working_days_after(decided, partnership.review_within_days)
    told = working_days_after(reviewed, partnership.outcome_within_days)
    return [
        Step("acknowledge", partnership.acknowledge_within_days, acknowledged),
        Step("decide", partnership.decide_within_days, decided),
        Step("review", partnership.review_within_days, reviewed),
        Step("outcome", partnership.outcome_within_days, told),
    ]
