"""The compiled fast path and the step-by-step validator always reach the same verdict.

parse_application checks a document with msgspec and a short reference scan, and only walks it
step by step (to name the faulty field) when that fails. These properties hold the two paths
together: for any document, both accept and build equal applications, or both reject.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from community_trigger.domain.application import Application, _parse_explained, parse_application
from community_trigger.domain.errors import InvalidInput

VALUES: st.SearchStrategy[Any] = st.sampled_from(
    [
        True,
        False,
        0,
        1,
        "true",
        None,
        "",
        " ",
        "P1",
        "P9",
        "I1",
        "police",
        "fire",
        "Police",
        "2024-02-30",
        "2024-W01-1",
        "20240301",
        "01/03/2024",
        "2023-06-01",
        "2025-01-01",
        [],
        {},
        3,
    ]
)


@st.composite
def valid_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Well-formed documents: unique ids, known people, and dates in a consistent order."""
    applied = draw(st.dates(min_value=date(2023, 6, 1), max_value=date(2024, 12, 31)))
    people = [
        {"id": f"P{n}", "dissatisfied": draw(st.booleans()), "consent": draw(st.booleans())}
        for n in range(1, draw(st.integers(1, 4)) + 1)
    ]
    incidents = []
    for n in range(1, draw(st.integers(0, 4)) + 1):
        happened = applied - timedelta(days=draw(st.integers(0, 250)))
        reports = []
        for _ in range(draw(st.integers(0, 3))):
            report: dict[str, Any] = {
                "by": draw(st.sampled_from(people))["id"],
                "agency": draw(st.sampled_from(["council", "police", "health", "housing", "other"])),
                "date": (
                    happened + timedelta(days=draw(st.integers(0, (applied - happened).days)))
                ).isoformat(),
            }
            if draw(st.booleans()):
                report["reference"] = draw(st.one_of(st.text(max_size=4), st.none()))
            reports.append(report)
        incident: dict[str, Any] = {
            "id": f"I{n}",
            "date": happened.isoformat(),
            "asb": draw(st.booleans()),
            "reports": reports,
        }
        if draw(st.booleans()):
            incident["hate"] = draw(st.booleans())
        incidents.append(incident)
    role = draw(st.sampled_from(["victim", "representative", "group_representative"]))
    applicant: dict[str, Any] = {"role": role, "consent": draw(st.booleans())}
    if role != "group_representative":
        applicant["person"] = people[0]["id"]
    document: dict[str, Any] = {
        "application_date": applied.isoformat(),
        "applicant": applicant,
        "people": people,
        "incidents": incidents,
    }
    if draw(st.booleans()):
        document["policy"] = "test-valley"
    if draw(st.booleans()):
        document["about_single_organisation"] = draw(st.booleans())
    return document


def _iso_dates(item: dict[str, Any]) -> set[str]:
    """The well-formed dates among an object's date fields (faults may have replaced some)."""
    found = set()
    for key in ("date", "application_date"):
        value = item.get(key)
        if isinstance(value, str) and value.count("-") == 2 and len(value) == 10:
            try:
                date.fromisoformat(value)
            except ValueError:
                continue
            found.add(value)
    return found


def _containers(node: Any) -> list[Any]:
    """Every object and list inside a document, the document included."""
    found = [node]
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        if isinstance(child, (dict, list)):
            found += _containers(child)
    return found


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document, or one with a few faults: a value swapped, a field removed or added, a date
    moved (which can put a report before its incident or after the application)."""
    document = draw(valid_documents())
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, 3]))):
        target = draw(st.sampled_from(_containers(document)))
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target)))
            change = draw(st.sampled_from(["swap", "remove", "add"]))
            if change == "swap":
                target[key] = draw(VALUES)
            elif change == "remove":
                del target[key]
            else:
                target[draw(st.sampled_from(["note", "Date", "person", "hate"]))] = draw(VALUES)
        elif isinstance(target, list) and target:
            position = draw(st.integers(0, len(target) - 1))
            target.append(target[position] if draw(st.booleans()) else draw(VALUES))
    dated = [item for item in _containers(document) if isinstance(item, dict) and _iso_dates(item)]
    shift_a_date: bool = draw(st.booleans())
    if dated and shift_a_date:
        item = draw(st.sampled_from(dated))
        key = draw(
            st.sampled_from(
                sorted(k for k in ("date", "application_date") if item.get(k) in _iso_dates(item))
            )
        )
        item[key] = (date.fromisoformat(item[key]) + timedelta(days=draw(st.integers(-300, 300)))).isoformat()
    return document


def _verdict(parse: Any, document: Any) -> Application | str:
    try:
        return parse(document)  # type: ignore[no-any-return]
    except InvalidInput as error:
        return f"invalid: {error.field}"


@settings(max_examples=400, deadline=None)
@given(documents())
def test_the_fast_path_and_the_explaining_validator_agree(document: dict[str, Any]) -> None:
    fast = _verdict(parse_application, document)
    explained = _verdict(_parse_explained, document)

    assert fast == explained


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=12,
    )
)
def test_any_json_value_is_assessed_or_rejected_by_both_paths_alike(document: Any) -> None:
    assert _verdict(parse_application, document) == _verdict(_parse_explained, document)


def test_a_well_formed_document_takes_the_fast_path_to_the_same_application() -> None:
    applied = date(2024, 3, 1)
    document = {
        "application_date": applied.isoformat(),
        "applicant": {"role": "victim", "person": "P1", "consent": True},
        "people": [{"id": "P1", "dissatisfied": True, "consent": True}],
        "incidents": [
            {
                "id": f"I{n}",
                "date": (applied - timedelta(days=10 * n)).isoformat(),
                "asb": True,
                "reports": [
                    {
                        "by": "P1",
                        "agency": "police",
                        "date": (applied - timedelta(days=10 * n)).isoformat(),
                    }
                ],
            }
            for n in range(1, 4)
        ],
    }

    assert parse_application(json.loads(json.dumps(document))) == _parse_explained(document)
