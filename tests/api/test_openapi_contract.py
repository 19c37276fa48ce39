"""The published OpenAPI schema and the engine agree on which applications are valid.

The engine validates the input itself; the schema describes it for people and tools. For every
document below (a valid application with one field set to an edge value) the schema must accept it
exactly when the engine does. What a schema cannot say (an unknown person, a duplicate id, dates out
of order) is kept out: a person's id is changed everywhere it is used, all dates move together, and
a policy id is offered to the engine as a known policy.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # no stubs shipped

from community_trigger.domain.errors import InvalidInput
from community_trigger.domain.policy import builtin_policies
from community_trigger.domain.threshold import assess_document

BASE: dict[str, Any] = {
    "policy": "test-valley",
    "application_date": "2024-03-01",
    "applicant": {"role": "victim", "person": "P1", "consent": True},
    "about_single_organisation": False,
    "people": [
        {"id": "P1", "dissatisfied": True, "consent": True},
        {"id": "P2", "dissatisfied": False, "consent": True},
    ],
    "incidents": [
        {
            "id": "I1",
            "date": "2024-01-10",
            "asb": True,
            "hate": False,
            "reports": [
                {"by": "P1", "agency": "police", "date": "2024-01-11", "reference": "44240011"},
                {"by": "P2", "agency": "council", "date": "2024-01-12"},
            ],
        }
    ],
}

# Whitespace of several kinds (the engine refuses an id that is only whitespace), characters that
# look like whitespace but are not, and values of every JSON type.
TEXTS = [
    "",
    " ",
    "\t",
    "\n",
    "\u00a0",  # no-break space
    "\u2003",  # em space
    "\u3000",  # ideographic space
    "\x1c",  # file separator: whitespace to Python
    "\u200b",  # zero-width space: not whitespace
    "\ufeff",  # byte order mark: not whitespace
    "x",
    " x ",
    "P1",
    "true",
    "police",
    "victim",
    "2024-01-10",
]
BLANKS = ["", " ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\x1c"]
VALUES: list[Any] = [*TEXTS, None, True, False, 0, 1, 1.5, [], {}, ["x"], {"x": 1}]
NOT_DATES = [
    "2024-02-30",
    "2024-1-10",
    "2024-01-1",
    "20240110",
    "2024-W02-3",
    "2024-010",
    "2024-01-10T00:00",
    "2024/01/10",
    " 2024-01-10",
    "２０２４-01-10",  # full-width digits
    "+002-01-01",
]
DATES = ["2024-01-10", "0001-01-01", "9999-12-31", "2024-02-29", *NOT_DATES]
Change = Callable[[dict[str, Any]], None]


def _set(path: tuple[str | int, ...], value: Any) -> Change:
    def change(document: dict[str, Any]) -> None:
        node: Any = document
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    return change


def _remove(path: tuple[str | int, ...]) -> Change:
    def change(document: dict[str, Any]) -> None:
        node: Any = document
        for step in path[:-1]:
            node = node[step]
        del node[path[-1]]

    return change


def _person_is(value: Any) -> Change:
    """The first person's id is `value` wherever it is used: in people, as applicant, as reporter."""

    def change(document: dict[str, Any]) -> None:
        document["people"][0]["id"] = value
        document["applicant"]["person"] = value
        document["incidents"][0]["reports"][0]["by"] = value

    return change


def _every_date_is(value: Any) -> Change:
    def change(document: dict[str, Any]) -> None:
        document["application_date"] = value
        for incident in document["incidents"]:
            incident["date"] = value
            for report in incident["reports"]:
                report["date"] = value

    return change


def _applicant(role: str, person: Any) -> Change:
    def change(document: dict[str, Any]) -> None:
        document["applicant"] = {"role": role, "consent": True}
        if person != "left out":
            document["applicant"]["person"] = person

    return change


BOOLEANS = [
    ("applicant", "consent"),
    ("about_single_organisation",),
    ("people", 0, "dissatisfied"),
    ("people", 0, "consent"),
    ("incidents", 0, "asb"),
    ("incidents", 0, "hate"),
]
LISTS = [("people",), ("incidents",), ("incidents", 0, "reports")]
OBJECTS = [("applicant",), ("people", 0), ("incidents", 0), ("incidents", 0, "reports", 0)]
OPTIONAL = [
    ("policy",),
    ("about_single_organisation",),
    ("incidents", 0, "hate"),
    ("incidents", 0, "reports", 0, "reference"),
]
REQUIRED = [
    ("application_date",),
    ("applicant",),
    ("applicant", "role"),
    ("applicant", "consent"),
    ("people",),
    ("incidents",),
    ("people", 0, "id"),
    ("people", 0, "dissatisfied"),
    ("people", 0, "consent"),
    ("incidents", 0, "id"),
    ("incidents", 0, "date"),
    ("incidents", 0, "asb"),
    ("incidents", 0, "reports"),
    ("incidents", 0, "reports", 0, "by"),
    ("incidents", 0, "reports", 0, "agency"),
    ("incidents", 0, "reports", 0, "date"),
]
DATE_FIELDS = [
    ("application_date",),
    ("incidents", 0, "date"),
    ("incidents", 0, "reports", 0, "date"),
]


def edge_cases() -> Iterator[tuple[str, Change]]:
    yield "unchanged", lambda document: None
    for value in VALUES:
        yield f"the first person's id is {value!r}", _person_is(value)
        yield f"the incident's id is {value!r}", _set(("incidents", 0, "id"), value)
        yield f"the policy is {value!r}", _set(("policy",), value)
        yield f"a report's reference is {value!r}", _set(("incidents", 0, "reports", 0, "reference"), value)
        yield f"the role is {value!r}", _set(("applicant", "role"), value)
        yield f"an agency is {value!r}", _set(("incidents", 0, "reports", 0, "agency"), value)
        for path in BOOLEANS + LISTS + OBJECTS:
            if (path, value) != (("people",), []):  # the applicant names a person: a reference
                yield f"{path} is {value!r}", _set(path, value)
    # A blank id is refused whatever it refers to, so here one field alone can take it.
    for blank in BLANKS:
        yield f"a report's by is {blank!r}", _set(("incidents", 0, "reports", 0, "by"), blank)
        yield f"the applicant's person is {blank!r}", _set(("applicant", "person"), blank)
        yield f"a person's id is {blank!r}", _set(("people", 1, "id"), blank)
    for agency in ("council", "police", "health", "housing", "other", "fire", "Police"):
        yield f"an agency is {agency!r}", _set(("incidents", 0, "reports", 0, "agency"), agency)
    for date in DATES + VALUES:
        yield f"every date is {date!r}", _every_date_is(date)
    for date in NOT_DATES:
        for path in DATE_FIELDS:
            yield f"{path} is {date!r}", _set(path, date)
    for role in ("victim", "representative", "group_representative"):
        for person in ("left out", None, "P1", "", " "):
            yield f"the applicant is a {role} naming {person!r}", _applicant(role, person)
    for path in OPTIONAL + REQUIRED:
        yield f"{path} is left out", _remove(path)
    for path in OBJECTS:
        yield f"{path} has an unknown field", _set((*path, "unknown"), 1)
    yield "an unknown top-level field", _set(("unknown",), 1)
    yield (
        "no people, acting for a group",
        lambda d: d.update(
            applicant={"role": "group_representative", "consent": True}, people=[], incidents=[]
        ),
    )
    yield "no incidents", _set(("incidents",), [])
    yield "an incident without reports", _set(("incidents", 0, "reports"), [])


CASES = list(edge_cases())
# Every text the cases try as a policy id is offered to the engine as a known policy: whether an id
# names one of the deployment's policies is the deployment's business, not the schema's.
POLICIES = {**builtin_policies(), **{text: builtin_policies()["test-valley"] for text in TEXTS}}


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = Client().get("/api/v1/openapi.json").json()
    root = {"$ref": "#/components/schemas/AssessmentIn", "components": schema["components"]}
    Draft202012Validator.check_schema(root)
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def engine_accepts(document: Any) -> bool:
    try:
        assess_document(document, policies=POLICIES, default_policy="test-valley")
    except InvalidInput:
        return False
    return True


@pytest.mark.parametrize(("name", "change"), CASES, ids=[name for name, _ in CASES])
def test_the_schema_accepts_exactly_what_the_engine_accepts(
    validator: Draft202012Validator, name: str, change: Change
) -> None:
    document = copy.deepcopy(BASE)
    change(document)

    errors = [error.message for error in validator.iter_errors(document)]
    assert (not errors) == engine_accepts(document), errors or "the schema accepts it"


def test_the_edge_cases_include_both_verdicts() -> None:
    verdicts = {engine_accepts(_changed(change)) for _, change in CASES}

    assert verdicts == {True, False}


def _changed(change: Change) -> dict[str, Any]:
    document = copy.deepcopy(BASE)
    change(document)
    return document
