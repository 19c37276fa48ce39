"""Input documents of spec section 5 in one line each, changed only where a test cares."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path as FilePath
from typing import Any

from community_trigger.domain.errors import InvalidInput
from community_trigger.domain.policy import Policy, builtin_policies
from community_trigger.domain.threshold import assess_document

SPEC_EXAMPLE = FilePath(__file__).resolve().parents[2] / "examples" / "spec-example.json"

Document = dict[str, Any]
Path = Sequence[str | int]


def dotted(path: Path) -> str:
    return ".".join(str(step) for step in path)


def iso(day: date | str) -> str:
    return day if isinstance(day, str) else day.isoformat()


def person(id: str = "P1", *, dissatisfied: bool = True, consent: bool = True) -> Document:
    return {"id": id, "dissatisfied": dissatisfied, "consent": consent}


def report(by: str = "P1", on: date | str = "2024-01-11", *, agency: str = "police") -> Document:
    return {"by": by, "agency": agency, "date": iso(on)}


def incident(
    id: str = "I1",
    on: date | str = "2024-01-10",
    *reports: Document,
    asb: bool = True,
    hate: bool | None = None,
) -> Document:
    built: Document = {"id": id, "date": iso(on), "asb": asb, "reports": list(reports)}
    if hate is not None:
        built["hate"] = hate
    return built


def victim(person_id: str = "P1", *, consent: bool = True) -> Document:
    return {"role": "victim", "person": person_id, "consent": consent}


def group(*, consent: bool = True) -> Document:
    return {"role": "group_representative", "consent": consent}


def document(
    *incidents: Document,
    people: Sequence[Document] | None = None,
    applicant: Document | None = None,
    application_date: date | str = "2024-03-01",
    policy: str | None = None,
    about_single_organisation: bool | None = None,
) -> Document:
    """A valid application; people default to everyone the reports name, each dissatisfied and
    consenting, and the applicant to the victim P1 (or the first person)."""
    if people is None:
        named = dict.fromkeys(r["by"] for i in incidents for r in i["reports"]) or {"P1": None}
        people = [person(person_id) for person_id in named]
    built: Document = {
        "application_date": iso(application_date),
        "applicant": applicant if applicant is not None else victim(people[0]["id"]),
        "people": list(people),
        "incidents": list(incidents),
    }
    if policy is not None:
        built["policy"] = policy
    if about_single_organisation is not None:
        built["about_single_organisation"] = about_single_organisation
    return built


def spec_example() -> Document:
    """The input document of spec section 5, word for word (examples/spec-example.json)."""
    example: Document = json.loads(SPEC_EXAMPLE.read_text(encoding="utf-8"))
    return example


def changed(doc: Document, path: Path, value: object) -> Document:
    """A copy of `doc` with the field at `path` set to `value`."""
    result = copy.deepcopy(doc)
    *parents, last = path
    target: Any = result
    for step in parents:
        target = target[step]
    target[last] = value
    return result


def removed(doc: Document, path: Path) -> Document:
    """A copy of `doc` without the field at `path`."""
    result = copy.deepcopy(doc)
    *parents, last = path
    target: Any = result
    for step in parents:
        target = target[step]
    del target[last]
    return result


def assessed(doc: Document, policy: Policy | str | None = None) -> dict[str, Any]:
    """The output document for `doc`, under a built-in policy (by id) or a given `Policy`."""
    if isinstance(policy, Policy):
        return assess_document(doc, policies={policy.id: policy}, default_policy=policy.id)
    return assess_document(doc, policies=builtin_policies(), default_policy=policy or "test-valley")


def criterion(output: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    matches: list[dict[str, Any]] = [item for item in output["criteria"] if item["id"] == criterion_id]
    assert len(matches) == 1, f"{criterion_id} appears {len(matches)} times in {output['criteria']}"
    return matches[0]


def criteria_ids(output: dict[str, Any]) -> list[str]:
    return [item["id"] for item in output["criteria"]]


def is_one_line(error: InvalidInput) -> bool:
    text = str(error)
    return bool(text.strip()) and "\n" not in text and "\r" not in text
