"""The case diary in a real browser: the coordinator logs a phone call for coordinators only (first
sending the empty form, the error state), and a police officer asked about the case adds a note for
every agency; each reads what is theirs to read. Every page, and the error state, scanned with axe."""

from __future__ import annotations

import pytest
from accounts.people import staff, with_backup_codes
from applications.builders import submitted
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.cases.services.decisions import application_acknowledge
from community_trigger.domain.access import Role
from community_trigger.sharing.models import InformationRequest

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer
from .staff import sign_in_with_a_backup_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CALL = "She asked when she will hear back; told her the agencies have ten working days."
NOTE = "We will bring the patrol log for the last three months to the meeting."


def _at_midnight_today(hands: Pointer, page: Page) -> None:
    """When it happened: today, just after midnight (never a time still to come)."""
    today = timezone.localdate()
    when = page.get_by_role("group", name="When did it happen?")
    hands.type_into(when.get_by_label("Day"), str(today.day))
    hands.type_into(when.get_by_label("Month"), str(today.month))
    hands.type_into(when.get_by_label("Year"), str(today.year))
    hands.type_into(page.get_by_label("Time"), "00:00")


def test_a_call_for_coordinators_and_a_note_for_every_agency(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    case = submitted(partnership)
    coordinator = staff("cara")
    application_acknowledge(application=case, actor=coordinator)
    police = partnership.agencies.get(kind="police")
    InformationRequest.objects.create(application=case, agency=police, due_by=timezone.localdate())
    coordinator_codes = with_backup_codes(coordinator)
    officer_codes = with_backup_codes(staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police"))
    case_url = f"{live_server.url}/staff/cases/{case.reference}/"

    tab = open_tab()
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    sign_in_with_a_backup_code(hands, case_url, "cara", coordinator_codes[0])
    hands.activate(page.get_by_role("link", name="Add a note or log a contact"))
    hands.activate(page.get_by_role("button", name="Add to the diary"))  # empty: the error state
    expect(page.get_by_role("link", name="Enter a summary")).to_be_visible()
    hands.choose(page.get_by_role("radio", name="Phone call"))
    hands.choose(page.get_by_role("radio", name="Received"))
    hands.type_into(page.get_by_label("Who was it with?"), "The applicant")
    _at_midnight_today(hands, page)
    hands.type_into(page.get_by_label("Summary"), CALL)
    hands.choose(page.get_by_role("radio", name="The partnership's coordinators only"))
    hands.activate(page.get_by_role("button", name="Add to the diary"))
    # Back on the diary, under the case's identity bar.
    expect(page.get_by_role("heading", level=1)).to_have_text("Case diary")
    expect(page.locator("#case-reference")).to_have_text(case.reference)
    expect(page.get_by_text(CALL)).to_be_visible()

    officer_tab = open_tab()
    officer_page = officer_tab.page
    officer = Pointer(officer_page, arrived=audit.check)
    sign_in_with_a_backup_code(officer, case_url, "otto", officer_codes[0])
    expect(officer_page.get_by_text(CALL)).to_have_count(0)
    officer.activate(officer_page.get_by_role("link", name="Add a note or log a contact"))
    officer.choose(officer_page.get_by_role("radio", name="Note"))
    _at_midnight_today(officer, officer_page)
    officer.type_into(officer_page.get_by_label("Summary"), NOTE)
    officer.choose(officer_page.get_by_role("radio", name="Every agency on the case"))
    officer.activate(officer_page.get_by_role("button", name="Add to the diary"))
    expect(officer_page.get_by_text(NOTE)).to_be_visible()

    hands.open(f"{case_url}diary/")
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.get_by_text(CALL)).to_be_visible()
    tab.assert_nothing_went_wrong()
    officer_tab.assert_nothing_went_wrong()
    audit.assert_accessible()
