"""Is the Community Trigger threshold met? Policy + application in, explained assessment out.

This is spec/threshold.md sections 3 and 6: each report is checked against the six rules that make
it a *qualifying complaint* (s104(11)), the routes of the policy are counted, and every criterion
comes with a sentence a coordinator can read out to the applicant. The engine never exercises the
partnership's discretion (s104(5)); it only says when discretion is open.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import msgspec

from community_trigger.domain.application import Application, parse_application
from community_trigger.domain.errors import InvalidInput
from community_trigger.domain.periods import Period, end_table, period_end
from community_trigger.domain.policy import Policy

# The six rules of a qualifying complaint, in the order the spec lists them (section 3).
RULES = (
    "asb",
    "reported_in_time",
    "in_application_window",
    "partner_agency",
    "dissatisfied",
    "consent",
)

# Why a report does not count, as a clause finishing "N reports were ...".
_RULE_PHRASES = {
    "asb": "not about behaviour causing harassment, alarm or distress",
    "reported_in_time": "made more than {report_within} after the incident",
    "in_application_window": "made more than {application_within} before the application",
    "partner_agency": "made to an organisation that is not a partner agency",
    "dissatisfied": "made by someone who is satisfied with the action taken",
    "consent": "made by someone who has not agreed to their information being shared",
}

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class Criterion(msgspec.Struct, frozen=True):
    """One eligibility criterion or route, whether it is met, and why in plain words."""

    id: str
    met: bool
    detail: str


class ReportResult(msgspec.Struct, frozen=True):
    """Whether one report is a qualifying complaint; `reasons` are the ids of the rules it fails."""

    incident: str
    index: int
    by: str
    qualifies: bool
    reasons: tuple[str, ...]


class Assessment(msgspec.Struct, frozen=True):
    """The engine's answer for one application under one policy (spec section 6)."""

    policy: str
    application_date: date
    eligible: bool
    threshold_met: bool
    route: str | None
    discretion_available: bool
    criteria: tuple[Criterion, ...]
    reports: tuple[ReportResult, ...]

    def as_dict(self) -> dict[str, Any]:
        """The output document of the contract, as the command line and the API return it."""
        return {
            "policy": self.policy,
            "application_date": self.application_date.isoformat(),
            "eligible": self.eligible,
            "threshold_met": self.threshold_met,
            "route": self.route,
            "discretion_available": self.discretion_available,
            "criteria": [{"id": item.id, "met": item.met, "detail": item.detail} for item in self.criteria],
            "reports": [
                {
                    "incident": item.incident,
                    "index": item.index,
                    "by": item.by,
                    "qualifies": item.qualifies,
                    "reasons": list(item.reasons),
                }
                for item in self.reports
            ],
        }


def assess(application: Application, policy: Policy) -> Assessment:
    """Apply `policy` to `application` and explain every criterion (spec sections 3 and 6)."""
    application_date = application.application_date
    partners = policy.partner_agencies  # a short tuple: `in` matches members by identity, no hashing
    report_within = policy.report_within
    application_within = policy.application_within
    require_dissatisfaction = policy.require_dissatisfaction
    people = {person.id: person for person in application.people}

    results: list[ReportResult] = []
    # person id -> ids of the separate incidents they made a qualifying complaint about
    complaints: dict[str, set[str]] = {}
    hate_complaint: tuple[str, str] | None = None
    latest: date | None = None
    failures = dict.fromkeys(RULES, 0)
    not_qualifying = 0

    # Deadlines depend only on a date, and applications repeat dates: work each out once.
    window_ends = end_table(application_within)
    report_ends = end_table(report_within)
    for incident in application.incidents:
        incident_date = incident.date
        reported_by = report_ends.get(incident_date)
        if reported_by is None:
            reported_by = report_ends[incident_date] = period_end(incident_date, report_within)
        for index, report in enumerate(incident.reports):
            person = people[report.by]
            report_date = report.date
            window_end = window_ends.get(report_date)
            if window_end is None:
                window_end = window_ends[report_date] = period_end(report_date, application_within)
            # The six rules of section 3, in order: True where the report fails the rule.
            failed = (
                not incident.asb,
                report_date > reported_by,
                application_date > window_end,
                report.agency not in partners,
                require_dissatisfaction and not person.dissatisfied,
                not person.consent,
            )
            if True in failed:
                reasons = tuple(rule for rule, failing in zip(RULES, failed, strict=True) if failing)
                not_qualifying += 1
                for reason in reasons:
                    failures[reason] += 1
                results.append(ReportResult(incident.id, index, report.by, False, reasons))
                continue
            complaints.setdefault(report.by, set()).add(incident.id)
            if latest is None or report_date > latest:
                latest = report_date
            if incident.hate and hate_complaint is None:
                hate_complaint = (report.by, incident.id)
            results.append(ReportResult(incident.id, index, report.by, True, ()))

    applicant_consent = application.applicant.consent
    not_a_service_complaint = not application.about_single_organisation
    eligible = applicant_consent and not_a_service_complaint

    # Order people by how many separate incidents they complained about, then as the input lists them.
    order = {person.id: position for position, person in enumerate(application.people)}
    counts = sorted(
        ((person_id, len(incidents)) for person_id, incidents in complaints.items()),
        key=lambda pair: (-pair[1], order[pair[0]]),
    )

    blocked = _late_application(policy.latest_report_within, latest, application_date)
    unqualified = _unqualified_sentence(not_qualifying, failures, policy)

    criteria = [
        Criterion("applicant_consent", applicant_consent, _consent_detail(applicant_consent)),
        Criterion(
            "not_a_service_complaint",
            not_a_service_complaint,
            _service_detail(not_a_service_complaint),
        ),
    ]
    three_met = bool(counts) and counts[0][1] >= policy.min_complaints
    criteria.append(
        Criterion(
            "three_complaints",
            three_met and not blocked,
            _three_detail(counts, policy.min_complaints) + blocked + unqualified,
        )
    )
    if policy.min_individuals is not None:
        five_met = len(counts) >= policy.min_individuals
        criteria.append(
            Criterion(
                "five_individuals",
                five_met and not blocked,
                _five_detail(counts, policy.min_individuals, order) + blocked + unqualified,
            )
        )
    if policy.hate_incident_route:
        criteria.append(
            Criterion(
                "hate_incident",
                hate_complaint is not None and not blocked,
                _hate_detail(hate_complaint) + blocked + unqualified,
            )
        )

    route = next((item.id for item in criteria[2:] if item.met), None)
    threshold_met = eligible and route is not None
    return Assessment(
        policy=policy.id,
        application_date=application_date,
        eligible=eligible,
        threshold_met=threshold_met,
        route=route if threshold_met else None,
        discretion_available=eligible and route is None,
        criteria=tuple(criteria),
        reports=tuple(results),
    )


def assess_document(
    document: object, *, policies: Mapping[str, Policy], default_policy: str
) -> dict[str, Any]:
    """Validate an input document, pick its policy by id, assess it and return the output document.

    Raises `InvalidInput` for bad input, including a policy id that is not in `policies`.
    """
    application = parse_application(document)
    return assess(application, choose_policy(application, policies, default_policy)).as_dict()


def choose_policy(application: Application, policies: Mapping[str, Policy], default: str) -> Policy:
    """The policy the document names, or the deployment's default when it names none."""
    policy_id = application.policy or default
    try:
        return policies[policy_id]
    except KeyError:
        known = ", ".join(sorted(policies))
        raise InvalidInput("policy", f"unknown policy {policy_id!r}; known policies are {known}") from None


def long_date(day: date) -> str:
    """A date as GOV.UK writes it: 1 March 2024."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _needed(count: int) -> str:
    return f"{count} {'is' if count == 1 else 'are'} needed"


def _consent_detail(met: bool) -> str:
    if met:
        return "The applicant agrees to their information being shared with the partner agencies"
    return (
        "The applicant has not agreed to their information being shared, so a case review cannot go "
        "ahead; each organisation's own complaints procedure is still open to them"
    )


def _service_detail(met: bool) -> str:
    if met:
        return "The request is about the anti-social behaviour, not about the service of one organisation"
    return (
        "The request is a complaint about the service of one organisation, so it belongs in that "
        "organisation's complaints procedure rather than a case review"
    )


def _three_detail(counts: list[tuple[str, int]], needed: int) -> str:
    if not counts:
        return f"No one made a qualifying complaint; {_needed(needed)} from one person"
    first, number = counts[0]
    sentence = (
        f"{first} made {_plural(number, 'qualifying complaint', 'qualifying complaints')} "
        "about separate incidents"
    )
    if len(counts) == 1:
        return f"{sentence}; {_needed(needed)}"
    others = ", ".join(f"{person} made {count}" for person, count in counts[1:])
    return f"{sentence}, {others}; {_needed(needed)} from one person"


def _five_detail(counts: list[tuple[str, int]], needed: int, order: dict[str, int]) -> str:
    if not counts:
        return f"No one made a qualifying complaint; {_people_needed(needed)}"
    names = sorted((person for person, _ in counts), key=order.__getitem__)
    shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
    people = _plural(len(names), "person", "people")
    made = "made a qualifying complaint" if len(names) == 1 else "each made a qualifying complaint"
    return f"{people} ({shown}) {made} about a similar incident; {_people_needed(needed)}"


def _people_needed(count: int) -> str:
    return f"{count} {'person is' if count == 1 else 'people are'} needed"


def _hate_detail(found: tuple[str, str] | None) -> str:
    if found is None:
        return "No qualifying complaint is about an incident motivated by hate"
    person, incident = found
    return (
        f"{person} made a qualifying complaint about {incident}, an incident motivated by hate; one is enough"
    )


def _late_application(within: Period | None, latest: date | None, application_date: date) -> str:
    """The clause that blocks every route under `latest_report_within`, or an empty string."""
    if within is None or latest is None or application_date <= period_end(latest, within):
        return ""
    return (
        f"; but the application was made on {long_date(application_date)}, after the "
        f"{within.describe()} beginning with the latest qualifying complaint "
        f"({long_date(latest)}) had ended, so this route is not met"
    )


def _unqualified_sentence(count: int, failures: dict[str, int], policy: Policy) -> str:
    if not count:
        return ""
    parts = []
    for rule, number in failures.items():
        if number:
            phrase = _RULE_PHRASES[rule]
            if rule == "reported_in_time":
                phrase = phrase.format(report_within=policy.report_within.describe())
            elif rule == "in_application_window":
                phrase = phrase.format(application_within=policy.application_within.describe())
            parts.append(f"{number} {'was' if number == 1 else 'were'} {phrase}")
    return f". {_plural(count, 'report does', 'reports do')} not qualify: " + "; ".join(parts)
