"""Each question page asks the database only for what it shows: the browser's session, the partnership
(once), the draft, the agencies where the page lists them, and the session saved again (it lasts
PUBLIC_SESSION_HOURS from the last visit). The language middleware reads the partnership's languages
from the kept directory of partnerships, not from the database again."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from applications.builders import NOON, agency_id, answers_for, draft, in_session, partnership
from community_trigger.applications import journey

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

# Pages that list the partnership's agencies (who the incidents were reported to, and the answers).
LIST_AGENCIES = {"consent", "incidents", "check-answers"}
# The session read, the partnership, the draft, and the session saved (in a savepoint in a test).
EVERY_PAGE = 6


def _tables(sql: str) -> list[str]:
    return re.findall(r'FROM "([a-z_]+)"', sql)


@pytest.mark.parametrize("step", journey.STEPS)
def test_a_question_page_makes_only_the_queries_its_content_needs(client: Client, step: str) -> None:
    tvp = partnership()
    in_session(client, draft(tvp, answers_for("victim", agency=agency_id(tvp))))
    client.get("/test-valley/")  # the directory of partnerships is kept from here on

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/test-valley/apply/{step}/")

    assert response.status_code in (200, 302)
    read = [table for query in queries.captured_queries for table in _tables(query["sql"])]
    assert read.count("agencies_partnership") == 1
    assert "agencies_publicpages" not in read
    assert len(queries) == EVERY_PAGE + (step in LIST_AGENCIES), [q["sql"][:80] for q in queries]


def test_the_first_question_without_a_draft_reads_the_partnership_once(client: Client) -> None:
    partnership()
    client.get("/test-valley/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/test-valley/apply/who/")

    assert response.status_code == 200
    # The partnership; no session yet to read or save, no draft to find.
    assert [table for query in queries.captured_queries for table in _tables(query["sql"])] == [
        "agencies_partnership"
    ]
