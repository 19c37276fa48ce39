"""A refusal (a 4xx answer, 403 above all) is one line in the server log, never a traceback: a traceback
says nothing about a refusal that the line does not, and fills the log. Server errors keep theirs."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator

import pytest
from accounts.people import staff, verified
from django.core.exceptions import PermissionDenied
from django.test import Client

from community_trigger.common.logs import RefusalsOnOneLine
from community_trigger.domain.access import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def server_log() -> Iterator[io.StringIO]:
    """What the site's own log handler (LOGGING's "console") writes, for the length of a test."""
    (handler,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    assert isinstance(handler, logging.StreamHandler)
    written = io.StringIO()
    before = handler.setStream(written)
    yield written
    handler.setStream(before)


def test_a_refused_page_is_one_line_in_the_log_without_a_traceback(
    client: Client, server_log: io.StringIO
) -> None:
    verified(client, staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police"))
    server_log.seek(0)
    server_log.truncate()

    response = client.get("/staff/audit/")

    assert response.status_code == 403
    assert server_log.getvalue().splitlines() == ["Forbidden (Permission denied): /staff/audit/"]


def _record(status: int) -> logging.LogRecord:
    try:
        raise PermissionDenied if status == 403 else RuntimeError("boom")
    except Exception:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "refused", (), exc_info)
    record.status_code = status
    return record


@pytest.mark.parametrize("status", [400, 403, 404, 429])
def test_the_filter_drops_the_traceback_of_a_refusal_but_keeps_the_line(status: int) -> None:
    record = _record(status)

    assert RefusalsOnOneLine().filter(record)
    assert record.exc_info is None
    assert logging.Formatter().format(record) == "refused"


def test_the_filter_keeps_the_traceback_of_a_server_error() -> None:
    record = _record(500)

    assert RefusalsOnOneLine().filter(record)
    assert "Traceback" in logging.Formatter().format(record)
