"""The threshold as the start page states it, generated from the policy; and the policy's fingerprint."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import pytest

from community_trigger.domain.periods import Period
from community_trigger.domain.policy import (
    AgencyKind,
    Policy,
    builtin_policies,
    policy_from_mapping,
    policy_version,
    threshold_in_plain_words,
)

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


# The policy's fingerprint -----------------------------------------------------------------------------

# A different value for every field of a policy: a change to any of them must change the version.
CHANGED: dict[str, Any] = {
    "id": "another-id",
    "name": "Another name",
    "min_complaints": 2,
    "min_individuals": None,
    "report_within": Period(days=30),
    "application_within": Period(months=3),
    "require_dissatisfaction": False,
    "hate_incident_route": True,
    "latest_report_within": Period(months=6),
    "partner_agencies": (AgencyKind.POLICE, AgencyKind.COUNCIL),
}


def test_the_version_is_a_short_fingerprint_that_never_changes_for_the_same_rules() -> None:
    assert policy_version(Policy()) == "866d432636ab"
    assert policy_version(Policy()) == policy_version(replace(Policy()))


def test_the_built_in_policies_have_different_versions() -> None:
    versions = {policy_version(policy) for policy in builtin_policies().values()}

    assert len(versions) == len(builtin_policies())


def test_every_field_of_a_policy_is_in_the_table_of_changes() -> None:
    assert set(CHANGED) == {f.name for f in fields(Policy)}


@pytest.mark.parametrize(("name", "value"), CHANGED.items())
def test_changing_any_field_changes_the_version(name: str, value: Any) -> None:
    changed = replace(Policy(), **{name: value})

    assert policy_version(changed) != policy_version(Policy())


@pytest.mark.parametrize(
    "other",
    [
        replace(Policy(), report_within=Period(days=31)),
        replace(Policy(), application_within=Period(months=7)),
        replace(Policy(), min_individuals=6),
    ],
)
def test_a_small_change_to_a_number_changes_the_version(other: Policy) -> None:
    assert policy_version(other) != policy_version(Policy())
