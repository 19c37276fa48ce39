"""POST /api/v1/assessments: the threshold engine over HTTP, stateless and without login."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from community_trigger.domain.documents import MAX_DOCUMENT_BYTES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
URL = "/api/v1/assessments"


def post(client: Client, body: str) -> Any:
    return client.post(URL, data=body, content_type="application/json")


def example(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((EXAMPLES / name).read_text())
    return document


def test_the_spec_example_is_assessed_without_logging_in(client: Client) -> None:
    response = post(client, json.dumps(example("spec-example.json")))

    assert response.status_code == 200
    body = response.json()
    assert body["threshold_met"] is False
    assert body["discretion_available"] is True
    assert body["criteria"][2] == {
        "id": "three_complaints",
        "met": False,
        "detail": "P1 made 1 qualifying complaint about separate incidents; 3 are needed",
    }
    assert body["reports"] == [{"incident": "I1", "index": 0, "by": "P1", "qualifies": True, "reasons": []}]


def test_a_met_threshold_names_its_route(client: Client) -> None:
    body = post(client, json.dumps(example("group-five-individuals.json"))).json()

    assert body["threshold_met"] is True
    assert body["route"] == "five_individuals"


def test_bad_input_is_a_400_naming_the_field(client: Client) -> None:
    document = example("spec-example.json")
    document["incidents"][0]["reports"][0]["by"] = "P9"

    response = post(client, json.dumps(document))

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    error = response.json()["error"]
    assert error["field"] == "incidents[0].reports[0].by"
    assert "P9" in error["message"]


def test_an_unknown_policy_is_a_400_on_the_policy_field(client: Client) -> None:
    document = example("spec-example.json") | {"policy": "somewhere-else"}

    error = post(client, json.dumps(document)).json()["error"]

    assert error["field"] == "policy"
    assert "test-valley" in error["message"]


@pytest.mark.parametrize("body", ["{not json", "", "\udcff", "[" * 100_000 + "]" * 100_000])
def test_a_body_that_is_not_json_is_a_400(client: Client, body: str) -> None:
    response = client.post(URL, data=body.encode("utf-8", "surrogatepass"), content_type="application/json")

    assert response.status_code == 400
    assert "JSON" in response.json()["error"]["message"] or "nested" in response.json()["error"]["message"]


HOSTILE_BODIES = {
    "a lone surrogate": '"\\ud800"',
    "a lone surrogate as a field name": '{"\\ud800": 1}',
    "a lone surrogate as a value": '{"people": "\\ud800"}',
    "a lone low surrogate inside an id": json.dumps(example("spec-example.json")).replace(
        '"P1"', '"P\\udc00"'
    ),
    "an integer of 5,000 digits": "9" * 5000,
    "an integer of 5,000 digits as a value": '{"people": ' + "9" * 5000 + "}",
    "an object nested 100,000 deep": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "a list nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "not a number": '{"people": NaN}',
}


def assert_is_the_json_error(response: Any, status: int) -> dict[str, str]:
    """The documented error: {"error": {"field": ..., "message": ...}}, nothing else."""
    assert response.status_code == status
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert list(body) == ["error"]
    assert sorted(body["error"]) == ["field", "message"]
    assert all(type(value) is str for value in body["error"].values())
    assert body["error"]["message"]
    error: dict[str, str] = body["error"]
    return error


@pytest.mark.parametrize("name", HOSTILE_BODIES)
def test_a_hostile_body_gets_the_json_error_not_a_server_error(client: Client, name: str) -> None:
    response = post(client, HOSTILE_BODIES[name])

    assert_is_the_json_error(response, 400)


def test_a_lone_surrogate_is_refused_naming_the_field_that_holds_it(client: Client) -> None:
    error = assert_is_the_json_error(post(client, '{"people": "\\ud800"}'), 400)

    assert error["field"] == "people"
    assert "\\ud800" in error["message"]


@pytest.mark.parametrize("debug", [True, False])
def test_a_body_over_the_size_limit_is_a_413_json_error(client: Client, settings: Any, debug: bool) -> None:
    settings.DEBUG = debug
    body = json.dumps(example("spec-example.json") | {"padding": " " * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})

    error = assert_is_the_json_error(post(client, body), 413)

    assert "too large" in error["message"]


@pytest.mark.parametrize("debug", [True, False])
def test_a_body_over_the_documents_limit_but_under_djangos_is_a_413_too(
    client: Client, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    body = json.dumps(example("spec-example.json")) + " " * MAX_DOCUMENT_BYTES

    assert_is_the_json_error(post(client, body), 413)


@pytest.mark.django_db
def test_an_assessment_stores_nothing(client: Client, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        response = post(client, json.dumps(example("three-complaints-met.json")))
    assert response.status_code == 200


def test_the_api_needs_no_csrf_token_because_it_stores_nothing() -> None:
    client = Client(enforce_csrf_checks=True)

    assert post(client, json.dumps(example("spec-example.json"))).status_code == 200


def test_the_deployment_default_policy_applies_when_the_input_names_none(
    client: Client, settings: Any
) -> None:
    settings.COMMUNITY_TRIGGER_DEFAULT_POLICY = "statutory-default"
    document = example("spec-example.json")
    del document["policy"]

    body = post(client, json.dumps(document)).json()

    assert body["policy"] == "statutory-default"
    assert [item["id"] for item in body["criteria"]] == [
        "applicant_consent",
        "not_a_service_complaint",
        "three_complaints",
    ]


def test_the_openapi_schema_documents_the_contract(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    operation = schema["paths"]["/api/v1/assessments"]["post"]
    request_schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert request_schema == {"$ref": "#/components/schemas/AssessmentIn"}
    assert set(operation["responses"]) == {"200", "400", "413"}
    components = schema["components"]["schemas"]
    # Every reference in the document resolves to a component.
    references = set(_references(schema))
    assert references
    assert {ref.rsplit("/", 1)[1] for ref in references} <= set(components)
    assert components["AssessmentIn"]["required"] == [
        "application_date",
        "applicant",
        "people",
        "incidents",
    ]


def test_the_docs_show_the_spec_example_as_the_request_example(client: Client) -> None:
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/assessments"]["post"]

    assert operation["requestBody"]["content"]["application/json"]["example"] == example("spec-example.json")


def test_the_api_docs_page_is_served(client: Client) -> None:
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def _references(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _references(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _references(value)]
    return []
