"""The domain's values in words: a partnership's threshold as the start page states it, periods, choices
of names and reporting years, in the language being spoken."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.utils import translation

from community_trigger.common.dates import long_date
from community_trigger.common.wording import (
    STATE_WORDS,
    either_of,
    period_in_words,
    threshold_in_plain_words,
    year_span,
)
from community_trigger.domain.periods import Period
from community_trigger.domain.policy import AgencyKind, Policy, builtin_policies, policy_from_mapping
from community_trigger.domain.reporting_years import ReportingYear, YearBasis
from community_trigger.domain.workflow import State

HARM = "the behaviour caused harassment, alarm or distress (nuisance alone does not count)"
THREE = "you have complained about 3 separate incidents of anti-social behaviour"
FIVE = "5 people have each complained separately about similar incidents"
HATE = "you have complained about one incident that was motivated by hate"
DISSATISFIED = (
    "the people who complained feel that no action was taken, or are not satisfied with the action taken"
)
FOUR_KINDS = (
    "the complaints were made to the council, the police, the NHS integrated care board "
    "or a social housing provider"
)


def test_the_test_valley_threshold_in_plain_words() -> None:
    plain = threshold_in_plain_words(builtin_policies()["test-valley"])

    assert plain.routes == (THREE, FIVE)
    assert plain.conditions == (
        HARM,
        "each complaint was made within one month of the incident",
        "you ask for a review within 6 months of each complaint",
        FOUR_KINDS,
        DISSATISFIED,
    )


def test_the_statutory_default_in_plain_words_has_no_group_route_and_no_satisfaction_condition() -> None:
    plain = threshold_in_plain_words(builtin_policies()["statutory-default"])

    assert plain.routes == (THREE,)
    assert plain.conditions == (
        HARM,
        "each complaint was made within one month of the incident",
        "you ask for a review within 6 months of each complaint",
        FOUR_KINDS,
    )


def test_a_custom_policy_in_plain_words_names_its_hate_route_its_day_periods_and_its_latest_report_rule() -> (
    None
):
    policy = policy_from_mapping(
        {
            "id": "custom-area",
            "min_complaints": 2,
            "min_individuals": False,
            "report_within": {"days": 30},
            "application_within": {"days": 90},
            "require_dissatisfaction": False,
            "hate_incident_route": True,
            "latest_report_within": {"months": 3},
            "partner_agencies": ["police", "council"],
        }
    )

    plain = threshold_in_plain_words(policy)

    assert plain.routes == (
        "you have complained about 2 separate incidents of anti-social behaviour",
        HATE,
    )
    assert plain.conditions == (
        HARM,
        "each complaint was made within 30 days of the incident",
        "you ask for a review within 90 days of each complaint",
        "the complaints were made to the police or the council",
        "you ask within 3 months of the most recent complaint",
    )


@pytest.mark.parametrize(
    ("period", "words"),
    [(Period(days=1), "one day"), (Period(days=14), "14 days"), (Period(months=1), "one month")],
)
def test_periods_are_said_in_days_or_months(period: Period, words: str) -> None:
    plain = threshold_in_plain_words(replace(Policy(), latest_report_within=period))

    assert plain.conditions[-1] == f"you ask within {words} of the most recent complaint"


def test_the_partnerships_agency_names_replace_the_kinds() -> None:
    plain = threshold_in_plain_words(Policy(), ["Test Valley Borough Council", "Hampshire Constabulary"])

    assert (
        "the complaints were made to Test Valley Borough Council or Hampshire Constabulary"
        in plain.conditions
    )


def test_one_agency_is_named_alone() -> None:
    plain = threshold_in_plain_words(replace(Policy(), partner_agencies=(AgencyKind.POLICE,)))

    assert "the complaints were made to the police" in plain.conditions


def test_a_single_complaint_route_reads_in_the_singular() -> None:
    plain = threshold_in_plain_words(replace(Policy(), min_complaints=1))

    assert plain.routes[0] == "you have complained about one separate incident of anti-social behaviour"


def test_a_group_route_of_one_person_reads_in_the_singular() -> None:
    plain = threshold_in_plain_words(replace(Policy(), min_individuals=1))

    assert not [route for route in plain.routes if route.startswith("one person have ")], plain.routes


@pytest.mark.parametrize(
    ("period", "words"),
    [
        (Period(days=1), "one day"),
        (Period(days=14), "14 days"),
        (Period(months=1), "one month"),
        (Period(months=6), "6 months"),
    ],
)
def test_a_period_is_said_in_its_unit_and_its_number(period: Period, words: str) -> None:
    assert period_in_words(period) == words


@pytest.mark.parametrize(
    ("names", "words"),
    [(["A"], "A"), (["A", "B"], "A or B"), (["A", "B", "C"], "A, B or C")],
)
def test_names_are_offered_as_a_choice(names: list[str], words: str) -> None:
    assert either_of(names) == words


def test_a_financial_year_spans_april_to_march() -> None:
    assert year_span(ReportingYear(YearBasis.FINANCIAL, 2023)) == "April 2023 to March 2024"


def test_month_names_come_from_the_language_being_spoken() -> None:
    """Django's own Welsh gives the month names, so no date is ever written with %B."""
    with translation.override("cy"):
        assert long_date(date(2026, 12, 3)) == "3 Rhagfyr 2026"
        assert "Ebrill 2023" in year_span(ReportingYear(YearBasis.FINANCIAL, 2023))
    assert long_date(date(2026, 12, 3)) == "3 December 2026"


def test_every_state_has_words_for_the_applicant() -> None:
    assert set(STATE_WORDS) == set(State)
