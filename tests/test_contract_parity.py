"""The command line and the HTTP API serve one contract: same input, same output, same errors."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from domain.hostile import hostile_documents
from hypothesis import HealthCheck, given, settings

from community_trigger.cli import main
from community_trigger.domain.documents import MAX_DOCUMENT_BYTES

# Each example runs the command and the API once; documents near the size limit make some slow.
HOSTILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json"))


def _broken(name: str, change: Any) -> tuple[str, dict[str, Any]]:
    document = json.loads((EXAMPLES[0].parent / "three-complaints-met.json").read_text())
    change(document)
    return name, document


BROKEN = [
    _broken("unknown policy", lambda d: d.update(policy="nowhere")),
    _broken("missing date", lambda d: d.pop("application_date")),
    _broken("unknown person", lambda d: d["incidents"][1]["reports"][0].update(by="P7")),
    _broken("unknown agency", lambda d: d["incidents"][2]["reports"][0].update(agency="fire")),
    _broken("duplicate incident", lambda d: d["incidents"][1].update(id="I1")),
    _broken(
        "report before incident",
        lambda d: d["incidents"][0]["reports"][1].update(date="2024-02-01"),
    ),
    _broken("incident after application", lambda d: d["incidents"][3].update(date="2024-07-01")),
    _broken("boolean as text", lambda d: d["people"][0].update(consent="yes")),
]


def cli(document: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["assess"], stdin=io.StringIO(json.dumps(document)), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def variants() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in EXAMPLES:
        document = json.loads(path.read_text())
        found.append((path.stem, document))
        for policy in ("test-valley", "statutory-default"):
            found.append((f"{path.stem} under {policy}", {**document, "policy": policy}))
        withdrawn = copy.deepcopy(document)
        withdrawn["people"][0]["consent"] = False
        found.append((f"{path.stem} without consent", withdrawn))
    return found


@pytest.mark.parametrize(("name", "document"), variants(), ids=lambda value: str(value)[:40])
def test_the_command_and_the_api_give_identical_answers(
    client: Client, name: str, document: dict[str, Any]
) -> None:
    code, out, _ = cli(document)
    response = client.post("/api/v1/assessments", data=json.dumps(document), content_type="application/json")

    assert (code, response.status_code) == (0, 200), name
    assert json.loads(out) == response.json()


@pytest.mark.parametrize(("name", "document"), BROKEN, ids=[name for name, _ in BROKEN])
def test_the_command_and_the_api_reject_bad_input_with_the_same_error(
    client: Client, name: str, document: dict[str, Any]
) -> None:
    code, _, err = cli(document)
    response = client.post("/api/v1/assessments", data=json.dumps(document), content_type="application/json")

    assert (code, response.status_code) == (2, 400), name
    error = response.json()["error"]
    assert err == f"community-trigger: error: {error['field']}: {error['message']}\n"


def _cli_text(text: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["assess"], stdin=io.StringIO(text), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@HOSTILE
@given(text=hostile_documents())
def test_the_command_and_the_api_agree_on_hostile_documents(text: str) -> None:
    """Huge numbers, lone surrogates in values and field names, deep nesting, NaN, documents at the
    size limit: the API never fails (400 or 413 with the JSON error, or an answer), the command never
    crashes (exit 2 with one line, or an answer), and both say the same."""
    code, out, err = _cli_text(text)
    # A client per example: pytest's client fixture lives for the whole test, not for one example.
    response = Client().post("/api/v1/assessments", data=text, content_type="application/json")

    assert response.status_code in (200, 400, 413)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    if response.status_code == 200:
        assert (code, err) == (0, "")
        assert json.loads(out) == response.json()
        return
    assert list(response.json()) == ["error"]
    error = response.json()["error"]
    assert sorted(error) == ["field", "message"]
    assert (code, out) == (2, "")
    where = f"{error['field']}: " if error["field"] else ""
    assert err == f"community-trigger: error: {where}{error['message']}\n"
    assert (response.status_code == 413) == (len(text.encode("utf-8", "surrogatepass")) > MAX_DOCUMENT_BYTES)
