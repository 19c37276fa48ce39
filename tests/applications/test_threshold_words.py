"""A partnership's threshold as the public pages say it, made from the policy: periods, choices of
names, the kinds of partner, and the words "reported" (never "complained")."""

from __future__ import annotations

from dataclasses import replace

import pytest

from community_trigger.applications.threshold_words import (
    AGENCY_WORDS,
    either_of,
    period_words,
    public_threshold,
)
from community_trigger.domain.periods import Period
from community_trigger.domain.policy import AgencyKind, Policy, builtin_policies, policy_from_mapping

HARM = "the behaviour caused harassment, alarm or distress (nuisance alone does not count)"
THREE = "you have reported 3 separate incidents of anti-social behaviour"
FIVE = "5 people have each reported similar incidents separately, and ask together as a group"
HATE = "you have reported one incident that was motivated by hate"
WITHIN_A_MONTH = "each incident was reported within one month of it happening"
WITHIN_SIX_MONTHS = "you ask for a review within 6 months of each report"
DISSATISFIED = (
    "the people who reported them feel that no action was taken, or are not satisfied with the action taken"
)
FOUR_KINDS = (
    "the incidents were reported to the council, the police, the NHS body that plans health services "
    "in your area or a social housing provider"
)


def test_the_test_valley_threshold_in_plain_words() -> None:
    plain = public_threshold(builtin_policies()["test-valley"])

    assert plain.routes == (THREE, FIVE)
    assert plain.conditions == (HARM, WITHIN_A_MONTH, WITHIN_SIX_MONTHS, FOUR_KINDS, DISSATISFIED)
    assert plain.group_size == 5


def test_the_statutory_default_in_plain_words_has_no_group_route_and_no_satisfaction_condition() -> None:
    plain = public_threshold(builtin_policies()["statutory-default"])

    assert plain.routes == (THREE,)
    assert plain.conditions == (HARM, WITHIN_A_MONTH, WITHIN_SIX_MONTHS, FOUR_KINDS)
    assert plain.group_size is None


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

    plain = public_threshold(policy)

    assert plain.routes == ("you have reported 2 separate incidents of anti-social behaviour", HATE)
    assert plain.conditions == (
        HARM,
        "each incident was reported within 30 days of it happening",
        "you ask for a review within 90 days of each report",
        "the incidents were reported to the police or the council",
        "you ask within 3 months of the most recent report",
    )


@pytest.mark.parametrize(
    ("period", "words"),
    [(Period(days=1), "one day"), (Period(days=14), "14 days"), (Period(months=1), "one month")],
)
def test_the_latest_report_rule_says_its_period_in_days_or_months(period: Period, words: str) -> None:
    plain = public_threshold(replace(Policy(), latest_report_within=period))

    assert plain.conditions[-1] == f"you ask within {words} of the most recent report"


def test_the_public_pages_say_reported_and_never_complained() -> None:
    policy = replace(
        Policy(), hate_incident_route=True, latest_report_within=Period(months=3), min_individuals=5
    )

    plain = public_threshold(policy)

    assert not [words for words in (*plain.routes, *plain.conditions) if "complain" in words]


def test_the_partnerships_agency_names_replace_the_kinds() -> None:
    plain = public_threshold(Policy(), ["Test Valley Borough Council", "Hampshire Constabulary"])

    assert (
        "the incidents were reported to Test Valley Borough Council or Hampshire Constabulary"
        in plain.conditions
    )


def test_one_agency_is_named_alone() -> None:
    plain = public_threshold(replace(Policy(), partner_agencies=(AgencyKind.POLICE,)))

    assert "the incidents were reported to the police" in plain.conditions


def test_the_integrated_care_board_is_explained_not_named_by_its_jargon() -> None:
    plain = public_threshold(replace(Policy(), partner_agencies=(AgencyKind.HEALTH,)))

    assert (
        "the incidents were reported to the NHS body that plans health services in your area"
        in plain.conditions
    )
    assert set(AGENCY_WORDS) == set(AgencyKind)


def test_a_single_incident_route_reads_in_the_singular() -> None:
    plain = public_threshold(replace(Policy(), min_complaints=1))

    assert plain.routes[0] == "you have reported one incident of anti-social behaviour"


def test_a_group_route_of_one_person_reads_in_the_singular() -> None:
    plain = public_threshold(replace(Policy(), min_individuals=1))

    assert plain.routes[1] == "one person has reported a similar incident"


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
    assert period_words(period) == words


@pytest.mark.parametrize(
    ("names", "words"),
    [(["A"], "A"), (["A", "B"], "A or B"), (["A", "B", "C"], "A, B or C")],
)
def test_names_are_offered_as_a_choice(names: list[str], words: str) -> None:
    assert either_of(names) == words
