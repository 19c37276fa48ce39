"""POST /api/v1/incidents/ with an agency's token: it adds that agency's records (all of them or
none, each problem named by record and field) and can do nothing else; a revoked or unknown token
opens nothing; the call is audited without personal data."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings

from community_trigger.audit.models import AuditEntry
from community_trigger.incidents.models import ApiToken, IncidentRecord
from community_trigger.incidents.services import intake_turn_off, token_create, token_revoke
from incidents.records import agency, coordinator, intake_on

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2024-06-01 12:00:00+01:00", tick=False)]
URL = "/api/v1/incidents/"


def record(reference: str = "P-1", **fields: Any) -> dict[str, Any]:
    return {
        "reference": reference,
        "occurred_at": "2024-05-01T21:30",
        "category": "nuisance",
        "description": "Loud music late at night",
        "reporter_name": "Robin Example",
        "location_postcode": "SP10 3AJ",
        **fields,
    }


@pytest.fixture
def secret() -> str:
    intake_on()
    _, made = token_create(agency=agency("police"), name="Police records system", actor=coordinator())
    return made


def _post(client: Client, body: Any, secret: str, *, raw: bool = False) -> Any:
    return client.post(
        URL,
        body if raw else json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )


def test_the_token_adds_its_agencys_records_and_answers_201_with_the_counts(
    client: Client, secret: str
) -> None:
    response = _post(client, [record("P-1"), record("P-2")], secret)

    assert response.status_code == 201
    assert response.json() == {"added": 2, "already_held": 0}
    assert set(IncidentRecord.objects.values_list("agency__kind", "via")) == {("police", "api")}


def test_the_same_records_sent_again_are_counted_as_held_not_added_twice(client: Client, secret: str) -> None:
    _post(client, [record("P-1")], secret)

    response = _post(client, [record("P-1"), record("P-2")], secret)

    assert response.json() == {"added": 1, "already_held": 1}
    assert IncidentRecord.objects.count() == 2


def test_a_bad_record_gets_a_json_list_of_each_record_and_field_and_nothing_is_added(
    client: Client, secret: str
) -> None:
    response = _post(
        client, [record("P-1"), record("P-2", category="loud", occurred_at="soon"), record("")], secret
    )

    assert response.status_code == 400
    problems = {(problem["record"], problem["field"]) for problem in response.json()["problems"]}
    assert problems == {(2, "category"), (2, "occurred_at"), (3, "reference")}
    assert response.json()["error"]["message"] == "3 problem(s): nothing was added"
    assert IncidentRecord.objects.count() == 0


def test_a_body_that_is_not_json_gets_a_json_error(client: Client, secret: str) -> None:
    response = _post(client, "[{not json", secret, raw=True)

    assert response.status_code == 400
    assert "not JSON" in response.json()["error"]["message"]


@pytest.mark.parametrize("body", [{}, [], ["P-1"], {"records": []}])
def test_anything_but_a_list_of_records_is_refused(client: Client, secret: str, body: Any) -> None:
    assert _post(client, body, secret).status_code == 400


def test_the_token_cannot_add_for_another_agency(client: Client, secret: str) -> None:
    response = _post(client, [record("P-1", agency="council")], secret)

    assert response.status_code == 400
    assert response.json()["problems"] == [
        {"record": 1, "field": "agency", "message": "is not a field of an incident record"}
    ]
    assert IncidentRecord.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_the_token_cannot_read_or_change_anything(client: Client, secret: str, method: str) -> None:
    _post(client, [record("P-1")], secret)
    headers = {"Authorization": f"Bearer {secret}"}

    assert getattr(client, method)(URL, headers=headers).status_code == 405
    assert client.get("/api/v1/incidents/1", headers=headers).status_code == 404


def test_a_revoked_token_opens_nothing(client: Client, secret: str) -> None:
    token_revoke(token=ApiToken.objects.get(), actor=coordinator())

    assert _post(client, [record()], secret).status_code == 401
    assert IncidentRecord.objects.count() == 0


@pytest.mark.parametrize("given", ["", "Bearer ", "Bearer ctinc_guessed", "Basic abc"])
def test_no_token_or_an_unknown_one_opens_nothing(client: Client, secret: str, given: str) -> None:
    response = client.post(
        URL, json.dumps([record()]), content_type="application/json", headers={"Authorization": given}
    )

    assert response.status_code == 401


def test_the_token_is_kept_only_as_a_hash(secret: str) -> None:
    token = ApiToken.objects.get()

    assert secret.startswith(token.prefix)
    assert len(secret) > 40
    assert secret not in (token.hashed, token.prefix)


def test_while_intake_is_off_the_api_refuses_with_a_clear_message(client: Client, secret: str) -> None:
    intake_turn_off(partnership=agency("police").partnership, actor=None)

    response = _post(client, [record()], secret)

    assert response.status_code == 403
    assert "information sharing agreement" in response.json()["error"]["message"]


def test_each_call_is_audited_by_token_and_count_with_no_personal_data(client: Client, secret: str) -> None:
    _post(client, [record("P-1"), record("P-2")], secret)

    entry = AuditEntry.objects.get(subject="importbatch")
    assert entry.actor is None
    assert entry.actor_label == f"API token {ApiToken.objects.get().prefix} of {agency('police').name}"
    assert entry.detail == "added 2 incident record(s) by API (0 held already)"


def test_a_token_that_calls_too_often_is_told_to_wait(
    client: Client, secret: str, settings: Settings
) -> None:
    settings.RATE_LIMIT_INCIDENTS_API = "2/h"
    for number in range(2):
        assert _post(client, [record(f"P-{number}")], secret).status_code == 201

    response = _post(client, [record("P-9")], secret)

    assert response.status_code == 429
    assert IncidentRecord.objects.count() == 2


def test_the_route_is_in_the_openapi_schema_with_its_bearer_token(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()

    operation = schema["paths"][URL]["post"]
    assert set(operation["responses"]) >= {"201", "400", "403", "429"}
    assert operation["security"] == [{"AgencyToken": []}]
    assert "get" not in schema["paths"][URL]
