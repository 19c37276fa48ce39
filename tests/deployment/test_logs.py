"""Every answer carries a request id, and the JSON logs carry it too, with no personal data."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client, RequestFactory

from community_trigger.common.logs import JsonLines, WithRequestId
from community_trigger.common.request_id import current

pytestmark = pytest.mark.django_db


def test_a_request_without_an_id_is_given_one_in_its_answer(client: Client) -> None:
    first, second = client.get("/health/"), client.get("/")

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_load_balancers_id_is_kept_when_well_formed(client: Client) -> None:
    given = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"

    assert client.get("/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given


@pytest.mark.parametrize(
    "forged", ["", "short", "a" * 65, "line\nbreak-in-the-log", "<script>alert(1)</script>"]
)
def test_an_id_that_is_not_well_formed_is_replaced(client: Client, forged: str) -> None:
    answered = client.get("/", HTTP_X_REQUEST_ID=forged)["X-Request-ID"]

    assert answered != forged
    assert len(answered) == 32


def _record(message: str, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, message, (), None)
    record.__dict__.update(extra)
    return record


def test_a_json_line_has_the_time_level_logger_message_and_request_id_and_nothing_else() -> None:
    request = RequestFactory().get("/test-valley/status/?postcode=SO51+8AA&email=someone%40example.com")
    record = _record("Forbidden: /test-valley/status/", request=request, status_code=403)
    token = current.set("abc123def456")
    try:
        WithRequestId().filter(record)
    finally:
        current.reset(token)

    line = JsonLines().format(record)

    logged = json.loads(line)
    assert set(logged) == {"time", "level", "logger", "message", "request_id", "status_code"}
    assert logged["request_id"] == "abc123def456"
    assert logged["level"] == "WARNING"
    assert logged["status_code"] == 403
    assert "SO51" not in line
    assert "example.com" not in line


def test_outside_a_request_the_id_is_a_dash() -> None:
    record = _record("Sent the outbox")
    WithRequestId().filter(record)

    assert json.loads(JsonLines().format(record))["request_id"] == "-"
