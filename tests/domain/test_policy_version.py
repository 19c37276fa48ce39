"""The policy's fingerprint: a short version that changes whenever any of its rules does."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import pytest

from community_trigger.domain.periods import Period
from community_trigger.domain.policy import (
    AgencyKind,
    Policy,
    builtin_policies,
    policy_version,
)

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
