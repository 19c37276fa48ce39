"""Each question page asks the database only for what is the person's own: the browser's session, the
draft, and the session saved again (it lasts PUBLIC_SESSION_HOURS from the last visit). The language
middleware finds the partnership in the kept directory of partnerships, and the page is given the
partnership with its agencies kept under its version, so neither is read again for each page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from applications.builders import NOON, agency_id, answers_for, draft, in_session, partnership
from community_trigger.agencies.models import Agency
from community_trigger.agencies.public_pages import public_pages_changed
from community_trigger.applications import journey
from community_trigger.retention.selectors import schedule_for

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

# The session read, the draft, and the session saved (in a savepoint in a test).
EVERY_PAGE = 5


def _tables(sql: str) -> list[str]:
    return re.findall(r'FROM "([a-z_]+)"', sql)


def _own(queries: CaptureQueriesContext) -> list[str]:
    """The queries beyond the one read of the shared cache's directory of partnerships (a table on
    the database cache, nothing on Redis)."""
    cache_table = settings.CACHES["default"].get("LOCATION", "")
    read = [query["sql"] for query in queries.captured_queries]
    of_cache = [sql for sql in read if _tables(sql) == [cache_table]]
    assert len(of_cache) <= 1, of_cache
    return [sql for sql in read if sql not in of_cache]


@pytest.mark.parametrize("step", journey.STEPS)
def test_a_question_page_makes_only_the_queries_its_content_needs(client: Client, step: str) -> None:
    tvp = partnership()
    schedule_for(tvp)  # its retention schedule, which the consent page states, made on its first use
    in_session(client, draft(tvp, answers_for("victim", agency=agency_id(tvp))))
    client.get("/test-valley/apply/who/")  # the partnership is kept from here on, with its schedule

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/test-valley/apply/{step}/")

    assert response.status_code in (200, 302)
    read = [table for query in queries.captured_queries for table in _tables(query["sql"])]
    assert "agencies_partnership" not in read
    assert "agencies_agency" not in read
    assert "agencies_publicpages" not in read
    assert len(_own(queries)) == EVERY_PAGE, [sql[:80] for sql in _own(queries)]


def test_the_first_question_page_reads_the_partnership_and_its_agencies_once(client: Client) -> None:
    partnership()
    client.get("/test-valley/")

    with CaptureQueriesContext(connection) as first:
        client.get("/test-valley/apply/who/")
    with CaptureQueriesContext(connection) as again:
        response = client.get("/test-valley/apply/who/")

    assert response.status_code == 200
    # No session yet to read or save, no draft to find: only the partnership, then not even that.
    tables = [table for sql in _own(first) for table in _tables(sql)]
    assert tables == ["agencies_partnership", "agencies_agency"]
    assert _own(again) == []


def test_a_partnership_changed_is_read_again(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    tvp = partnership()
    client.get("/test-valley/apply/who/")

    with django_capture_on_commit_callbacks(execute=True):
        Agency.objects.filter(partnership=tvp, kind="police").update(name="Renamed")
        public_pages_changed(tvp)
    with CaptureQueriesContext(connection) as queries:
        client.get("/test-valley/apply/who/")

    tables = [table for query in queries.captured_queries for table in _tables(query["sql"])]
    assert "agencies_partnership" in tables


def test_a_sent_answer_reads_the_partnership_afresh(client: Client) -> None:
    partnership()
    client.get("/test-valley/apply/who/")

    with CaptureQueriesContext(connection) as queries:
        client.post("/test-valley/apply/who/", {"role": "victim"})

    tables = [table for query in queries.captured_queries for table in _tables(query["sql"])]
    assert "agencies_partnership" in tables
