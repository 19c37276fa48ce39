"""Policies are data: the built-in ones, any file, and what a policy may not say (spec s4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from community_trigger.domain.errors import InvalidInput, InvalidPolicy
from community_trigger.domain.periods import Period
from community_trigger.domain.policy import (
    Policy,
    builtin_policies,
    load_policy_file,
    parse_policy_text,
    policy_from_mapping,
)

from .builders import is_one_line

STATUTORY_PARTNERS = {"council", "police", "health", "housing"}

# Spec section 4, the table: field, test-valley, statutory-default.
SPEC_TABLE = [
    ("min_complaints", 3, 3),
    ("min_individuals", 5, None),
    ("report_within", Period(months=1), Period(months=1)),
    ("application_within", Period(months=6), Period(months=6)),
    ("require_dissatisfaction", True, False),
    ("hate_incident_route", False, False),
    ("latest_report_within", None, None),
]


def _agencies(policy: Policy) -> set[str]:
    return {str(kind) for kind in policy.partner_agencies}


def _rules(policy: Policy) -> dict[str, object]:
    """Everything a policy decides, leaving out its id and name."""
    return {name: value for name, value in policy.as_dict().items() if name not in ("id", "name")}


def test_test_valley_and_statutory_default_are_built_in() -> None:
    policies = builtin_policies()
    assert {"test-valley", "statutory-default"} <= set(policies)
    assert policies["test-valley"].id == "test-valley"
    assert policies["statutory-default"].id == "statutory-default"


@pytest.mark.parametrize(("name", "test_valley", "statutory_default"), SPEC_TABLE)
def test_the_built_in_policies_hold_the_values_of_the_spec_table(
    name: str, test_valley: object, statutory_default: object
) -> None:
    assert getattr(builtin_policies()["test-valley"], name) == test_valley
    assert getattr(builtin_policies()["statutory-default"], name) == statutory_default


def test_both_built_in_policies_count_reports_to_the_four_statutory_partners() -> None:
    assert _agencies(builtin_policies()["test-valley"]) == STATUTORY_PARTNERS
    assert _agencies(builtin_policies()["statutory-default"]) == STATUTORY_PARTNERS


def test_a_field_left_out_takes_test_valleys_value() -> None:
    test_valley = builtin_policies()["test-valley"]
    loaded = policy_from_mapping({"id": "sparse"})
    assert loaded.id == "sparse"
    assert _rules(loaded) == _rules(test_valley)


def test_a_toml_policy_file_can_be_loaded(tmp_path: Path) -> None:
    path = tmp_path / "north-partnership.toml"
    path.write_text(
        'name = "North Partnership"\n'
        "min_complaints = 2\n"
        "min_individuals = 4\n"
        "report_within = { days = 30 }\n"
        "application_within = { months = 12 }\n"
        "require_dissatisfaction = false\n"
        "hate_incident_route = true\n"
        "latest_report_within = { months = 3 }\n"
        'partner_agencies = ["council", "police", "other"]\n',
        encoding="utf-8",
    )
    policy = load_policy_file(path)
    assert policy.id == "north-partnership"  # no id in the file: the file name gives it
    assert policy.name == "North Partnership"
    assert policy.min_complaints == 2
    assert policy.min_individuals == 4
    assert policy.report_within == Period(days=30)
    assert policy.application_within == Period(months=12)
    assert policy.require_dissatisfaction is False
    assert policy.hate_incident_route is True
    assert policy.latest_report_within == Period(months=3)
    assert _agencies(policy) == {"council", "police", "other"}


def test_a_json_policy_file_can_be_loaded(tmp_path: Path) -> None:
    path = tmp_path / "south.json"
    path.write_text(
        json.dumps(
            {
                "id": "south-partnership",
                "name": "South Partnership",
                "min_complaints": 1,
                "min_individuals": 3,
                "report_within": {"months": 2},
                "application_within": {"days": 180},
                "require_dissatisfaction": True,
                "hate_incident_route": False,
                "latest_report_within": {"days": 90},
                "partner_agencies": ["housing"],
            }
        ),
        encoding="utf-8",
    )
    policy = load_policy_file(path)
    assert policy.id == "south-partnership"  # an id in the file wins over the file name
    assert policy.name == "South Partnership"
    assert policy.min_complaints == 1
    assert policy.min_individuals == 3
    assert policy.report_within == Period(months=2)
    assert policy.application_within == Period(days=180)
    assert policy.require_dissatisfaction is True
    assert policy.hate_incident_route is False
    assert policy.latest_report_within == Period(days=90)
    assert _agencies(policy) == {"housing"}


@pytest.mark.parametrize(
    ("filename", "text"),
    [
        ("off.toml", "min_individuals = false\nlatest_report_within = false\n"),
        ("off.json", '{"min_individuals": null, "latest_report_within": null}'),
    ],
)
def test_toml_false_and_json_null_turn_the_group_route_and_the_latest_report_rule_off(
    tmp_path: Path, filename: str, text: str
) -> None:
    path = tmp_path / filename
    path.write_text(text, encoding="utf-8")
    policy = load_policy_file(path)
    assert policy.min_individuals is None
    assert policy.latest_report_within is None
    assert "five_individuals" not in policy.routes


@pytest.mark.parametrize("number", [1, 2, 3])
def test_a_policy_may_ask_for_one_two_or_three_complaints(number: int) -> None:
    assert policy_from_mapping({"min_complaints": number}).min_complaints == number


def test_a_json_file_with_the_statutory_values_loads_the_built_in_statutory_default(
    tmp_path: Path,
) -> None:
    path = tmp_path / "statutory.json"
    path.write_text(
        json.dumps(
            {
                "id": "statutory-default",
                "name": "Statutory default (s104)",
                "min_individuals": None,
                "require_dissatisfaction": False,
            }
        ),
        encoding="utf-8",
    )
    assert _rules(load_policy_file(path)) == _rules(builtin_policies()["statutory-default"])


# Each bad policy and the field its error must name.
BAD_POLICIES = [
    ({"min_complaints": 4}, "min_complaints"),
    ({"min_complaints": 0}, "min_complaints"),
    ({"min_complaints": -3}, "min_complaints"),
    ({"min_complaints": "3"}, "min_complaints"),
    ({"min_complaints": True}, "min_complaints"),
    ({"min_complaints": 2.0}, "min_complaints"),
    ({"min_complaints": None}, "min_complaints"),
    ({"min_individuals": "5"}, "min_individuals"),
    ({"min_individuals": True}, "min_individuals"),
    ({"min_individuals": 0}, "min_individuals"),
    ({"min_individuals": 5.5}, "min_individuals"),
    ({"require_dissatisfaction": "yes"}, "require_dissatisfaction"),
    ({"require_dissatisfaction": 1}, "require_dissatisfaction"),
    ({"require_dissatisfaction": None}, "require_dissatisfaction"),
    ({"hate_incident_route": 0}, "hate_incident_route"),
    ({"hate_incident_route": "false"}, "hate_incident_route"),
    ({"report_within": 1}, "report_within"),
    ({"report_within": "1 month"}, "report_within"),
    ({"report_within": None}, "report_within"),
    ({"report_within": {}}, "report_within"),
    ({"report_within": {"months": 1, "days": 30}}, "report_within"),
    ({"report_within": {"weeks": 4}}, "report_within.weeks"),
    ({"report_within": {"months": 0}}, "report_within.months"),
    ({"report_within": {"months": "1"}}, "report_within.months"),
    ({"application_within": {"days": True}}, "application_within.days"),
    ({"application_within": {"months": -6}}, "application_within.months"),
    ({"application_within": [6]}, "application_within"),
    ({"latest_report_within": True}, "latest_report_within"),
    ({"latest_report_within": 3}, "latest_report_within"),
    ({"latest_report_within": {"years": 1}}, "latest_report_within.years"),
    ({"partner_agencies": ["council", "police", "fire"]}, "partner_agencies[2]"),
    ({"partner_agencies": ["Police"]}, "partner_agencies[0]"),
    ({"partner_agencies": [1]}, "partner_agencies[0]"),
    ({"partner_agencies": "police"}, "partner_agencies"),
    ({"partner_agencies": []}, "partner_agencies"),
    ({"partner_agencies": None}, "partner_agencies"),
    ({"threshold": 3}, "threshold"),
    ({"min_complaint": 3}, "min_complaint"),
    ({"id": 7}, "id"),
    ({"name": ["Test Valley"]}, "name"),
]


@pytest.mark.parametrize(("data", "field"), BAD_POLICIES, ids=[json.dumps(data) for data, _ in BAD_POLICIES])
def test_a_bad_policy_is_an_invalid_policy_error_naming_the_field(
    data: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidPolicy) as caught:
        policy_from_mapping(data)
    assert caught.value.field == field
    assert field in str(caught.value)
    assert is_one_line(caught.value)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"min_complaints": 4}, "min_complaints"),
        ({"min_individuals": "5"}, "min_individuals"),
        ({"report_within": {"weeks": 4}}, "report_within.weeks"),
        ({"partner_agencies": ["fire"]}, "partner_agencies[0]"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_a_bad_policy_file_names_the_field_too(tmp_path: Path, data: dict[str, object], field: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidPolicy) as caught:
        load_policy_file(path)
    assert caught.value.field == field
    assert is_one_line(caught.value)


def test_an_unknown_field_in_a_toml_policy_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("min_complaints = 2\nminimum_people = 5\n", encoding="utf-8")
    with pytest.raises(InvalidPolicy) as caught:
        load_policy_file(path)
    assert caught.value.field == "minimum_people"


@pytest.mark.parametrize(
    ("filename", "text"),
    [
        ("broken.toml", "min_complaints = \n"),
        ("broken.json", '{"min_complaints": 3'),
        ("list.json", "[3, 5]"),
        ("number.json", "3"),
        ("policy.yaml", "min_complaints: 3\n"),
    ],
)
def test_a_policy_file_that_is_not_a_policy_document_is_an_invalid_policy(
    tmp_path: Path, filename: str, text: str
) -> None:
    path = tmp_path / filename
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidPolicy) as caught:
        load_policy_file(path)
    assert is_one_line(caught.value)


def test_a_missing_policy_file_is_an_invalid_policy(tmp_path: Path) -> None:
    with pytest.raises(InvalidPolicy):
        load_policy_file(tmp_path / "nowhere.toml")


def test_policy_text_can_be_parsed_as_toml_or_json() -> None:
    from_toml = parse_policy_text("min_complaints = 2\n", fmt="toml")
    from_json = parse_policy_text('{"min_complaints": 2}', fmt="json")
    assert from_toml.min_complaints == from_json.min_complaints == 2


def test_an_invalid_policy_is_a_kind_of_invalid_input() -> None:
    assert issubclass(InvalidPolicy, InvalidInput)


@pytest.mark.parametrize(
    ("data", "routes"),
    [
        ({}, ("three_complaints", "five_individuals")),
        ({"min_individuals": None}, ("three_complaints",)),
        ({"hate_incident_route": True}, ("three_complaints", "five_individuals", "hate_incident")),
        (
            {"min_individuals": None, "hate_incident_route": True},
            ("three_complaints", "hate_incident"),
        ),
    ],
)
def test_a_policy_switches_routes_on_in_the_order_they_are_reported(
    data: dict[str, object], routes: tuple[str, ...]
) -> None:
    assert policy_from_mapping(data).routes == routes


def test_a_policy_in_another_format_is_refused_rather_than_read_as_json() -> None:
    with pytest.raises(InvalidPolicy) as raised:
        parse_policy_text('{"min_complaints": 2}', fmt="yaml")

    assert "TOML or JSON" in raised.value.message
