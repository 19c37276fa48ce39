"""A case's state, the threshold's routes and criteria, and a reporting year's span in words, in the
language being spoken; the public threshold's words are in applications/threshold_words.py. Templates
read them through the `wording` library: `{{ case.state|state_words }}`, `{{ route|route_words }}`,
`{{ criterion.id|criterion_words }}`. An identifier never reaches a page."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext, gettext_lazy

from community_trigger.domain.deadlines import next_step
from community_trigger.domain.reporting_years import ReportingYear
from community_trigger.domain.workflow import State

# What the applicant sees on their status page for each state (and staff in the case list).
STATE_WORDS = {
    State.RECEIVED: gettext_lazy("Received"),
    State.ACKNOWLEDGED: gettext_lazy("Acknowledged"),
    State.THRESHOLD_MET: gettext_lazy("Threshold met: a review will be held"),
    State.THRESHOLD_NOT_MET: gettext_lazy("Threshold not met"),
    State.DISCRETIONARY_REVIEW: gettext_lazy("A review will be held"),
    State.INFORMATION_REQUESTED: gettext_lazy("Organisations are sharing information"),
    State.REVIEW_SCHEDULED: gettext_lazy("Review meeting arranged"),
    State.REVIEW_HELD: gettext_lazy("Review meeting held"),
    State.OUTCOME_SENT: gettext_lazy("Outcome sent"),
    State.ESCALATED: gettext_lazy("Being looked at again"),
    State.CLOSED: gettext_lazy("Closed"),
    State.WITHDRAWN: gettext_lazy("Withdrawn"),
}

# What a move to each state was, as the case's history tells staff (its timeline, and the banner after
# a step): the staff's words for the step, where STATE_WORDS are the applicant's for where it stands.
MOVE_WORDS = {
    State.RECEIVED: gettext_lazy("Application received"),
    State.ACKNOWLEDGED: gettext_lazy("Application acknowledged"),
    State.THRESHOLD_MET: gettext_lazy("Threshold decision recorded: the threshold is met"),
    State.THRESHOLD_NOT_MET: gettext_lazy("Threshold decision recorded: the threshold is not met"),
    State.DISCRETIONARY_REVIEW: gettext_lazy(
        "Threshold decision recorded: a review at the partnership's discretion"
    ),
    State.INFORMATION_REQUESTED: gettext_lazy("Information requested from the agencies"),
    State.REVIEW_SCHEDULED: gettext_lazy("Review meeting arranged"),
    State.REVIEW_HELD: gettext_lazy("Review meeting recorded as held"),
    State.OUTCOME_SENT: gettext_lazy("Outcome sent to the applicant"),
    State.ESCALATED: gettext_lazy("Escalation requested"),
    State.CLOSED: gettext_lazy("Case closed"),
    State.WITHDRAWN: gettext_lazy("Application withdrawn"),
}

# The routes by which the threshold is met, as the engine names them (domain/threshold.py).
ROUTE_WORDS = {
    "three_complaints": gettext_lazy("complaints by one person within the period"),
    "five_individuals": gettext_lazy("several people reporting similar incidents"),
    "hate_incident": gettext_lazy("a hate incident"),
}

# The engine's criteria, each a question the threshold asks of the application.
CRITERION_WORDS = {
    "applicant_consent": gettext_lazy("The applicant agrees to their information being shared"),
    "not_a_service_complaint": gettext_lazy("Not a complaint about one organisation's service"),
    "three_complaints": gettext_lazy("Complaints by one person within the period"),
    "five_individuals": gettext_lazy("Several people reporting similar incidents"),
    "hate_incident": gettext_lazy("A hate incident"),
}


# The kinds of thing that fall due on a case, as deadlines.sources names them, one of each.
DUE_KIND_WORDS = {
    "case_step": gettext_lazy("Case step"),
    "information_request": gettext_lazy("Information request"),
    "recommendation": gettext_lazy("Recommendation"),
    "message": gettext_lazy("Message not sent"),
    "data_request": gettext_lazy("Data request"),
}

# The step a case waits for, by the promise that sets its due date (domain/deadlines.py NEXT_STEP).
NEXT_STEP_WORDS = {
    "acknowledge": gettext_lazy("Acknowledge the request"),
    "decide": gettext_lazy("Decide on the threshold"),
    "agency_response": gettext_lazy("Request information from the agencies"),
    "review": gettext_lazy("Hold the review meeting"),
    "outcome": gettext_lazy("Send the outcome"),
    "escalation_decision": gettext_lazy("Decide the escalation"),
}


def next_step_words(state: str) -> str | None:
    """What the partnership does next on a case in `state`, in words; None once nothing more is due."""
    try:
        step = next_step(State(state))
    except ValueError:
        return None
    return None if step is None else str(NEXT_STEP_WORDS[step])


def state_words(state: str) -> str:
    """A case's state in words; a state this code does not know is shown as it is stored."""
    try:
        return str(STATE_WORDS[State(state)])
    except ValueError:
        return state


def route_words(route: str) -> str:
    return str(ROUTE_WORDS.get(route, route))


def criterion_words(criterion: str) -> str:
    return str(CRITERION_WORDS.get(criterion, criterion))


def due_kind_words(kind: str) -> str:
    """A kind of due item in words; one this code does not know is shown as it is stored."""
    return str(DUE_KIND_WORDS.get(kind, kind))


def year_span(year: ReportingYear) -> str:
    """A reporting year's first and last months, as in "April 2023 to March 2024"."""
    return gettext("%(first)s to %(last)s") % {
        "first": formats.date_format(year.first_day, "F Y"),
        "last": formats.date_format(year.last_day, "F Y"),
    }
