"""A case's state and a reporting year's span in words, in the language being spoken; the public
threshold's words are in applications/threshold_words.py."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext, gettext_lazy

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


def year_span(year: ReportingYear) -> str:
    """A reporting year's first and last months, as in "April 2023 to March 2024"."""
    return gettext("%(first)s to %(last)s") % {
        "first": formats.date_format(year.first_day, "F Y"),
        "last": formats.date_format(year.last_day, "F Y"),
    }
