"""The back office in a real browser: a victim asks for a review through the public pages; the
coordinator signs in with a password and an authenticator app's code, finds the application,
acknowledges it, records a threshold decision, requests information and gives the police more
time; a police officer signs in and answers; the coordinator sees the answer. Every page, and every
error state, scanned with axe."""

from __future__ import annotations

import pytest
from accounts.people import staff, with_backup_codes
from applications.builders import submitted
from django.utils import timezone
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.common.calendar import working_days_after
from community_trigger.domain.access import Role

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer
from .staff import (
    a_victim_asks_for_a_review,
    open_section,
    sign_in_with_a_backup_code,
    sign_in_with_an_authenticator_app,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_case_from_acknowledgement_to_an_agency_answer(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    applicant_tab = open_tab()
    case = a_victim_asks_for_a_review(Pointer(applicant_tab.page, arrived=audit.check), live_server.url)
    staff("cara")
    officer_codes = with_backup_codes(staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police"))
    tab = open_tab()
    page = tab.page
    hands = Pointer(page, arrived=audit.check)

    sign_in_with_an_authenticator_app(hands, live_server.url + "/staff/cases/", "cara")

    assert page.url == f"{live_server.url}/staff/cases/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    hands.type_into(
        page.get_by_label("Search by reference, name, address, postcode or agency reference"), case.reference
    )
    hands.activate(page.get_by_role("button", name="Apply filters"))
    # The search is shown as a filter's tag too ("Remove this filter <reference>"): follow the case.
    hands.activate(page.get_by_role("link", name=case.reference, exact=True))

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
    hands.activate(page.get_by_role("button", name="Request information from every agency"))
    expect(page.get_by_role("heading", name="Hampshire and Isle of Wight Constabulary")).to_be_visible()

    # The police ask for more time: the coordinator moves their due date to a working day a month on.
    hands.activate(
        page.get_by_role("link", name="Change the due date for Hampshire and Isle of Wight Constabulary")
    )
    hands.activate(page.get_by_role("button", name="Change the due date"))  # empty: the error state
    later = working_days_after(timezone.localdate(), 20)
    when = page.get_by_role("group", name="New due date")
    hands.type_into(when.get_by_label("Day"), str(later.day))
    hands.type_into(when.get_by_label("Month"), str(later.month))
    hands.type_into(when.get_by_label("Year"), str(later.year))
    hands.type_into(page.get_by_label("Why is the due date changing?"), "A search of archived records.")
    hands.activate(page.get_by_role("button", name="Change the due date"))
    expect(page.get_by_text("A search of archived records.", exact=False)).to_be_visible()

    # The police officer, in a browser of their own, answers for their agency.
    officer_tab = open_tab()
    officer = Pointer(officer_tab.page, arrived=audit.check)
    sign_in_with_a_backup_code(
        officer, f"{live_server.url}/staff/cases/{case.reference}/", "otto", officer_codes[0]
    )
    open_section(officer, "Information")
    officer.activate(
        officer_tab.page.get_by_role("button", name="Answer for Hampshire and Isle of Wight Constabulary")
    )
    officer.activate(officer_tab.page.get_by_role("button", name="Send the answer"))
    for finding in officer_tab.page.get_by_role("radio", name="Found in our records").all():
        officer.choose(finding)
    officer.type_into(officer_tab.page.get_by_label("Action taken"), "Two patrols and a warning letter.")
    officer.type_into(officer_tab.page.get_by_label("Outcome of that action"), "The noise continued.")
    officer.activate(officer_tab.page.get_by_role("button", name="Send the answer"))
    expect(officer_tab.page.get_by_role("heading", level=1)).to_have_text(case.reference)

    # The coordinator sees the answer.
    hands.open(f"{live_server.url}/staff/cases/{case.reference}/information/")
    expect(page.get_by_text("Two patrols and a warning letter.")).to_be_visible()
    tab.assert_nothing_went_wrong()
    officer_tab.assert_nothing_went_wrong()
    applicant_tab.assert_nothing_went_wrong()
    audit.assert_accessible()


def test_an_auditor_searches_the_audit_log(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    case = submitted(partnership)
    audit_record(action=AuditEntry.Action.VIEW, subject=case, actor_label="a coordinator", detail="case page")
    codes = with_backup_codes(staff("audrey", role=Role.AUDITOR))
    tab = open_tab()
    hands = Pointer(tab.page, arrived=audit.check)

    sign_in_with_a_backup_code(hands, f"{live_server.url}/staff/audit/", "audrey", codes[0])
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("Audit log")
    hands.type_into(tab.page.get_by_label("Case reference"), case.reference)
    hands.activate(tab.page.get_by_role("button", name="Search"))
    expect(tab.page.get_by_role("cell", name="case page")).to_be_visible()
    hands.type_into(tab.page.get_by_label("Day").first, "31")
    hands.type_into(tab.page.get_by_label("Month").first, "2")
    hands.type_into(tab.page.get_by_label("Year").first, "2026")
    hands.activate(tab.page.get_by_role("button", name="Search"))
    expect(tab.page.get_by_role("link", name="From date must be a real date")).to_be_visible()
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()
