"""Hypothesis strategies for input documents as text, with the shapes that once crashed the readers.

Each document is a valid example with one hostile piece put in: a whole number of thousands of
digits, a lone UTF-16 surrogate escape in a value or a field name, nesting 100,000 deep, NaN, or
padding that takes it to the size limit. Shared by the domain's properties and the command/API
parity properties, so both hold the same shapes.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from community_trigger.domain.documents import MAX_DEPTH, MAX_DIGITS, MAX_DOCUMENT_BYTES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HOLE = "\x00hole\x00"  # stands where the hostile piece goes; no real document holds it


def _examples() -> list[dict[str, Any]]:
    return [json.loads(path.read_text()) for path in sorted(EXAMPLES.glob("*.json"))]


def _long_numbers() -> st.SearchStrategy[str]:
    digits = st.one_of(
        st.integers(1, MAX_DIGITS + 2), st.integers(4290, 4310), st.sampled_from([5000, 100_000])
    )
    return st.builds(lambda sign, n: sign + "9" * n, st.sampled_from(["", "-"]), digits)


def _escaped_text(draw: st.DrawFn, *, lone: bool) -> str:
    """A JSON string holding one \\uXXXX escape: a lone surrogate, or a pair that makes a character."""
    before = draw(st.text("abP1 ", max_size=3))
    after = draw(st.text("abP1 ", max_size=3))
    if lone:
        middle = f"\\u{draw(st.integers(0xD800, 0xDFFF)):04x}"
        # A high half followed by another high half, or a low half alone, is still lone.
        if draw(st.booleans()):
            middle = draw(st.sampled_from([middle + "\\ud800", "\\udc00" + middle]))
    else:
        high = draw(st.integers(0xD800, 0xDBFF))
        low = draw(st.integers(0xDC00, 0xDFFF))
        middle = f"\\u{high:04x}\\u{low:04x}"
    return f'"{before}{middle}{after}"'


def _depths() -> st.SearchStrategy[int]:
    return st.one_of(
        st.integers(1, 8), st.integers(MAX_DEPTH - 8, MAX_DEPTH + 2), st.sampled_from([1000, 100_000])
    )


@st.composite
def hostile_values(draw: st.DrawFn) -> str:
    """One JSON value, as text, that a reader may have to refuse."""
    kind = draw(st.sampled_from(["number", "lone surrogate", "surrogate pair", "list", "object", "nan"]))
    if kind == "number":
        return draw(_long_numbers())
    if kind in ("lone surrogate", "surrogate pair"):
        return _escaped_text(draw, lone=kind == "lone surrogate")
    if kind == "nan":
        return draw(st.sampled_from(["NaN", "Infinity", "-Infinity"]))
    depth = draw(_depths())
    if kind == "list":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def _places(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _places(child, (*path, key))
    elif isinstance(value, list):
        for position, child in enumerate(value):
            found += _places(child, (*path, position))
    return found


def hostile_documents() -> st.SearchStrategy[str]:
    """An example application, as JSON text, with one hostile piece in a value, a field name, or
    around it; sometimes whole and untouched, so that the readers' answers are compared too."""
    return _hostile_json(st.sampled_from(_examples()))


@st.composite
def _hostile_json(draw: st.DrawFn, documents: st.SearchStrategy[Any]) -> str:
    document: Any = copy.deepcopy(draw(documents))  # changed below; the examples stay as they are
    kind = draw(st.sampled_from(["value", "field name", "whole", "padding", "untouched"]))
    if kind == "untouched":
        return json.dumps(document)
    if kind == "whole":
        return draw(hostile_values())
    if kind == "padding":
        text = json.dumps(document)
        # Whitespace is allowed anywhere in JSON, so only the size decides.
        size = MAX_DOCUMENT_BYTES + draw(st.integers(-2, 2))
        return text + " " * (size - len(text.encode()))
    places = _places(document)[1:]
    if not places:  # an empty object: the piece becomes the whole document
        return draw(hostile_values())
    path = draw(st.sampled_from(places))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if kind == "value":
        parent[path[-1]] = HOLE
        return json.dumps(document).replace(json.dumps(HOLE), draw(hostile_values()))
    if isinstance(parent, dict):
        parent[HOLE] = parent.pop(path[-1])
        return json.dumps(document).replace(json.dumps(HOLE), _escaped_text(draw, lone=draw(st.booleans())))
    return json.dumps(document)


# A policy as the spec's table has it, written out in full (spec section 4).
POLICY: dict[str, Any] = {
    "id": "hostile",
    "name": "A policy under attack",
    "min_complaints": 3,
    "min_individuals": 5,
    "report_within": {"months": 1},
    "application_within": {"days": 180},
    "require_dissatisfaction": True,
    "hate_incident_route": False,
    "partner_agencies": ["council", "police", "health", "housing"],
}


def _toml_value(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {_toml_value(item)}" for key, item in value.items()) + "}"
    return json.dumps(value)  # true, false, numbers, strings and lists are written alike


@st.composite
def hostile_toml_values(draw: st.DrawFn) -> str:
    """One TOML value, as text, that the policy reader may have to refuse."""
    kind = draw(st.sampled_from(["number", "lone surrogate", "surrogate pair", "array", "table", "nan"]))
    if kind == "number":
        return draw(_long_numbers())
    if kind in ("lone surrogate", "surrogate pair"):
        return _escaped_text(draw, lone=kind == "lone surrogate")
    if kind == "nan":
        return draw(st.sampled_from(["nan", "inf", "-inf"]))
    depth = draw(_depths())
    if kind == "array":
        return "[" * depth + "]" * depth
    return "{a = " * depth + "1" + "}" * depth


@st.composite
def hostile_policies(draw: st.DrawFn) -> tuple[str, str]:
    """A policy file's format ("toml" or "json") and text, with one hostile piece in it."""
    policy = {name: value for name, value in POLICY.items() if draw(st.booleans())}
    if draw(st.booleans()):
        return "json", draw(_hostile_json(st.just(policy)))
    lines = [f"{name} = {_toml_value(value)}" for name, value in policy.items()]
    place = draw(st.integers(0, len(lines)))
    name = draw(st.sampled_from([*POLICY, "unknown"]))
    if draw(st.booleans()):
        lines.insert(place, f"{name} = {draw(hostile_toml_values())}")
    else:
        lines.insert(place, f"{_escaped_text(draw, lone=draw(st.booleans()))} = 1")
    return "toml", "\n".join(lines) + "\n"
