"""The back office's case list and case page in a real browser: a coordinator signs in with a backup
code, finds an application sent through the public journey, opens it; every page scanned with axe."""

from __future__ import annotations

import pytest
from accounts.people import PASSWORD, staff, with_backup_codes
from applications.builders import submitted
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership

from .accessibility import Audit
from .conftest import Tab
from .journey import Pointer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_finds_and_opens_a_case(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    case = submitted(partnership)
    codes = with_backup_codes(staff("cara"))
    page = tab.page
    hands = Pointer(page, arrived=audit.check)

    hands.open(live_server.url + "/staff/cases/")
    hands.type_into(page.get_by_label("Username or email address"), "cara")
    hands.type_into(page.get_by_label("Password", exact=True), PASSWORD)
    hands.activate(page.get_by_role("button", name="Continue"))
    # With backup codes as the only second factor, the backup code is asked for straight away.
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter a backup code")
    hands.type_into(page.get_by_label("Backup code"), codes[0])
    hands.activate(page.get_by_role("button", name="Continue"))

    assert page.url == f"{live_server.url}/staff/cases/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    hands.type_into(page.get_by_label("Search by reference or name"), case.reference)
    hands.activate(page.get_by_role("button", name="Apply filters"))
    hands.activate(page.get_by_role("link", name=case.reference))

    expect(page.get_by_role("heading", level=1)).to_have_text(case.reference)
    expect(page.get_by_text("Acknowledge the request, due")).to_be_visible()
    expect(page.get_by_role("heading", name="The threshold engine's assessment")).to_be_visible()

    hands.activate(page.get_by_role("button", name="Acknowledge the request"))
    expect(page.get_by_text("Decide on the threshold, due")).to_be_visible()
    hands.activate(page.get_by_role("button", name="Record the threshold decision"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Threshold decision")
    hands.activate(page.get_by_role("button", name="Record the decision and write to the applicant"))
    hands.choose(page.get_by_role("radio", name="Not met, but hold a review at our discretion (s104(5))"))
    hands.activate(page.get_by_role("button", name="Record the decision and write to the applicant"))
    hands.type_into(page.get_by_label("Reasons"), "Persistent harm to a vulnerable victim.")
    hands.activate(page.get_by_role("button", name="Record the decision and write to the applicant"))

    expect(page.get_by_role("heading", level=1)).to_have_text(case.reference)
    expect(page.locator(".govuk-tag", has_text="A review will be held")).to_be_visible()
    case.refresh_from_db()
    assert case.state == "discretionary_review"
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()
