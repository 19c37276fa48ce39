"""Every staff page in a real browser, scanned with axe as each persona who may open it sees it: every
GET address the access matrix knows (tests/test_access_matrix.py), for a case just acknowledged and for
one taken through its review, its outcome sent and an escalation asked for, with every section of both
cases. A page added to the service gets its row in the matrix, and so its scan here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from accounts.people import with_backup_codes
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer
from test_access_matrix import ASKED_OFFICER, CHAIR, COORDINATOR, ROUTES, World, _staff_persona, _world

from community_trigger.agencies.models import Partnership
from community_trigger.cases.sections import case_section_url, sections_for
from community_trigger.cases.selectors import case_disclosure_for

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer
from .staff import sign_in_with_a_backup_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Pages that end the session or only pass the browser on: nothing of their own to scan.
NOT_SCANNED = {"accounts:sign_out", "accounts:signed_out", "accounts:sign_in"}


def _pages(world: World, persona: str, user: Any) -> Iterator[str]:
    """The addresses to scan, each made only when its turn comes: making some of them moves the world on
    (the police answer, the meeting is held), so the case is seen at each of its steps in turn."""
    for name, route in ROUTES.items():
        if route.method == "GET" and route.statuses[persona] == 200 and name not in NOT_SCANNED:
            yield route.path(world)
    for case in (world.case, world.reviewed):
        shown = case_disclosure_for(user, case)
        yield from (case_section_url(case, section) for section in sections_for(shown))


@pytest.mark.parametrize("persona", [COORDINATOR, ASKED_OFFICER, CHAIR])
def test_every_staff_page_each_persona_may_open_has_no_accessibility_failures(
    persona: str, live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    people = {name: _staff_persona(name) for name in (COORDINATOR, ASKED_OFFICER, CHAIR)}
    world = _world(people)
    user = people[persona]
    tab = open_tab(viewport={"width": 1366, "height": 768})
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    codes = with_backup_codes(user)
    sign_in_with_a_backup_code(hands, f"{live_server.url}/staff/", user.get_username(), codes[0])
    expect(page.get_by_role("navigation", name="Menu")).to_be_visible()

    scanned = 0
    for path in _pages(world, persona, user):
        # Asked first with the page's own session, so a download (a PDF, the CSV file) is not opened.
        asked = page.request.get(live_server.url + path, max_redirects=0)
        assert asked.status == 200, (path, asked.headers.get("location"))
        if not asked.headers["content-type"].startswith("text/html"):
            continue
        page.goto(live_server.url + path)
        audit.check(page, persona)
        scanned += 1

    assert scanned > 10
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()
