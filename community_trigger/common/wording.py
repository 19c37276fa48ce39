"""The domain's codes and values in words, in the language being spoken: lengths of time, a choice of
names, a partnership's threshold, a reporting year and the state of a case. The domain returns numbers
and codes; the words are here, where gettext can translate them (Welsh has six plural forms, so every
count goes through ngettext whole)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext

from community_trigger.domain.periods import Period
from community_trigger.domain.policy import AgencyKind, Policy
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


def period_in_words(period: Period) -> str:
    """As read out to an applicant: "one month", "6 months", "30 days"."""
    if period.months:
        return ngettext("one month", "%(count)d months", period.months) % {"count": period.months}
    return ngettext("one day", "%(count)d days", period.days) % {"count": period.days}


def either_of(names: Sequence[str]) -> str:
    """Names joined as a sentence offers a choice: "A, B or C"."""
    if len(names) == 1:
        return names[0]
    separator = pgettext("between names in a list", ", ")
    return gettext("%(names)s or %(last)s") % {"names": separator.join(names[:-1]), "last": names[-1]}


def year_span(year: ReportingYear) -> str:
    """A reporting year's first and last months, as in "April 2023 to March 2024"."""
    return gettext("%(first)s to %(last)s") % {
        "first": formats.date_format(year.first_day, "F Y"),
        "last": formats.date_format(year.last_day, "F Y"),
    }


@dataclass(frozen=True, slots=True)
class PlainThreshold:
    """A policy in words for the public: any one of `routes`, as long as all `conditions` hold."""

    routes: tuple[str, ...]
    conditions: tuple[str, ...]


def agency_kind_words(kind: AgencyKind) -> str:
    """A kind of agency as the public would name it, when the partnership's own names are not known."""
    return {
        AgencyKind.COUNCIL: gettext("the council"),
        AgencyKind.POLICE: gettext("the police"),
        AgencyKind.HEALTH: gettext("the NHS integrated care board"),
        AgencyKind.HOUSING: gettext("a social housing provider"),
        AgencyKind.OTHER: gettext("another organisation"),
    }[kind]


def threshold_in_plain_words(policy: Policy, agencies: Sequence[str] = ()) -> PlainThreshold:
    """The threshold as the start page states it, generated from the policy rather than written out.

    `agencies` names the partnership's partner agencies ("Test Valley Borough Council", ...); without
    them the kinds of agency are named instead.
    """
    routes = [
        ngettext(
            "you have complained about one separate incident of anti-social behaviour",
            "you have complained about %(count)d separate incidents of anti-social behaviour",
            policy.min_complaints,
        )
        % {"count": policy.min_complaints}
    ]
    if policy.min_individuals is not None:
        routes.append(
            ngettext(
                "one person has complained about a similar incident",
                "%(count)d people have each complained separately about similar incidents",
                policy.min_individuals,
            )
            % {"count": policy.min_individuals}
        )
    if policy.hate_incident_route:
        routes.append(gettext("you have complained about one incident that was motivated by hate"))
    named = list(agencies) or [agency_kind_words(kind) for kind in policy.partner_agencies]
    conditions = [
        gettext("the behaviour caused harassment, alarm or distress (nuisance alone does not count)"),
        gettext("each complaint was made within %(period)s of the incident")
        % {"period": period_in_words(policy.report_within)},
        gettext("you ask for a review within %(period)s of each complaint")
        % {"period": period_in_words(policy.application_within)},
        gettext("the complaints were made to %(agencies)s") % {"agencies": either_of(named)},
    ]
    if policy.require_dissatisfaction:
        conditions.append(
            gettext(
                "the people who complained feel that no action was taken, or are not satisfied with the "
                "action taken"
            )
        )
    if policy.latest_report_within is not None:
        conditions.append(
            gettext("you ask within %(period)s of the most recent complaint")
            % {"period": period_in_words(policy.latest_report_within)}
        )
    return PlainThreshold(routes=tuple(routes), conditions=tuple(conditions))
